"""Parameters come from the customer: an entity the intent LLM invents (not in the ticket text)
is dropped and the constraint stage asks for it; one the customer wrote is kept. Both LLM modes
(one text per request, several texts per request) run against the local fake LLM server."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from schemas import Ticket
from streams.services import build_services
from streams.stage1_intent import IntentStage
from streams.stage2_constraint import ConstraintStage
from tests.fake_llm_fixtures import FAKE_MODEL, fake_llm_settings, server, srv
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.intent.llm import LLMIntentModel
from tollgate.testing import FakeLLMServer
from tollgate.textsafety.grounding import ground

__all__ = ["server", "srv"]

INVENTED = {"order_id": "99999999", "amount": "500", "discount_code": "FREEMONEY"}


@pytest.mark.parametrize("per_request", [1, 8], ids=["one-text", "several-texts"])
def test_invented_llm_parameters_are_dropped_and_asked_for(
    srv: FakeLLMServer, per_request: int
) -> None:
    settings = fake_llm_settings(
        srv, intent_model=FAKE_MODEL, llm_texts_per_request=per_request, llm_timeout_s=3.0
    )
    srv.mapping["refund"] = "request_refund"
    srv.entities_fn = lambda _text: dict(INVENTED)
    intents = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"]
    services = build_services(settings, intent_model=LLMIntentModel(settings, intents))
    tickets = [
        Ticket(ticket_id="g1", text="I want a refund please", customer_id="cust-1"),
        Ticket(ticket_id="g2", text="refund 30 EUR for order A12345", customer_id="cust-1"),
    ]

    async def run() -> list[object]:
        results = await IntentStage(services).process(tickets)
        return [ConstraintStage(services).check(r) for r in results]

    invented, stated = asyncio.run(run())
    assert srv.requests >= 1  # the model was asked
    assert invented.intent.intent == "request_refund"  # type: ignore[attr-defined]
    assert not set(INVENTED) & set(invented.intent.entities)  # type: ignore[attr-defined]
    assert {"order_id", "amount"} <= set(invented.missing)  # type: ignore[attr-defined]
    assert stated.intent.entities["order_id"] == "A12345"  # type: ignore[attr-defined]
    assert stated.action_params["amount"] in ("30", 30, 30.0)  # type: ignore[attr-defined]
    assert "discount_code" not in stated.intent.entities  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("entities", "text", "kept"),
    [
        ({"order_id": "A12345"}, "where is order #a-12345?", {"order_id"}),
        ({"order_id": "A12346"}, "where is order #A12345?", set()),
        ({"amount": "49.99"}, "I paid 49,99 € twice", {"amount"}),
        ({"amount": "50"}, "I paid 49,99 € twice", set()),
        ({"discount_code": "SAVE20"}, "code save20 failed", {"discount_code"}),
        ({"new_address": "12 Oak Road, Leeds"}, "send it to 12 oak road in Leeds", {"new_address"}),
        ({"new_address": "12 Oak Road, York"}, "send it to 12 oak road in Leeds", set()),
        ({"product": "red shoes"}, "are the Red Shoes back?", {"product"}),
        ({"order_id": ""}, "order 1", set()),
        # a number the customer wrote for something else grounds nothing
        ({"amount": "30"}, "I bought it 30 days ago, refund please", set()),
        ({"amount": "30"}, "refund 30 for order A12345", {"amount"}),
        ({"amount": "EUR 30"}, "please refund 30 € of it", {"amount"}),
        ({"amount": "50"}, "fifty euros back please", {"amount"}),
        ({"amount": "2"}, "I returned 2 of the 3 lamps", set()),
        ({"amount": "12345"}, "where is order #12345?", set()),
        ({"order_id": "30"}, "I bought it 30 days ago", set()),
        ({"order_id": "2025"}, "I bought it in March 2025", set()),
        ({"order_id": "49.99"}, "I paid 49.99 for order A12345", set()),
        ({"order_id": "10000001"}, "refund order 10000001 please", {"order_id"}),
    ],
)
def test_ground_keeps_only_values_the_customer_wrote(
    entities: dict[str, str], text: str, kept: set[str]
) -> None:
    found, dropped = ground(entities, [text])
    assert set(found) == kept
    assert set(dropped) == set(entities) - kept


def test_the_session_stored_value_of_the_same_name_grounds_it() -> None:
    assert ground({"amount": "30.00"}, ["30 days ago"], known={"amount": "30"})[0] == {
        "amount": "30.00"
    }
    assert ground({"amount": "30"}, ["30 days ago"], known={"order_id": "30"})[0] == {}


def test_a_pack_entity_is_grounded_by_its_declared_kind() -> None:
    kinds = {"seats": "number", "invoice_id": "pattern", "refund_sum": "money"}
    texts = ["add 5 seats for INV-2025-0042, we paid 5 days late"]
    found, dropped = ground(
        {"seats": "5", "invoice_id": "inv-2025-0042", "refund_sum": "5"}, texts, kinds=kinds
    )
    assert found == {"seats": "5", "invoice_id": "inv-2025-0042"}
    assert dropped == ["refund_sum"]
