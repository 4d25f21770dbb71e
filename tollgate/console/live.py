"""The console's view of Kafka: the review queues and the claims, folded as messages arrive.

State lives in Kafka: every console process reads the queue topics, the feedback topic and the
claims topic from the beginning and folds them the same way (:class:`~tollgate.review.items.
QueueState`, :class:`~tollgate.console.claims.ClaimBook`), so several processes serve the same
queues. What this process publishes, it waits to read back (:meth:`LiveQueue.publish`), so a
page rendered after an action already shows its effect. Feedback that no known reviewer signed
answers nothing (:class:`~tollgate.review.items.QueueState` with the reviewer tokens).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import ValidationError

from schemas import Contract
from tollgate.config import Settings
from tollgate.console.claims import Claim, ClaimBook
from tollgate.kafka import client_kwargs, ensure_topics
from tollgate.logs import get_logger
from tollgate.review.items import QueueState, ReviewItem, review_topics

log = get_logger(component="console")


class LiveQueue:
    """Reads the queue topics forever in the background; publishes feedback and claims."""

    def __init__(self, settings: Settings, tokens: Mapping[str, str]) -> None:
        self.settings = settings
        self.tokens = dict(tokens)
        self.state = QueueState(tokens=self.tokens)
        self.claims = ClaimBook()
        self._positions: dict[TopicPartition, int] = {}
        self._changed = asyncio.Condition()
        self._caught_up = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task[None] | None = None
        self._version = 0
        self._items: tuple[int, list[ReviewItem], dict[str, ReviewItem]] = (-1, [], {})

    @property
    def topics(self) -> list[str]:
        return [*review_topics(self.settings), self.settings.topic_claims]

    async def start(self) -> None:
        await ensure_topics(self.settings, self.topics)
        self._producer = AIOKafkaProducer(**client_kwargs(self.settings), acks="all")
        await self._producer.start()
        consumer = AIOKafkaConsumer(
            **client_kwargs(self.settings), group_id=None, enable_auto_commit=False
        )
        await consumer.start()
        self._consumer = consumer
        partitions = [
            TopicPartition(topic, p)
            for topic in self.topics
            for p in sorted(consumer.partitions_for_topic(topic) or await self._wait(topic))
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        self._task = asyncio.create_task(self._run({tp: n for tp, n in ends.items() if n > 0}))

    async def _wait(self, topic: str) -> set[int]:
        assert self._consumer is not None
        for _ in range(100):
            await self._consumer.topics()  # refreshes metadata
            found = self._consumer.partitions_for_topic(topic)
            if found:
                return set(found)
            await asyncio.sleep(0.1)
        raise RuntimeError(f"topic {topic} has no partitions")

    async def ready(self, timeout_s: float = 60.0) -> None:
        """Wait until everything on the topics when the console started has been read."""
        async with asyncio.timeout(timeout_s):
            await self._caught_up.wait()

    async def _run(self, ends: dict[TopicPartition, int]) -> None:
        assert self._consumer is not None
        if not ends:
            self._caught_up.set()
        while True:
            try:
                batch = await self._consumer.getmany(timeout_ms=200, max_records=5000)
            except Exception as exc:  # keep reading once the broker is back
                log.warning("console queue reader failed; retrying", error=repr(exc)[:300])
                await asyncio.sleep(1.0)
                continue
            for tp, records in batch.items():
                for record in records:
                    self.fold(tp.topic, record.value)
                    self._positions[tp] = record.offset + 1
            if batch:
                async with self._changed:
                    self._changed.notify_all()
            if not self._caught_up.is_set() and all(
                self._positions.get(tp, 0) >= n for tp, n in ends.items()
            ):
                self._caught_up.set()

    def items(self) -> list[ReviewItem]:
        """Every pending item (drafts, escalations, flagged answers), recomputed on change."""
        return self._current()[1]

    def item(self, ticket_id: str) -> ReviewItem | None:
        """The pending item of a ticket, or None once it is answered (or never was)."""
        return self._current()[2].get(ticket_id)

    def _current(self) -> tuple[int, list[ReviewItem], dict[str, ReviewItem]]:
        if self._items[0] != self._version:
            items = self.state.items("all")
            by_id: dict[str, ReviewItem] = {}
            for item in items:
                by_id.setdefault(item.ticket_id, item)
            self._items = (self._version, items, by_id)
        return self._items

    def fold(self, topic: str, value: bytes | None) -> None:
        """One message into the state (claims, signed feedback, queue items)."""
        self._version += 1
        if topic != self.settings.topic_claims:
            self.state.add(self.settings, topic, value)  # ignores unsigned feedback
            return
        try:
            self.claims.add(Claim.model_validate_json(value or b""))
        except ValidationError:
            self.state.malformed += 1

    async def publish(self, topic: str, key: str, value: Contract, timeout_s: float = 15.0) -> None:
        """Produce (acks=all) and return once this process has read the message back."""
        assert self._producer is not None
        meta = await self._producer.send_and_wait(
            topic, value.model_dump_json().encode(), key=key.encode()
        )
        tp = TopicPartition(topic, meta.partition)
        async with asyncio.timeout(timeout_s), self._changed:
            await self._changed.wait_for(lambda: self._positions.get(tp, 0) > meta.offset)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()
        if self._producer is not None:
            await self._producer.stop()
        log.info("console queue reader stopped")
