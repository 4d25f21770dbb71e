"""A third-party (librdkafka, confluent-kafka) producer for the broker tests: upstream systems
and review tools are not written with aiokafka, and librdkafka's default partitioner
(``consistent_random``, CRC32 of the key) places a session's messages on other partitions than
the murmur2 the stages use. The stages must cope (tickets are re-keyed by stage 1, feedback is
forwarded to the partition that owns the session)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from confluent_kafka import KafkaError, Message, Producer

from tollgate.config import Settings


def _produce(settings: Settings, topic: str, messages: Sequence[tuple[str, bytes]]) -> None:
    producer = Producer(
        {"bootstrap.servers": ",".join(settings.kafka_servers), "acks": "all", "linger.ms": 5}
    )
    failed: list[str] = []

    def delivered(error: KafkaError | None, _message: Message) -> None:
        if error is not None:
            failed.append(str(error))

    for key, value in messages:
        producer.produce(topic, value, key=key.encode(), on_delivery=delivered)
        producer.poll(0)
    left = producer.flush(60)
    if left or failed:
        raise RuntimeError(f"librdkafka: {left} not delivered, errors {failed[:3]}")


async def produce(settings: Settings, topic: str, messages: Sequence[tuple[str, bytes]]) -> None:
    """Publish (key, value) messages with librdkafka's defaults; returns when every one is
    acknowledged by the broker (raises otherwise). Runs on a thread: the event loop keeps
    serving the test's watchers meanwhile."""
    await asyncio.to_thread(_produce, settings, topic, messages)
