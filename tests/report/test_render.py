"""The SVG charts and the page, without a database: gaps, empty data, escaping, formats."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.report.htmlparse import find, parse
from tollgate.report.data import CalibrationBin, DailyPoint, ReportData
from tollgate.report.html import format_value, render_report
from tollgate.report.svg import bar_chart, line_chart, reliability_diagram

HOSTILE = "<script>alert('x')</script>&"


def test_line_chart_breaks_the_line_at_missing_values() -> None:
    svg = line_chart("t", ["d1", "d2", "d3", "d4"], {"a": [0.1, None, 0.5, 0.7], "b": [1, 1, 1, 1]})
    elements = parse(svg)
    assert len(find(elements, "circle", data_series="a")) == 3
    assert len(find(elements, "polyline", data_series="a")) == 1  # the lone first point: no line
    assert len(find(elements, "polyline", data_series="b")) == 1
    [top] = [c for c in find(elements, "circle", data_series="b") if c.attrs["data-x"] == "d1"]
    [low] = [c for c in find(elements, "circle", data_series="a") if c.attrs["data-x"] == "d1"]
    assert float(top.attrs["cy"]) < float(low.attrs["cy"])  # higher share, higher on the page


def test_empty_charts_say_so() -> None:
    for svg in (
        line_chart("t", [], {}),
        bar_chart("t", [], []),
        bar_chart("t", ["a"], [0.0]),
        reliability_diagram("t", []),
    ):
        assert "no data" in svg and svg.startswith("<svg")


def test_bars_scale_to_the_largest_value() -> None:
    elements = parse(bar_chart("t", ["a", "b"], [2.0, 4.0]))
    heights = {
        e.attrs["data-label"]: float(e.attrs["height"])
        for e in find(elements, "rect", data_label="*")
    }
    assert heights["b"] == 2 * heights["a"]


def test_reliability_bars_sit_at_their_accuracy() -> None:
    bins = [CalibrationBin(9, 4, 3, 0.95), CalibrationBin(5, 2, 2, 0.55)]
    elements = parse(reliability_diagram("t", bins))
    rects = {e.attrs["data-bin"]: e for e in find(elements, "rect", data_bin="*")}
    assert rects["0.9-1.0"].attrs["data-accuracy"] == "0.75"
    assert float(rects["0.5-0.6"].attrs["height"]) > float(rects["0.9-1.0"].attrs["height"])


def test_everything_from_the_database_is_escaped() -> None:
    data = ReportData(
        start=datetime(2021, 1, 1, tzinfo=UTC),
        end=datetime(2021, 1, 2, tzinfo=UTC),
        overall={"tickets": 1, HOSTILE: 0.5},
        daily=[
            DailyPoint(
                date(2021, 1, 1),
                1,
                {
                    "intent_accuracy": None,
                    "action_success_rate": None,
                    "escalation_precision": None,
                    "automation_rate": 1.0,
                },
            )
        ],
        outcomes=[(HOSTILE, 1)],
        confidence=[0] * 9 + [1],
        calibration=[],
    )
    page = render_report(data)
    assert "<script" not in page
    elements = parse(page)
    assert not find(elements, "script")
    [row] = find(elements, "tr", data_outcome=HOSTILE)  # the parser unescapes it back
    assert row is not None


def test_formats() -> None:
    assert format_value("intent_accuracy", 2 / 3) == "66.7%"
    assert format_value("escalation_recall", None) == "n/a"
    assert format_value("cost_per_ticket", 0.00085714) == "0.0009"
    assert format_value("latency_p95_ms", 123.456) == "123.46"
    assert format_value("tickets", 7) == "7"
