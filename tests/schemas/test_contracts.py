"""Contracts: validation of upstream tickets, round trips, JSON Schema export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas import DeadLetter, InteractionEvent, Outcome, Stage, Ticket
from schemas.export import export_json_schemas
from schemas.topics import TOPICS, all_topic_names
from tollgate.config import load_settings


def test_ticket_defaults_session_to_ticket_id() -> None:
    ticket = Ticket(ticket_id="T1", text="hello")
    assert ticket.session_id == "T1"
    assert ticket.schema_version == 1
    assert ticket.created_at.tzinfo is not None


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"\xff\xfe\x00",
        b'{"ticket_id": "T1"}',
        b'{"ticket_id": "", "text": "x"}',
        b'{"ticket_id": "has space", "text": "x"}',
        b'{"ticket_id": 5, "text": "x"}',
        b'{"ticket_id": "T1", "text": ["a"]}',
    ],
)
def test_malformed_tickets_are_rejected(payload: bytes) -> None:
    with pytest.raises(ValidationError):
        Ticket.model_validate_json(payload)


def test_oversized_ticket_text_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Ticket(ticket_id="T1", text="x" * 200_001)


def test_unknown_fields_are_ignored_for_forward_compatibility() -> None:
    ticket = Ticket.model_validate_json(b'{"ticket_id": "T1", "text": "hi", "new_field": 1}')
    assert ticket.text == "hi"


def test_dead_letter_keeps_original_bytes() -> None:
    raw = b"\x00\xffbinary"
    letter = DeadLetter(
        stage=Stage.INTENT,
        reason="invalid message",
        error="bad",
        source_topic="t",
        partition=1,
        offset=7,
        original_b64=DeadLetter.encode(raw),
    )
    again = DeadLetter.model_validate_json(letter.model_dump_json())
    assert again.original() == raw
    assert again.outcome is Outcome.DEAD_LETTER


def test_interaction_event_ids_are_deterministic() -> None:
    assert InteractionEvent.make_id("T1", Stage.DECISION) == "T1:decision"


def test_schema_export_writes_one_file_per_topic(tmp_path: Path) -> None:
    settings = load_settings()
    written = export_json_schemas(tmp_path, settings)
    assert len(written) == len(TOPICS) + 1
    inbound = json.loads((tmp_path / "tickets.inbound.schema.json").read_text())
    assert set(inbound["required"]) >= {"ticket_id", "text"}
    assert inbound["x-tollgate-topic"] == "tickets.inbound"
    escalation = json.loads((tmp_path / "tickets.escalations.QUEUE.schema.json").read_text())
    assert "sla_deadline" in escalation["properties"]


def test_topic_catalogue_defaults() -> None:
    names = all_topic_names(load_settings())
    for expected in (
        "tickets.inbound",
        "tollgate.intent",
        "tollgate.constraint",
        "tollgate.decision",
        "tickets.responses",
        "tickets.drafts",
        "tickets.escalations.general",
        "tickets.deadletter",
        "tollgate.interactions",
        "tickets.feedback",
    ):
        assert expected in names
