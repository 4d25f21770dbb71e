"""What waits for a reviewer: drafts, flagged responses and escalations, as one queue.

Everything here is pure: messages in (topic, raw bytes), review items out. An item is pending
until a reviewer has answered it (a Feedback of a resolving kind on the feedback topic) or the
pipeline has moved on (a draft that was sent or escalated meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pydantic import ValidationError

from schemas import (
    ActionResult,
    AgentDecision,
    Escalation,
    Feedback,
    FeedbackKind,
    HistoryEntry,
    Outcome,
    Priority,
    Trigger,
)
from tollgate.config import Settings
from tollgate.reviewers import verify_feedback


class ItemKind(StrEnum):
    DRAFT = "draft"
    RESPONSE = "response"
    ESCALATION = "escalation"


QUEUES: dict[str, tuple[ItemKind, ...]] = {
    "drafts": (ItemKind.DRAFT,),
    "review": (ItemKind.RESPONSE,),
    "escalations": (ItemKind.ESCALATION,),
    "all": (ItemKind.DRAFT, ItemKind.ESCALATION, ItemKind.RESPONSE),
}
"""``--queue`` choices → the item kinds they show, in the order they are reviewed."""

RESOLVED_BY: dict[ItemKind, frozenset[FeedbackKind]] = {
    ItemKind.DRAFT: frozenset(
        {FeedbackKind.DRAFT_APPROVED, FeedbackKind.DRAFT_EDITED, FeedbackKind.DRAFT_REJECTED}
    ),
    ItemKind.RESPONSE: frozenset(
        {FeedbackKind.INTENT_LABEL, FeedbackKind.RESPONSE_WRONG, FeedbackKind.MISSED_ESCALATION}
    ),
    ItemKind.ESCALATION: frozenset(
        {FeedbackKind.ESCALATION_APPROPRIATE, FeedbackKind.ESCALATION_INAPPROPRIATE}
    ),
}
"""Feedback kinds that take an item off the queue."""

_PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


@dataclass(frozen=True)
class ReviewItem:
    """One thing a reviewer judges, with the context needed to judge it (text is redacted)."""

    kind: ItemKind
    ticket_id: str
    session_id: str
    text: str
    intent: str
    confidence: float
    reasoning: str
    at: datetime
    outcome: str = ""
    intent_reasoning: str = ""
    triggers: tuple[Trigger, ...] = ()
    violations: tuple[str, ...] = ()
    proposed_action: str | None = None
    action_params: dict[str, str | float | int | bool] = field(default_factory=dict)
    action_result: ActionResult | None = None
    response: str | None = None
    queue: str | None = None
    priority: Priority = Priority.NORMAL
    deadline: datetime | None = None
    history: tuple[HistoryEntry, ...] = ()


def item_from_decision(decision: AgentDecision, kind: ItemKind) -> ReviewItem:
    """A draft or a flagged response; the text shown is the redacted ``clean_text``."""
    verdict = decision.verdict
    return ReviewItem(
        kind=kind,
        ticket_id=decision.ticket_id,
        session_id=decision.session_id,
        text=verdict.intent.clean_text,
        intent=verdict.intent.intent,
        confidence=verdict.intent.confidence,
        reasoning=decision.reasoning,
        at=decision.decided_at,
        outcome=decision.outcome.value,
        intent_reasoning=verdict.intent.reasoning,
        triggers=tuple(verdict.triggers),
        violations=tuple(verdict.violations),
        proposed_action=verdict.proposed_action,
        action_params=dict(verdict.action_params),
        action_result=decision.action_result,
        response=decision.response,
        queue=decision.queue,
        priority=decision.priority,
    )


def item_from_escalation(escalation: Escalation) -> ReviewItem:
    return ReviewItem(
        kind=ItemKind.ESCALATION,
        ticket_id=escalation.ticket_id,
        session_id=escalation.session_id,
        text=escalation.text,
        intent=escalation.intent,
        confidence=escalation.confidence,
        reasoning=escalation.reason,
        at=escalation.created_at,
        outcome=escalation.outcome.value,
        intent_reasoning=escalation.intent_reasoning,
        triggers=tuple(escalation.triggers),
        violations=tuple(escalation.violations),
        proposed_action=escalation.proposed_action,
        action_result=escalation.action_result,
        response=escalation.draft_response,
        queue=escalation.queue,
        priority=escalation.priority,
        deadline=escalation.sla_deadline,
        history=tuple(escalation.history),
    )


def review_topics(settings: Settings) -> list[str]:
    """Every topic the queue is built from (the feedback topic tells what is done already)."""
    return [
        settings.topic_drafts,
        settings.topic_responses,
        *(settings.escalation_topic(q) for q in settings.escalation_queues),
        settings.topic_feedback,
    ]


@dataclass
class QueueState:
    """What the messages say, folded as they stream in: the latest draft, flagged response and
    escalation per ticket, the tickets already answered, and the feedback kinds per ticket."""

    drafts: dict[str, AgentDecision] = field(default_factory=dict)
    flagged: dict[str, AgentDecision] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)
    escalations: dict[str, Escalation] = field(default_factory=dict)
    feedback: dict[str, set[FeedbackKind]] = field(default_factory=dict)
    draft_answered_at: dict[str, datetime] = field(default_factory=dict)
    """When a draft was last answered: a draft published later (an edit the output guard
    refused, returned to the reviewers) is open again."""
    tokens: dict[str, str] | None = None
    """Reviewer tokens: when set, feedback no known reviewer signed answers nothing."""
    refused: int = 0
    """Feedback ignored because it was not signed by a known reviewer."""
    malformed: int = 0
    missing: list[str] = field(default_factory=list)
    """Queue topics that did not exist when the queue was loaded."""

    def add(self, settings: Settings, topic: str, value: bytes | None) -> None:
        """Parse one message by the topic it came from; unreadable messages are counted."""
        try:
            if topic == settings.topic_feedback:
                fb = Feedback.model_validate_json(value or b"")
                if self.tokens is not None and verify_feedback(fb, self.tokens) is not None:
                    self.refused += 1
                    return
                self.feedback.setdefault(fb.ticket_id, set()).add(fb.kind)
                if fb.kind in RESOLVED_BY[ItemKind.DRAFT]:
                    last = self.draft_answered_at.get(fb.ticket_id, fb.created_at)
                    self.draft_answered_at[fb.ticket_id] = max(last, fb.created_at)
            elif topic == settings.topic_drafts:
                d = AgentDecision.model_validate_json(value or b"")
                self.drafts[d.ticket_id] = d
            elif topic == settings.topic_responses:
                d = AgentDecision.model_validate_json(value or b"")
                self.answered.add(d.ticket_id)
                if d.outcome is Outcome.RESPOND_REVIEW:
                    self.flagged[d.ticket_id] = d
            elif topic.startswith(settings.topic_escalations_prefix):
                e = Escalation.model_validate_json(value or b"")
                self.escalations[e.ticket_id] = e
        except ValidationError:
            self.malformed += 1

    def _open(self, ticket_id: str, kind: ItemKind) -> bool:
        return not self.feedback.get(ticket_id, set()) & RESOLVED_BY[kind]

    def items(self, queue: str = "all") -> list[ReviewItem]:
        """Pending items of the queue: drafts first (a customer waits), then escalations (by
        priority and deadline), then responses to double-check."""
        if queue not in QUEUES:
            raise ValueError(f"unknown queue {queue!r}; one of {', '.join(QUEUES)}")
        out: list[ReviewItem] = []
        for kind in QUEUES[queue]:
            if kind is ItemKind.DRAFT:
                out += sorted(
                    (
                        item_from_decision(d, kind)
                        for t, d in self.drafts.items()
                        if d.outcome is Outcome.DRAFT
                        and t not in self.escalations
                        and t not in self.answered
                        and (self._open(t, kind) or d.decided_at > self.draft_answered_at[t])
                    ),
                    key=lambda i: i.at,
                )
            elif kind is ItemKind.RESPONSE:
                out += sorted(
                    (
                        item_from_decision(d, kind)
                        for t, d in self.flagged.items()
                        if self._open(t, kind)
                    ),
                    key=lambda i: i.at,
                )
            else:
                out += sorted(
                    (
                        item_from_escalation(e)
                        for t, e in self.escalations.items()
                        if self._open(t, kind)
                    ),
                    key=lambda i: (_PRIORITY_RANK[i.priority], i.deadline or i.at),
                )
        return out


def build_queue(
    settings: Settings, messages: Iterable[tuple[str, bytes | None]], queue: str = "all"
) -> list[ReviewItem]:
    """Pending review items from (topic, value) messages read off :func:`review_topics`."""
    state = QueueState()
    for topic, value in messages:
        state.add(settings, topic, value)
    return state.items(queue)
