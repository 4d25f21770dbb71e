"""The sink against the real broker and embedded ClickHouse: batches, acks, idempotency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from schemas import Feedback, FeedbackKind, InteractionEvent, Stage
from sinks import ClickHouseSink, get_store
from tollgate.config import Settings
from tollgate.kafka import client_kwargs, ensure_topics

pytestmark = pytest.mark.integration


def _events(prefix: str, n: int) -> list[InteractionEvent]:
    return [
        InteractionEvent(
            event_id=InteractionEvent.make_id(f"{prefix}-{i}", Stage.INTENT),
            ticket_id=f"{prefix}-{i}",
            session_id=f"{prefix}-s{i % 7}",
            stage=Stage.INTENT,
            user_input="where is my order",
            intent_detected="check_order_status",
            confidence_score=0.5 + (i % 5) / 10,
        )
        for i in range(n)
    ]


async def _produce(settings: Settings, topic: str, payloads: list[Any]) -> None:
    producer = AIOKafkaProducer(**client_kwargs(settings))
    await producer.start()
    try:
        for p in payloads:
            await producer.send(topic, p.model_dump_json().encode(), key=p.ticket_id.encode())
        await producer.flush()
    finally:
        await producer.stop()


async def _count(
    sink: ClickHouseSink, sql: str, prefix: str, expected: int, timeout: float = 30
) -> int:
    deadline = time.monotonic() + timeout
    value = -1
    while time.monotonic() < deadline:
        value = int(sink.store.query(sql, {"p": prefix + "-%"})[0][0])
        if value >= expected:
            return value
        await asyncio.sleep(0.1)
    return value


def test_sink_inserts_events_and_feedback_and_ignores_redelivery(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(sink_batch_size=100, sink_flush_s=0.1)
    prefix = settings.app_id
    events = _events(prefix, 250)
    feedback = [
        Feedback(
            feedback_id=f"{prefix}-f{i}",
            ticket_id=f"{prefix}-{i}",
            kind=FeedbackKind.INTENT_LABEL,
            correct_intent="check_order_status",
        )
        for i in range(10)
    ]

    async def scenario() -> tuple[int, int, int, int]:
        await ensure_topics(settings, [settings.topic_interactions, settings.topic_feedback])
        sink = ClickHouseSink(settings, get_store(settings.clickhouse_url))
        await sink.start()
        try:
            await _produce(settings, settings.topic_interactions, events)
            await _produce(settings, settings.topic_feedback, feedback)
            rows = await _count(
                sink,
                "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}",
                prefix,
                250,
            )
            fb = await _count(
                sink,
                "SELECT count() FROM agent_feedback FINAL WHERE ticket_id LIKE {p:String}",
                prefix,
                10,
            )
            # Re-deliver everything: the numbers must not move.
            await _produce(settings, settings.topic_interactions, events)
            deadline = time.monotonic() + 30
            while sink.stats.rows_inserted < 500 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            raw = sink.stats.rows_inserted  # merges may already have removed duplicates
            again = int(
                sink.store.query(
                    "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}",
                    {"p": prefix + "-%"},
                )[0][0]
            )
            return rows, fb, raw, again
        finally:
            await sink.stop()

    rows, fb, raw, again = asyncio.run(scenario())
    assert rows == 250
    assert fb == 10
    assert raw == 500  # both deliveries were inserted...
    assert again == 250  # ...but every view reads deduplicated rows


def test_sink_keeps_offsets_until_clickhouse_accepts(
    make_settings: Callable[..., Settings],
) -> None:
    """ClickHouse rejecting inserts: nothing is committed, everything arrives after recovery."""
    settings = make_settings(sink_batch_size=500, sink_flush_s=0.1, sink_max_backoff_s=0.2)
    prefix = settings.app_id
    events = _events(prefix, 2000)

    async def scenario() -> tuple[int, int, int]:
        await ensure_topics(settings, [settings.topic_interactions, settings.topic_feedback])
        store = get_store(settings.clickhouse_url)
        sink = ClickHouseSink(settings, store)
        await sink.start()
        real_run = store.run
        broken = True

        async def flaky_run(fn: Any) -> Any:
            if broken and "insert" in getattr(fn, "__code__", fn).co_names:
                raise ConnectionError("clickhouse unavailable")
            return await real_run(fn)

        store.run = flaky_run  # type: ignore[method-assign]
        try:
            await _produce(settings, settings.topic_interactions, events)
            await asyncio.sleep(1.5)
            failures = sink.stats.insert_failures
            during = int(
                store.query(
                    "SELECT count() FROM agent_interactions WHERE ticket_id LIKE {p:String}",
                    {"p": prefix + "-%"},
                )[0][0]
            )
            broken = False
            after = await _count(
                sink,
                "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}",
                prefix,
                2000,
            )
            return failures, during, after
        finally:
            store.run = real_run  # type: ignore[method-assign]
            await sink.stop()

    failures, during, after = asyncio.run(scenario())
    assert failures > 0
    assert during == 0
    assert after == 2000
