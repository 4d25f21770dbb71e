"""End to end on the real broker and embedded ClickHouse: every ticket ends in exactly one
terminal place, malformed input is dead-lettered with a reason, every stage is in ClickHouse."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Callable

import pytest

from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.demo import sample_tickets
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration


def _malformed(prefix: str) -> list[bytes]:
    p = prefix.encode()
    return [
        b"plain text, not json",
        b"\xff\xfe\xfd invalid utf-8",
        b"\x00\x01\x02\x03 binary",
        b"{}",
        b'{"ticket_id": "' + p + b'-M-missing-text"}',
        b'{"text": "missing ticket id"}',
        b'{"ticket_id": ["list"], "text": "wrong type"}',
        b"[1, 2, 3]",
        b'{"ticket_id": "' + p + b'-M-big", "text": "' + b"a" * 210_000 + b'"}',
        b"null",
        b'{"ticket_id": "' + p + b'-M-1mb", "text": "' + b"x" * 1_000_000 + b'"}',
        # a second, different message reusing an existing ticket id (same session: same worker)
        b'{"ticket_id": "' + p + b'-0", "session_id": "' + p + b'-s0", "text": "duplicate id"}',
    ]


def _tickets(prefix: str, n: int) -> list[bytes]:
    rng = random.Random(7)
    samples = [json.loads(line) for line in sample_tickets()]
    out = []
    for i in range(n):
        base = dict(rng.choice(samples))
        base["ticket_id"] = f"{prefix}-{i}"
        base["session_id"] = f"{prefix}-s{i % 40}"
        out.append(json.dumps(base).encode())
    return out


async def publish_and_track(
    settings: Settings, messages: list[bytes], timeout_s: float = 180.0
) -> TerminalTracker:
    """Publish ``messages`` and read the terminal topics until each one landed somewhere."""
    tracker = TerminalTracker(settings, await publish(settings, messages))
    async with asyncio.timeout(timeout_s):
        stream = follow(settings, settings.terminal_topics)
        async for topic, _p, _o, value in stream:
            tracker.observe(topic, value)
            if tracker.done:
                break
        await stream.aclose()
    return tracker


async def _run(
    settings: Settings, messages: list[bytes], n_malformed: int
) -> tuple[TerminalTracker, Worker, list[tuple]]:
    services = build_services(settings, intent_model=KeywordModel())
    async with Worker(settings, services=services) as worker:
        tracker = await publish_and_track(settings, messages)
        # give duplicates (there should be none) a moment to show up
        async with asyncio.timeout(30):
            stream = follow(settings, settings.terminal_topics, idle_timeout_s=1.0)
            tracker.landings.clear()
            async for topic, _p, _o, value in stream:
                tracker.observe(topic, value)
        assert worker.sink is not None
        expected_rows = 4 * (len(messages) - n_malformed) + n_malformed
        deadline = time.monotonic() + 60
        rows: list[tuple] = []
        while time.monotonic() < deadline:
            rows = worker.sink.store.query(
                "SELECT ticket_id, stage, outcome, error FROM agent_interactions FINAL "
                "WHERE ticket_id LIKE {p:String} OR ticket_id LIKE {d:String}",
                {"p": settings.app_id + "-%", "d": f"dlq:{settings.topic_inbound}:%"},
            )
            if len(rows) >= expected_rows:
                break
            await asyncio.sleep(0.2)
        return tracker, worker, rows


def test_every_ticket_reaches_exactly_one_terminal_topic(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(batch_size=64)
    valid = _tickets(settings.app_id, 300)
    malformed = _malformed(settings.app_id)
    messages = valid + malformed
    random.Random(3).shuffle(messages)

    tracker, _worker, rows = asyncio.run(_run(settings, messages, len(malformed)))

    assert tracker.lost == 0
    assert tracker.conflicting == []
    assert tracker.duplicates == 0
    assert sum(tracker.outcomes().values()) == len(messages)
    # every malformed message is in the dead-letter topic, with a reason, its inbound offset and
    # a redacted preview; the original bytes stay on tickets.inbound only (issue 17)
    dead = [v[0] for v in tracker.landings.values() if v[0].topic == settings.topic_deadletter]
    assert len(dead) >= len(malformed)
    for d in dead:  # a reused ticket id's letter too (found by the session state, stage 3)
        assert d.payload["original_at_source"] is True and d.payload["original_b64"] == ""
    sizes = Counter(d.payload["original_size"] for d in dead)
    for raw in malformed:
        if b"duplicate id" not in raw:
            assert sizes[len(raw)] >= 1, raw[:40]
    assert "plain text, not json" in {d.payload["preview"] for d in dead}
    big = [d for d in dead if d.payload["original_size"] > 1_000_000]
    assert len(big) == 1 and not big[0].payload["original_truncated"]
    assert 0 < len(big[0].payload["preview"]) <= 2000
    assert any(d.payload["reason"].startswith("duplicate ticket_id") for d in dead)
    for d in dead:
        assert d.payload["reason"] and d.payload["error"]
        assert d.payload["source_topic"] == settings.topic_inbound
    # the terminal topic matches the outcome
    for landings in tracker.landings.values():
        landing = landings[0]
        if landing.outcome in ("respond", "respond_review", "clarify"):
            assert landing.topic == settings.topic_responses
        elif landing.outcome == "draft":
            assert landing.topic == settings.topic_drafts
        elif landing.outcome == "escalate":
            assert landing.topic.startswith(settings.topic_escalations_prefix)
            assert landing.payload["queue"] in landing.topic
    # every stage wrote its interaction event for every valid ticket
    stages = Counter(stage for _t, stage, outcome, _e in rows if outcome != "dead_letter")
    assert stages == {"intent": 300, "constraint": 300, "decision": 300, "escalation": 300}
    dlq_rows = [r for r in rows if r[2] == "dead_letter"]
    assert len(dlq_rows) == len(malformed)
    assert all(r[3] for r in dlq_rows)
