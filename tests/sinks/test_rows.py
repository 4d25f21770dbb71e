"""Payload → ClickHouse columns: stable ids, clamped integers, UTC ticks, rejects kept apart."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from aiokafka import ConsumerRecord, TopicPartition

from schemas import Feedback, FeedbackKind, InteractionEvent, Stage
from schemas.events import FeedbackReason, FeedbackRecord
from sinks import ClickHouseSink, ClickHouseStore
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from sinks.rows import (
    interaction_columns,
    interaction_id,
    interaction_row,
    interaction_values,
)
from tollgate.config import load_settings
from tollgate.reviewers import sign_feedback

NAMESPACE = uuid.UUID("6f1b8f4e-6c1d-4a63-9d4e-0b8f1f3c2a77")


def _event(i: int, **overrides: object) -> InteractionEvent:
    fields: dict[str, object] = {
        "event_id": InteractionEvent.make_id(f"t-{i}", Stage.DECISION),
        "ticket_id": f"t-{i}",
        "session_id": "s",
        "stage": Stage.DECISION,
        "user_input": f"where is order #{i} — ünïcode",
        "triggers": ["legal_language"] if i % 2 else [],
        "created_at": datetime(2026, 3, 4, 5, 6, 7, 891_234, tzinfo=UTC),
    }
    fields.update(overrides)
    return InteractionEvent.model_validate(fields)


def _record(topic: str, partition: int, offset: int, value: bytes) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic=topic,
        partition=partition,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=None,
        value=value,
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=len(value),
        headers=[],
    )


def test_id_is_uuid5_of_the_event_id() -> None:
    for event_id in ("t-1:intent", "", "ticket ü:escalation", "x" * 500):
        assert interaction_id(event_id) == uuid.uuid5(NAMESPACE, event_id)


def test_columns_match_the_event_field_by_field() -> None:
    events = [_event(i) for i in range(3)]
    columns = interaction_columns([interaction_values(e.model_dump_json()) for e in events])
    assert len(columns) == len(INTERACTION_COLUMNS)
    by_name = dict(zip(INTERACTION_COLUMNS, columns, strict=True))
    assert by_name["id"] == [interaction_id(e.event_id).int for e in events]
    assert by_name["stage"] == ["decision"] * 3
    assert all(type(stage) is str for stage in by_name["stage"])
    assert by_name["user_input"] == [e.user_input for e in events]
    assert by_name["triggers"] == [(), ("legal_language",), ()]
    millis = int(events[0].created_at.timestamp()) * 1000 + 891
    assert by_name["created_at"] == [millis] * 3
    assert [list(row) for row in zip(*columns, strict=True)] == [interaction_row(e) for e in events]


def test_integers_are_clamped_and_timestamps_read_as_utc() -> None:
    naive = datetime(2026, 1, 1, 12, 0, 0, 1_500)
    plus_two = datetime(2026, 1, 1, 14, 0, 0, 1_500, tzinfo=timezone(timedelta(hours=2)))
    low = _event(1, tokens=-5, attempts=-1, created_at=naive)
    high = _event(2, tokens=10**12, attempts=70_000, created_at=plus_two)
    by_name = dict(zip(INTERACTION_COLUMNS, interaction_columns([]), strict=True))
    assert all(column == [] for column in by_name.values())
    columns = interaction_columns([interaction_values(e.model_dump_json()) for e in (low, high)])
    by_name = dict(zip(INTERACTION_COLUMNS, columns, strict=True))
    assert by_name["tokens"] == [0, 2**32 - 1]
    assert by_name["attempts"] == [0, 65_535]
    utc_noon = int(datetime(2026, 1, 1, 12, tzinfo=UTC).timestamp()) * 1000 + 1
    assert by_name["created_at"] == [utc_noon, utc_noon]


def test_prepare_skips_malformed_records_and_acknowledges_every_offset() -> None:
    settings = load_settings(reviewer_tokens="qa:qa-review-token-1")
    sink = ClickHouseSink(settings, ClickHouseStore("chdb:///never-connected"))
    interactions = settings.topic_interactions
    label = sign_feedback(
        Feedback(
            feedback_id="f-1", ticket_id="t-1", kind=FeedbackKind.DRAFT_APPROVED, reason_code="tone"
        ),
        "qa",
        "qa-review-token-1",
    )
    applied = FeedbackRecord(feedback=label, reason_code=FeedbackReason.APPLIED)
    forged = FeedbackRecord(
        feedback=label.model_copy(update={"signature": ""}), reason_code=FeedbackReason.UNSIGNED
    )
    records = [
        _record(interactions, 0, 10, _event(1).model_dump_json().encode()),
        _record(interactions, 0, 11, b"not json"),
        _record(interactions, 1, 5, b'{"event_id": 7}'),
        _record(interactions, 1, 6, _event(2).model_dump_json().encode()),
        _record(interactions, 2, 3, applied.model_dump_json().encode()),
        _record(interactions, 2, 4, forged.model_dump_json().encode()),
        _record(interactions, 2, 5, b'{"record":"feedback","feedback":{"kind":"no_such_kind"}}'),
    ]
    batch = sink.prepare(records)
    assert sink.stats.rejected == 3
    assert batch.records == 7
    assert batch.interaction_rows == 2
    assert batch.interactions[INTERACTION_COLUMNS.index("ticket_id")] == ["t-1", "t-2"]
    assert batch.feedback_rows == 2
    rows = [
        dict(zip(FEEDBACK_COLUMNS, row, strict=True)) for row in zip(*batch.feedback, strict=True)
    ]
    assert [(r["feedback_id"], r["reason_code"], r["reviewer_reason"]) for r in rows] == [
        ("f-1", "applied", "tone"),
        (forged.row_id, "unsigned", "tone"),
    ]
    assert forged.row_id.startswith("f-1~unsigned~")  # a forgery never replaces the real row
    assert len(batch.feedback) == len(FEEDBACK_COLUMNS)
    assert batch.offsets == {
        TopicPartition(interactions, 0): 12,
        TopicPartition(interactions, 1): 7,
        TopicPartition(interactions, 2): 6,
    }
