"""``tollgate.clients.follow`` on the real broker: a read that ends when idle never ends before
the end offsets its topics had when it began, however long a fetch stalls."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer

from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.kafka import ensure_topics

pytestmark = pytest.mark.integration


def test_an_idle_read_reaches_the_end_it_began_at_though_fetches_stall(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings()
    topic = settings.topic_deadletter
    sent = [f"letter {n}".encode() for n in range(5)]
    real = AIOKafkaConsumer.getmany
    stalls = 4  # empty fetches for 2 s, twice the idle timeout: the read used to end here

    async def stalling(self: AIOKafkaConsumer, *args: Any, **kwargs: Any) -> Any:
        nonlocal stalls
        if stalls:
            stalls -= 1
            await asyncio.sleep(0.5)
            return {}
        return await real(self, *args, **kwargs)

    async def scenario() -> list[bytes]:
        await ensure_topics(settings, [topic])
        await publish(settings, sent, topic)
        monkeypatch.setattr(AIOKafkaConsumer, "getmany", stalling)
        async with asyncio.timeout(60):
            stream = follow(settings, [topic], idle_timeout_s=1.0)
            async with contextlib.aclosing(stream) as messages:
                return [value async for *_, value in messages]

    read = asyncio.run(scenario())
    assert stalls == 0  # every stall happened
    assert sorted(read) == sent  # and the read still ended, with everything retained
