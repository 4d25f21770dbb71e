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

The same loop runs the sinks (:mod:`sinks.base`): a processor may raise :class:`Backpressure`
(the destination cannot take the batch now); the runner then pauses every assigned partition,
rewinds the batch's partitions to its first records, keeps polling (so the group keeps it) and
resumes after ``retry_after``: the same records are fetched and offered again, nothing is held.
Any other exception out of a processor (a pump raises only
:class:`~streams.pump.ProduceFailed`) ends the loop without marking the batch done; the
runner's :meth:`failed` then returns it, and the worker stops in order and exits with a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from tollgate.config import Settings
from tollgate.kafka import consumer_kwargs
from tollgate.logs import get_logger

OnAssigned = Callable[[set[TopicPartition]], None]
OnCommit = Callable[[Mapping[TopicPartition, int], BaseException | None], None]
"""Called after each commit attempt with the offsets and the error (``None``: committed), and
at each assignment with the group's committed offsets of the partitions assigned."""
Fetched = dict[TopicPartition, list[ConsumerRecord[Any, Any]]]
READ_COMMITTED_TIMEOUT_S = 5.0
"""How long :meth:`StageRunner.read_committed` may wait for the group coordinator."""


class Processor(Protocol):
    """What a runner feeds: :class:`~streams.pump.Pump` for a stage, a sink's pump for a sink.

    ``run`` returns once the batch is fully handled (its offsets may then be committed); it
    raises :class:`Backpressure` to have the same records offered again later. ``failure`` set
    (by a produce outside a batch, e.g. a timer's) stops the runner like a raising ``run``."""

    @property
    def failure(self) -> BaseException | None: ...

    def run(self, records: Sequence[ConsumerRecord[Any, Any]]) -> Awaitable[None]: ...


