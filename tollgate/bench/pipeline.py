"""The full Kafka pipeline (worker in this process): throughput and latency at a given load."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer

from schemas import Ticket
from streams.services import Services
from tollgate.bench.workload import make_tickets, publish_all, read_terminal
from tollgate.config import Settings
from tollgate.kafka import client_kwargs
from tollgate.worker import Worker


async def warm_up(settings: Settings, n: int = 5, timeout_s: float = 120.0) -> None:
    """Push a few tickets through a started worker (group joined, connections open)."""
    tickets = make_tickets(n, f"{settings.app_id}-warm")
    arrivals: dict[str, float] = {}
    reader = asyncio.create_task(
        read_terminal(settings, {t.ticket_id for t in tickets}, arrivals, timeout_s)
    )
    await publish_all(settings, tickets)
    await reader


async def pipeline_tps(
    settings: Settings, services: Services, tickets: Sequence[Ticket], timeout_s: float = 300.0
) -> float:
    """Tickets/s: all published upfront, timed until every one reached a terminal topic."""
    expected = {t.ticket_id for t in tickets}
    arrivals: dict[str, float] = {}
    async with Worker(settings, services=services):
        await warm_up(settings)
        reader = asyncio.create_task(read_terminal(settings, expected, arrivals, timeout_s))
        started = time.perf_counter()
        await publish_all(settings, tickets)
        await reader
    return len(tickets) / (max(arrivals.values()) - started)


async def _paced_publish(
    settings: Settings, tickets: Sequence[Ticket], rate: float, sent: dict[str, float]
) -> None:
    """Publish at ``rate`` tickets/s in 10 ms ticks, recording each send time."""
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=0, acks="all")
    await producer.start()
    try:
        started = time.perf_counter()
        futures = []
        for i, ticket in enumerate(tickets):
            due = started + i / rate
            delay = due - time.perf_counter()
            if delay > 0.01:
                await asyncio.sleep(delay)
            sent[ticket.ticket_id] = time.perf_counter()
            futures.append(
                await producer.send(
                    settings.topic_inbound,
                    ticket.model_dump_json().encode(),
                    key=ticket.session_id.encode(),
                )
            )
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def latency_ms(
    settings: Settings,
    services: Services,
    tickets: Sequence[Ticket],
    rate: float,
    timeout_s: float = 300.0,
) -> list[float]:
    """End-to-end latencies (send → terminal message read), publishing at ``rate``/s."""
    expected = {t.ticket_id for t in tickets}
    arrivals: dict[str, float] = {}
    sent: dict[str, float] = {}
    async with Worker(settings, services=services):
        await warm_up(settings)
        reader = asyncio.create_task(read_terminal(settings, expected, arrivals, timeout_s))
        try:
            await asyncio.sleep(0.5)  # the reader is assigned before the first send
            await _paced_publish(settings, tickets, rate, sent)
            await reader
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
    return sorted((arrivals[k] - sent[k]) * 1000 for k in expected)
