"""Bench inputs: unique tickets from the demo samples, isolated settings, hop payload sizes."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from schemas import Ticket
from streams.inline import InlinePipeline
from streams.services import Services
from tollgate.config import Settings, load_settings, prefixed_topics
from tollgate.demo import sample_tickets
from tollgate.kafka import client_kwargs


def isolated_settings(base: Settings, name: str, **overrides: Any) -> Settings:
    """``base`` with its own app id and topic names (one measurement on a shared broker)."""
    prefix = f"bench{os.getpid()}-{name}"
    values: dict[str, Any] = {
        **base.model_dump(),
        "app_id": prefix,
        **prefixed_topics(prefix),
        **overrides,
    }
    return load_settings(**values)


def make_tickets(n: int, prefix: str) -> list[Ticket]:
    """``n`` tickets cycling over the demo samples, each with its own ticket and session id."""
    samples = [json.loads(raw) for raw in sample_tickets()]
    tickets = []
    for i in range(n):
        data = dict(samples[i % len(samples)])
        data.pop("created_at", None)
        data["ticket_id"] = f"{prefix}-{i}"
        data["session_id"] = f"{prefix}-s{i}"
        tickets.append(Ticket.model_validate(data))
    return tickets


async def hop_sizes(services: Services) -> list[int]:
    """Mean serialized size (bytes) of the message on each of the 5 topics of a ticket's path:
    inbound, intent, constraint, decision, terminal — measured from one inline run."""
    tickets = make_tickets(len(sample_tickets()), "size")
    results = await InlinePipeline(services).run(tickets)
    totals = [0] * 5
    for ticket, r in zip(tickets, results, strict=True):
        d = r.decision
        payloads = [ticket, d.verdict.intent, d.verdict, d, r.routed.value]
        for i, payload in enumerate(payloads):
            totals[i] += len(payload.model_dump_json().encode())
    return [max(1, t // len(tickets)) for t in totals]


def new_producer(settings: Settings) -> AIOKafkaProducer:
    return AIOKafkaProducer(**client_kwargs(settings), linger_ms=5, acks="all")


async def publish_all(settings: Settings, tickets: Sequence[Ticket]) -> None:
    """Publish every ticket to the inbound topic (keyed by session) and wait for the acks."""
    producer = new_producer(settings)
    await producer.start()
    try:
        futures = [
            await producer.send(
                settings.topic_inbound, t.model_dump_json().encode(), key=t.session_id.encode()
            )
            for t in tickets
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


K = TypeVar("K", bound=Hashable)


async def paced_publish(
    settings: Settings,
    topic: str,
    messages: Sequence[tuple[K, bytes, bytes]],
    rate: float,
    sent: dict[K, float],
) -> None:
    """Publish ``(id, key, value)`` messages at ``rate``/s in 10 ms ticks, recording each id's
    send time (``perf_counter``) in ``sent``; returns once all are acknowledged."""
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=0, acks="all")
    await producer.start()
    try:
        started = time.perf_counter()
        futures = []
        for i, (ident, key, value) in enumerate(messages):
            delay = started + i / rate - time.perf_counter()
            if delay > 0.01:
                await asyncio.sleep(delay)
            sent[ident] = time.perf_counter()
            futures.append(await producer.send(topic, value, key=key))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


READER_FETCH_WAIT_MS = 10
"""The bench readers' fetch wait: the embedded broker answers a fetch only when its wait
expires, so the default 500 ms would add ~250 ms of the reader's own to every latency."""


async def read_terminal(
    settings: Settings, expected: set[str], arrivals: dict[str, float], timeout_s: float
) -> None:
    """Read the terminal topics, recording the perf_counter time each ticket id first lands
    (fetch wait :data:`READER_FETCH_WAIT_MS`)."""
    consumer = AIOKafkaConsumer(
        **client_kwargs(settings),
        group_id=None,
        enable_auto_commit=False,
        fetch_max_wait_ms=READER_FETCH_WAIT_MS,
    )
    await consumer.start()
    try:
        parts = [
            TopicPartition(topic, p)
            for topic in settings.terminal_topics
            for p in range(settings.topic_partitions)
        ]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        async with asyncio.timeout(timeout_s):
            while len(arrivals) < len(expected):
                batch = await consumer.getmany(timeout_ms=100)
                now = time.perf_counter()
                for records in batch.values():
                    for record in records:
                        _arrived(record.value, expected, arrivals, now)
    finally:
        await consumer.stop()


def _arrived(
    value: bytes | None, expected: set[str], arrivals: dict[str, float], now: float
) -> None:
    try:
        ticket_id = json.loads(value or b"").get("ticket_id")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return
    if ticket_id in expected and ticket_id not in arrivals:
        arrivals[ticket_id] = now
