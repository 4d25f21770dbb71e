"""Issue 17 item 7: a stage's output stays below the broker's message size; an oversized
ticket is carried through with its long fields cut and marked, never refused in a loop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Callable

import pytest

from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.demo import wait_terminal
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration
LIMIT = 8192


def test_oversized_outputs_are_cut_with_a_marker_and_the_ticket_lands(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(kafka_max_message_bytes=LIMIT)
    ticket = {"ticket_id": "BIG-1", "text": "hello", "metadata": {"crm_dump": "x" * 20_000}}
    raw = json.dumps(ticket).encode()
    assert len(raw) > 2 * LIMIT

    async def scenario() -> tuple[TerminalTracker, list[bytes]]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services, sink=False):
            published = await publish(settings, [raw])
            tracker = TerminalTracker(settings, published)
            await wait_terminal(settings, tracker, timeout_s=60, quiet=True)
            intent_out = []
            stream = follow(settings, [settings.topic_intent], idle_timeout_s=1.0)
            async with contextlib.aclosing(stream) as messages:
                async for _t, _p, _o, value in messages:
                    intent_out.append(value)
        return tracker, intent_out

    tracker, intent_out = asyncio.run(scenario())
    assert tracker.lost == 0
    landing = tracker.first("BIG-1")
    assert landing is not None and landing.outcome != "dead_letter"
    (message,) = intent_out
    assert len(message) <= LIMIT
    dump = json.loads(message)["ticket"]["metadata"]["crm_dump"]
    cut = re.fullmatch(r"(x+)…\[truncated by tollgate: (\d+) characters removed\]", dump)
    assert cut is not None, dump[-80:]
    assert len(cut.group(1)) + int(cut.group(2)) == 20_000  # what was kept + what was cut
