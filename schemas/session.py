"""`SessionState`: what a worker keeps per conversation, on the sessions changelog topic.

One record per ``session_id`` (the message key; a tombstone, a null value, deletes it). The
latest record of a key is the session's state; the worker owning partition p of the session
topics restores partition p of the changelog on assignment (``streams/sessions.py``). Every
text in it is the redacted text the stages already carry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from schemas.base import Contract, utcnow
from schemas.stages import ActionResult, AgentDecision, HistoryEntry, SourceRef


class PendingRequest(Contract):
    """A request the agent asked a clarifying question about and still waits to complete."""

    intent: str
    confidence: float = Field(ge=0.0, le=1.0, description="Of the turn that asked")
    slots: dict[str, str] = Field(default_factory=dict, description="Details known so far")
    missing: list[str] = Field(default_factory=list, description="Details still asked for")
    asked_at: datetime = Field(default_factory=utcnow)
    rounds: int = Field(default=1, ge=1, description="Clarifying questions asked so far")
    ticket_id: str = Field(description="The ticket that started the request")


class SessionOwner(Contract):
    """A human queue that took the session over; the agent owns sessions without one."""

    queue: str
    escalation_id: str
    since: datetime = Field(default_factory=utcnow)


class HeldDraft(Contract):
    """A draft waiting for a reviewer, with its SLA deadline."""

    decision: AgentDecision
    deadline: datetime
    answered: list[str] = Field(
        default_factory=list,
        description="feedback_ids already applied to this ticket's draft (a re-sent copy of an "
        "approval must not approve the reply offered again after it)",
    )


class ActionRecord(Contract):
    """An action call by idempotency key: fingerprint of name + params, and its result.

    ``result`` is ``None`` for a call that started (written ahead of the call) and whose result
    was never recorded: the worker may have died while the backend acted, so the outcome is
    unknown (see ``tollgate.actions.registry``). Records written before that field was optional
    always have a result and restore unchanged."""

    fingerprint: str
    result: ActionResult | None = None
    at: datetime = Field(default_factory=utcnow)


class OutboxMessage(Contract):
    """One message an input produced: topic, key and the value's JSON as it was encoded (a
    string, not an object: held in memory as one compact string and not validated on restore)."""

    topic: str
    key: str
    value: str


class OutboxEntry(Contract):
    """The outputs of one input (a ticket's verdict or a reviewer's feedback), written with the
    state change they depend on and before they are produced (``streams/session_stage.py``).

    ``source`` is the consumed message that produced them: only a redelivery of that message
    produces them again, and the entry is retired once the decision stage's committed offset of
    its partition passed it (the message will not be delivered again)."""

    source: SourceRef
    messages: list[OutboxMessage]
    at: datetime = Field(default_factory=utcnow)


class SessionState(Contract):
    """Everything a conversation needs across tickets, workers and restarts."""

    schema_version: Literal[1] = 1
    session_id: str
    partition: int = Field(ge=0, description="Partition of the session topics that owns it")
    pending: PendingRequest | None = None
    turns: list[HistoryEntry] = Field(default_factory=list, description="Recent turns, redacted")
    entities: dict[str, str] = Field(
        default_factory=dict, description="The last entity of each kind the session referred to"
    )
    owner: SessionOwner | None = Field(default=None, description="None: the agent owns it")
    drafts: dict[str, HeldDraft] = Field(default_factory=dict, description="By ticket_id")
    actions: dict[str, ActionRecord] = Field(default_factory=dict, description="By key")
    processed: dict[str, str] = Field(
        default_factory=dict,
        description="ticket_id → 'partition:offset' of its inbound message (duplicates)",
    )
    outbox: dict[str, OutboxEntry] = Field(
        default_factory=dict,
        description="'ticket:<ticket_id>' or 'feedback:<feedback_id>' → the outputs it produced, "
        "until its offset is committed (replayed, not decided again, on redelivery)",
    )
    updated_at: datetime = Field(default_factory=utcnow)
