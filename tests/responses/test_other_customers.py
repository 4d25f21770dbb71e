"""Issue 17.1: the output guard rejects other customers' names, addresses, e-mails and orders,
fed by the backend's customer directory (``ActionRegistry.other_customers``), and accepts the
customer's own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from schemas import ActionResult, AgentDecision, Outcome
from tests.review.builders import decision
from tollgate.actions import demo_orders as orders
from tollgate.actions.pack import ActionsError, customer_directory, pack_registry
from tollgate.actions.registry import no_other_customers
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.responses import Responder, ResponseRequest, guard_response
from tollgate.responses.generator import GeneratedResponse
from tollgate.review.approval import edit_problems

OWN = orders.DEMO_CUSTOMERS[0]  # cust-1, owner of the reserved orders
PRIYA, JONAS = orders.DEMO_CUSTOMERS[1], orders.DEMO_CUSTOMERS[2]
RESULT = ActionResult(
    name="lookup_order",
    idempotency_key="k",
    success=True,
    data={"order_id": orders.SHIPPED_ORDER_ID, "status": "shipped"},
)
ENTITIES = {"order_id": orders.SHIPPED_ORDER_ID}

OTHERS_MENTIONED = [
    f"Thanks {PRIYA.name}, your order {orders.SHIPPED_ORDER_ID} has shipped.",
    f"Dear Ms {PRIYA.name.split()[-1].upper()}, order {orders.SHIPPED_ORDER_ID} has shipped.",
    f"Order {orders.SHIPPED_ORDER_ID} has shipped to {JONAS.address}.",  # no generic rule
    f"Order {orders.SHIPPED_ORDER_ID} has shipped to {JONAS.street.lower()}, {JONAS.town}.",
    f"Order {orders.SHIPPED_ORDER_ID} has shipped to 48, linden   avenue.",
    f"Order {orders.SHIPPED_ORDER_ID} has shipped; {JONAS.name} signed for it.",
    f"Order {orders.SHIPPED_ORDER_ID} has shipped, and so has {PRIYA.orders[0]}.",
]


def problems(text: str, customer: str | None = OWN.customer_id, **kw: object) -> list[str]:
    return guard_response(
        text,
        action_result=RESULT,
        entities=kw.pop("entities", ENTITIES),  # type: ignore[arg-type]
        other_customer_ids=orders.other_customers(customer),
        scan_env=False,
    )


def test_the_demo_directory_lists_every_other_customer_and_never_the_asker() -> None:
    others = orders.other_customers(OWN.customer_id)
    assert {PRIYA.name, PRIYA.street, PRIYA.email, JONAS.address, *JONAS.orders} <= set(others)
    assert not set(OWN.identifiers()) & set(others)
    assert set(orders.other_customers(None)) >= set(OWN.identifiers())
    assert set(orders.other_customers("cust-unknown")) >= set(OWN.identifiers())
    assert orders.owner_of(PRIYA.orders[0]) == PRIYA.customer_id


@pytest.mark.parametrize("text", OTHERS_MENTIONED)
def test_a_reply_naming_another_customer_is_rejected(text: str) -> None:
    found = problems(text)
    assert any(p.startswith("other_customer:") for p in found), found
    assert not any(PRIYA.email in p or JONAS.name in p for p in found)  # details repeat nothing


def test_the_customers_own_name_and_address_are_accepted() -> None:
    own_address = {**ENTITIES, "new_address": OWN.address}
    assert problems(f"Thanks {OWN.name}, order {orders.SHIPPED_ORDER_ID} has shipped.") == []
    assert (
        problems(
            f"Order {orders.SHIPPED_ORDER_ID} goes to {OWN.address}.", **{"entities": own_address}
        )
        == []
    )
    # the same reply to Priya names someone else
    assert problems(f"Thanks {OWN.name}, it has shipped.", customer=PRIYA.customer_id)


def test_a_value_the_customer_wrote_themselves_is_their_own_words() -> None:
    mine = {**ENTITIES, "name": PRIYA.name}
    assert problems(f"Thanks {PRIYA.name}, it has shipped.", entities=mine) == []


def test_packs_get_their_directory() -> None:
    assert pack_registry(DEFAULT_DOMAIN_DIR).other_customers is orders.other_customers
    assert customer_directory(DEFAULT_DOMAIN_DIR) is orders.other_customers
    saas = DEFAULT_DOMAIN_DIR.parent / "saas"  # HTTP actions only: no directory
    assert customer_directory(saas) is no_other_customers


def test_actions_yaml_may_name_a_customer_directory(tmp_path: Path) -> None:
    path = "tollgate.actions.registry:no_other_customers"  # any importable directory
    (tmp_path / "actions.yaml").write_text(
        f"actions:\n  check_stock: {{backend: demo}}\ncustomers: '{path}'\n"
    )
    assert customer_directory(tmp_path) is no_other_customers  # named: not the demo's
    assert pack_registry(tmp_path).other_customers is no_other_customers
    (tmp_path / "actions.yaml").write_text(
        "actions:\n  check_stock: {backend: demo}\ncustomers: 'no_such_pkg.mod:fn'\n"
    )
    with pytest.raises(ActionsError, match="customers"):
        customer_directory(tmp_path)


def _draft(customer: str | None) -> AgentDecision:
    draft = decision("t-1", Outcome.DRAFT)
    intent = draft.verdict.intent
    ticket = intent.ticket.model_copy(update={"customer_id": customer})
    verdict = draft.verdict.model_copy(
        update={"intent": intent.model_copy(update={"ticket": ticket})}
    )
    return draft.model_copy(update={"verdict": verdict})


def test_a_reviewers_edit_naming_another_customer_is_refused() -> None:
    draft = _draft(OWN.customer_id)
    bad = f"Your order A12345 is on its way to {PRIYA.name}."
    good = f"Your order A12345 is on its way, {OWN.name}."
    assert any(
        p.startswith("other_customer:") for p in edit_problems(draft, bad, orders.other_customers)
    )
    assert edit_problems(draft, good, orders.other_customers) == []


class _Writer:
    name = "fake-llm"

    def __init__(self, text: str) -> None:
        self.text = text

    async def generate(self, request: ResponseRequest) -> GeneratedResponse:
        return GeneratedResponse(text=self.text, source="llm:fake")


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        (f"Hi {PRIYA.name}, your order is on its way.", False),
        (f"Hi {OWN.name}, your order is on its way.", True),
    ],
)
def test_the_responder_guards_llm_replies_with_the_directory(written: str, sent: bool) -> None:
    responder = Responder(_Writer(written), secrets=[])  # the demo directory by default
    request = ResponseRequest(
        intent="check_order_status",
        text="where is my order",
        action_result=RESULT,
        entities=ENTITIES,
        customer_id=OWN.customer_id,
    )
    composed = asyncio.run(responder.respond(request))
    assert (composed.text == written) is sent
    if not sent:
        assert composed.source == "template" and "other_customer" in composed.note
