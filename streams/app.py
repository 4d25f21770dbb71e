"""The pipeline of one worker: four stage runners top to bottom, the feedback loop, the faust app.

Each stage is a :class:`~streams.runner.StageRunner` (an aiokafka batch loop) feeding its
:class:`~streams.pump.Pump`; the handlers below turn a batch of one stage's inputs into the
next topic's messages and the interaction events for ClickHouse.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

import faust
from aiokafka import AIOKafkaProducer
from faust.app.base import BootStrategy

from schemas import AgentDecision, ConstraintVerdict, Feedback, IntentResult, Outcome, Stage, Ticket
from streams.feedback import FeedbackStage
from streams.producer import BatchProducer
from streams.pump import Item, Out, Pump
from streams.runner import StageRunner
from streams.services import Services
from streams.stage1_intent import IntentStage, intent_event
from streams.stage2_constraint import ConstraintStage, constraint_event
from streams.stage3_decision import DecisionStage, decision_event
from streams.stage4_escalation import EscalationStage, escalation_event
from streams.state import BoundedDict
from tollgate.config import Settings
from tollgate.kafka import client_kwargs
from tollgate.reviewers import reviewer_tokens, verify_feedback

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
    """The running stages of one worker: five runners, their producers, and the faust app.

    The four stages and the feedback loop are :class:`~streams.runner.StageRunner` batch loops
    on aiokafka; faust hosts the web server (health, metrics) and the SLA timer.
    """

    def __init__(
        self,
        app: faust.App,
        producers: list[AIOKafkaProducer],
        runners: list[StageRunner],
        pumps: dict[Stage, Pump[Any]],
        feedback_stage: FeedbackStage,
        escalation_stage: EscalationStage,
        outcomes: Counter[str],
    ) -> None:
        self.app = app
        self.producers = producers
        self.runners = runners
        self.pumps = pumps
        self.feedback_stage = feedback_stage
        self.escalation_stage = escalation_stage
        self.outcomes = outcomes
        """Tickets routed per terminal outcome (re-deliveries count again), for /metrics."""

    def runner(self, name: str) -> StageRunner:
        return next(r for r in self.runners if r.name == name)

    async def start(self) -> None:
        await asyncio.gather(*(producer.start() for producer in self.producers))
        await asyncio.gather(*(runner.start() for runner in self.runners))
        await self.app.start()

    async def stop(self) -> None:
        """Each runner finishes its batch in flight and commits; then the producers flush."""
        await self.app.stop()
        await asyncio.gather(*(runner.stop() for runner in self.runners))
        await asyncio.gather(*(producer.stop() for producer in self.producers))


def build_app(services: Services, stages: Collection[Stage] = tuple(Stage)) -> Pipeline:
    """The four stages wired top to bottom, plus the human-in-the-loop feedback stage.

    ``stages`` picks which of them this worker runs (each stage is its own consumer group, so
    workers running different subsets complete one pipeline together); the feedback loop and
    its SLA timer go with the escalation stage, which holds the drafts.
    """
    settings = services.settings
    app = make_faust_app(settings)
    senders: dict[Stage, BatchProducer] = {}  # each stage's own producer (stage_producer)

    # Per-worker state, bounded, recovered from the terminal topics at start-up (streams/recovery).
    # Not faust tables: with a table written from the batch loop, a consumer-group rebalance
    # skipped committed-but-unprocessed events on the embedded broker (tests/reliability).
    history: BoundedDict = BoundedDict(settings.state_max_sessions)
    pending: BoundedDict = BoundedDict(settings.state_max_sessions)
    seen: BoundedDict = BoundedDict(settings.state_max_sessions)  # ticket_id → first offset

    intent, constraint = IntentStage(services), ConstraintStage(services)
    decision, escalation = DecisionStage(services), EscalationStage(settings, history)
    feedback = FeedbackStage(services, escalation, pending)
    interactions = settings.topic_interactions
    outcomes: Counter[str] = Counter()

    async def handle_intent(items: Sequence[Item[Ticket]]) -> list[list[Out]]:
        fresh, outs = [], []
        for item in items:
            first = seen.get(item.value.ticket_id)
            here = (item.source.partition, item.source.offset)
            if first is not None and tuple(first) != here:  # same id, another message
                raw = item.raw or item.value.model_dump_json().encode()
                reason = f"duplicate ticket_id (first seen at {first[0]}:{first[1]})"
                outs.append(
                    pumps[Stage.INTENT].dead_letter(raw, item.source, reason, ValueError(reason))
                )
            else:
                seen[item.value.ticket_id] = here
                fresh.append(item)
                outs.append([])
        results = iter(await intent.process([i.value for i in fresh], [i.source for i in fresh]))
        fresh_ids = {id(i) for i in fresh}
        for per_item, item in zip(outs, items, strict=True):
            if id(item) in fresh_ids:
                r = next(results)
                per_item += [
                    Out(settings.topic_intent, r.ticket.session_id, r),
                    Out(interactions, r.ticket.ticket_id, intent_event(r)),
                ]
        return outs

    async def handle_constraint(items: Sequence[Item[IntentResult]]) -> list[list[Out]]:
        verdicts = await constraint.process([i.value for i in items])
        return [
            [
                Out(settings.topic_constraint, v.intent.ticket.session_id, v),
                Out(interactions, v.intent.ticket.ticket_id, constraint_event(v)),
            ]
            for v in verdicts
        ]

    async def handle_decision(items: Sequence[Item[ConstraintVerdict]]) -> list[list[Out]]:
        decisions = await decision.process([i.value for i in items])
        return [
            [
                Out(settings.topic_decision, d.session_id, d),
                Out(interactions, d.ticket_id, decision_event(d)),
            ]
            for d in decisions
        ]

    async def handle_escalation(items: Sequence[Item[AgentDecision]]) -> list[list[Out]]:
        routed = await escalation.process([i.value for i in items])
        for r in routed:
            outcomes[r.decision.outcome.value] += 1
            if r.decision.outcome is Outcome.DRAFT:
                feedback.hold(r.decision)
        return [
            [
                Out(r.topic, r.key, r.value),
                Out(interactions, r.decision.ticket_id, escalation_event(r)),
            ]
            for r in routed
        ]

    reviewers = reviewer_tokens(settings)

    async def handle_feedback(items: Sequence[Item[Feedback]]) -> list[list[Out]]:
        outs: list[list[Out]] = []
        for item in items:  # only feedback a known reviewer signed is applied (issue 17.3)
            refused = verify_feedback(item.value, reviewers)
            if refused:
                reason = f"feedback refused: {refused}"
                err = PermissionError(reason)
                raw = item.raw or item.value.model_dump_json().encode()
                outs.append(feedback_pump.dead_letter(raw, item.source, reason, err))
            else:
                outs.append(await feedback.apply(item.value))
        return outs

    wiring: list[tuple[str, Stage, type[Any], Any]] = [
        (settings.topic_inbound, Stage.INTENT, Ticket, handle_intent),
        (settings.topic_intent, Stage.CONSTRAINT, IntentResult, handle_constraint),
        (settings.topic_constraint, Stage.DECISION, ConstraintVerdict, handle_decision),
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
        runners.append(
            StageRunner(name=stage.value, topic=topic_name, pump=pump, settings=settings)
        )

    producers = [s.producer for s in senders.values()]
    if Stage.ESCALATION not in stages:
        return Pipeline(app, producers, runners, pumps, feedback, escalation, outcomes)

    # The human in the loop: approvals, rejections, and drafts past their SLA.
    feedback_pump: Pump[Feedback] = Pump(
        stage=Stage.ESCALATION,
        settings=settings,
        model=Feedback,
        handle=handle_feedback,
        send=senders[Stage.ESCALATION].send_many,  # the drafts' stage: its producer
    )
    feedback_runner = StageRunner(
        name="feedback", topic=settings.topic_feedback, pump=feedback_pump, settings=settings
    )
    runners.append(feedback_runner)
    last_owned: set[int] = set()

    @app.timer(interval=settings.draft_sla_check_s)
    async def escalate_expired_drafts() -> None:
        owned = {tp.partition for tp in feedback_runner.assignment()}
        if owned - last_owned:  # partitions moved here: refresh their drafts from Kafka first
            await feedback.rebuild()
        last_owned.clear()
        last_owned.update(owned)
        await feedback_pump.produce(feedback.expired(owned=owned))

    return Pipeline(app, producers, runners, pumps, feedback, escalation, outcomes)
