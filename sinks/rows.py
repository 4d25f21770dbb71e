"""Turn topic payloads into ClickHouse rows and columns (column order from sinks.ddl).

The sink's hot path validates each payload with pydantic, keeps only the field values
(``interaction_values``) and builds whole columns per batch (``interaction_columns``) for a
column-oriented insert: no per-row lists, and each model is freed as soon as it is read.
"""

from __future__ import annotations

import hashlib
import operator
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas import Feedback, FeedbackReason, FeedbackRecord, InteractionEvent, Stage
from schemas.events import FEEDBACK_RECORD, REPLY_MAX_CHARS
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from tollgate.textsafety.redaction import redact_text, redact_text_bounded

_ID_NAMESPACE = uuid.UUID("6f1b8f4e-6c1d-4a63-9d4e-0b8f1f3c2a77")
_NAMESPACE_BYTES = _ID_NAMESPACE.bytes
_UUID5_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # version and variant bits
_UUID5_SET = (0x5000 << 64) | (0x8000 << 48)  # version 5, RFC 4122 variant
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
_UINT16_MAX = 65_535
_UINT32_MAX = 4_294_967_295

# Every interaction column after ``id`` is an InteractionEvent field of the same name.
_INTERACTION_FIELDS = INTERACTION_COLUMNS[1:]
_missing = set(_INTERACTION_FIELDS) - set(InteractionEvent.model_fields)
if _missing:  # pragma: no cover - guards a DDL/schema drift at import time
    raise RuntimeError(f"agent_interactions columns without an InteractionEvent field: {_missing}")
_pick_interaction = operator.itemgetter(*_INTERACTION_FIELDS)
_TOKENS = _INTERACTION_FIELDS.index("tokens")
_ATTEMPTS = _INTERACTION_FIELDS.index("attempts")
_CREATED_AT = _INTERACTION_FIELDS.index("created_at")
_STAGE_VALUE = {stage: stage.value for stage in Stage}


def interaction_id(event_id: str) -> uuid.UUID:
    """The row id: ``uuid5(namespace, event_id)``, stable across re-deliveries."""
    return uuid.UUID(int=_interaction_id_int(event_id))


def _interaction_id_int(event_id: str) -> int:
    # uuid.uuid5 without building a UUID object (the sink computes one per row).
    digest = hashlib.sha1(_NAMESPACE_BYTES + event_id.encode(), usedforsecurity=False).digest()
    return (int.from_bytes(digest[:16], "big") & _UUID5_CLEAR) | _UUID5_SET


def _millis(column: list[datetime]) -> list[int]:
    """DateTime64(3) ticks; a naive timestamp is read as UTC (the column's zone)."""
    if any(ts.tzinfo is None for ts in column):
        column = [ts if ts.tzinfo else ts.replace(tzinfo=UTC) for ts in column]
    return [(ts - _EPOCH) // _MILLISECOND for ts in column]


def _clamp(column: list[int], top: int) -> list[int]:
    return [n if 0 <= n <= top else (0 if n < 0 else top) for n in column]


def interaction_values(raw: bytes | str) -> tuple[Any, ...]:
    """Validate one serialized InteractionEvent and return its values in column order
    (without ``id``). Raises ``pydantic.ValidationError`` for a malformed payload."""
    return _values(vars(InteractionEvent.model_validate_json(raw)))  # the model is not kept


def _values(fields: dict[str, Any]) -> tuple[Any, ...]:
    # A tuple of immutables only (triggers as a tuple, the stage as its string) is untracked
    # by the cyclic GC, so a batch of them does not grow the old generation and trigger full
    # collections.
    fields["triggers"] = tuple(fields["triggers"])
    if fields["error"]:  # defence in depth: no error text reaches a column unredacted
        fields["error"] = redact_text(fields["error"])
    fields["citations"] = tuple(fields["citations"])
    if fields["reply"]:  # defence in depth: a reply reaches its column redacted and bounded
        fields["reply"] = redact_text_bounded(fields["reply"], REPLY_MAX_CHARS)
    fields["stage"] = _STAGE_VALUE[fields["stage"]]
    values: tuple[Any, ...] = _pick_interaction(fields)
    return values


def last_per_event(values: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per event id, the last of the batch (records come in offset order per partition,
    and an event id lives on one partition): a decided draft's escalation row exists in two
    versions, and both in one insert would share ``inserted_at``, the table's version column,
    leaving which one survives to chance."""
    last: dict[Any, tuple[Any, ...]] = {}
    for row in values:
        last[row[0]] = row  # row[0] is event_id (``interaction_values`` leaves out ``id``)
    return list(last.values())


def interaction_columns(values: Sequence[tuple[Any, ...]]) -> list[list[Any]]:
    """Columns for a column-oriented insert into ``agent_interactions``, from
    ``interaction_values`` tuples (all of ``INTERACTION_COLUMNS``, ``id`` first).

    Integers are clamped to their column types so a validated event can always be written."""
    if not values:
        return [[] for _ in INTERACTION_COLUMNS]
    columns: list[list[Any]] = [list(column) for column in zip(*values, strict=True)]
    columns[_TOKENS] = _clamp(columns[_TOKENS], _UINT32_MAX)
    columns[_ATTEMPTS] = _clamp(columns[_ATTEMPTS], _UINT16_MAX)
    columns[_CREATED_AT] = _millis(columns[_CREATED_AT])
    return [list(map(_interaction_id_int, columns[0])), *columns]


def interaction_row(event: InteractionEvent) -> list[Any]:
    """One row for ``agent_interactions`` (same values as ``interaction_columns``)."""
    return [column[0] for column in interaction_columns([_values(dict(vars(event)))])]


_RECORD_PREFIX = f'{{"record":"{FEEDBACK_RECORD}"'.encode()


def is_feedback_record(raw: bytes) -> bool:
    """Whether a message on ``tollgate.interactions`` is a :class:`~schemas.FeedbackRecord`
    (its JSON starts with the ``record`` key) rather than an interaction event."""
    return raw.startswith(_RECORD_PREFIX)


def feedback_values(raw: bytes | str) -> tuple[Any, ...]:
    """Validate one serialized FeedbackRecord and return its row for ``agent_feedback``."""
    record = FeedbackRecord.model_validate_json(raw)
    return tuple(feedback_row(record.feedback, record.reason_code, record.row_id))


def feedback_row(
    feedback: Feedback,
    reason_code: FeedbackReason = FeedbackReason.APPLIED,
    row_id: str | None = None,
) -> list[Any]:
    """A row for ``agent_feedback``: ``reason_code`` is what the decision stage did with the
    feedback, ``reviewer_reason`` the reviewer's own reason code."""
    return [
        row_id or feedback.feedback_id,
        feedback.ticket_id,
        feedback.kind.value,
        feedback.correct_intent or "",
        redact_text(feedback.edited_response or ""),
        feedback.reviewer,
        redact_text(feedback.comment),
        reason_code.value,
        feedback.reason_code,
        feedback.created_at,
    ]


def feedback_columns(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Columns for a column-oriented insert into ``agent_feedback``."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    return columns or [[] for _ in FEEDBACK_COLUMNS]
