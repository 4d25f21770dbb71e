"""Personal data and credentials planted in tickets never reach a topic after tickets.inbound
(in any encoding: as sent, JSON-unescaped or base64, so a dead letter of a malformed ticket is
held to it too), ClickHouse rows (``error`` included) or logs: real broker, real worker,
embedded ClickHouse."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import pytest

from streams.services import build_services
from tests.pipeline_helpers import (
    after_inbound,
    encode_tickets,
    every_encoding,
    read_all,
    until_landed,
)
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.logs import configure_logging
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

SSN = "219-09-9999"
CARD = "4111.1111.1111.1111"
PASSWORD = "Zebra#Tulip42"
GOOGLE_KEY = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
BEARER = "ya29a0AfH6SMBx3k9Lm2Qp7RzXw"
PLANTED = (SSN, CARD, PASSWORD, GOOGLE_KEY, BEARER)


def test_planted_pii_never_reaches_terminal_topics_or_clickhouse(
    make_settings: Callable[..., Settings], capfd: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings()
    configure_logging("debug", "json")
    prefix = settings.app_id
    texts = [
        f"my SSN is {SSN}, where is order #A10023?",
        f"I want a refund for order #30000003, card {CARD}",
        f"cannot log in, my password is {PASSWORD}",
        f"your app rejects my key {GOOGLE_KEY}, I want a human",
        f"curl with Authorization: Bearer {BEARER} returns 401 for order 20000002",
    ]
    raw = encode_tickets(prefix, texts)
    # A malformed ticket: pydantic's error text would echo the SSN into the `error` column, and
    # its dead letter once carried the original bytes (base64).
    bad = json.dumps(
        {"ticket_id": f"{prefix}-bad {SSN}", "text": 42, "metadata": {"card": CARD}}
    ).encode()

    async def scenario() -> tuple[list[bytes], list[bytes], list[str]]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services) as worker:
            published = await publish(settings, [*raw, bad])
            await until_landed(settings, TerminalTracker(settings, published[: len(raw)]))
            assert worker.sink is not None
            deadline = time.monotonic() + 60
            while worker.sink.stats.rows_inserted < 4 * len(texts) + 1:
                assert time.monotonic() < deadline, worker.sink.stats
                await asyncio.sleep(0.1)
            seen = await read_all(settings, after_inbound(settings))
            inbound = await read_all(settings, [settings.topic_inbound])
            rows = worker.sink.store.query(
                "SELECT * FROM agent_interactions WHERE ticket_id LIKE {p:String} OR error != ''",
                {"p": prefix + "-%"},
            )
            return seen, inbound, [json.dumps(r, default=str) for r in rows]

    seen, inbound, rows = asyncio.run(scenario())
    logs = capfd.readouterr()
    assert len(rows) >= 4 * len(texts) + 1  # the dead letter's row is there too
    assert any("validation error" in row for row in rows)
    assert any(SSN.encode() in value for value in inbound)  # the original stays on inbound
    letters = [json.loads(v) for v in seen if b'"original_at_source"' in v]
    assert len(letters) == 1 and letters[0]["original_at_source"] is True  # the malformed one
    assert letters[0]["original_b64"] == "" and letters[0]["original_size"] == len(bad)
    assert "<PII:GOVID>" in letters[0]["preview"] and "<PII:CARD>" in letters[0]["preview"]
    for secret in PLANTED:
        leaks = [value[:600] for value in seen if secret.encode() in every_encoding(value)]
        assert not leaks, f"{secret} on a topic: {leaks}"
        assert not any(secret in row for row in rows), f"{secret} in ClickHouse"
        assert secret not in logs.err and secret not in logs.out, f"{secret} in the logs"
    placeholders = b"".join(seen)
    for kind in (b"<PII:GOVID>", b"<PII:CARD>", b"<PII:SECRET>"):
        assert kind in placeholders
