"""The ClickHouse sink: interaction events and feedback into ClickHouse, as a
:class:`~sinks.base.BatchingSink` on the stages' runner (:class:`~streams.runner.StageRunner`).

Kafka offsets are committed only after the insert succeeded (the runner's explicit acks).
Re-delivery is harmless: rows carry deterministic ids and the tables deduplicate on them.

Memory is bounded by ``sink_batch_size``: the runner fills a batch of at most that many records
within ``sink_flush_s``. While ClickHouse is down every insert raises
:class:`~sinks.base.SinkBackpressureError` with a backoff doubling up to ``sink_max_backoff_s``:
the runner pauses every assigned partition, rewinds the batch (nothing is held) and keeps
polling the paused consumer, so a long outage does not exceed ``max_poll_interval_ms`` and
cost the sink its group membership. A malformed interaction event is dead-lettered to
``tickets.deadletter`` (``sink: "clickhouse"``).

Feedback rows come from the decision stage, not from ``tickets.feedback``: it checks every
Feedback (signature, output guard, constraint schema) and puts a
:class:`~schemas.FeedbackRecord` with its ``reason_code`` on ``tollgate.interactions``; the sink
writes one ``agent_feedback`` row per record (refused ones too, under their own row id).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from pydantic import ValidationError

from sinks.base import BatchingSink, Rejected, SinkBackpressureError, SinkPump
from sinks.clickhouse import ClickHouseStore
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS
from sinks.rows import (
    feedback_columns,
    feedback_values,
    interaction_columns,
    interaction_values,
    is_feedback_record,
    last_per_event,
)
from streams.producer import BatchProducer
from streams.pump import source_of
from streams.runner import StageRunner
from tollgate.config import Settings
from tollgate.logs import get_logger
from tollgate.textsafety.errors import describe_error

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
    rejected: list[Rejected] = field(default_factory=list)
    """Malformed interaction events, for the dead-letter topic."""


class ClickHouseSink(BatchingSink[Batch]):
    """Kafka → ClickHouse with at-least-once delivery and idempotent rows."""

    name: ClassVar[str] = "clickhouse"

    def __init__(self, settings: Settings, store: ClickHouseStore) -> None:
        self.settings = settings
        self.store = store
        self.stats = SinkStats()
        self.runner: StageRunner | None = None
        self._producer: AIOKafkaProducer | None = None
        self._delay = _FIRST_BACKOFF_S
        self._prepared: dict[tuple[str, int], int] = {}
        """Per partition, the offset after the last record prepared: a batch offered again
        after backpressure does not count (or log) its malformed records twice."""

    @property
    def _consumer(self) -> AIOKafkaConsumer | None:
        return self.runner.consumer if self.runner is not None else None

    async def start(self) -> None:
        from streams.app import stage_producer  # faust: only where a sink actually runs

        await self.store.run(lambda _c: None)  # connect early: fail fast on a bad DSN
        self.store.apply_ddl()
        settings = self.settings
        self._producer = stage_producer(settings)
        pump = SinkPump(self, settings=settings, send=BatchProducer(self._producer).send_many)
        self.runner = StageRunner(
            name="sink",
            topic=[settings.topic_interactions],
            pump=pump,
            settings=settings,
            group_id=f"{settings.app_id}-sink",
            batch_size=settings.sink_batch_size,
            fill_s=settings.sink_flush_s,
            consumer_options={"max_poll_interval_ms": MAX_POLL_INTERVAL_MS},
            on_commit=self.committed,
        )
        await self._producer.start()
        await self.runner.start()

    async def stop(self) -> None:
        """Finish the in-flight batch, commit, then stop."""
        if self.runner is not None:
            await self.runner.stop()
        if self._producer is not None:
            await self._producer.stop()

    # -- parsing ------------------------------------------------------------------------------
    def prepare(self, records: Sequence[ConsumerRecord[Any, Any]]) -> Batch:
        """Validate every record and build insert columns; a malformed record is counted,
        logged with the reason and left out of the insert (its offset is still acknowledged,
        after a malformed interaction event was dead-lettered: :meth:`rejected`)."""
        self.stats.held_records = len(records)
        self.stats.held_records_peak = max(self.stats.held_records_peak, len(records))
        interactions: list[tuple[Any, ...]] = []
        feedback: list[tuple[Any, ...]] = []
        rejected: list[Rejected] = []
        next_offsets: dict[tuple[str, int], int] = {}
        prepared = self._prepared
        for record in records:
            key = (record.topic, record.partition)
            next_offsets[key] = record.offset + 1
            value = record.value
            try:
                if value is None:
                    raise ValueError("empty message")
                if is_feedback_record(value):  # what the decision stage did with a Feedback
                    feedback.append(feedback_values(value))
                else:
                    interactions.append(interaction_values(value))
            except (ValidationError, ValueError, TypeError) as exc:
                if record.offset >= prepared.get(key, 0):  # not seen before
                    self.stats.rejected += 1
                    log.error(
                        "sink rejected malformed event",
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        error=describe_error(exc, 300),
                    )
                reason = "malformed interaction event"
                rejected.append(Rejected(value, source_of(record), reason, describe_error(exc)))
        for key, offset in next_offsets.items():
            prepared[key] = max(prepared.get(key, 0), offset)
        return Batch(
            interactions=interaction_columns(last_per_event(interactions)),
            interaction_rows=len(interactions),
            feedback=feedback_columns(feedback),
            feedback_rows=len(feedback),
            records=len(records),
            offsets={TopicPartition(*key): offset for key, offset in next_offsets.items()},
            rejected=rejected,
        )

    def rejected(self, batch: Batch) -> list[Rejected]:
        return batch.rejected

    # -- writing ------------------------------------------------------------------------------
    async def write(self, batch: Batch) -> None:
        """Insert ``batch``; :class:`SinkBackpressureError` while ClickHouse fails, with a
        retry-after doubling from 0.1 s up to ``sink_max_backoff_s`` (reset by a success)."""
        try:
            await self._insert(batch)
        except Exception as exc:  # ClickHouse down or rejecting: back off, keep offsets
            self.stats.insert_failures += 1
            self.stats.held_records = 0  # the runner rewinds: it holds none while paused
            delay = self._delay
            self._delay = min(delay * 2, self.settings.sink_max_backoff_s)
            log.warning("clickhouse insert failed; retrying", error=str(exc)[:300], delay=delay)
            raise SinkBackpressureError(delay, f"clickhouse insert failed: {exc}"[:300]) from exc
        self._delay = _FIRST_BACKOFF_S
        self.stats.held_records = 0

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

    def committed(self, offsets: Mapping[TopicPartition, int], error: BaseException | None) -> None:
        """Lag per committed partition, for the metrics; counts failed commits."""
        if error is not None:
            self.stats.commit_failures += 1
            return
        consumer = self._consumer
        for tp, offset in offsets.items():
            highwater = consumer.highwater(tp) if consumer is not None else None
            if highwater is not None:
                self.stats.lag[f"{tp.topic}:{tp.partition}"] = max(0, highwater - offset)
