"""Stage 4 — escalation: hand humans a complete context package, route everything else to
its terminal topic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from schemas import (
    AgentDecision,
    Contract,
    Escalation,
    InteractionEvent,
    Outcome,
    Stage,
    utcnow,
)
from tollgate.config import Settings


@dataclass(frozen=True)
class Routed:
    """A terminal message and the topic it goes to."""

    topic: str
    key: str
    value: Contract
    decision: AgentDecision


def escalation_id(ticket_id: str) -> str:
    """The id of the escalation package of a ticket (also the session's owner reference)."""
    return f"esc:{ticket_id}"


class EscalationStage:
    """Routes decisions to their terminal topics; escalations become context packages with the
    conversation the decision carries (from the session state, ``streams/session_stage.py``)."""

    stage = Stage.ESCALATION

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def process(self, decisions: Sequence[AgentDecision]) -> list[Routed]:
        return [self.route(d) for d in decisions]

    def route(self, decision: AgentDecision) -> Routed:
        s = self.settings
        if decision.outcome is Outcome.ESCALATE:
            package = self.package(decision)
            return Routed(s.escalation_topic(package.queue), decision.session_id, package, decision)
        topic = s.topic_drafts if decision.outcome is Outcome.DRAFT else s.topic_responses
        return Routed(topic, decision.session_id, decision, decision)

    def package(self, decision: AgentDecision) -> Escalation:
        verdict = decision.verdict
        intent = verdict.intent
        queue = decision.queue or "general"
        if queue not in self.settings.escalation_queues:
            queue = "general"
        return Escalation(
            escalation_id=escalation_id(decision.ticket_id),
            ticket_id=decision.ticket_id,
            session_id=decision.session_id,
            customer_id=intent.ticket.customer_id,
            queue=queue,
            priority=decision.priority,
            sla_deadline=utcnow() + timedelta(minutes=self.settings.escalation_sla_minutes),
            reason=decision.reasoning,
            text=intent.clean_text,
            source=intent.source,
            intent=intent.intent,
            confidence=intent.confidence,
            intent_reasoning=intent.reasoning,
            triggers=verdict.triggers,
            violations=verdict.violations,
            proposed_action=verdict.proposed_action,
            action_result=decision.action_result,
            draft_response=decision.response,
            history=decision.conversation[-self.settings.history_size :]
            if self.settings.history_size
            else [],
        )


def escalation_event(routed: Routed) -> InteractionEvent:
    decision = routed.decision
    intent = decision.verdict.intent
    result = decision.action_result
    escalated = decision.outcome is Outcome.ESCALATE
    latency = (utcnow() - intent.ticket.created_at).total_seconds() * 1000
    return InteractionEvent(
        event_id=InteractionEvent.make_id(decision.ticket_id, Stage.ESCALATION),
        ticket_id=decision.ticket_id,
        session_id=decision.session_id,
        stage=Stage.ESCALATION,
        user_input=intent.clean_text,
        intent_detected=intent.intent,
        confidence_score=decision.confidence,
        action_taken=result.name if result else "",
        success=not escalated and (result is None or result.success),
        escalated=escalated,
        outcome=decision.outcome.value,
        triggers=[t.name for t in decision.verdict.triggers],
        model=intent.model,
        tokens=intent.tokens,
        cost=intent.cost,
        attempts=result.attempts if result else 0,
        first_try=result.first_try if result else False,
        queue=getattr(routed.value, "queue", "") or "",
        response_time_ms=max(0.0, latency),
    )
