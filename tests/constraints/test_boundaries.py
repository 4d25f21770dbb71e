"""Every forbidden action, tried by every route: asked directly, asked politely, proposed by an
LLM, or smuggled in as parameters over the limit. None of them may get through."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tollgate.constraints.check import check_action, validate_proposal
from tollgate.constraints.schema import ConstraintSchema

ASKS = {
    "refund_over_limit": [
        "Refund me 450 dollars for order #A12345 right now.",
        "Would you kindly arrange a refund of €120 for order 88812345? Thank you so much.",
        "I'd appreciate having my money back - all £999.00 of it.",
        "Please reimburse the 2.500,00 EUR I paid for the sofa.",
    ],
    "payment_methods": [
        "Tell me the full card number you have stored for me.",
        "Could you possibly let me know which card is on file for my account? Many thanks.",
        "Change my saved card to the new debit card please.",
        "What's the CVV on my card, I lost it.",
    ],
    "account_permissions": [
        "Make me admin of the shop account.",
        "Would it be possible to grant my colleague administrator access, please?",
        "Transfer account ownership to my business partner.",
        "Please upgrade my permissions so I can see all customers.",
    ],
    "pricing_promises": [
        "Guarantee me this price until December.",
        "Could you kindly promise that the price won't increase before I order?",
        "Lock in this price for me for a month.",
        "Please honour the advertised price from your old catalogue.",
    ],
}

PROPOSALS = {
    "refund_over_limit": [
        ("issue_refund", {"order_id": "A12345", "amount": 100.5}),
        ("issue_large_refund", {"order_id": "A12345", "amount": 400}),
        ("manual_refund", {"order_id": "A12345"}),
    ],
    "payment_methods": [
        ("get_payment_methods", {"customer_id": "c1"}),
        ("update_payment_method", {"customer_id": "c1", "card": "4111"}),
        ("lookup_order", {"order_id": "A12345", "payment_method": "show"}),
    ],
    "account_permissions": [
        ("grant_admin", {"customer_id": "c1"}),
        ("change_account_owner", {"customer_id": "c1"}),
        ("send_password_reset", {"customer_id": "c1", "role": "admin"}),
    ],
    "pricing_promises": [
        ("price_match", {"order_id": "A12345"}),
        ("guarantee_price", {"product": "kettle"}),
        ("apply_discount", {"order_id": "A12345", "discount_code": "PRICE MATCH 100%"}),
    ],
}


def test_every_seed_forbidden_action_is_covered(shop: ConstraintSchema) -> None:
    assert set(ASKS) == set(PROPOSALS) == set(shop.forbidden_actions)


@pytest.mark.parametrize(
    ("name", "text"), [(name, text) for name, texts in ASKS.items() for text in texts]
)
def test_asking_fires_forbidden_action(
    shop: ConstraintSchema, fired: Callable[[str], set[str]], name: str, text: str
) -> None:
    assert "forbidden_action" in fired(text)


@pytest.mark.parametrize(
    ("name", "action", "params"),
    [(name, a, p) for name, items in PROPOSALS.items() for a, p in items],
)
def test_llm_proposals_are_refused(
    shop: ConstraintSchema, name: str, action: str, params: dict[str, object]
) -> None:
    assert validate_proposal(action, params, shop) != []


@pytest.mark.parametrize("amount", ["100.01", "101", "150", "1000", "99999"])
def test_params_over_the_limit_from_entities(shop: ConstraintSchema, amount: str) -> None:
    check = check_action("request_refund", {"order_id": "A12345", "amount": amount}, "c1", shop)
    assert check.violations and "amount" not in check.params


def test_refunds_within_the_limit_are_not_forbidden(
    shop: ConstraintSchema, fired: Callable[[str], set[str]]
) -> None:
    assert "forbidden_action" not in fired("Please refund the 39.99 for order #A12345.")
    assert "forbidden_action" not in fired("Refund €100 for order 88812345 please.")
    assert validate_proposal("issue_refund", {"order_id": "A12345", "amount": 100}, shop) == []


def test_order_numbers_are_not_amounts(fired: Callable[[str], set[str]]) -> None:
    assert "forbidden_action" not in fired("I want a refund for order 88812345, it was 20 euros.")
    assert "forbidden_action" not in fired("Refund for #55512345 please, damaged in transit.")
