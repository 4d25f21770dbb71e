"""One stage as a batch loop on an aiokafka consumer: fetch → pump → produce (acked) → commit.

Why not a faust agent: faust's per-event machinery (an ``Event`` per message, a channel
queue, per-event acks) capped a four-stage chain at ~0.18× of the raw Kafka ceiling on this
broker (bench/RESULTS.md). Here a stage reads a whole fetch at once and hands it to its
:class:`~streams.pump.Pump`, which never raises and returns only after every output was
acknowledged by the broker. Only then are the batch's offsets marked done; done offsets are
committed every ``commit_interval_s``, before partitions are revoked and on stop. So a crash
at any point redelivers, never skips (at-least-once; outputs are idempotent by ticket id).

A rebalance waits for the batch in flight (a lock shared with the revoke callback); records
fetched for partitions that were revoked meanwhile are dropped unprocessed — their new owner
reads them from the committed offset.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.errors import KafkaError

from streams.pump import Pump
from tollgate.config import Settings
from tollgate.kafka import consumer_kwargs
from tollgate.logs import get_logger

OnAssigned = Callable[[set[TopicPartition]], None]


class StageRunner:
    """Consumes one topic in batches and feeds them to a pump, with explicit commits."""

    def __init__(
        self,
        *,
        name: str,
        topic: str,
        pump: Pump[Any],
        settings: Settings,
        on_assigned: OnAssigned | None = None,
        extra_topics: Sequence[str] = (),
    ) -> None:
        """``extra_topics``: more topics for the same consumer, assigned with the range assignor
        so partition p of every topic goes to one worker (co-partitioned session state)."""
        self.name = name
        self.topic = topic
        self.pump = pump
        self.settings = settings
        self.group_id = f"{settings.app_id}.{name}"
        self.on_assigned = on_assigned
        self.extra_topics = tuple(extra_topics)
        self.consumer: AIOKafkaConsumer | None = None
        self.log = get_logger(stage=name, component="runner")
        self._lock = asyncio.Lock()
        self._done: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_commit = time.monotonic()

    async def start(self) -> None:
        settings = self.settings
        self.consumer = AIOKafkaConsumer(
            **consumer_kwargs(settings, group_id=self.group_id),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=settings.batch_size,
            fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
            **(
                {"partition_assignment_strategy": (RangePartitionAssignor,)}
                if self.extra_topics
                else {}
            ),
        )
        self.consumer.subscribe([self.topic, *self.extra_topics], listener=_Listener(self))
        await self.consumer.start()
        self._task = asyncio.create_task(self._run(), name=f"stage-{self.name}")

    async def stop(self) -> None:
        """Let the batch in flight finish (up to ``shutdown_grace_s``), commit, leave the group."""
        self._stopping.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), self.settings.shutdown_grace_s)
            except TimeoutError:
                self.log.error("batch did not finish within the grace period; not committed")
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
        if self.consumer is not None:
            await self._commit()
            await self.consumer.stop()

    @property
    def batch_lock(self) -> asyncio.Lock:
        """Held while a batch runs and while partitions are revoked (for work beside batches)."""
        return self._lock

    def assignment(self) -> set[TopicPartition]:
        return set(self.consumer.assignment()) if self.consumer is not None else set()

    def lag(self) -> dict[TopicPartition, int]:
        """Messages not yet committed per owned partition (best effort)."""
        consumer = self.consumer
        lag: dict[TopicPartition, int] = {}
        if consumer is None:
            return lag
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is not None:
                lag[tp] = max(0, high - self._committed.get(tp, self._done.get(tp, 0)))
        return lag

    async def _run(self) -> None:
        assert self.consumer is not None
        consumer = self.consumer
        within_ms = max(1, int(self.settings.batch_within_s * 1000))
        while not self._stopping.is_set():
            try:
                fetched = await consumer.getmany(
                    timeout_ms=within_ms, max_records=self.settings.batch_size
                )
            except KafkaError as exc:
                self.log.warning("fetch failed", error=repr(exc)[:300])
                await asyncio.sleep(0.5)
                continue
            if fetched:
                async with self._lock:
                    await self._process(fetched)
            if time.monotonic() - self._last_commit >= self.settings.commit_interval_s:
                await self._commit()

    async def _process(self, fetched: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]) -> None:
        assert self.consumer is not None
        owned = self.consumer.assignment()
        records = [r for tp, batch in fetched.items() if tp in owned for r in batch]
        if not records:
            return
        await self.pump.run(records)
        for tp, batch in fetched.items():
            if tp in owned and batch:
                self._done[tp] = batch[-1].offset + 1

    async def _commit(self, partitions: set[TopicPartition] | None = None) -> None:
        """Commit the offsets of fully processed batches (all, or only ``partitions``)."""
        self._last_commit = time.monotonic()
        assert self.consumer is not None
        offsets = {
            tp: offset
            for tp, offset in self._done.items()
            if (partitions is None or tp in partitions) and self._committed.get(tp) != offset
        }
        if not offsets:
            return
        try:
            await self.consumer.commit(offsets)
            self._committed.update(offsets)
        except KafkaError as exc:  # redelivered later: at-least-once
            self.log.warning("commit failed", error=repr(exc)[:300])

    async def _revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._lock:  # the batch in flight finishes first
            await self._commit(revoked)
            for tp in revoked:
                self._done.pop(tp, None)
                self._committed.pop(tp, None)

    def _assigned(self, assigned: set[TopicPartition]) -> None:
        if self.on_assigned is not None:
            self.on_assigned(assigned)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, runner: StageRunner) -> None:
        self.runner = runner

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        await self.runner._revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.runner._assigned(set(assigned))