class Backpressure(Exception):
    """The batch cannot be taken now: pause, and offer the same records again after
    ``retry_after`` seconds. Nothing of the batch is acknowledged."""

    def __init__(self, retry_after: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {retry_after:.3g}s")
        self.retry_after = max(0.0, retry_after)


class StageRunner:
    """Consumes a topic (or several) in batches and feeds them to a processor, with explicit
    commits.

    ``batch_size`` (default ``settings.batch_size``) caps a batch; with ``fill_s`` the runner
    keeps fetching until the batch is full or ``fill_s`` passed (a sink's larger inserts),
    without it a batch is what one fetch returned within ``batch_within_s``.
    ``consumer_options`` are extra ``AIOKafkaConsumer`` arguments."""

    def __init__(
        self,
        *,
        name: str,
        topic: str | Sequence[str],
        pump: Processor,
        settings: Settings,
        on_assigned: OnAssigned | None = None,
        group_id: str | None = None,
        batch_size: int | None = None,
        fill_s: float = 0.0,
        consumer_options: Mapping[str, Any] | None = None,
        on_commit: OnCommit | None = None,
    ) -> None:
        self.name = name
        self.topics: tuple[str, ...] = (topic,) if isinstance(topic, str) else tuple(topic)
        self.topic = self.topics[0]
        self.pump = pump
        self.settings = settings
        self.group_id = group_id or f"{settings.app_id}.{name}"
        self.on_assigned = on_assigned
        self.on_commit = on_commit
        self.batch_size = batch_size or settings.batch_size
        self.fill_s = fill_s
        self.consumer_options = dict(consumer_options or {})
        self.commit_failures = 0
        self.failure: BaseException | None = None
        """Why the loop ended early (a produce the broker refused for good), if it did."""
        self._failed = asyncio.Event()
        self._resume_at: float | None = None
        """While backpressure holds: when to resume the paused partitions (monotonic)."""
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
            max_poll_records=self.batch_size,
            fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
            **self.consumer_options,
        )
        self.consumer.subscribe(list(self.topics), listener=_Listener(self))
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

    async def failed(self) -> BaseException:
        """Wait until the loop ends on a failure (see :attr:`failure`) and return it."""
        await self._failed.wait()
        assert self.failure is not None
        return self.failure

    async def _run(self) -> None:
        assert self.consumer is not None
        while not self._stopping.is_set():
            if self.pump.failure is not None:  # a produce outside a batch was refused
                self._fail(self.pump.failure)
                return
            if self._resume_at is not None:
                await self._hold()
                continue
            fetched = await self._fetch()
            if fetched:
                try:
                    async with self._lock:
                        await self._process(fetched)
                except Backpressure as exc:
                    self._back_off(fetched, exc)
                except Exception as exc:  # the batch stays unacknowledged; the worker stops
                    self._fail(exc)
                    return
            if time.monotonic() - self._last_commit >= self.settings.commit_interval_s:
                await self._commit()

    def _fail(self, exc: BaseException) -> None:
        self.log.critical("stage loop failed; batch not acknowledged", error=repr(exc)[:300])
        self.failure = exc
        self._failed.set()

    async def _fetch(self) -> Fetched:
        """One fetch (within ``batch_within_s``), or with ``fill_s`` several until the batch is
        full or ``fill_s`` passed."""
        assert self.consumer is not None
        within_ms = max(1, int(self.settings.batch_within_s * 1000))
        deadline = time.monotonic() + self.fill_s
        fetched: Fetched = {}
        count = 0
        while count < self.batch_size and not self._stopping.is_set():
            wait_ms = within_ms if not fetched else int((deadline - time.monotonic()) * 1000)
            if fetched and wait_ms <= 0:
                break
            try:
                more = await self.consumer.getmany(
                    timeout_ms=max(wait_ms, 0), max_records=self.batch_size - count
                )
            except KafkaError as exc:
                self.log.warning("fetch failed", error=repr(exc)[:300])
                await asyncio.sleep(0.5)
                break
            for tp, records in more.items():
                fetched.setdefault(tp, []).extend(records)
                count += len(records)
            if not more or self.fill_s <= 0:
                break
        return fetched

    def _back_off(self, fetched: Fetched, exc: Backpressure) -> None:
        """Rewind the batch's partitions to its first records and pause every partition until
        ``exc.retry_after`` passed; the records are dropped, not held."""
        assert self.consumer is not None
        consumer = self.consumer
        self.log.warning("backpressure: pausing", retry_after=exc.retry_after, reason=str(exc))
        owned = consumer.assignment()
        for tp, records in fetched.items():
            if tp in owned and records:
                consumer.seek(tp, records[0].offset)
        consumer.pause(*owned)
        fetched.clear()  # hold no record while paused
        self._resume_at = time.monotonic() + exc.retry_after

    async def _hold(self) -> None:
        """Poll the paused consumer (keeps the group membership) until it is time to resume;
        partitions assigned meanwhile are paused too, records handed out anyway rewound."""
        assert self.consumer is not None and self._resume_at is not None
        consumer = self.consumer
        remaining = self._resume_at - time.monotonic()
        if remaining <= 0:
            self._resume_at = None
            consumer.resume(*consumer.assignment())
            return
        fresh = consumer.assignment() - consumer.paused()
        if fresh:
            consumer.pause(*fresh)
        try:
            stray = await consumer.getmany(timeout_ms=max(1, int(min(remaining, 1.0) * 1000)))
        except KafkaError as exc:
            self.log.warning("poll while paused failed", error=repr(exc)[:300])
            await asyncio.sleep(min(remaining, 0.5))
            return
        for tp, records in stray.items():
            if records:
                consumer.seek(tp, records[0].offset)
                consumer.pause(tp)

    async def _process(self, fetched: Fetched) -> None:
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
        error: KafkaError | None = None
        try:
            await self.consumer.commit(offsets)
            self._committed.update(offsets)
        except KafkaError as exc:  # redelivered later: at-least-once
            error = exc
            self.commit_failures += 1
            self.log.warning("commit failed", error=repr(exc)[:300])
        if self.on_commit is not None:
            self.on_commit(offsets, error)

    async def _revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._lock:  # the batch in flight finishes first
            await self._commit(revoked)
            for tp in revoked:
                self._done.pop(tp, None)
                self._committed.pop(tp, None)

    async def _assigned(self, assigned: set[TopicPartition]) -> None:
        if self.on_assigned is not None:
            self.on_assigned(assigned)
        if self.on_commit is not None and assigned:
            await self._report_committed(assigned)

    async def read_committed(self, partitions: set[tuple[str, int]]) -> None:
        """Tell ``on_commit`` the group's committed offsets of those of ``partitions`` (topic,
        partition) this runner owns, read now: for a reader that waits for a commit it may have
        missed (an earlier owner's, when the report at assignment could not read it)."""
        if self.consumer is None or self.on_commit is None:
            return
        owned = {tp for tp in self.consumer.assignment() if (tp.topic, tp.partition) in partitions}
        if not owned:
            return
        try:  # the caller may hold the batch lock: a slow coordinator must not keep it
            async with asyncio.timeout(READ_COMMITTED_TIMEOUT_S):
                await self._report_committed(owned)
        except TimeoutError:
            self.log.warning("committed offsets not read in time", partitions=len(owned))

    async def _report_committed(self, assigned: set[TopicPartition]) -> None:
        """Tell ``on_commit`` the group's committed offsets of newly assigned partitions (an
        earlier owner's commits: the inputs behind them are not delivered again)."""
        assert self.consumer is not None and self.on_commit is not None
        known: dict[TopicPartition, int] = {}
        try:
            for tp in sorted(assigned):
                offset = await self.consumer.committed(tp)
                if offset is not None:
                    known[tp] = offset
        except KafkaError as exc:  # unknown: treated as not committed until this runner commits
            self.log.warning("committed offsets not read", error=repr(exc)[:300])
            return
        if known:
            self.on_commit(known, None)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, runner: StageRunner) -> None:
        self.runner = runner

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        await self.runner._revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        await self.runner._assigned(set(assigned))
