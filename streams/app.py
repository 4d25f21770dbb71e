"""The pipeline of one worker: four stage runners top to bottom, the feedback loop, the faust app.

Each stage is a :class:`~streams.runner.StageRunner` (an aiokafka batch loop) feeding its
:class:`~streams.pump.Pump`; the handlers below turn a batch of one stage's inputs into the
next topic's messages and the interaction events for ClickHouse.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Collection, Sequence
from functools import partial
from typing import Any

import faust
from aiokafka import AIOKafkaProducer
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from faust.app.base import BootStrategy

from schemas import AgentDecision, IntentResult, Stage, Ticket
from streams.producer import BatchProducer
from streams.pump import Item, Out, Pump
from streams.runner import StageRunner
from streams.services import Services
from streams.session_stage import SessionInput, SessionStage
from streams.sessions import SessionStore, check_copartitioned
from streams.stage1_intent import IntentStage, intent_event
from streams.stage2_constraint import ConstraintStage, constraint_event
from streams.stage3_decision import DecisionStage
from streams.stage4_escalation import EscalationStage, escalation_event
from tollgate.config import Settings
from tollgate.kafka import client_kwargs

LINGER_MS = 0
"""How long a producer waits to fill a batch: not at all, a stage hands over all of a batch's
record batches at once (on the embedded broker an ack took 0.6–0.8 ms with 0, 2.7–3.0 ms with 2)."""


def stage_producer(settings: Settings) -> AIOKafkaProducer:
    """The producer of one stage. Each stage has its own: aiokafka keeps one produce request
    in flight per broker, so stages sharing a producer waited for each other's acks (at 650
    tickets/s one shared producer gave a p99 of 410–560 ms, one per stage 166–171 ms)."""
    return AIOKafkaProducer(
        **client_kwargs(settings),
        acks="all",
        linger_ms=LINGER_MS,
        max_batch_size=1024 * 1024,
        max_request_size=2 * 1024 * 1024,
    )


class _HostBoot(BootStrategy):
    """No faust Kafka consumer or producer: the stage runners bring their own clients."""

    enable_kafka = False


class HostApp(faust.App):
    """faust as the worker's host: web server (health, metrics) and timers."""

    BootStrategy = _HostBoot


def make_faust_app(settings: Settings) -> faust.App:
    return HostApp(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.kafka_servers],
        datadir=str(settings.data_dir / "faust"),
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        web_enabled=settings.web_enabled,
        web_port=settings.web_port,
        web_bind="0.0.0.0",  # noqa: S104 - health/metrics endpoint inside a container
        broker_rebalance_timeout=settings.kafka_rebalance_timeout_s,
        broker_session_timeout=10.0,
        broker_heartbeat_interval=1.0,
        consumer_auto_offset_reset="earliest",
        stream_buffer_maxsize=max(4096, settings.batch_size * 4),
        producer_linger_ms=5,
        broker_commit_interval=settings.commit_interval_s,
    )


class Pipeline:
    """The running stages of one worker: their runners, producers, and the faust app.

    The four stages are :class:`~streams.runner.StageRunner` batch loops on aiokafka (the
    decision stage also reads the reviewers' feedback); faust hosts the web server (health,
    metrics) and the SLA timer.
    """

    def __init__(
        self,
        app: faust.App,
        producers: list[AIOKafkaProducer],
        runners: list[StageRunner],
        pumps: dict[Stage, Pump[Any]],
        sessions: SessionStage | None,
        outcomes: Counter[str],
    ) -> None:
        self.app = app
        self.producers = producers
        self.runners = runners
        self.pumps = pumps
        self.sessions = sessions
        """The decision stage with its session state (None when this worker runs no decision)."""
        self.outcomes = outcomes
        """Tickets routed per terminal outcome (re-deliveries count again), for /metrics."""

    def runner(self, name: str) -> StageRunner:
        return next(r for r in self.runners if r.name == name)

    async def start(self) -> None:
        await asyncio.gather(*(producer.start() for producer in self.producers))
        if self.sessions is not None:
            settings = self.sessions.settings
            await check_copartitioned(self.sessions.store.producer, settings)
        await asyncio.gather(*(runner.start() for runner in self.runners))
        await self.app.start()

    async def stop(self) -> None:
        """Each runner finishes its batch in flight and commits; then the producers flush."""
        await self.app.stop()
        await asyncio.gather(*(runner.stop() for runner in self.runners))
        if self.sessions is not None:
            await self.sessions.store.close()
        await asyncio.gather(*(producer.stop() for producer in self.producers))


