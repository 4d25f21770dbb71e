"""The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external
assets. Every value from the database is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from tollgate.report.data import BINS, DAILY_METRICS, ReportData
from tollgate.report.lead_html import lead_sections
from tollgate.report.svg import bar_chart, line_chart, reliability_diagram

RATES = frozenset(
    {
        "intent_accuracy",
        "action_success_rate",
        "escalation_precision",
        "escalation_recall",
        "automation_rate",
        "draft_approval_rate",
        "dead_letter_rate",
    }
)
LABELS = {
    "tickets": "Tickets",
    "labelled": "Tickets with an intent label",
    "intent_accuracy": "Intent accuracy",
    "actions": "Actions attempted",
    "action_success_rate": "Action success rate (first try)",
    "escalations": "Escalations",
    "escalations_judged": "Escalations judged",
    "escalation_precision": "Escalation precision",
    "escalation_recall": "Escalation recall",
    "missed_escalations": "Missed escalations",
    "automation_rate": "Automation rate",
    "draft_approval_rate": "Draft approval rate",
    "dead_letter_rate": "Dead-letter rate",
    "avg_confidence": "Average confidence",
    "cost_per_ticket": "Cost per ticket (USD)",
    "tokens_per_ticket": "Tokens per ticket",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
    "latency_p99_ms": "Latency p99 (ms)",
}
SERIES = {
    "intent_accuracy": "Intent accuracy",
    "action_success_rate": "Action success",
    "escalation_precision": "Escalation precision",
    "automation_rate": "Automation rate",
}
"""Short names for the chart legend."""
CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#111;padding:0 1rem}
h1{margin-bottom:.2rem}.meta{color:#555;margin-top:0}
section{margin:2rem 0}table{border-collapse:collapse;margin:.5rem 0}
td,th{border-bottom:1px solid #e5e7eb;padding:.25rem .75rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
svg.chart{background:#fff;border:1px solid #e5e7eb;border-radius:4px}
"""


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


def format_value(name: str, value: Any) -> str:
    """How a metric reads in the report: shares as percentages, money with 4 decimals."""
    if value is None:
        return "n/a"
    if name in RATES:
        return f"{float(value):.1%}"
    if name == "cost_per_ticket":
        return f"{float(value):.4f}"
    if isinstance(value, float):
        return f"{value:.2f}" if name != "tokens_per_ticket" else f"{value:.1f}"
    return str(value)


def _metric_cell(name: str, value: Any) -> str:
    raw = "" if value is None else f"{value:.6g}" if isinstance(value, float) else str(value)
    return (
        f"<td class='num' data-metric='{_esc(name)}' data-value='{_esc(raw)}'>"
        f"{_esc(format_value(name, value))}</td>"
    )


def _table(table_id: str, header: Sequence[str], rows: Sequence[str]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    return (
        f"<table id='{_esc(table_id)}'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _overall(data: ReportData) -> str:
    rows = [
        f"<tr><th scope='row'>{_esc(LABELS.get(name, name))}</th>{_metric_cell(name, value)}</tr>"
        for name, value in data.overall.items()
    ]
    return _table("overall", ["Metric", "Value"], rows)


def _daily(data: ReportData) -> str:
    labels = [p.day.isoformat() for p in data.daily]
    series = {SERIES[m]: [p.values[m] for p in data.daily] for m in DAILY_METRICS}
    chart = line_chart("Daily metrics", labels, series)
    rows = [
        f"<tr data-day='{_esc(p.day.isoformat())}'><td>{_esc(p.day.isoformat())}</td>"
        + _metric_cell("tickets", p.tickets)
        + "".join(_metric_cell(m, p.values[m]) for m in DAILY_METRICS)
        + "</tr>"
        for p in data.daily
    ]
    header = ["Day", "Tickets", *(LABELS[m] for m in DAILY_METRICS)]
    return chart + _table("daily", header, rows)


def _outcomes(data: ReportData) -> str:
    labels = [o for o, _ in data.outcomes]
    counts = [float(n) for _, n in data.outcomes]
    chart = bar_chart("Outcome mix (tickets)", labels, counts, kind="outcomes")
    total = sum(counts) or 1.0
    rows = [
        f"<tr data-outcome='{_esc(o)}'><td>{_esc(o)}</td><td class='num'>{n}</td>"
        f"<td class='num'>{n / total:.1%}</td></tr>"
        for o, n in data.outcomes
    ]
    return chart + _table("outcomes", ["Outcome", "Tickets", "Share"], rows)


def _confidence(data: ReportData) -> str:
    labels = [f"{i / BINS:.1f}" for i in range(BINS)]
    return bar_chart(
        "Confidence histogram (tickets per bin, lower edge shown)",
        labels,
        [float(n) for n in data.confidence],
        kind="confidence",
    )


def _calibration(data: ReportData) -> str:
    chart = reliability_diagram("Reliability diagram", data.calibration)
    rows = [
        f"<tr data-bin='{b.lower:.1f}-{b.upper:.1f}'><td>{b.lower:.1f}–{b.upper:.1f}</td>"
        f"<td class='num'>{b.labelled}</td><td class='num'>{b.correct}</td>"
        f"<td class='num' data-value='{b.accuracy:.6g}'>{b.accuracy:.1%}</td>"
        f"<td class='num'>{b.mean_confidence:.2f}</td></tr>"
        for b in data.calibration
    ]
    table = _table(
        "calibration", ["Confidence", "Labelled", "Intent right", "Share right", "Mean conf."], rows
    )
    return f"<div class='charts'>{chart}<div>{table}</div></div>"


def render_report(data: ReportData) -> str:
    """The whole page."""
    window = f"{data.start:%Y-%m-%d %H:%M} – {data.end:%Y-%m-%d %H:%M} UTC"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Tollgate report {_esc(window)}</title><style>{CSS}</style></head><body>"
        "<h1>Tollgate report</h1>"
        f"<p class='meta'>Window {_esc(window)} · metrics version {data.metrics_version}</p>"
        f"<section id='overall-metrics'><h2>Overall</h2>{_overall(data)}</section>"
        f"{lead_sections(data)}"
        f"<section id='over-time'><h2>Over time</h2>{_daily(data)}</section>"
        f"<section id='outcome-mix'><h2>Outcome mix</h2>{_outcomes(data)}</section>"
        f"<section id='confidence'><h2>Confidence</h2>{_confidence(data)}</section>"
        "<section id='reliability'><h2>Calibration</h2>"
        "<p>Labelled tickets per confidence bin and the share whose detected intent matched the "
        "reviewer's label; bars under the diagonal mean over-confidence.</p>"
        f"{_calibration(data)}</section>"
        "</body></html>\n"
    )
