"""The same four stages, in process and without Kafka (evaluation, tests, what-if runs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemas import AgentDecision, Outcome, Ticket
from streams.services import Services, build_services
from streams.stage1_intent import IntentStage
from streams.stage2_constraint import ConstraintStage
from streams.stage3_decision import DecisionStage
from streams.stage4_escalation import EscalationStage, Routed
from tollgate.config import Settings
from tollgate.intent.base import IntentModel


@dataclass(frozen=True)
class InlineResult:
    """Where one text ended and why."""

    ticket_id: str
    intent: str
    confidence: float
    outcome: str
    triggers: list[str]
    action: str | None
    decision: AgentDecision
    routed: Routed


class InlinePipeline:
    """Stages 1→4 chained in process; build once, run many batches."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.intent = IntentStage(services)
        self.constraint = ConstraintStage(services)
        self.decision = DecisionStage(services)
        self.escalation = EscalationStage(services.settings)

    async def run(self, tickets: Sequence[Ticket]) -> list[InlineResult]:
        intents = await self.intent.process(tickets)
        verdicts = await self.constraint.process(intents)
        decisions = await self.decision.process(verdicts)
        routed = await self.escalation.process(decisions)
        return [
            InlineResult(
                ticket_id=d.ticket_id,
                intent=d.verdict.intent.intent,
                confidence=d.confidence,
                outcome=d.outcome.value,
                triggers=[t.name for t in d.verdict.triggers],
                action=d.verdict.proposed_action if d.outcome is not Outcome.ESCALATE else None,
                decision=d,
                routed=r,
            )
            for d, r in zip(decisions, routed, strict=True)
        ]


async def run_inline(
    texts: Sequence[str],
    settings: Settings,
    *,
    intent_model: IntentModel | None = None,
    batch_size: int = 512,
) -> list[InlineResult]:
    """Run texts through the four stages in process, in batches, and return where each ended."""
    pipeline = InlinePipeline(build_services(settings, intent_model=intent_model))
    results: list[InlineResult] = []
    for start in range(0, len(texts), batch_size):
        chunk = texts[start : start + batch_size]
        tickets = [
            Ticket(ticket_id=f"inline-{start + i}", text=text) for i, text in enumerate(chunk)
        ]
        results += await pipeline.run(tickets)
    return results
