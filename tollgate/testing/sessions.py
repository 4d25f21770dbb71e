"""The decision stage with its sessions, driven turn by turn in process (no broker): the real
stage code of intent → constraint → session stage, with the outputs collected. For tests and
the benchmark of the session state's cost."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from aiokafka import AIOKafkaProducer, TopicPartition
from pydantic import SecretStr

from schemas import AgentDecision, Feedback, FeedbackKind, SessionState, SourceRef, Ticket
from streams.pump import Item, Out
from streams.services import build_services
from streams.session_stage import SessionInput, SessionStage, partition_of
from streams.sessions import SessionStore
from streams.stage1_intent import IntentStage
from streams.stage2_constraint import ConstraintStage
from streams.stage3_decision import DecisionStage
from tollgate.actions.demo_orders import DEMO_CUSTOMER_ID
from tollgate.config import Settings
from tollgate.intent.base import IntentModel
from tollgate.reviewers import sign_feedback

_TOKEN = "harness-review-token"  # noqa: S105 - a test harness reviewer, not a secret


class Harness:
    """Tickets and feedback in, the decisions the session stage produced out."""

    def __init__(self, settings: Settings, intent_model: IntentModel) -> None:
        # the harness's reviewer "ann" signs its feedback (only signed feedback is applied)
        settings = settings.model_copy(update={"reviewer_tokens": SecretStr(f"ann:{_TOKEN}")})
        self.settings = settings
        services = build_services(settings, intent_model=intent_model)
        self.intent, self.constraint = IntentStage(services), ConstraintStage(services)
        self.store = SessionStore(settings, cast(AIOKafkaProducer, None))
        n = settings.topic_partitions
        self.store.assigned({TopicPartition(settings.topic_constraint, p) for p in range(n)})
        for p in range(n):
            self.store.adopt(p, {})
        self.stage = SessionStage(DecisionStage(services), self.store)
        self.produced: list[Out] = []
        self.stage.produce = self._produce
        self.stage.dead_letter = lambda item, reason: [
            Out(settings.topic_deadletter, "dlq", cast(Any, item.value))
        ]
        self._offsets = itertools.count()

    async def _produce(self, outs: Sequence[Out]) -> None:
        self.produced += outs

    async def handle(self, items: Sequence[Item[SessionInput]]) -> None:
        """One batch through the stage, then its offsets committed as the runner does once
        ``handle`` returned (a raising ``handle`` commits nothing: the batch is redelivered)."""
        await self.stage.handle(items)
        done: dict[TopicPartition, int] = {}
        for item in items:
            tp = TopicPartition(item.source.topic, item.source.partition)
            done[tp] = max(done.get(tp, 0), item.source.offset + 1)
        self.stage.committed(done, None)

    def decisions(self, ticket_id: str | None = None) -> list[AgentDecision]:
        """The decisions produced, as the decision topic's consumers read them (a replayed
        outbox record is decoded from its JSON)."""
        found = [
            o.value
            if isinstance(o.value, AgentDecision)
            else AgentDecision.model_validate_json(o.value.model_dump_json())
            for o in self.produced
            if o.topic == self.settings.topic_decision
        ]
        return [d for d in found if ticket_id is None or d.ticket_id == ticket_id]

    def state(self, session_id: str) -> SessionState:
        return self.store.get(self.partition(session_id), session_id)

    def partition(self, session_id: str) -> int:
        return partition_of(session_id, self.settings.topic_partitions)

    async def items(self, turns: Sequence[tuple[str, str, str]]) -> list[Item[SessionInput]]:
        """(session, ticket_id, text) turns as the decision stage's inputs."""
        return await self._tickets([self.ticket(*turn) for turn in turns])

    @staticmethod
    def ticket(session_id: str, ticket_id: str, text: str) -> Ticket:
        return Ticket(
            ticket_id=ticket_id, session_id=session_id, text=text, customer_id=DEMO_CUSTOMER_ID
        )

    async def _tickets(self, tickets: Sequence[Ticket]) -> list[Item[SessionInput]]:
        sources = [
            SourceRef(
                topic=self.settings.topic_inbound,
                partition=self.partition(t.session_id),
                offset=next(self._offsets),
            )
            for t in tickets
        ]
        verdicts = await self.constraint.process(await self.intent.process(tickets, sources))
        return [
            Item(
                SessionInput(verdict=v),
                SourceRef(
                    topic=self.settings.topic_constraint,
                    partition=self.partition(v.intent.ticket.session_id),
                    offset=next(self._offsets),
                ),
            )
            for v in verdicts
        ]

    def say(self, session_id: str, ticket_id: str, text: str) -> AgentDecision:
        """One customer turn; returns the decision it got."""
        return self.batch([(session_id, ticket_id, text)])[0]

    def batch(self, turns: Sequence[tuple[str, str, str]]) -> list[AgentDecision]:
        tickets = [self.ticket(*turn) for turn in turns]

        async def run() -> None:
            await self.handle(await self._tickets(tickets))

        asyncio.run(run())
        return [self.decisions(t.ticket_id)[-1] for t in tickets]

    def feedback(
        self,
        session_id: str,
        ticket_id: str,
        kind: FeedbackKind,
        feedback_id: str | None = None,
        **extra: Any,
    ) -> list[AgentDecision]:
        """A reviewer's feedback (``feedback_id`` defaults to ``<ticket>:<kind>``: the same
        call twice is one decision delivered twice); returns the decisions it produced."""
        before = len(self.decisions())
        item = self.feedback_item(session_id, ticket_id, kind, feedback_id, **extra)
        asyncio.run(self.handle([item]))
        return self.decisions()[before:]

    def feedback_item(
        self,
        session_id: str,
        ticket_id: str,
        kind: FeedbackKind,
        feedback_id: str | None = None,
        **extra: Any,
    ) -> Item[SessionInput]:
        """The signed feedback message of :meth:`feedback`, at a new offset, not yet handled."""
        fb = Feedback(
            feedback_id=feedback_id or f"{ticket_id}:{kind.value}",
            ticket_id=ticket_id,
            session_id=session_id,
            kind=kind,
            reviewer="ann",
            **extra,
        )
        source = SourceRef(
            topic=self.settings.topic_feedback,
            partition=self.partition(session_id),
            offset=next(self._offsets),
        )
        return Item(SessionInput(feedback=sign_feedback(fb, "ann", _TOKEN)), source)

    def sweep(self, now: datetime) -> list[AgentDecision]:
        before = len(self.decisions())
        asyncio.run(self.stage.sweep(now))
        return self.decisions()[before:]
