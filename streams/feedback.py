"""After the terminal topics — the human in the loop.

Drafts wait in ``pending`` (bounded worker memory, keyed by ticket_id).
An approved or edited draft is sent: its proposed action runs (idempotently) and the response
goes to ``tickets.responses``. A rejected draft escalates. Nothing waits forever: a draft past
its SLA escalates. Every other kind of feedback only feeds the metrics (via the sink).
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from aiokafka.partitioner import DefaultPartitioner

from schemas import AgentDecision, Feedback, FeedbackKind, Outcome, Priority, utcnow
from streams.pump import Out
from streams.recovery import Message, read_state
from streams.services import Services
from streams.stage4_escalation import EscalationStage
from tollgate.review.approval import check_approval

_PARTITIONER = DefaultPartitioner()

Pending = MutableMapping[str, Any]
"""ticket_id → {"decision": AgentDecision JSON, "deadline": ISO timestamp}."""


class FeedbackStage:
    def __init__(self, services: Services, escalation: EscalationStage, pending: Pending) -> None:
        self.services = services
        self.escalation = escalation
        self.pending = pending

    def hold(self, decision: AgentDecision) -> None:
        """Remember a draft until a reviewer answers or its SLA runs out."""
        deadline = utcnow() + timedelta(minutes=self.services.settings.draft_sla_minutes)
        self.pending[decision.ticket_id] = {
            "decision": decision.model_dump(mode="json"),
            "deadline": deadline.isoformat(),
            "partition": self.partition_of(decision.session_id),
        }

    def partition_of(self, session_id: str) -> int:
        """The partition a session's drafts and feedback live on (same key, same partitioner)."""
        n = self.services.settings.topic_partitions
        partitions = list(range(n))
        return int(_PARTITIONER(session_id.encode(), partitions, partitions))

    def _take(self, ticket_id: str) -> AgentDecision | None:
        entry = self.pending.get(ticket_id)
        if not entry:
            return None
        del self.pending[ticket_id]
        return AgentDecision.model_validate(entry["decision"])

    async def process(self, items: Sequence[Feedback]) -> list[list[Out]]:
        return [await self.apply(feedback) for feedback in items]

    async def apply(self, feedback: Feedback) -> list[Out]:
        if feedback.kind not in (
            FeedbackKind.DRAFT_APPROVED,
            FeedbackKind.DRAFT_EDITED,
            FeedbackKind.DRAFT_REJECTED,
        ):
            return []
        draft = self._take(feedback.ticket_id)
        if draft is None:  # already answered, expired, or not a draft: nothing to send twice
            return []
        if feedback.kind is FeedbackKind.DRAFT_REJECTED:
            return self._escalate(draft, f"draft rejected by reviewer {feedback.reviewer}".strip())
        return await self._send(draft, feedback)

    async def _send(self, draft: AgentDecision, feedback: Feedback) -> list[Out]:
        settings = self.services.settings
        verdict = draft.verdict
        refusal = check_approval(draft, feedback, self.services.constraints)
        if refusal is not None and refusal.back_to_reviewer:  # a guard-rejected edit
            returned = refusal.returned_draft(draft, feedback)
            self.hold(returned)
            return [Out(settings.topic_drafts, returned.session_id, returned)]
        if refusal is not None:
            return self._escalate(draft, "; ".join(refusal.reasons))
        result = await self.services.run_action(verdict)
        if result is not None and not result.success:
            failed = draft.model_copy(update={"action_result": result})
            return self._escalate(failed, f"approved action failed: {result.error}")
        response = feedback.edited_response or draft.response
        if feedback.kind is FeedbackKind.DRAFT_APPROVED and result is not None:
            from tollgate.responses.templates import render_response

            response = render_response(verdict.intent.intent, result, verdict.intent.entities)
        sent = draft.model_copy(
            update={
                "outcome": Outcome.RESPOND,
                "action": "respond",
                "response": response,
                "action_result": result,
                "reasoning": f"{feedback.kind.value} by reviewer {feedback.reviewer}".strip(),
                "decided_at": utcnow(),
                "reviewed_by": feedback.reviewer or None,
            }
        )
        return [Out(settings.topic_responses, sent.session_id, sent)]

    def _escalate(self, draft: AgentDecision, reason: str) -> list[Out]:
        decision = draft.model_copy(
            update={
                "outcome": Outcome.ESCALATE,
                "action": "escalate",
                "reasoning": reason,
                "queue": draft.queue or "general",
                "priority": Priority.HIGH,
            }
        )
        routed = self.escalation.route(decision)
        return [Out(routed.topic, routed.key, routed.value)]

    async def rebuild(self, messages: Sequence[Message] | None = None) -> int:
        """Recover unanswered drafts from Kafka after a restart; returns how many.

        A draft is answered once its ticket shows up in feedback (draft kinds), in the responses
        (approved) or in an escalation topic (rejected or expired) — whatever the order read.
        """
        settings = self.services.settings
        if messages is None:
            messages = await read_state(settings)
        drafts: dict[str, AgentDecision] = {}
        answered: set[str] = set()
        draft_kinds = {
            k.value
            for k in (
                FeedbackKind.DRAFT_APPROVED,
                FeedbackKind.DRAFT_EDITED,
                FeedbackKind.DRAFT_REJECTED,
            )
        }
        for topic, value in messages:
            try:
                payload = json.loads(value)
                ticket_id = str(payload["ticket_id"])
                if topic == settings.topic_drafts:
                    drafts[ticket_id] = AgentDecision.model_validate(payload)
                elif topic != settings.topic_feedback or payload.get("kind") in draft_kinds:
                    answered.add(ticket_id)
            except (ValueError, KeyError, TypeError):
                continue
        for ticket_id in answered:  # answered elsewhere since this copy was made
            self.pending.pop(ticket_id, None)
        sla = timedelta(minutes=settings.draft_sla_minutes)
        for ticket_id, draft in drafts.items():
            if ticket_id not in answered and ticket_id not in self.pending:
                self.pending[ticket_id] = {
                    "decision": draft.model_dump(mode="json"),
                    "deadline": (draft.decided_at + sla).isoformat(),
                    "partition": self.partition_of(draft.session_id),
                }
        return len([t for t in drafts if t not in answered])

    def expired(self, now: datetime | None = None, owned: set[int] | None = None) -> list[Out]:
        """Escalate every draft past its SLA (and forget it).

        With ``owned``, only drafts on those feedback partitions: the worker that receives a
        draft's feedback is the one that may expire it (no double escalation across workers).
        """
        now = now or utcnow()
        due = [
            ticket_id
            for ticket_id, entry in list(self.pending.items())
            if entry
            and datetime.fromisoformat(entry["deadline"]) <= now
            and (owned is None or entry.get("partition") in owned)
        ]
        outs: list[Out] = []
        for ticket_id in due:
            draft = self._take(ticket_id)
            if draft is not None:
                minutes = self.services.settings.draft_sla_minutes
                outs += self._escalate(draft, f"draft not reviewed within its SLA ({minutes} min)")
        return outs
