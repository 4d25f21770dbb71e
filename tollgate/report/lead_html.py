"""The support lead's sections of the HTML report: what is n/a and why, tickets per intent and
per queue, the escalations with reasons, example tickets per intent. Values are escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from tollgate.report.lead import BREAKDOWN

if TYPE_CHECKING:
    from tollgate.report.data import ReportData

NEEDS_LABELS = {
    "intent_accuracy": "reviewers label intents (`tollgate review`, key: label)",
    "escalation_precision": "reviewers judge escalations (appropriate / inappropriate)",
    "escalation_recall": "reviewers judge escalations and report missed ones",
    "draft_approval_rate": "reviewers approve, edit or reject drafts",
}
HEADERS = {
    "tickets": "Tickets",
    "automation_rate": "Answered by the agent",
    "escalations": "Escalated",
    "avg_confidence": "Avg. confidence",
    "intent_accuracy": "Intent accuracy",
}


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


def _cell(name: str, value: Any) -> str:
    if value is None:
        text = "n/a"
    elif name in ("automation_rate", "intent_accuracy"):
        text = f"{float(value):.0%}"
    elif name == "avg_confidence":
        text = f"{float(value):.2f}"
    else:
        text = str(value)
    return f"<td class='num' data-metric='{_esc(name)}'>{_esc(text)}</td>"


def _breakdown(table_id: str, first: str, rows: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in [first, *(HEADERS[n] for n in BREAKDOWN)])
    body = "".join(
        f"<tr data-key='{_esc(row['key'])}'><td>{_esc(row['key'] or '(none)')}</td>"
        + "".join(_cell(name, row.get(name)) for name in BREAKDOWN)
        + "</tr>"
        for row in rows
    )
    return f"<table id='{table_id}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _not_available(data: ReportData) -> str:
    missing = [name for name in NEEDS_LABELS if data.overall.get(name) is None]
    if not missing:
        return ""
    items = "".join(f"<li><b>{_esc(n)}</b>: until {_esc(NEEDS_LABELS[n])}</li>" for n in missing)
    labelled = data.overall.get("labelled") or 0
    return (
        "<section id='not-available'><h2>What is n/a, and why</h2>"
        f"<p>These numbers need a person's judgement; {labelled} of "
        f"{data.overall.get('tickets') or 0} tickets in this window carry one so far. They read "
        f"n/a until then:</p><ul>{items}</ul></section>"
    )


def _escalations(data: ReportData) -> str:
    rows = "".join(
        f"<tr data-ticket='{_esc(e.ticket_id)}'><td>{_esc(f'{e.at:%Y-%m-%d %H:%M}')}</td>"
        f"<td>{_esc(e.ticket_id)}</td><td>{_esc(e.queue)}</td><td>{_esc(e.intent)}</td>"
        f"<td class='num'>{e.confidence:.2f}</td><td class='reason'>{_esc(e.reason)}</td></tr>"
        for e in data.lead.escalations
    )
    head = "".join(
        f"<th>{h}</th>" for h in ("When", "Ticket", "Queue", "Intent", "Conf.", "Reason")
    )
    if not rows:
        return "<p>No escalations in this window.</p>"
    return f"<table id='escalations'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _examples(data: ReportData) -> str:
    parts = []
    for intent, examples in sorted(data.lead.examples.items()):
        items = "".join(
            f"<li data-ticket='{_esc(x.ticket_id)}'><q>{_esc(x.text[:300])}</q> → "
            f"{_esc(x.outcome)}</li>"
            for x in examples
        )
        parts.append(f"<h3>{_esc(intent or '(none)')}</h3><ul>{items}</ul>")
    note = (
        "<p>The text each ticket was handled with (PII-redacted) and where it went. The agent's "
        "replies are not stored in ClickHouse (they can carry personal data): "
        "<code>tollgate tail tickets.responses</code> shows them.</p>"
    )
    return note + "".join(parts)


def lead_sections(data: ReportData) -> str:
    """The sections, in the order a support lead reads them."""
    lead = data.lead
    return (
        _not_available(data)
        + "<section id='by-intent'><h2>By intent</h2>"
        + _breakdown("by-intent-table", "Intent", lead.by_intent)
        + "</section><section id='by-queue'><h2>Escalations by queue</h2>"
        + _breakdown("by-queue-table", "Queue", lead.by_queue)
        + "</section><section id='escalation-list'><h2>Escalations and why</h2>"
        + _escalations(data)
        + "</section><section id='examples'><h2>Example tickets per intent</h2>"
        + _examples(data)
        + "</section>"
    )
