"""The ceiling: a raw aiokafka consume→produce chain over the pipeline's topic hops."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from tollgate.bench.workload import new_producer
from tollgate.config import Settings
from tollgate.kafka import client_kwargs, ensure_topics


async def _consumer(settings: Settings, topic: str) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=None, enable_auto_commit=False)
    await consumer.start()
    parts = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
    consumer.assign(parts)
    await consumer.seek_to_beginning(*parts)
    return consumer


async def _hop(settings: Settings, source: str, target: str, size: int) -> None:
    """Forever: read a batch from ``source``, write one ``size``-byte message per record."""
    consumer = await _consumer(settings, source)
    producer = new_producer(settings)
    await producer.start()
    payload = b"x" * size
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=100, max_records=1000)
            futures = [
                await producer.send(target, payload, key=r.key, partition=tp.partition)
                for tp, records in batch.items()
                for r in records
            ]
            await asyncio.gather(*futures)
    finally:
        await producer.stop()
        await consumer.stop()


async def passthrough_tps(
    settings: Settings, n: int, sizes: Sequence[int], timeout_s: float = 300.0
) -> float:
    """Messages/s through ``len(sizes) - 1`` hops: n inbound messages published upfront, timed
    until all n were read from the last topic (the same shape as the pipeline measurement)."""
    topics = [f"{settings.app_id}.hop{i}" for i in range(len(sizes))]
    await ensure_topics(settings, topics)
    hops = [
        asyncio.create_task(_hop(settings, topics[i], topics[i + 1], sizes[i + 1]))
        for i in range(len(topics) - 1)
    ]
    sink = await _consumer(settings, topics[-1])
    try:
        await asyncio.sleep(0.5)  # let the hops assign their partitions
        started = time.perf_counter()
        producer = new_producer(settings)
        await producer.start()
        payload = b"x" * sizes[0]
        try:
            futures = [
                await producer.send(topics[0], payload, key=str(i).encode()) for i in range(n)
            ]
            await asyncio.gather(*futures)
        finally:
            await producer.stop()
        seen = 0
        async with asyncio.timeout(timeout_s):
            while seen < n:
                seen += await _count_batch(sink)
        return n / (time.perf_counter() - started)
    finally:
        for task in hops:
            task.cancel()
        for task in hops:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await sink.stop()


async def _count_batch(consumer: AIOKafkaConsumer) -> int:
    batch = await consumer.getmany(timeout_ms=100, max_records=1000)
    return sum(len(records) for records in batch.values())
