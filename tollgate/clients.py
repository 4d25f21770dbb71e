"""Upstream and downstream helpers: publish tickets, follow a topic."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from schemas import Ticket
from tollgate.config import Settings
from tollgate.kafka import caught_up, client_kwargs


@dataclass(frozen=True)
class Published:
    """Where a message landed."""

    ticket_id: str | None
    partition: int
    offset: int


def read_jsonl(path: Path) -> list[bytes]:
    """Non-empty lines of a JSONL file, as bytes (not parsed: malformed lines stay malformed)."""
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def ticket_key(raw: bytes) -> tuple[bytes | None, str | None]:
    """Kafka key (session_id) and ticket_id of a raw message, when it is a valid ticket."""
    try:
        ticket = Ticket.model_validate_json(raw)
    except ValueError:
        return None, None
    return ticket.session_id.encode(), ticket.ticket_id


async def publish(
    settings: Settings, messages: Iterable[bytes], topic: str | None = None
) -> list[Published]:
    """Publish raw messages to the inbound topic, keyed by session_id when they parse."""
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=5, acks="all")
    try:
        await producer.start()  # inside: a failed start still closes the client
        futures = []
        for raw in messages:
            key, ticket_id = ticket_key(raw)
            fut = await producer.send(topic or settings.topic_inbound, raw, key=key)
            futures.append((ticket_id, fut))
        out = []
        for ticket_id, fut in futures:
            meta = await fut
            out.append(Published(ticket_id, meta.partition, meta.offset))
        return out
    finally:
        await producer.stop()


async def publish_keyed(
    settings: Settings, topic: str, messages: Iterable[tuple[bytes, bytes]]
) -> list[Published]:
    """Publish (key, value) messages to ``topic`` and wait for every acknowledgement."""
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=5, acks="all")
    try:
        await producer.start()  # inside: a failed start still closes the client
        futures = [await producer.send(topic, value, key=key) for key, value in messages]
        return [
            Published(None, meta.partition, meta.offset) for meta in await asyncio.gather(*futures)
        ]
    finally:
        await producer.stop()


async def follow(
    settings: Settings,
    topics: list[str],
    *,
    from_beginning: bool = True,
    idle_timeout_s: float | None = None,
    topic_wait_s: float = 60.0,
) -> AsyncGenerator[tuple[str, int, int, bytes], None]:
    """Yield (topic, partition, offset, value) from topics, without joining a consumer group.

    With ``idle_timeout_s`` the read ends after that long without a message, but never before
    it has reached the end offsets the topics had when it began: a fetch that stalls longer
    than the timeout (a loaded broker or event loop) cannot cut a read of retained data short.
    """
    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=None, enable_auto_commit=False)
    try:
        await consumer.start()  # inside: a failed start still closes the client
        partitions = [
            TopicPartition(topic, p)
            for topic in topics
            for p in await _partitions(consumer, topic, wait_s=topic_wait_s)
        ]
        consumer.assign(partitions)
        if from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        ends = await consumer.end_offsets(partitions) if idle_timeout_s is not None else {}
        idle = 0.0
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                idle += 0.5
                idled = idle_timeout_s is not None and idle >= idle_timeout_s
                if idled and await caught_up(consumer, ends):
                    return
                continue
            idle = 0.0
            for tp, records in batch.items():
                for r in records:
                    yield tp.topic, tp.partition, r.offset, r.value
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str, wait_s: float) -> set[int]:
    """The topic's partitions, waiting for it to be created (a worker may not be up yet)."""
    deadline = time.monotonic() + wait_s
    while True:
        found = consumer.partitions_for_topic(topic)
        if found:
            return set(found)
        if time.monotonic() >= deadline:
            raise LookupError(f"topic {topic!r} does not exist (waited {wait_s:g} s)")
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.2)
