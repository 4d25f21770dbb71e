"""Stage 4 — escalation: hand humans a complete context package, route everything else to
its terminal topic, and remember the session's last messages."""

from __future__ import annotations

import json
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from schemas import (
    AgentDecision,
    Contract,
    Escalation,
    HistoryEntry,
    InteractionEvent,
    Outcome,
    Stage,
    utcnow,
)
from streams.recovery import Message
from tollgate.config import Settings

History = MutableMapping[str, Any]
"""session_id → list of HistoryEntry dicts (bounded worker memory)."""


@dataclass(frozen=True)
class Routed:
    """A terminal message and the topic it goes to."""

    topic: str
    key: str
    value: Contract
    decision: AgentDecision


class EscalationStage:
    stage = Stage.ESCALATION

    def __init__(self, settings: Settings, history: History) -> None:
        self.settings = settings
        self.history = history

    async def process(self, decisions: Sequence[AgentDecision]) -> list[Routed]:
        return [self.route(d) for d in decisions]

    def route(self, decision: AgentDecision) -> Routed:
        s = self.settings
        earlier = [
            HistoryEntry.model_validate(h) for h in self.history.get(decision.session_id) or []
        ]
        earlier = [h for h in earlier if h.ticket_id != decision.ticket_id]
        self._remember(decision, earlier)
        if decision.outcome is Outcome.ESCALATE:
            package = self.package(decision, earlier)
            return Routed(s.escalation_topic(package.queue), decision.session_id, package, decision)
        topic = s.topic_drafts if decision.outcome is Outcome.DRAFT else s.topic_responses
        return Routed(topic, decision.session_id, decision, decision)

    def package(self, decision: AgentDecision, earlier: list[HistoryEntry]) -> Escalation:
        verdict = decision.verdict
        intent = verdict.intent
        queue = decision.queue or "general"
        if queue not in self.settings.escalation_queues:
            queue = "general"
        return Escalation(
            escalation_id=f"esc:{decision.ticket_id}",
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
            history=earlier[-self.settings.history_size :],
        )

    def recover_history(self, messages: Sequence[Message]) -> int:
        """Rebuild session history from the terminal topics after a restart; returns sessions."""
        s = self.settings
        if s.history_size == 0:
            return 0
        sessions: dict[str, dict[str, HistoryEntry]] = {}
        for topic, value in messages:
            if topic == s.topic_feedback:
                continue
            try:
                payload = json.loads(value)
                if "verdict" in payload:  # AgentDecision
                    intent = payload["verdict"]["intent"]
                    text, name, at = intent["clean_text"], intent["intent"], payload["decided_at"]
                else:  # Escalation
                    text, name, at = payload["text"], payload["intent"], payload["created_at"]
                entry = HistoryEntry(
                    ticket_id=payload["ticket_id"],
                    text=text[:500],
                    intent=name,
                    outcome=payload["outcome"],
                    at=at,
                )
            except (ValueError, KeyError, TypeError):
                continue
            known = sessions.setdefault(payload["session_id"], {})
            if entry.ticket_id not in known or known[entry.ticket_id].at <= entry.at:
                known[entry.ticket_id] = entry  # a ticket's latest place (draft → escalate)
        for session_id, entries in sessions.items():
            kept = sorted(entries.values(), key=lambda h: h.at)[-s.history_size :]
            self.history[session_id] = [h.model_dump(mode="json") for h in kept]
        return len(sessions)

    def _remember(self, decision: AgentDecision, earlier: list[HistoryEntry]) -> None:
        if self.settings.history_size == 0:
            return
        entry = HistoryEntry(
            ticket_id=decision.ticket_id,
            text=decision.verdict.intent.clean_text[:500],
            intent=decision.verdict.intent.intent,
            outcome=decision.outcome.value,
            at=decision.decided_at,
        )
        kept = [*earlier, entry][-self.settings.history_size :]
        self.history[decision.session_id] = [h.model_dump(mode="json") for h in kept]


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
