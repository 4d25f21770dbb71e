"""The sink against the real broker and embedded ClickHouse: batches, acks, idempotency."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord

from schemas import DeadLetter, Feedback, FeedbackKind, InteractionEvent, Stage
from schemas.events import FeedbackReason, FeedbackRecord
from sinks import ClickHouseSink, get_store
from sinks import interactions as sink_module
from tollgate.clients import follow
from tollgate.config import Settings
from tollgate.kafka import client_kwargs, ensure_topics
from tollgate.reviewers import sign_feedback

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
            key = (p.feedback if isinstance(p, FeedbackRecord) else p).ticket_id.encode()
            await producer.send(topic, p.model_dump_json().encode(), key=key)
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
    settings = make_settings(
        sink_batch_size=100, sink_flush_s=0.1, reviewer_tokens="qa:qa-review-token-1"
    )
    prefix = settings.app_id
    events = _events(prefix, 250)
    feedback = [
        sign_feedback(
            Feedback(
                feedback_id=f"{prefix}-f{i}",
                ticket_id=f"{prefix}-{i}",
                kind=FeedbackKind.INTENT_LABEL,
                correct_intent="check_order_status",
            ),
            "qa",
            "qa-review-token-1",
        )
        for i in range(10)
    ]
    # what the decision stage did with each: applied, and a forgery reusing the first one's id
    records = [FeedbackRecord(feedback=f, reason_code=FeedbackReason.APPLIED) for f in feedback]
    forged = feedback[0].model_copy(update={"signature": ""})
    records.append(FeedbackRecord(feedback=forged, reason_code=FeedbackReason.UNSIGNED))

    async def scenario() -> tuple[int, int, int, int]:
        await ensure_topics(settings, [settings.topic_interactions])
        sink = ClickHouseSink(settings, get_store(settings.clickhouse_url))
        await sink.start()
        try:
            await _produce(settings, settings.topic_interactions, events)
            await _produce(settings, settings.topic_interactions, records)
            rows = await _count(
                sink,
                "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}",
                prefix,
                250,
            )
            fb = await _count(
                sink,
                "SELECT count() FROM agent_feedback FINAL WHERE ticket_id LIKE {p:String}"
                " AND reason_code = 'applied'",
                prefix,
                10,
            )
            refused = await _count(
                sink,
                "SELECT count() FROM agent_feedback FINAL WHERE ticket_id LIKE {p:String}"
                " AND reason_code = 'unsigned'",
                prefix,
                1,
            )
            assert refused == 1  # kept under its own row id: the real row is still there
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
            assert sink.stats.rejected == 0
            return rows, fb, raw, again
        finally:
            await sink.stop()

    rows, fb, raw, again = asyncio.run(scenario())
    assert rows == 250
    assert fb == 10
    assert raw == 500  # both deliveries were inserted...
    assert again == 250  # ...but every view reads deduplicated rows


async def _dead_letters(settings: Settings) -> list[DeadLetter]:
    stream = follow(settings, [settings.topic_deadletter], idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as messages:
        return [DeadLetter.model_validate_json(value) async for *_, value in messages]


async def _pulled_not_committed(consumer: AIOKafkaConsumer) -> int:
    """Records the consumer has handed to the sink and the sink has not acknowledged."""
    total = 0
    for tp in consumer.assignment():
        total += await consumer.position(tp) - (await consumer.committed(tp) or 0)
    return total


def _live_consumer_records() -> int:
    return sum(isinstance(o, ConsumerRecord) for o in gc.get_objects())


def test_sink_memory_stays_bounded_while_clickhouse_rejects_inserts(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ClickHouse rejects every insert while 2,000 events (and some poison) arrive: the sink
    holds at most one batch (between attempts it rewinds and holds none), keeps its group
    membership through an outage longer than max_poll_interval, commits nothing; after
    recovery every event is stored exactly once and the poison is dead-lettered."""
    monkeypatch.setattr(sink_module, "MAX_POLL_INTERVAL_MS", 1_000)
    batch_size = 200
    settings = make_settings(sink_batch_size=batch_size, sink_flush_s=0.1, sink_max_backoff_s=0.2)
    prefix = settings.app_id
    events = _events(prefix, 2000)
    poison = [b"not json", b'{"event_id": 7}', b"{}"]
    store = get_store(settings.clickhouse_url)
    real_insert = store.insert_columns
    broken = True

    async def flaky_insert(table: str, columns: list[list[Any]], names: Sequence[str]) -> None:
        if broken:
            raise ConnectionError("clickhouse unavailable")
        await real_insert(table, columns, names)

    monkeypatch.setattr(store, "insert_columns", flaky_insert)

    async def scenario() -> dict[str, Any]:
        nonlocal broken
        await ensure_topics(
            settings,
            [settings.topic_interactions, settings.topic_feedback, settings.topic_deadletter],
        )
        sink = ClickHouseSink(settings, store)
        await sink.start()
        assert sink._consumer is not None
        consumer = sink._consumer
        baseline_records = _live_consumer_records()
        try:
            producer = AIOKafkaProducer(**client_kwargs(settings))
            await producer.start()
            try:
                for i, event in enumerate(events):
                    await producer.send(
                        settings.topic_interactions, event.model_dump_json().encode()
                    )
                    if i % 500 == 0:
                        await producer.send(settings.topic_interactions, poison[i // 500 % 3])
                await producer.flush()
            finally:
                await producer.stop()
            pulled: list[int] = []
            live: list[int] = []
            deadline = time.monotonic() + 3.0  # three times max_poll_interval
            while time.monotonic() < deadline:
                pulled.append(await _pulled_not_committed(consumer))
                if len(pulled) % 10 == 1:
                    live.append(_live_consumer_records() - baseline_records)
                await asyncio.sleep(0.1)
            during = int(
                store.query(
                    "SELECT count() FROM agent_interactions WHERE ticket_id LIKE {p:String}",
                    {"p": prefix + "-%"},
                )[0][0]
            )
            outage = {
                "failures": sink.stats.insert_failures,
                "peak": sink.stats.held_records_peak,
                "assigned": len(consumer.assignment()),
            }
            broken = False
            after = await _count(
                sink,
                "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}",
                prefix,
                2000,
            )
            deadline = time.monotonic() + 30
            while await _pulled_not_committed(consumer) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            distinct = int(
                store.query(
                    "SELECT uniqExact(event_id) FROM agent_interactions "
                    "WHERE ticket_id LIKE {p:String}",
                    {"p": prefix + "-%"},
                )[0][0]
            )
            committed = 0
            for tp in consumer.assignment():
                committed += await consumer.committed(tp) or 0
            return {
                **outage,
                "pulled": pulled,
                "live": live,
                "during": during,
                "after": after,
                "distinct": distinct,
                "committed": committed,
                "rejected": sink.stats.rejected,
                "commit_failures": sink.stats.commit_failures,
                "letters": await _dead_letters(settings),
            }
        finally:
            await sink.stop()

    result = asyncio.run(scenario())
    assert result["failures"] > 0
    assert result["during"] == 0
    # Memory: one batch at most, by every count.
    assert max(result["pulled"]) <= batch_size
    assert 0 < result["peak"] <= batch_size
    assert max(result["live"]) <= batch_size
    # Still a group member after an outage three times max_poll_interval.
    # (the sink reads tollgate.interactions only: feedback arrives there as FeedbackRecords)
    assert result["assigned"] == settings.topic_partitions
    assert result["commit_failures"] == 0
    # Recovery: every event exactly once, poison skipped, every offset acknowledged.
    assert result["after"] == 2000
    assert result["distinct"] == 2000
    assert result["rejected"] == len(range(0, 2000, 500))
    assert result["committed"] == 2000 + len(range(0, 2000, 500))
    # ...and each poison message dead-lettered once, with the reason and its bytes.
    letters = result["letters"]
    assert sorted(letter.original() for letter in letters) == sorted(
        poison[i // 500 % 3] for i in range(0, 2000, 500)
    )
    assert all(letter.sink == "clickhouse" and letter.stage is None for letter in letters)
    assert all(letter.reason == "malformed interaction event" for letter in letters)
    assert len({(letter.partition, letter.offset) for letter in letters}) == len(letters)
