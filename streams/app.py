"""The faust app: four agents, one per stage, each fed in batches through a :class:`Pump`."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Sequence
from typing import Any

import faust

from schemas import AgentDecision, ConstraintVerdict, Feedback, IntentResult, Outcome, Stage, Ticket
from streams.feedback import FeedbackStage
from streams.fetch_wait import use_fetch_max_wait
from streams.pump import Item, Out, Pump
from streams.services import Services
from streams.stage1_intent import IntentStage, intent_event
from streams.stage2_constraint import ConstraintStage, constraint_event
from streams.stage3_decision import DecisionStage, decision_event
from streams.stage4_escalation import EscalationStage, escalation_event
from streams.state import BoundedDict
from tollgate.config import Settings
from tollgate.kafka import _ssl_context


def _credentials(settings: Settings) -> Any:
    protocol = settings.kafka_security_protocol
    context = _ssl_context(settings)
    if protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password.get_secret_value(),
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def make_faust_app(settings: Settings) -> faust.App:
    use_fetch_max_wait(settings.kafka_fetch_max_wait_ms)
    return faust.App(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.kafka_servers],
        broker_credentials=_credentials(settings),
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


def build_app(services: Services) -> faust.App:
    """The faust app with the four stage agents wired top to bottom."""
    settings = services.settings
    app = make_faust_app(settings)

    def raw_topic(name: str) -> Any:
        return app.topic(
            name,
            key_type=bytes,
            value_type=bytes,
            value_serializer="raw",
            key_serializer="raw",
            partitions=settings.topic_partitions,
        )

    # Per-worker state, bounded, recovered from the terminal topics at start-up (streams/recovery).
    # Not faust tables: with a table written from the batch loop, a consumer-group rebalance
    # skipped committed-but-unprocessed events on the embedded broker (tests/reliability).
    history: BoundedDict = BoundedDict(settings.state_max_sessions)
    pending: BoundedDict = BoundedDict(settings.state_max_sessions)
    seen: BoundedDict = BoundedDict(settings.state_max_sessions)  # ticket_id → first offset

    async def send(topic: str, key: bytes | None, value: bytes) -> Any:
        return await app.producer.send(topic, key, value, None, None, None)

    intent, constraint = IntentStage(services), ConstraintStage(services)
    decision, escalation = DecisionStage(services), EscalationStage(settings, history)
    feedback = FeedbackStage(services, escalation, pending)
    app.feedback_stage = feedback  # type: ignore[attr-defined]
    app.escalation_stage = escalation  # type: ignore[attr-defined]
    interactions = settings.topic_interactions

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
            if r.decision.outcome is Outcome.DRAFT:
                feedback.hold(r.decision)
        return [
            [
                Out(r.topic, r.key, r.value),
                Out(interactions, r.decision.ticket_id, escalation_event(r)),
            ]
            for r in routed
        ]

    async def handle_feedback(items: Sequence[Item[Feedback]]) -> list[list[Out]]:
        return await feedback.process([i.value for i in items])

    stages: list[tuple[str, Stage, type[Any], Any]] = [
        (settings.topic_inbound, Stage.INTENT, Ticket, handle_intent),
        (settings.topic_intent, Stage.CONSTRAINT, IntentResult, handle_constraint),
        (settings.topic_constraint, Stage.DECISION, ConstraintVerdict, handle_decision),
        (settings.topic_decision, Stage.ESCALATION, AgentDecision, handle_escalation),
    ]
    pumps: dict[Stage, Pump[Any]] = {}
    app.pumps = pumps  # type: ignore[attr-defined]
    for topic_name, stage, model, handler in stages:
        pump: Pump[Any] = Pump(
            stage=stage, settings=settings, model=model, handle=handler, send=send
        )
        pumps[stage] = pump
        _register_agent(app, raw_topic(topic_name), stage.value, pump, settings)

    # The human in the loop: approvals, rejections, and drafts past their SLA.
    feedback_pump: Pump[Feedback] = Pump(
        stage=Stage.ESCALATION, settings=settings, model=Feedback, handle=handle_feedback, send=send
    )
    _register_agent(app, raw_topic(settings.topic_feedback), "feedback", feedback_pump, settings)

    last_owned: set[int] = set()

    @app.timer(interval=settings.draft_sla_check_s)
    async def escalate_expired_drafts() -> None:
        owned = {
            tp.partition for tp in app.consumer.assignment() if tp.topic == settings.topic_feedback
        }
        if owned - last_owned:  # partitions moved here: refresh their drafts from Kafka first
            await feedback.rebuild()
        last_owned.clear()
        last_owned.update(owned)
        await feedback_pump.produce(feedback.expired(owned=owned))

    return app


async def finish_even_if_cancelled(batch: Coroutine[Any, Any, None], grace_s: float) -> None:
    """Run a batch to the end even when the agent is cancelled (shutdown, rebalance).

    faust's ``take_events`` acknowledges the current batch in a ``finally`` block when the
    agent is cancelled mid-batch; without this, a batch whose outputs were not yet produced
    would be committed and lost. The batch gets ``grace_s`` to finish; if it cannot, the
    process exits without acknowledging (the batch is redelivered after restart).
    """
    task = asyncio.ensure_future(batch)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=grace_s)
        except BaseException:
            os._exit(70)  # never let faust acknowledge an unfinished batch
        raise


def _register_agent(
    app: faust.App, topic: Any, name: str, pump: Pump[Any], settings: Settings
) -> None:
    async def agent(stream: Any) -> None:
        async for events in stream.take_events(settings.batch_size, within=settings.batch_within_s):
            await finish_even_if_cancelled(pump.run(events), settings.shutdown_grace_s)

    agent.__name__ = agent.__qualname__ = f"{name}_agent"
    app.agent(topic, name=f"{settings.app_id}.{name}")(agent)
