"""The ClickHouse sink: consumes interaction events and feedback, inserts in batches, and
commits Kafka offsets only after the insert succeeded (explicit ack policy).

Re-delivery is harmless: rows carry deterministic ids and the tables deduplicate on them.

Memory is bounded by ``sink_batch_size``: the sink holds at most one batch of consumed,
unacknowledged records. While ClickHouse is down it retries that batch with backoff, pauses
every assigned partition (aiokafka then drops what it prefetched and fetches nothing more)
and keeps polling the paused consumer, so a long outage does not exceed
``max_poll_interval_ms`` and cost the sink its group membership.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import ValidationError

from sinks.clickhouse import ClickHouseStore
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from sinks.rows import feedback_columns, feedback_row, interaction_columns, interaction_values
from tollgate.config import Settings
from tollgate.kafka import consumer_kwargs
from tollgate.logs import get_logger
from tollgate.reviewers import reviewer_tokens, signed_feedback

log = get_logger(component="sink")

MAX_POLL_INTERVAL_MS = 300_000
"""aiokafka's ``max_poll_interval_ms`` for the sink's consumer (its default)."""

_FIRST_BACKOFF_S = 0.1


@dataclass
class SinkStats:
    rows_inserted: int = 0
    feedback_inserted: int = 0
    batches: int = 0
    last_batch_size: int = 0
    rejected: int = 0
    insert_failures: int = 0
    commit_failures: int = 0
    held_records: int = 0
    """Records consumed from Kafka and not yet acknowledged (the batch in flight)."""
    held_records_peak: int = 0
    last_insert_s: float = 0.0
    lag: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    """One batch of consumed records, parsed into insert-ready columns."""

    interactions: list[list[Any]]
    interaction_rows: int
    feedback: list[list[Any]]
    feedback_rows: int
    records: int
    offsets: dict[TopicPartition, int]
    """Per partition, the offset to commit once the batch is written."""


class ClickHouseSink:
    """Kafka → ClickHouse with at-least-once delivery and idempotent rows."""

    def __init__(self, settings: Settings, store: ClickHouseStore) -> None:
        self.settings = settings
        self.reviewers = reviewer_tokens(settings)
        self.store = store
        self.stats = SinkStats()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        await self.store.run(lambda _c: None)  # connect early: fail fast on a bad DSN
        self.store.apply_ddl()
        self._consumer = AIOKafkaConsumer(
            self.settings.topic_interactions,
            self.settings.topic_feedback,
            **consumer_kwargs(self.settings, group_id=f"{self.settings.app_id}-sink"),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self.settings.sink_batch_size,
            max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
        )
        await self._consumer.start()
        self._task = asyncio.create_task(self._run(), name="clickhouse-sink")

    async def stop(self) -> None:
        """Finish the in-flight batch, then stop."""
        self._stopping.set()
        if self._task:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer:
            await self._consumer.stop()

    # -- the loop -----------------------------------------------------------------------------
    async def _run(self) -> None:
        assert self._consumer is not None
        consumer = self._consumer
        while not self._stopping.is_set():
            batch = await self._next_batch(consumer)
            if batch is None:
                continue
            if not await self.write(batch, consumer):
                return  # stopping while ClickHouse is down: offsets stay uncommitted
            await self._commit(consumer, batch.offsets)
            self.stats.held_records = 0

    async def _next_batch(self, consumer: AIOKafkaConsumer) -> Batch | None:
        """Up to ``sink_batch_size`` records, waiting at most ``sink_flush_s`` to fill the batch;
        parsed off the event loop. The raw records are released once parsed."""
        size = self.settings.sink_batch_size
        deadline = time.monotonic() + self.settings.sink_flush_s
        records: list[ConsumerRecord[bytes, bytes]] = []
        while len(records) < size and not self._stopping.is_set():
            wait_ms = int((deadline - time.monotonic()) * 1000)
            if wait_ms <= 0 and records:
                break
            try:
                fetched = await consumer.getmany(
                    timeout_ms=max(wait_ms, 0), max_records=size - len(records)
                )
            except KafkaError as exc:  # e.g. a group error; the consumer recovers on the next poll
                log.warning("sink poll failed", error=str(exc)[:300])
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=_FIRST_BACKOFF_S)
                break
            if not fetched:
                break
            records.extend(r for recs in fetched.values() for r in recs)
        if not records:
            return None
        self.stats.held_records = len(records)
        self.stats.held_records_peak = max(self.stats.held_records_peak, len(records))
        return await asyncio.to_thread(self.prepare, records)

    # -- parsing ------------------------------------------------------------------------------
    def prepare(self, records: list[ConsumerRecord[bytes, bytes]]) -> Batch:
        """Validate every record and build insert columns; a malformed record is counted,
        logged with the reason and skipped (its offset is still acknowledged)."""
        interactions: list[tuple[Any, ...]] = []
        feedback: list[tuple[Any, ...]] = []
        next_offsets: dict[tuple[str, int], int] = {}
        feedback_topic = self.settings.topic_feedback
        for record in records:
            next_offsets[record.topic, record.partition] = record.offset + 1
            value = record.value
            try:
                if value is None:
                    raise ValueError("empty message")
                if record.topic == feedback_topic:  # only what a known reviewer signed
                    feedback.append(tuple(feedback_row(signed_feedback(value, self.reviewers))))
                else:
                    interactions.append(interaction_values(value))
            except (ValidationError, ValueError, TypeError) as exc:
                self.stats.rejected += 1
                log.error(
                    "sink rejected malformed event",
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    error=str(exc)[:300],
                )
        return Batch(
            interactions=interaction_columns(interactions),
            interaction_rows=len(interactions),
            feedback=feedback_columns(feedback),
            feedback_rows=len(feedback),
            records=len(records),
            offsets={TopicPartition(*key): offset for key, offset in next_offsets.items()},
        )

    # -- writing ------------------------------------------------------------------------------
    async def write(self, batch: Batch, consumer: AIOKafkaConsumer | None = None) -> bool:
        """Insert ``batch``, retrying with backoff until ClickHouse accepts it; False if the
        sink is stopping first. With ``consumer``, its partitions stay paused (and polled)
        while the inserts fail."""
        delay = _FIRST_BACKOFF_S
        paused: set[TopicPartition] = set()
        try:
            while True:
                try:
                    await self._insert(batch)
                    return True
                except Exception as exc:  # ClickHouse down or rejecting: back off, keep offsets
                    self.stats.insert_failures += 1
                    log.warning(
                        "clickhouse insert failed; retrying", error=str(exc)[:300], delay=delay
                    )
                if await self._back_off(delay, consumer, paused):
                    return False
                delay = min(delay * 2, self.settings.sink_max_backoff_s)
        finally:
            if consumer is not None and paused:
                consumer.resume(*(paused & consumer.assignment()))

    async def _insert(self, batch: Batch) -> None:
        started = time.perf_counter()
        if batch.interaction_rows:
            await self.store.insert_columns(
                "agent_interactions", batch.interactions, INTERACTION_COLUMNS
            )
        if batch.feedback_rows:
            await self.store.insert_columns("agent_feedback", batch.feedback, FEEDBACK_COLUMNS)
        self.stats.last_insert_s = time.perf_counter() - started
        self.stats.rows_inserted += batch.interaction_rows
        self.stats.feedback_inserted += batch.feedback_rows
        self.stats.batches += 1
        self.stats.last_batch_size = batch.records

    async def _back_off(
        self, delay: float, consumer: AIOKafkaConsumer | None, paused: set[TopicPartition]
    ) -> bool:
        """Wait ``delay`` seconds (True if the sink is stopping), polling the paused consumer
        often enough to stay in its group."""
        deadline = time.monotonic() + delay
        poll_every = MAX_POLL_INTERVAL_MS / 1000 / 4
        while True:
            if consumer is not None:
                await self._poll_paused(consumer, paused)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=min(remaining, poll_every))
                return True
            except TimeoutError:
                continue

    async def _poll_paused(self, consumer: AIOKafkaConsumer, paused: set[TopicPartition]) -> None:
        """Pause every assigned partition (also ones a rebalance just assigned) and poll, which
        keeps the membership alive; records handed out anyway are rewound, not held."""
        fresh = consumer.assignment() - consumer.paused()
        if fresh:
            consumer.pause(*fresh)
            paused.update(fresh)
        try:
            stray = await consumer.getmany(timeout_ms=0)
        except KafkaError as exc:
            log.warning("sink poll during clickhouse outage failed", error=str(exc)[:300])
            return
        for tp, recs in stray.items():
            if recs:
                consumer.seek(tp, recs[0].offset)
                consumer.pause(tp)
                paused.add(tp)

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        """Commit the offsets of partitions still assigned; the rest were revoked meanwhile and
        their new owner re-reads them (rows are idempotent)."""
        assigned = consumer.assignment()
        owned = {tp: offset for tp, offset in offsets.items() if tp in assigned}
        if not owned:
            return
        try:
            await consumer.commit(owned)
        except KafkaError as exc:
            self.stats.commit_failures += 1
            log.warning("sink offset commit failed; records will be re-read", error=str(exc)[:300])
            return
        for tp, committed in owned.items():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                self.stats.lag[f"{tp.topic}:{tp.partition}"] = max(0, highwater - committed)
