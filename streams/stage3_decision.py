"""Stage 3 — decision: cascade on confidence, run the allowed action, write the response.

The response comes from the :class:`~tollgate.responses.responder.Responder`: templates, or an LLM
when ``TOLLGATE_RESPONSE_MODEL`` is set, always through the output guard. A response the guard
rejects is never sent: the ticket becomes a draft (or, already a draft, an escalation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Literal

from schemas import (
    ActionResult,
    AgentDecision,
    ConstraintVerdict,
    InteractionEvent,
    Outcome,
    Priority,
    Stage,
)
from streams.cascade import decide_outcome
from streams.services import Services
from tollgate.actions.errors import OWNERSHIP_REFUSALS, error_code
from tollgate.knowledge.decide import KNOWLEDGE_SOURCE, knowledge_step
from tollgate.responses.generator import TEMPLATE_SOURCE, ResponseRequest
from tollgate.responses.responder import Responder
from tollgate.responses.templates import render_clarify

SECURITY_QUEUE = "security"
"""Where a refused action on another customer's resource escalates, with the evidence."""
_PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]
_ACTION_FIELD: dict[Outcome, Literal["respond", "escalate", "clarify"]] = {
    Outcome.RESPOND: "respond",
    Outcome.RESPOND_REVIEW: "respond",
    Outcome.DRAFT: "respond",
    Outcome.CLARIFY: "clarify",
    Outcome.ESCALATE: "escalate",
}


class DecisionStage:
    stage = Stage.DECISION

    def __init__(self, services: Services) -> None:
        self.services = services
        self.responder = services.responder or Responder()

    async def process(self, verdicts: Sequence[ConstraintVerdict]) -> list[AgentDecision]:
        return list(await asyncio.gather(*(self.decide(v) for v in verdicts)))

    async def decide(self, verdict: ConstraintVerdict) -> AgentDecision:
        settings = self.services.settings
        intent = verdict.intent
        ticket = intent.ticket
        outcome, reasoning = decide_outcome(verdict, settings)
        knowledge = knowledge_step(self.services.knowledge, verdict, settings)
        if knowledge is not None:
            outcome, reasoning = knowledge.outcome, knowledge.reasoning
        answer = knowledge.answer if knowledge is not None else None
        action_result: ActionResult | None = None
        response: str | None = None
        source: str | None = None
        tokens, cost = 0, 0.0

        if outcome is Outcome.DRAFT:  # a reviewer must never be offered someone else's order
            refused = await self.services.authorize(verdict)
            if refused is not None:
                action_result, outcome = refused, Outcome.ESCALATE
                reasoning = f"action {refused.name} refused: {refused.error}"
        if outcome in (Outcome.RESPOND, Outcome.RESPOND_REVIEW) and answer is None:
            action_result = await self.services.run_action(verdict)
            if action_result is not None and not action_result.success:
                outcome = Outcome.ESCALATE
                reasoning = (
                    f"action {action_result.name} failed after {action_result.attempts} "
                    f"attempt(s): {action_result.error}"
                )
        if outcome is Outcome.CLARIFY:
            response = render_clarify(intent.intent, verdict.missing, entities=intent.entities)
            source = TEMPLATE_SOURCE
        elif outcome in (Outcome.RESPOND, Outcome.RESPOND_REVIEW, Outcome.DRAFT):
            composed = await self.responder.respond(
                ResponseRequest(
                    intent=intent.intent,
                    text=intent.clean_text,
                    action_result=action_result,
                    entities=intent.entities,
                    customer_id=ticket.customer_id,
                    reference=answer.text if answer else "",
                    grounding=answer.sources if answer else None,
                )
            )
            response, source = composed.text, composed.source
            if answer is not None and source == TEMPLATE_SOURCE:
                source = KNOWLEDGE_SOURCE
            tokens, cost = composed.tokens, composed.cost
            if composed.problems:
                outcome = Outcome.DRAFT if outcome is not Outcome.DRAFT else Outcome.ESCALATE
                reasoning = "output guard: " + "; ".join(composed.problems)
            if composed.note:
                reasoning = f"{reasoning}; {composed.note}"

        queue, priority = self._route(verdict, outcome)
        if outcome is Outcome.ESCALATE and error_code(action_result) in OWNERSHIP_REFUSALS:
            queue, priority = SECURITY_QUEUE, Priority.HIGH  # someone else's order or account
            reasoning += f" (customer {ticket.customer_id or 'unknown'})"
        return AgentDecision(
            ticket_id=ticket.ticket_id,
            session_id=ticket.session_id,
            action=_ACTION_FIELD[outcome],
            outcome=outcome,
            confidence=intent.confidence,
            reasoning=reasoning,
            fallback=f"route to human queue {queue}" if queue else None,
            response=response,
            response_source=source,
            response_tokens=tokens,
            response_cost=cost,
            action_result=action_result,
            citations=answer.citations if answer is not None else [],
            queue=queue,
            priority=priority,
            verdict=verdict,
        )

    @staticmethod
    def _route(verdict: ConstraintVerdict, outcome: Outcome) -> tuple[str | None, Priority]:
        if outcome is not Outcome.ESCALATE:
            return None, Priority.NORMAL
        if verdict.triggers:
            top = max(verdict.triggers, key=lambda t: _PRIORITY_ORDER.index(t.priority))
            return top.queue, top.priority
        if verdict.violations:
            return "general", Priority.HIGH
        return verdict.route_queue or "general", Priority.NORMAL


def decision_event(decision: AgentDecision) -> InteractionEvent:
    intent = decision.verdict.intent
    result = decision.action_result
    return InteractionEvent(
        event_id=InteractionEvent.make_id(decision.ticket_id, Stage.DECISION),
        ticket_id=decision.ticket_id,
        session_id=decision.session_id,
        stage=Stage.DECISION,
        user_input=intent.clean_text,
        intent_detected=intent.intent,
        confidence_score=decision.confidence,
        model=decision.response_source or "",
        tokens=decision.response_tokens,
        cost=decision.response_cost,
        action_taken=result.name if result else "",
        success=result.success if result else decision.outcome is not Outcome.ESCALATE,
        escalated=decision.outcome is Outcome.ESCALATE,
        outcome=decision.outcome.value,
        triggers=[t.name for t in decision.verdict.triggers],
        error=(result.error or "") if result else "",
        attempts=result.attempts if result else 0,
        first_try=result.first_try if result else False,
        queue=decision.queue or "",
        citations=[c.source for c in decision.citations],
    )
