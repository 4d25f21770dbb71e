"""Stage 3 — decision: cascade on confidence, run the allowed action, write the response.

The response comes from the :class:`~tollgate.responses.responder.Responder`: templates, or an LLM
when ``TOLLGATE_RESPONSE_MODEL`` is set, always through the output guard. A response the guard
rejects is never sent: the ticket becomes a draft (or, already a draft, an escalation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
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
from schemas.events import REPLY_MAX_CHARS
from streams.cascade import decide_outcome, doubt_gate
from streams.services import Services
from tollgate.actions.errors import OWNERSHIP_REFUSALS, error_code
from tollgate.actions.foresight import known_part
from tollgate.actions.idempotency import IdempotencyStore
from tollgate.knowledge.answer import KnowledgeAnswer
from tollgate.knowledge.decide import KNOWLEDGE_SOURCE, knowledge_step
from tollgate.responses.generator import TEMPLATE_SOURCE, ResponseRequest
from tollgate.responses.pack import active_templates
from tollgate.responses.responder import ComposedResponse, Responder
from tollgate.responses.templates import render_clarify, render_response
from tollgate.textsafety.redaction import redact_text_bounded

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

    async def decide(
        self, verdict: ConstraintVerdict, store: IdempotencyStore | None = None
    ) -> AgentDecision:
        """Decide one verdict; ``store`` holds the session's action results (see run_action)."""
        settings = self.services.settings
        intent = verdict.intent
        ticket = intent.ticket
        outcome, reasoning = decide_outcome(verdict, settings)
        knowledge = knowledge_step(self.services.knowledge, verdict, settings)
        if knowledge is not None:
            outcome, reasoning = knowledge.outcome, knowledge.reasoning
        outcome, reasoning = doubt_gate(verdict, outcome, reasoning)
        answer = knowledge.answer if knowledge is not None else None
        action_result: ActionResult | None = None
        foreseen: ActionResult | None = None
        composed: ComposedResponse | None = None

        if outcome is Outcome.DRAFT:  # a reviewer must never be offered someone else's order
            refused = await self.services.authorize(verdict)
            if refused is not None:
                action_result, outcome = refused, Outcome.ESCALATE
                reasoning = f"action {refused.name} refused: {refused.error}"
        if outcome in (Outcome.RESPOND, Outcome.RESPOND_REVIEW) and answer is None:
            action_result = await self.services.run_action(verdict, store)
            if action_result is not None and not action_result.success:
                outcome = Outcome.ESCALATE
                reasoning = (
                    f"action {action_result.name} failed after {action_result.attempts} "
                    f"attempt(s): {action_result.error}"
                )
        if outcome is Outcome.CLARIFY:
            composed = ComposedResponse(
                render_clarify(intent.intent, verdict.missing, entities=intent.entities),
                TEMPLATE_SOURCE,
            )
        elif outcome in (Outcome.RESPOND, Outcome.RESPOND_REVIEW, Outcome.DRAFT):
            # A draft shows the reply that is sent if its action succeeds (the reviewer approves
            # that text; a different real result goes back to the reviewer, see foresaw).
            composed = await self.compose(verdict, action_result, answer)
            if outcome is Outcome.DRAFT and (expected := self.services.foresee(verdict)):
                written = await self.compose(verdict, expected, answer)
                generic = active_templates().texts.generic_problem
                if not written.problems and written.text != generic:
                    composed, foreseen = written, expected
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
            response=composed.text if composed else None,
            response_source=composed.source if composed else None,
            response_tokens=composed.tokens if composed else 0,
            response_cost=composed.cost if composed else 0.0,
            action_result=action_result,
            foreseen_result=foreseen,
            citations=answer.citations if answer is not None else [],
            queue=queue,
            priority=priority,
            verdict=verdict,
        )

    async def compose(
        self,
        verdict: ConstraintVerdict,
        result: ActionResult | None,
        answer: KnowledgeAnswer | None = None,
    ) -> ComposedResponse:
        """The customer reply for ``verdict`` given the action's ``result`` (and the knowledge
        base's ``answer``, if it had one), guarded."""
        intent = verdict.intent
        composed = await self.responder.respond(
            ResponseRequest(
                intent=intent.intent,
                text=intent.clean_text,
                action_result=result,
                entities=intent.entities,
                customer_id=intent.ticket.customer_id,
                reference=answer.text if answer else "",
                grounding=answer.sources if answer else None,
            )
        )
        if answer is not None and composed.source == TEMPLATE_SOURCE:
            return replace(composed, source=KNOWLEDGE_SOURCE)
        return composed

    def escalated(
        self, verdict: ConstraintVerdict, reason: str, queue: str, priority: Priority
    ) -> AgentDecision:
        """A decision that goes to a human without running anything (e.g. the session is
        already with one)."""
        ticket = verdict.intent.ticket
        return AgentDecision(
            ticket_id=ticket.ticket_id,
            session_id=ticket.session_id,
            action="escalate",
            outcome=Outcome.ESCALATE,
            confidence=verdict.intent.confidence,
            reasoning=reason,
            fallback=f"route to human queue {queue}",
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
        if verdict.trigger_doubts:  # a near miss goes to the people who handle that trigger
            top = max(verdict.trigger_doubts, key=lambda t: _PRIORITY_ORDER.index(t.priority))
            return top.queue, Priority.NORMAL
        if verdict.violations:
            return "general", Priority.HIGH
        return verdict.route_queue or "general", Priority.NORMAL


def foresaw(draft: AgentDecision, result: ActionResult) -> bool:
    """Whether the real ``result`` of ``draft``'s action gives the reply the draft shows: the
    draft was written for a foreseen result, ``result`` succeeded, and its known part (the data
    keys foreseen) renders the same template text as the foreseen result. Then the approved
    text is sent as it is; otherwise the new reply goes back to the reviewer."""
    foreseen = draft.foreseen_result
    if foreseen is None or not result.success or result.name != foreseen.name:
        return False
    intent = draft.verdict.intent
    expected = render_response(intent.intent, foreseen, intent.entities)
    return render_response(intent.intent, known_part(result, foreseen), intent.entities) == expected


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
        reply=redact_text_bounded(decision.response, REPLY_MAX_CHARS) if decision.response else "",
    )
