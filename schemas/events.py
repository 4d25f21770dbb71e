"""Side-channel payloads: interaction events for ClickHouse, human feedback, dead letters."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from schemas.base import Contract, Outcome, Stage, utcnow

REPLY_MAX_CHARS = 1000
"""The longest ``InteractionEvent.reply`` kept (a longer reply is cut, ending in an ellipsis)."""


class InteractionEvent(Contract):
    """One stage's handling of one ticket, on ``tollgate.interactions`` → ``agent_interactions``.

    ``event_id`` is deterministic (``<ticket_id>:<stage>``) so re-delivery never double counts.
    """

    schema_version: Literal[1] = 1
    event_id: str
    ticket_id: str
    session_id: str
    stage: Stage
    user_input: str = Field(description="PII-redacted text")
    intent_detected: str = ""
    confidence_score: float = 0.0
    action_taken: str = ""
    success: bool = True
    escalated: bool = False
    outcome: str = ""
    triggers: list[str] = Field(default_factory=list)
    model: str = ""
    tokens: int = 0
    cost: float = 0.0
    error: str = ""
    attempts: int = 0
    first_try: bool = False
    queue: str = ""
    citations: list[str] = Field(
        default_factory=list, description="Knowledge sources (pack-relative paths) cited"
    )
    reply: str = Field(
        default="",
        description="The customer-facing reply, sent or drafted (PII-redacted, bounded); "
        "filled by the decision stage",
    )
    response_time_ms: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)

    @staticmethod
    def make_id(ticket_id: str, stage: Stage) -> str:
        return f"{ticket_id}:{stage.value}"


class FeedbackKind(StrEnum):
    DRAFT_APPROVED = "draft_approved"
    DRAFT_EDITED = "draft_edited"
    DRAFT_REJECTED = "draft_rejected"
    INTENT_LABEL = "intent_label"
    ESCALATION_APPROPRIATE = "escalation_appropriate"
    ESCALATION_INAPPROPRIATE = "escalation_inappropriate"
    RESPONSE_WRONG = "response_wrong"
    MISSED_ESCALATION = "missed_escalation"
    HANDBACK = "handback"
    """A reviewer hands a session a human owned back to the agent."""


class Feedback(Contract):
    """A reviewer's judgement, on ``tickets.feedback``, keyed by ``session_id``.

    ``session_id`` (defaults to ``ticket_id``, a one-message session) names the session whose
    state holds the draft: feedback is applied by the worker that owns that session.
    ``signature`` is ``v1:<hex HMAC-SHA256>`` over the canonical payload (every other field)
    with the reviewer's token (:mod:`tollgate.reviewers`); only feedback signed by a known
    reviewer is applied. ``reason_code`` is one of the documented taxonomy in
    :mod:`tollgate.review.reasons` (empty from older producers).
    """

    schema_version: Literal[1] = 1
    feedback_id: str
    ticket_id: str
    session_id: str = Field(default="", max_length=128)
    kind: FeedbackKind
    correct_intent: str | None = None
    edited_response: str | None = None
    reviewer: str = ""
    comment: str = ""
    reason_code: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    signature: str = ""

    @model_validator(mode="after")
    def _default_session(self) -> Feedback:
        if not self.session_id:
            self.session_id = self.ticket_id
        return self


class FeedbackReason(StrEnum):
    """Why the decision stage applied or refused a Feedback (``agent_feedback.reason_code``)."""

    APPLIED = "applied"
    """Signed by a known reviewer and carried out (or recorded, for judgements without a draft)."""
    UNSIGNED = "unsigned"
    UNKNOWN_REVIEWER = "unknown_reviewer"
    BAD_SIGNATURE = "bad_signature"
    """Tampered after signing, signed with another token, or an unsupported signature version."""
    GUARD_REFUSED = "guard_refused"
    """An edit the output guard refused: the draft went back to the reviewers."""
    SCHEMA_CHANGED = "schema_changed"
    """An approval whose action the current constraint schema no longer allows: escalated."""


FEEDBACK_RECORD = "feedback"
"""``record`` of a :class:`FeedbackRecord`: the first key of its JSON, which tells the sink a
feedback record from an interaction event on ``tollgate.interactions``."""


class FeedbackRecord(Contract):
    """What the decision stage did with one Feedback, on ``tollgate.interactions`` (keyed by
    ticket id) for the sink's ``agent_feedback`` row.

    ``row_id`` is the row's ``feedback_id``: the Feedback's own for an applied or checked one;
    for feedback refused for its signature ``<feedback_id>~<reason_code>~<digest>``, so a
    forgery that reuses a reviewer's (deterministic) feedback id never replaces that row.
    """

    record: Literal["feedback"] = "feedback"  # FEEDBACK_RECORD
    schema_version: Literal[1] = 1
    feedback: Feedback
    reason_code: FeedbackReason

    @property
    def row_id(self) -> str:
        if self.reason_code in _SIGNATURE_REFUSALS:
            payload = self.feedback.model_dump_json().encode()
            digest = hashlib.sha256(payload).hexdigest()[:16]
            return f"{self.feedback.feedback_id}~{self.reason_code.value}~{digest}"
        return self.feedback.feedback_id


_SIGNATURE_REFUSALS = frozenset(
    {FeedbackReason.UNSIGNED, FeedbackReason.UNKNOWN_REVIEWER, FeedbackReason.BAD_SIGNATURE}
)


class Claim(Contract):
    """A reviewer's hold on one review-queue item until ``expires_at``, on ``tickets.claims``
    (see :mod:`tollgate.console.claims`)."""

    schema_version: Literal[1] = 1
    ticket_id: str
    reviewer: str
    expires_at: datetime
    created_at: datetime = Field(default_factory=utcnow)

    @classmethod
    def make(cls, ticket_id: str, reviewer: str, minutes: float) -> Claim:
        now = utcnow()
        return cls(
            ticket_id=ticket_id,
            reviewer=reviewer,
            expires_at=now + timedelta(minutes=minutes),
            created_at=now,
        )

    @classmethod
    def release(cls, ticket_id: str, reviewer: str) -> Claim:
        now = utcnow()
        return cls(ticket_id=ticket_id, reviewer=reviewer, expires_at=now, created_at=now)


class DeadLetter(Contract):
    """A message no stage (or sink) could handle, with the reason, on ``tickets.deadletter``.
    Exactly one of ``stage`` and ``sink`` names who met it.

    The original text stays only on ``tickets.inbound``: the letter of a message read from it
    holds no original bytes (``original_at_source``, ``original_b64`` empty), only where it is
    (``source_topic``/``partition``/``offset``, read back by ``tollgate deadletter replay`` while
    the topic retains it) and a redacted ``preview`` for people. A letter of another topic
    (stage payloads and interaction events: redacted text; feedback: what its sender wrote on
    ``tickets.feedback``) keeps its bytes in ``original_b64`` as before. Letters written
    before ``original_at_source`` existed read as ``False`` with their bytes."""

    schema_version: Literal[1] = 1
    ticket_id: str | None = None
    outcome: Literal[Outcome.DEAD_LETTER] = Outcome.DEAD_LETTER
    stage: Stage | None = Field(default=None, description="The stage that met it, if a stage")
    sink: str | None = Field(default=None, description="The sink that met it (e.g. clickhouse)")
    reason: str
    error: str
    source_topic: str
    partition: int
    offset: int
    original_b64: str = Field(
        default="",
        description="The original message value, base64; empty when original_at_source",
    )
    original_size: int = Field(default=0, description="Size of the original value in bytes")
    original_truncated: bool = Field(
        default=False, description="Only the first bytes are kept; the source offset has all"
    )
    original_at_source: bool = Field(
        default=False,
        description="True: no original bytes in the letter; they are at the source offset "
        "(tickets.inbound, the one place the unredacted text is kept) while it is retained",
    )
    preview: str = Field(
        default="",
        description="The original as text for people, redacted by the one redaction rule, "
        "at most 2,000 characters",
    )
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _one_origin(self) -> DeadLetter:
        if (self.stage is None) == (self.sink is None):
            raise ValueError("a dead letter names either its stage or its sink")
        return self

    @staticmethod
    def encode(raw: bytes | None, limit: int | None = None) -> str:
        data = raw or b""
        return base64.b64encode(data[:limit] if limit is not None else data).decode("ascii")

    def original(self) -> bytes:
        return base64.b64decode(self.original_b64)


class ReplayRecord(Contract):
    """A dead-lettered ticket ``tollgate deadletter replay`` published again, on
    ``tollgate.replays`` (key ``ticket_id``, compacted: one record per ticket id, kept for
    good). Replay consults it first, so a ticket id is replayed at most once, also after the
    replayed copy left ``tickets.inbound``. ``ticket_id`` is the letter's (redacted) id."""

    schema_version: Literal[1] = 1
    ticket_id: str
    source_topic: str = Field(description="Where the dead-lettered original was read from")
    partition: int
    offset: int
    replayed_partition: int = Field(description="Where the replayed copy landed on the topic")
    replayed_offset: int
    replayed_at: datetime = Field(default_factory=utcnow)
