"""BatchProducer on the real broker: keys land where ``send`` would put them, order is kept."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from streams.producer import BatchProducer
from tollgate.config import Settings
from tollgate.kafka import client_kwargs, ensure_topics

pytestmark = pytest.mark.integration


async def _read_all(settings: Settings, topic: str, n: int) -> list[Any]:
    consumer = AIOKafkaConsumer(**client_kwargs(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        records: list[Any] = []
        async with asyncio.timeout(60):
            while len(records) < n:
                for batch in (await consumer.getmany(timeout_ms=200)).values():
                    records += batch
        return records
    finally:
        await consumer.stop()


def test_batches_land_like_send_and_keep_order(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    topic, plain = f"{settings.app_id}.batch", f"{settings.app_id}.plain"
    small = [(topic, f"session-{i % 37}".encode(), f"value-{i}".encode()) for i in range(600)]
    big = (topic, b"session-big", b"x" * 1_500_000)  # larger than one record batch

    async def run() -> tuple[list[Any], list[Any]]:
        await ensure_topics(settings, [topic, plain])
        producer = AIOKafkaProducer(
            **client_kwargs(settings), max_batch_size=16_384, max_request_size=2_000_000
        )
        await producer.start()
        try:
            await BatchProducer(producer).send_many([*small, big])
            for _, key, value in small:  # the reference: aiokafka's own per-message path
                await producer.send(plain, value, key)
            await producer.flush()
        finally:
            await producer.stop()
        return await _read_all(settings, topic, 601), await _read_all(settings, plain, 600)

    batched, reference = asyncio.run(run())
    where = {(r.key, r.value): r.partition for r in batched}
    expected = {(r.key, r.value): r.partition for r in reference}
    assert {k: v for k, v in where.items() if k[0] != b"session-big"} == expected
    assert (b"session-big", big[2]) in where
    for partition in range(settings.topic_partitions):
        values = [
            r.value for r in sorted(batched, key=lambda r: r.offset) if r.partition == partition
        ]
        sent = [v for _, k, v in small if expected[(k, v)] == partition]
        assert [v for v in values if v != big[2]] == sent  # order per partition kept
