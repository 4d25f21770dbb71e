"""The HTML report against the embedded ClickHouse: known rows in, hand-computed numbers out."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from schemas import Feedback, FeedbackKind, InteractionEvent, Stage
from sinks import get_store
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from sinks.rows import feedback_row, interaction_row
from tests.report.htmlparse import cells, find, parse
from tollgate.cli import main
from tollgate.config import load_settings
from tollgate.report import write_report

pytestmark = pytest.mark.integration

DAY1 = datetime(2021, 3, 1, 10, 0, tzinfo=UTC)
DAY2 = datetime(2021, 3, 2, 10, 0, tzinfo=UTC)
END = datetime(2021, 3, 3, tzinfo=UTC)


def _rows(prefix: str) -> tuple[list[InteractionEvent], list[Feedback]]:
    """Seven tickets over two days (six final decisions and a dead letter) and their feedback."""

    def final(
        n: int, at: datetime, intent: str, conf: float, outcome: str, **kw: object
    ) -> InteractionEvent:
        tid = f"{prefix}-t{n}"
        stage = Stage.INTENT if outcome == "dead_letter" else Stage.ESCALATION
        return InteractionEvent(
            event_id=InteractionEvent.make_id(tid, stage),
            ticket_id=tid,
            session_id=tid,
            stage=stage,
            user_input="redacted text",
            intent_detected=intent,
            confidence_score=conf,
            outcome=outcome,
            escalated=outcome == "escalate",
            created_at=at,
            **kw,
        )

    events = [
        final(
            1,
            DAY1,
            "check_order_status",
            0.95,
            "respond",
            action_taken="lookup_order",
            first_try=True,
            cost=0.002,
            response_time_ms=100.0,
        ),
        final(
            2,
            DAY1,
            "request_refund",
            0.75,
            "respond_review",
            action_taken="issue_refund",
            first_try=False,
            attempts=2,
            cost=0.004,
            response_time_ms=300.0,
        ),
        final(3, DAY1, "complaint", 0.35, "escalate"),
        final(4, DAY2, "greeting", 0.92, "respond"),
        final(5, DAY2, "speak_to_human", 0.55, "escalate"),
        final(6, DAY2, "process_return", 0.62, "draft"),
        final(7, DAY2, "", 0.0, "dead_letter"),
        # Just after the window: must not appear anywhere, not even as a third day.
        final(8, END + timedelta(minutes=30), "thanks", 0.99, "respond"),
        # An earlier stage of ticket 1: not a final outcome, must not count.
        InteractionEvent(
            event_id=InteractionEvent.make_id(f"{prefix}-t1", Stage.INTENT),
            ticket_id=f"{prefix}-t1",
            session_id=f"{prefix}-t1",
            stage=Stage.INTENT,
            user_input="redacted text",
            intent_detected="check_order_status",
            confidence_score=0.95,
            created_at=DAY1,
        ),
    ]

    def fb(n: int, kind: FeedbackKind, intent: str | None = None) -> Feedback:
        tid = f"{prefix}-t{n}"
        return Feedback(
            feedback_id=f"{tid}:{kind.value}", ticket_id=tid, kind=kind, correct_intent=intent
        )

    feedback = [
        fb(1, FeedbackKind.INTENT_LABEL, "check_order_status"),
        fb(2, FeedbackKind.INTENT_LABEL, "cancel_order"),
        fb(3, FeedbackKind.ESCALATION_APPROPRIATE),
        fb(4, FeedbackKind.INTENT_LABEL, "greeting"),
        fb(5, FeedbackKind.ESCALATION_INAPPROPRIATE),
        fb(6, FeedbackKind.DRAFT_APPROVED),
    ]
    return events, feedback


@pytest.fixture(scope="module")
def report_html(clickhouse_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    settings = load_settings(clickhouse_dsn=clickhouse_url)
    store = get_store(clickhouse_url)
    store.apply_ddl()
    events, feedback = _rows(f"rpt{uuid.uuid4().hex[:8]}")
    store.insert("agent_interactions", [interaction_row(e) for e in events], INTERACTION_COLUMNS)
    store.insert("agent_feedback", [feedback_row(f) for f in feedback], FEEDBACK_COLUMNS)
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(settings, path, timedelta(days=2), end=END)
    return path.read_text(encoding="utf-8")


def test_overall_table_shows_the_hand_computed_metrics(report_html: str) -> None:
    elements = parse(report_html)
    overall = {
        e.attrs["data-metric"]: e
        for e in find(elements, "td", data_metric="*")
        if "table#overall" in e.parents
    }
    expected_values = {
        "tickets": 7,
        "labelled": 3,
        "intent_accuracy": 2 / 3,
        "actions": 2,
        "action_success_rate": 1 / 2,
        "escalations": 2,
        "escalations_judged": 2,
        "escalation_precision": 1 / 2,
        "escalation_recall": 1.0,
        "missed_escalations": 0,
        "automation_rate": 3 / 7,
        "draft_approval_rate": 1.0,
        "dead_letter_rate": 1 / 7,
        "cost_per_ticket": 0.006 / 7,
        "latency_p50_ms": 0.0,
    }
    for name, value in expected_values.items():
        assert float(overall[name].attrs["data-value"]) == pytest.approx(value, rel=1e-4), name
    shown = {name: overall[name].text for name in overall}
    assert shown["intent_accuracy"] == "66.7%"
    assert shown["action_success_rate"] == "50.0%"
    assert shown["escalation_precision"] == "50.0%"
    assert shown["automation_rate"] == "42.9%"
    assert shown["dead_letter_rate"] == "14.3%"
    assert shown["tickets"] == "7"


def test_daily_rows_match_each_day(report_html: str) -> None:
    elements = parse(report_html)
    rows = {e.attrs["data-day"]: e for e in find(elements, "tr", data_day="*")}
    assert sorted(rows) == ["2021-03-01", "2021-03-02"]
    assert cells(elements, rows["2021-03-01"]) == [
        "2021-03-01",
        "3",
        "50.0%",
        "50.0%",
        "100.0%",
        "66.7%",
    ]
    assert cells(elements, rows["2021-03-02"]) == [
        "2021-03-02",
        "4",
        "100.0%",
        "n/a",
        "0.0%",
        "25.0%",
    ]
    points = find(elements, "circle", data_series="Intent accuracy")
    assert [(p.attrs["data-x"], float(p.attrs["data-value"])) for p in points] == [
        ("2021-03-01", 0.5),
        ("2021-03-02", 1.0),
    ]
    # no action on day 2: the action line has one point and no value for that day
    assert len(find(elements, "circle", data_series="Action success")) == 1


def test_outcome_mix_confidence_histogram_and_reliability(report_html: str) -> None:
    elements = parse(report_html)
    bars = {
        e.attrs["data-label"]: float(e.attrs["data-value"])
        for e in find(elements, "rect", data_label="*")
        if any(p.startswith("svg") for p in e.parents)
    }
    outcome_svg = [e for e in find(elements, "svg", data_chart="outcomes")]
    assert len(outcome_svg) == 1
    outcomes = {
        e.attrs["data-outcome"]: cells(elements, e)[1]
        for e in find(elements, "tr", data_outcome="*")
    }
    assert outcomes == {
        "respond": "2",
        "escalate": "2",
        "respond_review": "1",
        "draft": "1",
        "dead_letter": "1",
    }
    for outcome, count in outcomes.items():
        assert bars[outcome] == float(count)
    # confidence bins (dead letters excluded): 0.95, 0.92 → 0.9; 0.75 → 0.7; 0.62 → 0.6; ...
    histogram = {label: bars.get(label, 0.0) for label in ("0.3", "0.5", "0.6", "0.7", "0.9")}
    assert histogram == {"0.3": 1.0, "0.5": 1.0, "0.6": 1.0, "0.7": 1.0, "0.9": 2.0}
    assert bars["0.0"] == 0.0 and bars["0.8"] == 0.0
    calibration = {
        e.attrs["data-bin"]: (e.attrs["data-labelled"], e.attrs["data-correct"])
        for e in find(elements, "rect", data_bin="*")
    }
    assert calibration == {"0.7-0.8": ("1", "0"), "0.9-1.0": ("2", "2")}
    assert find(elements, "line", data_role="perfect-calibration")


def test_the_page_is_self_contained_with_inline_svg(report_html: str) -> None:
    elements = parse(report_html)
    charts = {e.attrs["data-chart"] for e in find(elements, "svg", data_chart="*")}
    assert charts == {"line", "outcomes", "confidence", "reliability"}
    assert not find(elements, "script") and not find(elements, "link")
    assert not [e for e in elements if e.attrs.get("src") or e.attrs.get("href")]
    assert "http://" not in report_html.replace("http://www.w3.org/2000/svg", "")
    for svg in re.findall(r"<svg.*?</svg>", report_html, flags=re.S):
        root = ElementTree.fromstring(svg)  # each chart is well-formed SVG on its own
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_cli_writes_the_report(clickhouse_url: str, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "report.html"
    result = CliRunner().invoke(
        main,
        ["report", "--html", str(out), "--since", "7d"],
        env={"TOLLGATE_CLICKHOUSE_DSN": clickhouse_url, "TOLLGATE_LOG_LEVEL": "warning"},
    )
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert out.read_text(encoding="utf-8").count("<svg") == 4
    bad = CliRunner().invoke(main, ["report", "--html", str(out), "--since", "soon"])
    assert bad.exit_code != 0 and "--since" in bad.output
