"""The per-ticket cost of the session state: the decision stage alone against the decision
stage with its sessions, on the same tickets, in process (CPU time; the changelog produce is
not in it)."""

from __future__ import annotations

import statistics
import time
from typing import Any

from tollgate.testing.sessions import Harness

TEXT = "Where is my order 10000001?"


async def session_cost(harness: Harness, tickets: int, rounds: int = 3) -> dict[str, Any]:
    """``ratio``: median over ``rounds`` of (µs per ticket with sessions) / (µs alone, action
    outcomes in the services' own idempotency store as before the sessions); ``rounds_us``: the
    pairs measured."""
    pairs: list[tuple[float, float]] = []
    for r in range(rounds):
        turns = [(f"r{r}-s{i}", f"r{r}-t{i}", TEXT) for i in range(tickets)]
        items = await harness.items(turns)
        verdicts = [item.value.verdict for item in items if item.value.verdict is not None]
        started = time.process_time()
        await harness.stage.decision.process(verdicts)
        alone = time.process_time() - started
        again = await harness.items([(s, f"{t}-b", x) for s, t, x in turns])
        started = time.process_time()
        await harness.stage.handle(again)
        with_sessions = time.process_time() - started
        pairs.append((alone / tickets * 1e6, with_sessions / tickets * 1e6))
    return {
        "ratio": round(statistics.median(b / a for a, b in pairs), 3),
        "rounds_us": [(round(a, 1), round(b, 1)) for a, b in pairs],
    }
