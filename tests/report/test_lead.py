"""Issue 19 item 7: the report answers a support lead (per intent, per queue, escalations with
reasons, example tickets, what is n/a) from known rows in the embedded ClickHouse."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from schemas import InteractionEvent, Stage
from sinks import get_store
from sinks.ddl import INTERACTION_COLUMNS
from sinks.rows import interaction_row
from tests.report.htmlparse import find, parse
from tollgate.report import render_report
from tollgate.report.data import load_report_data
from tollgate.rundata import REPORT_DATA

pytestmark = pytest.mark.integration

START = datetime(2020, 5, 4, tzinfo=UTC)  # a window no other test writes to
AT = START + timedelta(hours=3)


def _event(
    tid: str, stage: Stage, intent: str, conf: float, outcome: str, **kw: object
) -> InteractionEvent:
    return InteractionEvent(
        event_id=InteractionEvent.make_id(tid, stage),
        ticket_id=tid,
        session_id=tid,
        stage=stage,
        user_input=f"text of {tid}",
        intent_detected=intent,
        confidence_score=conf,
        outcome=outcome,
        escalated=outcome == "escalate",
        created_at=AT,
        **kw,
    )


def test_lead_sections_from_known_rows(clickhouse_url: str) -> None:
    p = f"lead{uuid.uuid4().hex[:6]}"
    esc = Stage.ESCALATION
    events = [
        _event(f"{p}-1", esc, "check_order_status", 0.95, "respond", queue=""),
        _event(f"{p}-2", esc, "check_order_status", 0.97, "respond"),
        _event(
            f"{p}-3",
            esc,
            "request_refund",
            0.93,
            "escalate",
            queue="legal",
            triggers=["legal_language"],
        ),
        _event(f"{p}-4", esc, "cancel_order", 0.98, "escalate", queue="general"),
        _event(
            f"{p}-4",
            Stage.DECISION,
            "cancel_order",
            0.98,
            "escalate",
            error="already_shipped: order is delivered",
        ),
        _event(f"{p}-5", esc, "complaint", 0.31, "escalate", queue="general"),
        _event(f"{p}-6", esc, "speak_to_human", 0.99, "escalate", queue="general"),
    ]
    store = get_store(clickhouse_url)
    store.apply_ddl()
    store.insert("agent_interactions", [interaction_row(e) for e in events], INTERACTION_COLUMNS)

    data = load_report_data(store, START, START + timedelta(days=1), draft_below=0.5)
    assert data == REPORT_DATA.validate_python(REPORT_DATA.dump_python(data, mode="json"))
    lead = data.lead
    by_intent = {row["key"]: row for row in lead.by_intent}
    assert by_intent["check_order_status"]["tickets"] == 2
    assert by_intent["check_order_status"]["automation_rate"] == 1.0
    assert by_intent["check_order_status"]["intent_accuracy"] is None  # nobody labelled yet
    assert {row["key"]: row["escalations"] for row in lead.by_queue} == {"general": 3, "legal": 1}
    reasons = {e.ticket_id: e.reason for e in lead.escalations}
    assert reasons == {
        f"{p}-3": "trigger: legal_language",
        f"{p}-4": "action failed: already_shipped: order is delivered",
        f"{p}-5": "low confidence (0.31 < 0.50)",
        f"{p}-6": "the customer asked for a person",
    }
    assert [x.ticket_id for x in lead.examples["check_order_status"]] == [f"{p}-1", f"{p}-2"]

    elements = parse(render_report(data))
    sections = {e.attrs.get("id") for e in find(elements, "section")}
    assert {"not-available", "by-intent", "by-queue", "escalation-list", "examples"} <= sections
    reason_cells = [e.text for e in find(elements, "td") if e.attrs.get("class") == "reason"]
    assert "trigger: legal_language" in reason_cells
    na = next(e for e in find(elements, "section") if e.attrs.get("id") == "not-available")
    assert "0 of 6 tickets" in na.text
