"""Issue 17.4/17.5 on the real broker, with an LLM: one redaction rule everywhere. Personal data
and credentials planted in a two-turn conversation (and a knowledge question in a second session)
pass through all four stages with the intent LLM and the response LLM (``TOLLGATE_RESPONSE_MODEL``,
which also writes knowledge answers; both the local fake server) and the ClickHouse sink; a
reviewer's signed feedback on the escalation repeats them in its comment. The prompts (intent,
response and knowledge calls), every topic after ``tickets.inbound`` (the sessions changelog
included), the escalation package and its history, every column of the ``agent_interactions``
and ``agent_feedback`` rows and the worker's own log lines hold the placeholders and never the
values. (``test_planted_pii.py`` covers more kinds of values without an LLM.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from schemas import Feedback, FeedbackKind, Ticket
from streams.services import build_services
from tests.console.harness import collect
from tests.fake_llm_fixtures import FAKE_MODEL, server, srv
from tests.pipeline_helpers import after_inbound, every_encoding, read_all
from tollgate.clients import publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings
from tollgate.intent.llm import LLMIntentModel
from tollgate.logs import configure_logging
from tollgate.responses.llm import SYSTEM_PROMPT as RESPONSE_SYSTEM_PROMPT
from tollgate.reviewers import sign_feedback
from tollgate.testing import FakeLLMServer
from tollgate.worker import Worker

__all__ = ["server", "srv"]

pytestmark = pytest.mark.integration

# planted value → the placeholder the one redactor writes for it
PLANTED = {
    "219-09-9999": "<PII:GOVID>",
    "4111 1111 1111 1111": "<PII:CARD>",
    "jane.roe@example.org": "<PII:EMAIL>",
    "Zebra#Tulip42": "<PII:SECRET>",
    "sk_live_51HxYzAbCdEfGhIjKlMnOpQr": "<PII:SECRET>",
}
SSN, CARD, EMAIL, PASSWORD, STRIPE_KEY = PLANTED
TURNS = (
    f"Where is order 10000001? My SSN is {SSN}, card {CARD}, mail me at {EMAIL}",
    f"my password is {PASSWORD} and my key {STRIPE_KEY} leaked, I want to speak to a human",
)
QUESTION = f"Do you ship to Norway and how much does it cost? Reply to {EMAIL}, card {CARD}"
"""A knowledge question (the shop's shipping article), answered through the response LLM."""
COMMENT = f"customer wrote from {EMAIL} with card {CARD}, password: {PASSWORD}"
"""A reviewer's comment repeating planted values (``agent_feedback.comment``)."""
TOKEN = "ann-review-token-1"


def test_planted_values_never_pass_stage_one_in_any_place(
    make_settings: Callable[..., Settings],
    srv: FakeLLMServer,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settings = make_settings(
        llm_api_base=srv.base_url,
        intent_model=FAKE_MODEL,
        response_model=FAKE_MODEL,
        reviewer_tokens=f"ann:{TOKEN}",
    )
    configure_logging("debug", "json")
    intents = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"]
    services = build_services(settings, intent_model=LLMIntentModel(settings, intents))
    prefix = settings.app_id
    session = f"{prefix}-s"
    ids = [f"{prefix}-{n}" for n in range(len(TURNS))]
    asked = f"{prefix}-q"  # the knowledge question: a session of its own

    def ticket(n: int) -> bytes:
        return (
            Ticket(ticket_id=ids[n], session_id=session, customer_id="cust-1", text=TURNS[n])
            .model_dump_json()
            .encode()
        )

    question = Ticket(ticket_id=asked, customer_id="cust-1", text=QUESTION)
    judged = Feedback(
        feedback_id=f"{ids[1]}:appropriate",
        ticket_id=ids[1],
        session_id=session,
        kind=FeedbackKind.ESCALATION_APPROPRIATE,
        comment=COMMENT,
    )
    feedback = sign_feedback(judged, "ann", TOKEN).model_dump_json().encode()

    def landed(wanted: set[str]) -> Callable[[list[tuple[str, dict[str, Any]]]], bool]:
        return lambda seen: {p.get("ticket_id") for _, p in seen} >= wanted

    async def scenario() -> tuple[list[bytes], list[dict[str, Any]], list[dict[str, Any]]]:
        async with Worker(settings, services=services) as worker:
            assert worker.sink is not None
            await publish(settings, [ticket(0), question.model_dump_json().encode()])
            await collect(settings, settings.terminal_topics, landed({ids[0], asked}))
            await publish(settings, [ticket(1)])  # turn by turn: the second one has a history
            seen = await collect(settings, settings.terminal_topics, landed({*ids, asked}))
            packages = [
                p
                for t, p in seen
                if t.startswith(settings.topic_escalations_prefix) and p["session_id"] == session
            ]
            await publish(settings, [feedback], settings.topic_feedback)
            sql = (
                "SELECT * FROM agent_interactions FINAL"
                " WHERE session_id = {s:String} OR session_id = {q:String}"
            )
            fsql = "SELECT * FROM agent_feedback FINAL WHERE ticket_id = {t:String}"
            store, sessions = worker.sink.store, {"s": session, "q": asked}
            async with asyncio.timeout(60):  # four stage events per turn, the feedback's row
                while len(rows := store.query_dicts(sql, sessions)) < 12 or not (
                    judgements := store.query_dicts(fsql, {"t": ids[1]})
                ):
                    await asyncio.sleep(0.2)
            topics = await read_all(settings, after_inbound(settings))
            values = [
                every_encoding(v)
                for v in topics
                if any(key.encode() in every_encoding(v) for key in (session, asked))
            ]
        return values, packages, rows + judgements

    values, packages, rows = asyncio.run(scenario())
    logs = capfd.readouterr()
    received = list(srv.received)
    prompts = json.dumps(received)
    assert srv.requests >= 2 and "<PII:" in prompts  # the model saw the placeholders...
    written = [  # the response LLM's calls: the order answer and the knowledge answer
        json.dumps(body)
        for body in received
        if body["messages"][0]["content"] == RESPONSE_SYSTEM_PROMPT
    ]
    assert any("Where is order 10000001" in w for w in written), "no response-LLM call"
    assert any("ship to Norway" in w for w in written), "no knowledge-answer call"
    assert all("<PII:" in w for w in written)
    [judgement] = [r for r in rows if r.get("feedback_id") == judged.feedback_id]
    assert judgement["reviewer"] == "ann" and "<PII:EMAIL>" in judgement["comment"]
    topics = b"\n".join(values)
    cells = json.dumps(rows, default=str)
    for secret in PLANTED:  # ...and nothing planted reached the model or any later place
        assert secret not in prompts, f"{secret} in a prompt"
        assert secret.encode() not in topics, f"{secret} on a topic after tickets.inbound"
        assert secret not in cells, f"{secret} in ClickHouse"
        assert secret not in logs.out and secret not in logs.err, f"{secret} in the logs"
    for placeholder in set(PLANTED.values()):
        assert placeholder.encode() in topics and placeholder in cells, placeholder
    [package] = packages
    assert package["ticket_id"] == ids[1]
    assert "<PII:SECRET>" in package["text"]
    [earlier] = package["history"]  # the first turn, as redacted as everywhere else
    assert earlier["ticket_id"] == ids[0]
    assert "<PII:GOVID>" in earlier["text"] and "<PII:CARD>" in earlier["text"]
    assert any(r["session_id"] == session for r in rows)
    assert ids[0] in logs.out + logs.err  # the worker logged while handling these tickets
