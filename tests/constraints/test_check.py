"""Intent → action mapping with typed, limited params, and the check of proposed actions."""

from __future__ import annotations

import pytest

from tollgate.constraints.check import check_action, validate_proposal
from tollgate.constraints.schema import ConstraintSchema


def test_order_status_maps_to_lookup(shop: ConstraintSchema) -> None:
    check = check_action("check_order_status", {"order_id": "A12345"}, "cust-1", shop)
    assert check.action == "lookup_order"
    assert check.params == {"order_id": "A12345"}
    assert (check.violations, check.missing, check.always_escalate) == ([], [], False)


def test_refund_amount_is_coerced_and_limited(shop: ConstraintSchema) -> None:
    ok = check_action("request_refund", {"order_id": "A12345", "amount": "49.99"}, None, shop)
    assert ok.params == {"order_id": "A12345", "amount": 49.99}
    assert ok.violations == []
    over = check_action("request_refund", {"order_id": "A12345", "amount": "150"}, None, shop)
    assert over.violations == ["issue_refund.amount 150 exceeds max 100"]
    assert "amount" not in over.params


@pytest.mark.parametrize("amount", ["100.01", "1e3", "nan", "inf", "-5", "0", "€80", "", "abc"])
def test_refund_amounts_that_never_pass(shop: ConstraintSchema, amount: str) -> None:
    check = check_action("request_refund", {"order_id": "A12345", "amount": amount}, None, shop)
    assert check.violations or check.missing
    assert "amount" not in check.params


def test_boundary_amount_passes(shop: ConstraintSchema) -> None:
    check = check_action("request_refund", {"order_id": "A12345", "amount": "100"}, None, shop)
    assert check.params["amount"] == 100.0 and check.violations == []


def test_missing_details_are_reported(shop: ConstraintSchema) -> None:
    check = check_action("update_shipping_address", {"order_id": "A12345"}, None, shop)
    assert check.action == "update_address"
    assert check.missing == ["new_address"]
    refund = check_action("request_refund", {}, None, shop)
    assert refund.missing == ["order_id", "amount"]


def test_customer_id_comes_from_the_ticket_not_the_text(shop: ConstraintSchema) -> None:
    check = check_action("account_access", {"customer_id": "someone-else"}, "cust-7", shop)
    assert check.params == {"customer_id": "cust-7"}
    anonymous = check_action("unsubscribe_marketing", {"customer_id": "x"}, None, shop)
    assert anonymous.missing == ["customer_id"] and anonymous.params == {}


def test_pattern_and_length_limits(shop: ConstraintSchema) -> None:
    bad_id = check_action("cancel_order", {"order_id": "A1; DROP TABLE"}, None, shop)
    assert bad_id.violations and "cancel_order.order_id" in bad_id.violations[0]
    long_address = check_action(
        "update_shipping_address", {"order_id": "A12345", "new_address": "x" * 301}, None, shop
    )
    assert long_address.violations == ["update_address.new_address is longer than 300 characters"]
    code = check_action(
        "apply_discount_code", {"order_id": "A12345", "discount_code": "sa ve"}, None, shop
    )
    assert len(code.violations) == 1 and "apply_discount.discount_code" in code.violations[0]


def test_informational_and_escalating_intents(shop: ConstraintSchema) -> None:
    info = check_action("billing_question", {"order_id": "A12345"}, None, shop)
    assert (info.action, info.params, info.always_escalate) == (None, {}, False)
    human = check_action("speak_to_human", {}, None, shop)
    assert human.action is None and human.always_escalate and human.queue == "general"


def test_unknown_intent_fails_closed(shop: ConstraintSchema) -> None:
    check = check_action("make_me_rich", {}, None, shop)
    assert check.action is None and check.always_escalate
    assert check.violations == ["unknown intent 'make_me_rich'"]


def test_valid_proposal_is_allowed(shop: ConstraintSchema) -> None:
    assert validate_proposal("issue_refund", {"order_id": "A12345", "amount": 20}, shop) == []
    assert validate_proposal("lookup_order", {"order_id": "12345678"}, shop) == []


@pytest.mark.parametrize(
    ("action", "params", "expected"),
    [
        ("delete_all_orders", {}, "unknown action 'delete_all_orders'"),
        (
            "issue_refund",
            {"order_id": "A12345", "amount": 500},
            "issue_refund.amount 500 exceeds max 100",
        ),
        ("issue_refund", {"order_id": "A12345", "amount": "150"}, "exceeds max 100"),
        ("issue_refund", {"order_id": "A12345", "amount": float("nan")}, "not a finite number"),
        ("issue_refund", {"order_id": "A12345", "amount": True}, "unsupported value"),
        ("issue_refund", {"order_id": "A12345", "amount": [50]}, "unsupported value"),
        ("issue_refund", {"order_id": "A12345"}, "issue_refund.amount is required"),
        (
            "issue_refund",
            {"order_id": "A12345", "amount": 5, "override": 1},
            "unexpected parameter",
        ),
        ("lookup_order", {"order_id": "A12345", "include_card": "yes"}, "unexpected parameter"),
        ("grant_admin", {"customer_id": "c1"}, "forbidden action 'grant_admin'"),
        ("pricing_promises", {}, "forbidden action 'pricing_promises'"),
        ("reveal_payment_method", {}, "forbidden action"),
    ],
)
def test_proposal_violations(
    shop: ConstraintSchema, action: str, params: dict[str, object], expected: str
) -> None:
    violations = validate_proposal(action, params, shop)
    assert any(expected in v for v in violations), violations
