"""Shared base for every topic payload: versioned, immutable-by-convention pydantic models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


def utcnow() -> datetime:
    """Timezone-aware 'now' used for every timestamp default."""
    return datetime.now(UTC)


class Contract(BaseModel):
    """Base of every message on a Tollgate topic.

    Unknown fields are ignored so that a newer producer does not break an older consumer;
    every payload carries ``schema_version`` so consumers can branch when a contract changes.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Outcome(StrEnum):
    """Where a ticket ends. Exactly one per ticket."""

    RESPOND = "respond"
    RESPOND_REVIEW = "respond_review"
    CLARIFY = "clarify"
    DRAFT = "draft"
    ESCALATE = "escalate"
    DEAD_LETTER = "dead_letter"


AUTONOMOUS_OUTCOMES: frozenset[Outcome] = frozenset(
    {Outcome.RESPOND, Outcome.RESPOND_REVIEW, Outcome.CLARIFY}
)
"""Outcomes where the customer gets the agent's reply (or question) with no human before it: a
trigger case must never end in one."""


class Stage(StrEnum):
    """The four agent stages, in the order a ticket passes them."""

    INTENT = "intent"
    CONSTRAINT = "constraint"
    DECISION = "decision"
    ESCALATION = "escalation"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
