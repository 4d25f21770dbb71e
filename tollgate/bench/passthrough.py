"""The ceiling: a raw aiokafka consume→produce chain over the pipeline's topic hops."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from tollgate.bench.workload import READER_FETCH_WAIT_MS, new_producer, paced_publish
from tollgate.config import Settings
from tollgate.kafka import client_kwargs, ensure_topics


async def _consumer(settings: Settings, topic: str, fetch_wait_ms: int) -> AIOKafkaConsumer:
    """Reads every partition of ``topic`` from the beginning."""
    consumer = AIOKafkaConsumer(
        **client_kwargs(settings),
        group_id=None,
        enable_auto_commit=False,
        fetch_max_wait_ms=fetch_wait_ms,
    )
    await consumer.start()
    parts = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
    consumer.assign(parts)
    await consumer.seek_to_beginning(*parts)
    return consumer


async def _hop(settings: Settings, source: str, target: str, size: int, fetch_wait_ms: int) -> None:
    """Forever: read a batch from ``source``, write one ``size``-byte message per record."""
    consumer = await _consumer(settings, source, fetch_wait_ms)
    producer = new_producer(settings)
    await producer.start()
    padding = b"x" * max(0, size - 8)
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=100, max_records=1000)
            futures = [
                await producer.send(target, r.value[:8] + padding, r.key, partition=tp.partition)
                for tp, records in batch.items()
                for r in records
            ]
            await asyncio.gather(*futures)
    finally:
        await producer.stop()
        await consumer.stop()


@contextlib.asynccontextmanager
async def _chain(
    settings: Settings, sizes: Sequence[int], name: str, fetch_wait_ms: int | None = None
) -> AsyncIterator[tuple[str, AIOKafkaConsumer]]:
    """Running hops over ``len(sizes)`` topics; yields the first topic and a reader of the last.

    Each hop forwards the first 8 bytes of a record (a sequence number) padded to its size.
    The hops fetch with the stage runners' fetch wait unless ``fetch_wait_ms`` is given."""
    topics = [f"{settings.app_id}.{name}{i}" for i in range(len(sizes))]
    await ensure_topics(settings, topics)
    wait_ms = settings.kafka_fetch_max_wait_ms if fetch_wait_ms is None else fetch_wait_ms
    hops = [
        asyncio.create_task(_hop(settings, topics[i], topics[i + 1], sizes[i + 1], wait_ms))
        for i in range(len(topics) - 1)
    ]
    reader = await _consumer(settings, topics[-1], READER_FETCH_WAIT_MS)  # as the bench's reader
    try:
        await asyncio.sleep(0.5)  # let the hops assign their partitions
        yield topics[0], reader
    finally:
        for task in hops:
            task.cancel()
        for task in hops:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await reader.stop()


async def passthrough_tps(
    settings: Settings,
    n: int,
    sizes: Sequence[int],
    timeout_s: float = 300.0,
    fetch_wait_ms: int | None = None,
) -> float:
    """Messages/s through ``len(sizes) - 1`` hops: n inbound messages published upfront, timed
    until all n were read from the last topic (the same shape as the pipeline measurement)."""
    name = "hop" if fetch_wait_ms is None else f"hop{fetch_wait_ms}ms"
    async with _chain(settings, sizes, name, fetch_wait_ms) as (first, reader):
        started = time.perf_counter()
        producer = new_producer(settings)
        await producer.start()
        try:
            futures = [
                await producer.send(first, _payload(i, sizes[0]), key=str(i).encode())
                for i in range(n)
            ]
            await asyncio.gather(*futures)
        finally:
            await producer.stop()
        await _read_all(reader, {}, n, timeout_s)
        return n / (time.perf_counter() - started)


async def passthrough_latency_ms(
    settings: Settings, n: int, sizes: Sequence[int], rate: float, timeout_s: float = 300.0
) -> list[float]:
    """End-to-end latencies (send → read from the last topic) of the raw chain, publishing
    ``n`` messages at ``rate``/s: the floor for the pipeline's latency at the same rate."""
    async with _chain(settings, sizes, "lat") as (first, reader):
        sent: dict[int, float] = {}
        arrived: dict[int, float] = {}
        reading = asyncio.create_task(_read_all(reader, arrived, n, timeout_s))
        messages = [(i, str(i).encode(), _payload(i, sizes[0])) for i in range(n)]
        await paced_publish(settings, first, messages, rate, sent)
        await reading
    return sorted((arrived[i] - sent[i]) * 1000 for i in range(n))


def _payload(i: int, size: int) -> bytes:
    return i.to_bytes(8, "big") + b"x" * max(0, size - 8)


async def _read_all(
    consumer: AIOKafkaConsumer, arrived: dict[int, float], n: int, timeout_s: float
) -> None:
    """Read until ``n`` sequence numbers arrived, recording each one's first arrival time."""
    async with asyncio.timeout(timeout_s):
        while len(arrived) < n:
            batch = await consumer.getmany(timeout_ms=100, max_records=1000)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    arrived.setdefault(int.from_bytes(record.value[:8], "big"), now)
