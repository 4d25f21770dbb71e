"""The ClickHouse sink: consumes interaction events and feedback, inserts in batches, and
commits Kafka offsets only after the insert succeeded (explicit ack policy).

Re-delivery is harmless: rows carry deterministic ids and the tables deduplicate on them.
While ClickHouse is down the sink retries the same batch with backoff and does not fetch
more, so memory stays bounded and nothing is acknowledged early.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pydantic import ValidationError

from schemas import Feedback, InteractionEvent
from sinks.clickhouse import ClickHouseStore
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from sinks.rows import feedback_row, interaction_row
from tollgate.config import Settings
from tollgate.kafka import consumer_kwargs
from tollgate.logs import get_logger

log = get_logger(component="sink")


@dataclass
class SinkStats:
    rows_inserted: int = 0
    feedback_inserted: int = 0
    batches: int = 0
    last_batch_size: int = 0
    rejected: int = 0
    insert_failures: int = 0
    last_insert_s: float = 0.0
    lag: dict[str, int] = field(default_factory=dict)


class ClickHouseSink:
    """Kafka → ClickHouse with at-least-once delivery and idempotent rows."""

    def __init__(self, settings: Settings, store: ClickHouseStore) -> None:
        self.settings = settings
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

    async def _run(self) -> None:
        assert self._consumer is not None
        consumer = self._consumer
        flush_ms = int(self.settings.sink_flush_s * 1000)
        while not self._stopping.is_set():
            batch = await consumer.getmany(
                timeout_ms=flush_ms, max_records=self.settings.sink_batch_size
            )
            records = [r for recs in batch.values() for r in recs]
            if not records:
                continue
            if not await self._insert_with_retry(records):
                return  # stopping while ClickHouse is down: offsets stay uncommitted
            offsets = {tp: recs[-1].offset + 1 for tp, recs in batch.items() if recs}
            await consumer.commit(offsets)
            self._update_lag(consumer, offsets)

    def _update_lag(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        for tp, committed in offsets.items():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                self.stats.lag[f"{tp.topic}:{tp.partition}"] = max(0, highwater - committed)

    def _rows(self, records: list[ConsumerRecord]) -> tuple[list[list[Any]], list[list[Any]]]:
        interactions: list[list[Any]] = []
        feedback: list[list[Any]] = []
        for record in records:
            try:
                if record.topic == self.settings.topic_feedback:
                    feedback.append(feedback_row(Feedback.model_validate_json(record.value)))
                else:
                    interactions.append(
                        interaction_row(InteractionEvent.model_validate_json(record.value))
                    )
            except (ValidationError, ValueError, TypeError) as exc:
                self.stats.rejected += 1
                log.error(
                    "sink rejected malformed event",
                    topic=record.topic,
                    partition=record.partition,
                    offset=record.offset,
                    error=str(exc)[:300],
                )
        return interactions, feedback

    async def _insert_with_retry(self, records: list[ConsumerRecord]) -> bool:
        interactions, feedback = self._rows(records)
        delay = 0.1
        while True:
            try:
                started = time.perf_counter()
                if interactions:
                    await self.store.run(
                        lambda c: c.insert(
                            "agent_interactions", interactions, column_names=INTERACTION_COLUMNS
                        )
                    )
                if feedback:
                    await self.store.run(
                        lambda c: c.insert(
                            "agent_feedback", feedback, column_names=FEEDBACK_COLUMNS
                        )
                    )
                self.stats.last_insert_s = time.perf_counter() - started
                self.stats.rows_inserted += len(interactions)
                self.stats.feedback_inserted += len(feedback)
                self.stats.batches += 1
                self.stats.last_batch_size = len(records)
                return True
            except Exception as exc:  # ClickHouse down or rejecting: back off, keep offsets
                self.stats.insert_failures += 1
                log.warning("clickhouse insert failed; retrying", error=str(exc)[:300], delay=delay)
                try:
                    await asyncio.wait_for(self._stopping.wait(), timeout=delay)
                    return False
                except TimeoutError:
                    delay = min(delay * 2, self.settings.sink_max_backoff_s)