def build_app(services: Services, stages: Collection[Stage] = tuple(Stage)) -> Pipeline:
    """The four stages wired top to bottom; the decision stage keeps the sessions.

    ``stages`` picks which of them this worker runs (each stage is its own consumer group, so
    workers running different subsets complete one pipeline together); the reviewers' feedback
    and the draft-SLA timer go with the decision stage, which holds the session state (drafts
    included, ``streams/session_stage.py``).
    """
    settings = services.settings
    app = make_faust_app(settings)
    senders: dict[Stage, BatchProducer] = {}  # each stage's own producer (stage_producer)

    intent, constraint = IntentStage(services), ConstraintStage(services)
    decision, escalation = DecisionStage(services), EscalationStage(settings)
    interactions = settings.topic_interactions
    outcomes: Counter[str] = Counter()
    sessions: SessionStage | None = None

    async def handle_intent(items: Sequence[Item[Ticket]]) -> list[list[Out]]:
        results = await intent.process([i.value for i in items], [i.source for i in items])
        return [
            [
                Out(settings.topic_intent, r.ticket.session_id, r),
                Out(interactions, r.ticket.ticket_id, intent_event(r)),
            ]
            for r in results
        ]

    async def handle_constraint(items: Sequence[Item[IntentResult]]) -> list[list[Out]]:
        verdicts = await constraint.process([i.value for i in items])
        return [
            [
                Out(settings.topic_constraint, v.intent.ticket.session_id, v),
                Out(interactions, v.intent.ticket.ticket_id, constraint_event(v)),
            ]
            for v in verdicts
        ]

    async def handle_decision(items: Sequence[Item[SessionInput]]) -> list[list[Out]]:
        assert sessions is not None
        return await sessions.handle(items)

    async def handle_escalation(items: Sequence[Item[AgentDecision]]) -> list[list[Out]]:
        routed = await escalation.process([i.value for i in items])
        for r in routed:
            outcomes[r.decision.outcome.value] += 1
        return [
            [
                Out(r.topic, r.key, r.value),
                Out(interactions, r.decision.ticket_id, escalation_event(r)),
            ]
            for r in routed
        ]

    wiring: list[tuple[str, Stage, type[Any], Any]] = [
        (settings.topic_inbound, Stage.INTENT, Ticket, handle_intent),
        (settings.topic_intent, Stage.CONSTRAINT, IntentResult, handle_constraint),
        (settings.topic_constraint, Stage.DECISION, SessionInput, handle_decision),
        (settings.topic_decision, Stage.ESCALATION, AgentDecision, handle_escalation),
    ]
    pumps: dict[Stage, Pump[Any]] = {}
    runners: list[StageRunner] = []
    for topic_name, stage, model, handler in wiring:
        if stage not in stages:
            continue
        senders[stage] = BatchProducer(stage_producer(settings), settings.kafka_max_message_bytes)
        pump: Pump[Any] = Pump(
            stage=stage,
            settings=settings,
            model=model,
            handle=handler,
            send=senders[stage].send_many,
        )
        pumps[stage] = pump
        if stage is not Stage.DECISION:
            runners.append(
                StageRunner(name=stage.value, topic=topic_name, pump=pump, settings=settings)
            )
            continue
        # The decision stage keeps the sessions: it reads the feedback with the same consumer
        # (co-partitioned), restores the state of the partitions it gets.
        store = SessionStore(settings, senders[stage].producer)
        sessions = SessionStage(decision, store)
        sessions.produce = partial(_produce_counted, pump)
        sessions.dead_letter = partial(_dead_letter, pump)
        runners.append(
            StageRunner(
                name=stage.value,
                topic=[topic_name, settings.topic_feedback],
                pump=pump,
                settings=settings,
                on_assigned=store.assigned,
                on_commit=sessions.committed,  # retires the outbox entries behind the commits
                # partition p of both topics to one worker: a session's tickets and feedback
                consumer_options={"partition_assignment_strategy": (RangePartitionAssignor,)},
            )
        )

    producers = [s.producer for s in senders.values()]
    if sessions is not None:
        session_stage = sessions
        runner = next(r for r in runners if r.name == Stage.DECISION.value)
        sessions.read_committed = runner.read_committed  # a missed commit is asked for again

        @app.timer(interval=settings.draft_sla_check_s)
        async def escalate_expired_drafts() -> None:
            async with runner.batch_lock:  # never beside a batch or a revocation
                await session_stage.sweep()

    return Pipeline(app, producers, runners, pumps, sessions, outcomes)


async def _produce_counted(pump: Pump[Any], outs: Sequence[Out]) -> None:
    """The pump's produce, counted per topic like the outputs a handler returns (/metrics)."""
    await pump.produce(outs)
    for out in outs:
        pump.produced[out.topic] = pump.produced.get(out.topic, 0) + 1


def _dead_letter(pump: Pump[Any], item: Item[SessionInput], reason: str) -> list[Out]:
    """A dead letter naming the ticket's inbound message (with the ticket as the verdict
    carries it, redacted; the inbound offset has the original)."""
    verdict = item.value.verdict
    if verdict is None or verdict.intent.source is None:
        raw = item.raw or item.value.model_dump_json().encode()
        return pump.dead_letter(raw, item.source, reason, ValueError(reason))
    raw = verdict.intent.ticket.model_dump_json().encode()
    return pump.dead_letter(raw, verdict.intent.source, reason, ValueError(reason))
