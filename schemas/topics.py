"""The topic catalogue, declared once: which setting names each topic and what it carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas.base import Contract
from schemas.events import Claim, DeadLetter, Feedback, InteractionEvent, ReplayRecord
from schemas.session import SessionState
from schemas.stages import AgentDecision, ConstraintVerdict, Escalation, IntentResult
from schemas.ticket import Ticket

if TYPE_CHECKING:
    from tollgate.config import Settings


@dataclass(frozen=True)
class TopicSpec:
    """One topic: the settings field holding its name, its payload model and who uses it."""

    setting: str
    payload: type[Contract]
    role: str
    compacted: bool = False
    """Keyed state, not a log: created with ``cleanup.policy=compact`` (latest record per key)."""

    def name(self, settings: Settings) -> str:
        value: str = getattr(settings, self.setting)
        return value


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("topic_inbound", Ticket, "upstream systems publish tickets"),
    TopicSpec("topic_intent", IntentResult, "intent stage → constraint stage"),
    TopicSpec("topic_constraint", ConstraintVerdict, "constraint stage → decision stage"),
    TopicSpec("topic_decision", AgentDecision, "decision stage → escalation stage"),
    TopicSpec("topic_responses", AgentDecision, "terminal: respond, respond_review, clarify"),
    TopicSpec("topic_drafts", AgentDecision, "terminal: drafts waiting for human approval"),
    TopicSpec("topic_deadletter", DeadLetter, "terminal: malformed or unprocessable input"),
    TopicSpec(
        "topic_interactions",
        InteractionEvent,
        "every stage → ClickHouse sink (and FeedbackRecord: what the decision stage did with a "
        "Feedback → agent_feedback)",
    ),
    TopicSpec("topic_feedback", Feedback, "reviewers (key session_id) → decision stage"),
    TopicSpec(
        "topic_sessions", SessionState, "session state changelog (key session_id)", compacted=True
    ),
    TopicSpec("topic_claims", Claim, "review console: which reviewer works which item (expiring)"),
    TopicSpec(
        "topic_replays",
        ReplayRecord,
        "dead-letter replay ledger: tickets replayed once (key ticket_id)",
        compacted=True,
    ),
)
ESCALATION_PAYLOAD = Escalation
"""Payload of every ``tickets.escalations.<queue>`` topic."""


def all_topic_names(settings: Settings) -> list[str]:
    """Every topic Tollgate reads or writes, escalation queues included."""
    names = [spec.name(settings) for spec in TOPICS]
    names += [settings.escalation_topic(queue) for queue in settings.escalation_queues]
    return names


def compacted_topic_names(settings: Settings) -> set[str]:
    """The topics created compacted (see :attr:`TopicSpec.compacted`)."""
    return {spec.name(settings) for spec in TOPICS if spec.compacted}
