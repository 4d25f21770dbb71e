"""Secrets planted in the environment and in ticket text never reach logs, later topics,
responses, escalation packages or ClickHouse."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable

import pytest

from schemas import Ticket
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.logs import configure_logging, get_logger
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

ENV_SECRET = "tok-planted-7d1f9a0c2b"  # no tell-tale shape: only known from the environment
KEY_SECRET = "sk-planted-5e8c1a9d7b3f2e4a"  # API-key shaped


def test_planted_secrets_do_not_leak(
    make_settings: Callable[..., Settings],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PAYMENT_API_TOKEN", ENV_SECRET)
    settings = make_settings(llm_api_key=KEY_SECRET)
    configure_logging("debug", "json")
    prefix = settings.app_id
    texts = [
        f"hello, my token is {ENV_SECRET}",
        f"where is my order #A10023? key {KEY_SECRET}",
        f"I want a real person, use {KEY_SECRET} and {ENV_SECRET}",
        f"refund 30 for order #30000003 {ENV_SECRET}",
    ]
    tickets = [
        Ticket(ticket_id=f"{prefix}-{i}", text=t).model_dump_json().encode()
        for i, t in enumerate(texts)
    ]

    async def scenario() -> tuple[list[bytes], list[str]]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services) as worker:
            get_logger(stage="test").info(
                "secret in an event", ticket_text=texts[0], key=KEY_SECRET
            )
            published = await publish(settings, tickets)
            tracker = TerminalTracker(settings, published)
            topics = [
                settings.topic_constraint,
                settings.topic_decision,
                settings.topic_interactions,
                *settings.terminal_topics,
            ]
            async with asyncio.timeout(120):
                async with contextlib.aclosing(follow(settings, topics)) as stream:
                    async for topic, _p, _o, value in stream:
                        if topic in settings.terminal_topics:
                            tracker.observe(topic, value)
                            if tracker.done:
                                break
            assert worker.sink is not None
            deadline = time.monotonic() + 60
            while worker.sink.stats.rows_inserted < 4 * len(texts):
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
            # every stage has produced everything by now: read it all
            seen: list[bytes] = []
            stream = follow(settings, topics, idle_timeout_s=1.0)
            async with contextlib.aclosing(stream) as messages:
                async for _topic, _p, _o, value in messages:
                    seen.append(value)
            rows = worker.sink.store.query(
                "SELECT * FROM agent_interactions WHERE ticket_id LIKE {p:String}",
                {"p": prefix + "-%"},
            )
            return seen, [json.dumps(r, default=str) for r in rows]

    seen, rows = asyncio.run(scenario())
    logs = capfd.readouterr()
    assert len(seen) >= 4 * len(texts)
    assert len(rows) >= 4 * len(texts)
    for secret in (ENV_SECRET, KEY_SECRET):
        assert not any(secret.encode() in value for value in seen), "leaked to Kafka"
        assert not any(secret in row for row in rows), "leaked to ClickHouse"
        assert secret not in logs.err and secret not in logs.out, "leaked to logs"
    assert any(b"<PII:SECRET>" in value for value in seen)
