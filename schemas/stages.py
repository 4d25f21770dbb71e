"""Payloads passed between the four stages. Each wraps the previous one, so every stage sees
the whole story so far and the terminal messages are self-contained."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from schemas.base import Contract, Outcome, Priority, utcnow
from schemas.ticket import Ticket


class SourceRef(Contract):
    """Where the original message lives in Kafka (the only place the unredacted text is kept)."""

    topic: str
    partition: int
    offset: int


class IntentResult(Contract):
    """Output of the intent stage, on ``tollgate.intent``."""

    schema_version: Literal[1] = 1
    ticket: Ticket
    source: SourceRef | None = Field(default=None, description="Where the ticket was read from")
    clean_text: str = Field(description="Normalised, length-capped, PII-redacted text")
    redactions: list[str] = Field(default_factory=list, description="PII kinds removed")
    intent: str = Field(description="Intent name, or 'out_of_scope'")
    confidence: float = Field(ge=0.0, le=1.0)
    reasoning: str = ""
    entities: dict[str, str] = Field(default_factory=dict)
    model: str = ""
    fallback: bool = Field(default=False, description="True when a fallback model answered")
    error: str | None = None
    tokens: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0
    llm_triggers: list[str] = Field(
        default_factory=list,
        description="Escalation triggers the LLM saw (added to the local detectors', never "
        "removing one)",
    )
    ungrounded: dict[str, str] = Field(
        default_factory=dict,
        description="Entities a model proposed that the ticket text does not hold: never "
        "parameters; the decision stage accepts one only when the session's state holds it "
        "(then clears this field)",
    )


class Trigger(Contract):
    """An escalation trigger that fired, with the evidence that made it fire."""

    name: str
    evidence: str
    queue: str = "general"
    priority: Priority = Priority.NORMAL


class ConstraintVerdict(Contract):
    """Output of the constraint stage, on ``tollgate.constraint``."""

    schema_version: Literal[1] = 1
    intent: IntentResult
    proposed_action: str | None = None
    action_params: dict[str, str | float | int | bool] = Field(default_factory=dict)
    allowed: bool = Field(description="False when the action is forbidden or a trigger fired")
    triggers: list[Trigger] = Field(default_factory=list)
    trigger_doubts: list[Trigger] = Field(
        default_factory=list,
        description="Near misses: modelled triggers that scored between their doubt cut-off and "
        "their threshold (evidence 'model:0.41<0.55'); nothing goes out without a human",
    )
    violations: list[str] = Field(default_factory=list, description="Why the action is forbidden")
    missing: list[str] = Field(default_factory=list, description="Required details not given")
    always_escalate: bool = Field(default=False, description="The intent always goes to a human")
    route_queue: str | None = Field(default=None, description="Queue the intent routes to")


class ActionResult(Contract):
    """What an action call did."""

    name: str
    idempotency_key: str
    success: bool
    attempts: int = 1
    first_try: bool = True
    data: dict[str, str | float | int | bool | None] = Field(default_factory=dict)
    error: str | None = None


class HistoryEntry(Contract):
    """One earlier message of the same session, as kept in the session state (redacted text)."""

    ticket_id: str
    text: str
    intent: str
    outcome: str
    at: datetime


class Citation(Contract):
    """A knowledge-base passage an answer was written from."""

    source: str = Field(description="Article path relative to the domain pack")
    title: str
    score: float = Field(ge=0.0, le=1.0, description="Retrieval score (question coverage)")


class AgentDecision(Contract):
    """Output of the decision stage (on ``tollgate.decision``), also the payload of
    ``tickets.responses`` and ``tickets.drafts``.

    ``action``/``confidence``/``reasoning``/``fallback`` are the seed's agent interface;
    ``outcome`` is where the confidence cascade sent the ticket. ``response_source`` (added with a
    default, so version 1 still reads older messages) says whether a template, an LLM
    (``llm:<model>``) or a reviewer (``reviewer:<name>``) wrote the response; ``conversation``
    (also defaulted) carries the session's earlier turns.
    """

    schema_version: Literal[1] = 1
    ticket_id: str
    session_id: str
    action: Literal["respond", "escalate", "clarify"]
    outcome: Outcome
    confidence: float = Field(ge=0.0, le=1.0)
    reasoning: str
    fallback: str | None = Field(default=None, description="What a human should do if this fails")
    response: str | None = None
    response_source: str | None = Field(
        default=None,
        description="What wrote `response`: 'template', 'llm:<model>' or 'reviewer:<name>'",
    )
    response_tokens: int = Field(default=0, ge=0, description="LLM tokens spent on the response")
    response_cost: float = Field(default=0.0, ge=0, description="LLM cost of the response")
    action_result: ActionResult | None = None
    foreseen_result: ActionResult | None = Field(
        default=None,
        description="A draft written before its action ran: the success result its response "
        "states (only data known before the call); approval sends that response when the real "
        "result's known part renders the same, else offers the new reply again",
    )
    citations: list[Citation] = Field(
        default_factory=list, description="Knowledge passages the response was written from"
    )
    queue: str | None = None
    priority: Priority = Priority.NORMAL
    verdict: ConstraintVerdict
    decided_at: datetime = Field(default_factory=utcnow)
    conversation: list[HistoryEntry] = Field(
        default_factory=list,
        description="Earlier turns of the session (redacted), oldest first, from the session state",
    )
    reviewed_by: str | None = Field(
        default=None, description="The reviewer whose signed approval or edit sent this response"
    )


class Escalation(Contract):
    """A complete context package for humans, on ``tickets.escalations.<queue>``."""

    schema_version: Literal[1] = 1
    escalation_id: str
    ticket_id: str
    session_id: str
    customer_id: str | None = None
    outcome: Literal[Outcome.ESCALATE] = Outcome.ESCALATE
    queue: str
    priority: Priority
    sla_deadline: datetime
    reason: str
    text: str = Field(description="Ticket text, PII-redacted")
    source: SourceRef | None = None
    intent: str
    confidence: float
    intent_reasoning: str = ""
    triggers: list[Trigger] = Field(default_factory=list)
    violations: list[str] = Field(default_factory=list)
    proposed_action: str | None = None
    action_result: ActionResult | None = None
    draft_response: str | None = None
    history: list[HistoryEntry] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
