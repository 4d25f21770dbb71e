"""Stage 2 — constraint: is the proposed action allowed, forbidden, or must a trigger escalate?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from schemas import ConstraintVerdict, IntentResult, InteractionEvent, Priority, Stage, Trigger
from streams.services import Services
from tollgate.constraints.check import check_action
from tollgate.constraints.schema import ConstraintSchema
from tollgate.constraints.triggers import detect_triggers, learned_triggers
from tollgate.intent.base import OUT_OF_SCOPE

if TYPE_CHECKING:
    from tollgate.constraints.model import TriggerScores


class ConstraintStage:
    stage = Stage.CONSTRAINT

    def __init__(self, services: Services) -> None:
        self.services = services

    async def process(self, results: Sequence[IntentResult]) -> list[ConstraintVerdict]:
        batch = [(result.ticket.text, result.clean_text) for result in results]
        learned = learned_triggers(batch, self.services.trigger_model)  # one pass per batch
        if learned is None:
            return [self.check(result) for result in results]
        return [self.check(r, scores) for r, scores in zip(results, learned, strict=True)]

    def check(
        self, result: IntentResult, learned: TriggerScores | None = None
    ) -> ConstraintVerdict:
        schema = self.services.constraints
        hits = detect_triggers(
            result.ticket.text,
            result.clean_text,
            schema,
            self.services.trigger_model,
            suggested=result.llm_triggers,
            learned=learned.fired if learned is not None else None,
        )
        routed = (_trigger(schema, hit.name, hit.evidence) for hit in hits)
        triggers = [trigger for trigger in routed if trigger is not None]
        doubts: list[Trigger] = []
        model = self.services.trigger_model
        if not triggers and learned is not None and model is not None:  # else it escalates
            near = (
                _trigger(schema, name, f"model:{score:.2f}<{model.thresholds[name]:.2f}")
                for name, score in learned.doubted.items()
            )
            doubts = [doubt for doubt in near if doubt is not None]
        # From here on only the cleaned text travels (stage 1 already redacted the raw text).
        result = result.model_copy(
            update={"ticket": result.ticket.model_copy(update={"text": result.clean_text})}
        )
        return build_verdict(result, triggers, schema, doubts)


def _trigger(schema: ConstraintSchema, name: str, evidence: str) -> Trigger | None:
    """``name`` routed per the schema (``None`` when the schema disables it)."""
    route = schema.escalation_triggers.get(name)
    if route is not None and not route.enabled:
        return None
    return Trigger(
        name=name,
        evidence=evidence[:200],
        queue=route.queue if route else "general",
        priority=Priority(route.priority) if route else Priority.NORMAL,
    )


def build_verdict(
    result: IntentResult,
    triggers: list[Trigger],
    schema: ConstraintSchema,
    doubts: Sequence[Trigger] = (),
) -> ConstraintVerdict:
    """The verdict on ``result`` (redacted) with the triggers (and near misses) already found:
    the intent's action, its params from the entities, violations and missing details. The
    decision stage calls it again when a conversation supplies details the first turn lacked."""
    if result.intent == OUT_OF_SCOPE:
        return ConstraintVerdict(
            intent=result, allowed=not triggers, triggers=triggers, trigger_doubts=list(doubts)
        )
    check = check_action(result.intent, result.entities, result.ticket.customer_id, schema)
    return ConstraintVerdict(
        intent=result,
        proposed_action=check.action,
        action_params=dict(check.params),
        allowed=not triggers and not check.violations,
        triggers=triggers,
        trigger_doubts=list(doubts),
        violations=list(check.violations),
        missing=list(check.missing),
        always_escalate=check.always_escalate,
        route_queue=check.queue,
    )


def constraint_event(verdict: ConstraintVerdict) -> InteractionEvent:
    ticket = verdict.intent.ticket
    return InteractionEvent(
        event_id=InteractionEvent.make_id(ticket.ticket_id, Stage.CONSTRAINT),
        ticket_id=ticket.ticket_id,
        session_id=ticket.session_id,
        stage=Stage.CONSTRAINT,
        user_input=verdict.intent.clean_text,
        intent_detected=verdict.intent.intent,
        confidence_score=verdict.intent.confidence,
        action_taken=verdict.proposed_action or "",
        success=verdict.allowed,
        escalated=not verdict.allowed or verdict.always_escalate,
        triggers=[t.name for t in verdict.triggers],
        error="; ".join(verdict.violations),
    )
