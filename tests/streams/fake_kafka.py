"""In-memory test doubles of the two Kafka ends a stage touches, for acknowledgement tests
without a broker: a consumer (fetch positions, pauses, seeks, commits, a rebalance listener)
and a producer's ``send_many`` (acks that can be held back or refused)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition
from aiokafka.errors import KafkaConnectionError


@dataclass(frozen=True)
class Record:
    """The parts of an aiokafka ``ConsumerRecord`` the runner and the pumps read."""

    topic: str
    partition: int
    offset: int
    value: bytes | None
    timestamp: int = 0
    key: bytes | None = None


class FakeConsumer:
    """An ``AIOKafkaConsumer`` over in-memory partition logs, all assigned at start."""

    def __init__(self, partitions: Iterable[TopicPartition]) -> None:
        self.logs: dict[TopicPartition, list[Record]] = {tp: [] for tp in partitions}
        self.positions = dict.fromkeys(self.logs, 0)
        self.committed_offsets: dict[TopicPartition, int] = {}
        self.commits: list[dict[TopicPartition, int]] = []
        self.fetched: list[tuple[TopicPartition, int]] = []
        """Every (partition, offset) handed out, in order (a record offered twice shows twice)."""
        self.assigned: set[TopicPartition] = set()
        self.paused_partitions: set[TopicPartition] = set()
        self.listener: Any = None
        self.kwargs: dict[str, Any] = {}
        self.stopped = False

    def __call__(self, **kwargs: Any) -> FakeConsumer:
        """Stands in for the ``AIOKafkaConsumer`` class: records the constructor arguments."""
        self.kwargs = kwargs
        return self

    def append(self, tp: TopicPartition, values: Sequence[bytes | None]) -> None:
        log = self.logs[tp]
        log += [Record(tp.topic, tp.partition, len(log) + i, v) for i, v in enumerate(values)]

    # -- the AIOKafkaConsumer surface the runner uses ---------------------------------------------
    def subscribe(self, topics: list[str], listener: Any) -> None:
        self.listener = listener

    async def start(self) -> None:
        self.assigned = set(self.logs)
        self.positions = {tp: self.committed_offsets.get(tp, 0) for tp in self.logs}
        await self.listener.on_partitions_assigned(set(self.assigned))

    async def stop(self) -> None:
        self.stopped = True

    def assignment(self) -> set[TopicPartition]:
        return set(self.assigned)

    def paused(self) -> set[TopicPartition]:
        return set(self.paused_partitions)

    def pause(self, *tps: TopicPartition) -> None:
        self.paused_partitions.update(tps)

    def resume(self, *tps: TopicPartition) -> None:
        self.paused_partitions.difference_update(tps)

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.positions[tp] = offset

    def highwater(self, tp: TopicPartition) -> int:
        return len(self.logs[tp])

    async def getmany(
        self, timeout_ms: int = 0, max_records: int | None = None
    ) -> dict[TopicPartition, list[Record]]:
        room = max_records if max_records is not None else 1 << 30
        out: dict[TopicPartition, list[Record]] = {}
        for tp in sorted(self.assigned - self.paused_partitions):
            take = self.logs[tp][self.positions[tp] : self.positions[tp] + room]
            if take:
                out[tp] = take
                self.positions[tp] += len(take)
                self.fetched += [(tp, r.offset) for r in take]
                room -= len(take)
        if not out:
            await asyncio.sleep(min(timeout_ms, 5) / 1000)
        return out

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))
        self.committed_offsets.update(offsets)

    async def committed(self, tp: TopicPartition) -> int | None:
        return self.committed_offsets.get(tp)

    # -- a rebalance ------------------------------------------------------------------------------
    async def revoke(self, tps: set[TopicPartition]) -> None:
        """What aiokafka does on a rebalance: the listener first, then the partitions go."""
        await self.listener.on_partitions_revoked(set(tps))
        self.assigned -= tps


class FakeBroker:
    """A ``send_many`` whose acknowledgements can be held back (``gate``) or refused."""

    def __init__(self) -> None:
        self.acked: list[tuple[str, bytes | None, bytes]] = []
        self.calls = 0
        self.refuse = 0
        """How many of the next sends fail (``-1``: all of them)."""
        self.gate = asyncio.Event()
        self.gate.set()

    async def send_many(self, messages: Sequence[tuple[str, bytes | None, bytes]]) -> None:
        self.calls += 1
        await self.gate.wait()
        if self.refuse:
            self.refuse -= 1 if self.refuse > 0 else 0
            raise KafkaConnectionError("broker unavailable")
        self.acked += messages

    def topics(self) -> list[str]:
        return [topic for topic, _k, _v in self.acked]


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until ``condition()`` holds (a ``TimeoutError`` after ``timeout`` seconds)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.002)
