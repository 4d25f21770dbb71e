"""Issue 17.2 on the real broker: a parameter the intent LLM proposes counts only when the
ticket text or the session's state holds it. The worker runs in process against the embedded
broker, its intent model is the LLM client talking to the local fake LLM server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from schemas import Ticket
from streams.services import build_services
from tests.console.harness import collect
from tests.fake_llm_fixtures import FAKE_MODEL, server, srv
from tollgate.clients import publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings
from tollgate.intent.llm import LLMIntentModel
from tollgate.testing import FakeLLMServer
from tollgate.worker import Worker

__all__ = ["server", "srv"]

pytestmark = pytest.mark.integration

FIRST = "Where is order 10000001?"
# No reference word ("it", "my order", ...): only the model says which order is meant; "my
# parcel" marks the question as the customer's own case (not one for the knowledge base).
SAME = "When will my parcel arrive?"  # the model proposes the session's order
OTHER = "When will my package arrive?"  # the model invents another of cust-1's orders
ALONE = "When does my parcel arrive?"  # a new session: the model proposes an order id
PROPOSED = {SAME: "10000001", OTHER: "20000002", ALONE: "10000001"}


@pytest.mark.parametrize("per_request", [1, 8], ids=["one-text", "several-texts"])
def test_a_model_parameter_counts_only_from_the_text_or_the_session_state(
    make_settings: Callable[..., Settings], srv: FakeLLMServer, per_request: int
) -> None:
    settings = make_settings(
        llm_api_base=srv.base_url,
        intent_model=FAKE_MODEL,
        llm_texts_per_request=per_request,
        llm_timeout_s=5.0,
    )
    srv.entities_fn = lambda text: {"order_id": v for t, v in PROPOSED.items() if t in text}  # noqa: B035 - one proposal per text
    intents = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"]
    services = build_services(settings, intent_model=LLMIntentModel(settings, intents))
    prefix = settings.app_id

    def ticket(session: str, turn: int, text: str) -> bytes:
        return (
            Ticket(
                ticket_id=f"{prefix}-{session}{turn}",
                session_id=f"{prefix}-{session}",
                text=text,
                customer_id="cust-1",
            )
            .model_dump_json()
            .encode()
        )

    def decided(ids: set[str]) -> Callable[[list[tuple[str, dict[str, Any]]]], bool]:
        return lambda seen: {p["ticket_id"] for _, p in seen} >= ids

    async def scenario() -> dict[str, dict[str, Any]]:
        async with Worker(settings, services=services, sink=False):
            await publish(settings, [ticket("a", 1, FIRST), ticket("b", 1, FIRST)])
            await collect(
                settings, [settings.topic_decision], decided({f"{prefix}-a1", f"{prefix}-b1"})
            )
            await publish(
                settings, [ticket("a", 2, SAME), ticket("b", 2, OTHER), ticket("c", 1, ALONE)]
            )
            ids = {f"{prefix}-{t}" for t in ("a1", "b1", "a2", "b2", "c1")}
            seen = await collect(settings, [settings.topic_decision], decided(ids), 120.0)
        return {p["ticket_id"]: p for _, p in seen}

    decisions = asyncio.run(scenario())
    assert srv.requests >= 1
    first = decisions[f"{prefix}-a1"]
    assert first["verdict"]["action_params"]["order_id"] == "10000001"
    # the session's earlier turn holds 10000001: the model's proposal is accepted
    same = decisions[f"{prefix}-a2"]
    assert same["outcome"] != "clarify", same["reasoning"]
    assert same["verdict"]["action_params"]["order_id"] == "10000001"
    assert same["action_result"]["data"]["order_id"] == "10000001"
    # an order the customer never named in this session, or no session at all: dropped, asked
    for key in ("b2", "c1"):
        asked = decisions[f"{prefix}-{key}"]
        assert asked["outcome"] == "clarify", (key, asked["reasoning"])
        assert "order_id" in asked["verdict"]["missing"]
        assert "order_id" not in asked["verdict"]["action_params"]
        assert asked["action_result"] is None
    for decision in decisions.values():  # an ungrounded proposal never travels past stage 3
        assert decision["verdict"]["intent"]["ungrounded"] == {}


DAYS = "I want a refund for order 10000001, I bought it 30 days ago."


def test_an_amount_the_text_holds_only_as_a_day_count_is_dropped_and_asked_for(
    make_settings: Callable[..., Settings], srv: FakeLLMServer
) -> None:
    """The model proposes ``amount: 30`` for a ticket whose only 30 is "30 days": no sum of
    money grounds it (neither the text nor the session's turns), so the agent asks."""
    settings = make_settings(
        llm_api_base=srv.base_url,
        intent_model=FAKE_MODEL,
        llm_texts_per_request=1,
        llm_timeout_s=5.0,
    )
    srv.mapping["refund"] = "request_refund"
    srv.entities_fn = lambda text: {"amount": "30"} if "30 days" in text else {}
    intents = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"]
    services = build_services(settings, intent_model=LLMIntentModel(settings, intents))
    ticket_id = f"{settings.app_id}-days"
    ticket = Ticket(
        ticket_id=ticket_id, session_id=f"{settings.app_id}-d", text=DAYS, customer_id="cust-1"
    )

    async def scenario() -> dict[str, Any]:
        async with Worker(settings, services=services, sink=False):
            await publish(settings, [ticket.model_dump_json().encode()])
            seen = await collect(
                settings,
                [settings.topic_decision],
                lambda seen: any(p["ticket_id"] == ticket_id for _, p in seen),
                120.0,
            )
        return next(p for _, p in seen if p["ticket_id"] == ticket_id)

    decision = asyncio.run(scenario())
    assert srv.requests >= 1
    verdict = decision["verdict"]
    assert verdict["intent"]["intent"] == "request_refund"
    assert decision["outcome"] == "clarify", decision["reasoning"]
    assert "amount" in verdict["missing"]
    assert "amount" not in verdict["action_params"]
    assert verdict["action_params"].get("order_id") == "10000001"  # the customer wrote it
    assert decision["action_result"] is None
    assert verdict["intent"]["ungrounded"] == {}
