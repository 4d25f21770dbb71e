"""Produce many messages at once: one record batch per topic-partition, acks awaited together.

``AIOKafkaProducer.send`` does per-message work (metadata wait, partitioning, accumulator
bookkeeping) that showed up as a tenth of a worker's CPU in profiles; a stage already holds a
whole batch of outputs, so it builds the record batches itself. Partitions are chosen by
aiokafka's :class:`~aiokafka.partitioner.DefaultPartitioner` (murmur2 of the key, as Java
clients do), so keys land where ``send`` would put them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

from tollgate.fitting import fit_json

Message = tuple[str, bytes | None, bytes]
"""topic, key, value"""


class BatchProducer:
    """Wraps a started :class:`AIOKafkaProducer`; :meth:`send_many` returns once all are acked."""

    def __init__(self, producer: AIOKafkaProducer, max_message_bytes: int | None = None) -> None:
        """``max_message_bytes``: larger JSON values are shortened to fit (tollgate.fitting)."""
        self.producer = producer
        self.max_message_bytes = max_message_bytes
        self._partitioner = DefaultPartitioner()
        self._partitions: dict[str, list[int]] = {}

    async def _partitions_of(self, topic: str) -> list[int]:
        parts = self._partitions.get(topic)
        if parts is None:
            parts = self._partitions[topic] = sorted(await self.producer.partitions_for(topic))
        return parts

    async def send_many(self, messages: Sequence[Message]) -> None:
        """Send every message (order kept per topic-partition) and wait for the acks."""
        groups: dict[tuple[str, int], list[tuple[bytes | None, bytes]]] = {}
        for topic, key, value in messages:
            if self.max_message_bytes is not None:
                value = fit_json(value, self.max_message_bytes)
            parts = self._partitions.get(topic) or await self._partitions_of(topic)
            partition = self._partitioner(key, parts, parts)
            groups.setdefault((topic, partition), []).append((key, value))
        futures: list[Any] = []
        try:
            for (topic, partition), records in groups.items():
                futures += await self._send_partition(topic, partition, records)
            await asyncio.gather(*futures)
        except Exception:
            self._partitions.clear()  # metadata may have changed: look it up again next time
            raise

    async def _send_partition(
        self, topic: str, partition: int, records: list[tuple[bytes | None, bytes]]
    ) -> list[Any]:
        futures: list[Any] = []
        batch = self.producer.create_batch()
        count = 0
        for key, value in records:
            if batch.append(key=key, value=value, timestamp=None) is not None:
                count += 1
                continue
            if count:  # full: send it and start the next one
                futures.append(await self.producer.send_batch(batch, topic, partition=partition))
                batch, count = self.producer.create_batch(), 0
                if batch.append(key=key, value=value, timestamp=None) is not None:
                    count = 1
                    continue
            # larger than a whole batch: the producer's own path (checks max_request_size)
            futures.append(await self.producer.send(topic, value, key, partition=partition))
        if count:
            futures.append(await self.producer.send_batch(batch, topic, partition=partition))
        return futures
