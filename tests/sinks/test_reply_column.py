"""Issue 19: the decision stage's interaction event carries the reply it sent or drafted,
PII-redacted and bounded, into ``agent_interactions.reply``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from schemas import AgentDecision, InteractionEvent, Stage, Ticket
from schemas.events import REPLY_MAX_CHARS
from sinks import get_store
from sinks.ddl import INTERACTION_COLUMNS
from sinks.rows import interaction_row
from streams.inline import InlinePipeline
from streams.services import build_services
from streams.stage3_decision import decision_event
from tests.sinks.migrations import migrated
from tests.streams.keyword_model import KeywordModel
from tollgate.config import load_settings

PII = "Write to jane.doe@example.com or call +44 20 7946 0958."


def _decision(ticket_id: str, text: str) -> AgentDecision:
    pipeline = InlinePipeline(build_services(load_settings(), intent_model=KeywordModel()))
    (result,) = asyncio.run(pipeline.run([Ticket(ticket_id=ticket_id, text=text)]))
    return result.decision


def test_the_decision_event_carries_the_reply_redacted_and_bounded() -> None:
    decision = _decision("REPLY-1", "How many days do I have to return something?")
    assert decision.response
    event = decision_event(decision)
    assert event.reply == decision.response  # nothing to redact, short enough

    long_reply = PII + " " + "x" * (3 * REPLY_MAX_CHARS)
    event = decision_event(decision.model_copy(update={"response": long_reply}))
    assert "jane.doe@example.com" not in event.reply and "7946" not in event.reply
    assert "<PII:EMAIL>" in event.reply
    assert len(event.reply) == REPLY_MAX_CHARS and event.reply.endswith("…")

    assert decision_event(decision.model_copy(update={"response": None})).reply == ""


def test_the_row_redacts_a_reply_that_reached_the_sink_unredacted() -> None:
    event = InteractionEvent(
        event_id=InteractionEvent.make_id("REPLY-2", Stage.DECISION),
        ticket_id="REPLY-2",
        session_id="REPLY-2",
        stage=Stage.DECISION,
        user_input="hello",
        reply=PII + "y" * (2 * REPLY_MAX_CHARS),
    )
    row = dict(zip(INTERACTION_COLUMNS, interaction_row(event), strict=True))
    assert "jane.doe" not in row["reply"] and "<PII:EMAIL>" in row["reply"]
    assert len(row["reply"]) == REPLY_MAX_CHARS
    assert event.reply.startswith(PII)  # the event itself is left as it was


def test_the_reply_is_written_to_clickhouse(clickhouse_url: str) -> None:
    decision = _decision("REPLY-3", "How many days do I have to return something?")
    event = decision_event(decision.model_copy(update={"response": PII}))
    store = get_store(clickhouse_url)
    store.apply_ddl()
    store.apply_ddl()  # the migration is idempotent
    store.insert("agent_interactions", [interaction_row(event)], INTERACTION_COLUMNS)
    rows = store.query(
        "SELECT reply FROM agent_interactions FINAL WHERE event_id = {e:String}",
        {"e": event.event_id},
    )
    assert rows == [("Write to <PII:EMAIL> or call <PII:PHONE>.",)]


def test_a_table_made_before_the_column_gains_it(tmp_path: Path) -> None:
    columns = migrated(tmp_path, "agent_interactions", ["    reply String,\n"])["columns"]
    assert columns[columns.index("citations") + 1] == "reply"
    assert [c for c in columns if c != "inserted_at"] == list(INTERACTION_COLUMNS)
