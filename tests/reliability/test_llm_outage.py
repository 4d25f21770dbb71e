"""The LLM API fails while 2,000 tickets flow: 500s, a 429 storm, timeouts, then down. The
breaker opens, the local model takes over, the stream never blocks, nothing is lost."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable

import pytest

from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.demo import sample_tickets
from tollgate.testing.fake_llm import FakeLLMServer
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]
N = 2000


def test_llm_outage_falls_back_and_loses_nothing(make_settings: Callable[..., Settings]) -> None:
    with FakeLLMServer("good", latency_ms=20) as server:
        settings = make_settings(
            intent_model="openai/fake-model",
            llm_api_base=server.base_url,
            llm_timeout_s=0.5,
            breaker_failure_threshold=5,
            breaker_cooldown_s=2.0,
            batch_size=100,
        )
        samples = [json.loads(line) for line in sample_tickets()]
        tickets = []
        for i in range(N):
            ticket = dict(samples[i % len(samples)])
            ticket.update(
                ticket_id=f"{settings.app_id}-{i}", session_id=f"{settings.app_id}-s{i % 50}"
            )
            tickets.append(json.dumps(ticket).encode())

        async def scenario() -> tuple[TerminalTracker, set[str], int, list[str]]:
            async with Worker(settings, sink=False) as worker:
                model = worker.services.intent_model if worker.services else None
                published = await publish(settings, tickets)
                tracker = TerminalTracker(settings, published)
                states: set[str] = set()
                fallbacks = 0
                modes = ["500", "429", "timeout", "down"]

                async def chaos() -> None:
                    for i, mode in enumerate(modes):
                        # the first fault comes early: an idle machine can classify most of the
                        # tickets within the first 1.5 s, leaving none for the local model
                        await asyncio.sleep(0.3 if i == 0 else 1.5)
                        server.set_mode(mode)  # type: ignore[arg-type]
                        states.add(str(getattr(model, "breaker_state", "")))

                task = asyncio.create_task(chaos())
                async with asyncio.timeout(400):
                    stream = follow(settings, settings.terminal_topics)
                    async with contextlib.aclosing(stream) as messages:
                        async for topic, _p, _o, value in messages:
                            tracker.observe(topic, value)
                            if b'"fallback":true' in value:
                                fallbacks += 1
                            states.add(str(getattr(model, "breaker_state", "")))
                            if tracker.done:
                                break
                await task
                return tracker, states, fallbacks, modes

        started = time.monotonic()
        tracker, states, fallbacks, _modes = asyncio.run(scenario())
        elapsed = time.monotonic() - started
    assert tracker.lost == 0
    assert tracker.conflicting == []
    assert any("open" in s for s in states), states  # the breaker opened and it was visible
    assert fallbacks > 0  # the local model answered for the dead LLM
    print(f"{N} tickets through an LLM outage in {elapsed:.1f} s; breaker states seen: {states}")
