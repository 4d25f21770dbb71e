"""The naive design: one ticket at a time through the same stage code (no Kafka, no batching)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from schemas import Ticket
from streams.inline import InlinePipeline
from streams.services import Services


async def sequential_tps(services: Services, tickets: Sequence[Ticket]) -> float:
    """Tickets/s when each ticket waits for the previous one to finish all four stages."""
    pipeline = InlinePipeline(services)
    started = time.perf_counter()
    for ticket in tickets:
        await pipeline.run([ticket])
    return len(tickets) / (time.perf_counter() - started)
