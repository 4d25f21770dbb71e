"""Tollgate's contracts: one pydantic model per topic payload.

A ticket's way: ``Ticket`` → ``IntentResult`` → ``ConstraintVerdict`` → ``AgentDecision`` →
(``AgentDecision`` on responses/drafts | ``Escalation`` | ``DeadLetter``). Every stage also
emits an ``InteractionEvent``; humans answer with ``Feedback``.
"""

from schemas.base import AUTONOMOUS_OUTCOMES, Contract, Outcome, Priority, Stage, utcnow
from schemas.events import (
    Claim,
    DeadLetter,
    Feedback,
    FeedbackKind,
    FeedbackReason,
    FeedbackRecord,
    InteractionEvent,
    ReplayRecord,
)
from schemas.session import (
    ActionRecord,
    HeldDraft,
    OutboxEntry,
    OutboxMessage,
    PendingRequest,
    SessionOwner,
    SessionState,
)
from schemas.stages import (
    ActionResult,
    AgentDecision,
    Citation,
    ConstraintVerdict,
    Escalation,
    HistoryEntry,
    IntentResult,
    SourceRef,
    Trigger,
)
from schemas.ticket import MAX_TEXT_CHARS, Ticket

__all__ = [
    "AUTONOMOUS_OUTCOMES",
    "MAX_TEXT_CHARS",
    "ActionRecord",
    "ActionResult",
    "AgentDecision",
    "Citation",
    "Claim",
    "ConstraintVerdict",
    "Contract",
    "DeadLetter",
    "Escalation",
    "Feedback",
    "FeedbackKind",
    "FeedbackReason",
    "FeedbackRecord",
    "HeldDraft",
    "HistoryEntry",
    "IntentResult",
    "InteractionEvent",
    "OutboxEntry",
    "OutboxMessage",
    "Outcome",
    "PendingRequest",
    "Priority",
    "ReplayRecord",
    "SessionOwner",
    "SessionState",
    "SourceRef",
    "Stage",
    "Ticket",
    "Trigger",
    "utcnow",
]
