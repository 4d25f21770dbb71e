from __future__ import annotations

import secrets as token_source

import pytest

from schemas import ActionResult
from tollgate.responses import (
    guard_response,
    render_clarify,
    render_holding,
    render_response,
    secret_values_from_env,
)

from .conftest import ALL_INTENTS, Case

KINDS = ("amount", "date", "promise", "secret", "other_customer", "pii")
ENTITIES = {"order_id": "A12345"}


def lookup(**data: str | float | int | bool | None) -> ActionResult:
    base: dict[str, str | float | int | bool | None] = {
        "order_id": "A12345",
        "status": "shipped",
        "total": 49.99,
        "currency": "EUR",
        "eta": "2025-03-09",
    }
    return ActionResult(
        name="lookup_order", idempotency_key="k", success=True, data={**base, **data}
    )


def check(text: str, result: ActionResult | None = None, **kw: object) -> list[str]:
    problems = guard_response(
        text,
        action_result=result if result is not None else lookup(),
        entities=kw.pop("entities", ENTITIES),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    assert all(p.split(":", 1)[0] in KINDS for p in problems), problems
    return problems


def kinds(problems: list[str]) -> set[str]:
    return {p.split(":", 1)[0] for p in problems}


# The templates' own output always passes -------------------------------------------------------


def test_every_rendered_response_passes_the_guard(corpus: list[Case]) -> None:
    for case in corpus:
        text = render_response(case.intent, case.result, case.entities)
        problems = guard_response(text, action_result=case.result, entities=case.entities)
        assert problems == [], (case.intent, case.result, text)


def test_clarify_and_holding_texts_pass_the_guard() -> None:
    missing = ["order_id", "amount", "discount_code", "new_address", "product", "customer_id"]
    for intent in ALL_INTENTS:
        assert (
            guard_response(render_clarify(intent, missing), action_result=None, entities={}) == []
        )
    for queue in ("general", "legal", "security", "billing"):
        assert guard_response(render_holding(queue), action_result=None, entities={}) == []


# Amounts, dates, promises -----------------------------------------------------------------------


def test_amounts_from_the_action_results_are_accepted() -> None:
    assert check("Order A12345 costs EUR 49.99 and arrives on 9 March 2025.") == []
    assert check("The total is €49.99, i.e. 49,99 EUR.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Your order costs EUR 59.99.",
        "We can offer you $20 back.",
        "That is 1,299.00 EUR in total.",
        "You get 15% off your next order.",
        "A partial amount of 12.50 applies.",
        "Das macht 19,99 € zusätzlich.",
        "It costs ＥＵＲ ９９.００.",
    ],
)
def test_invented_amounts_are_rejected(text: str) -> None:
    assert "amount" in kinds(check(text))


def test_a_failed_action_grounds_no_amount() -> None:
    failed = ActionResult(
        name="issue_refund", idempotency_key="k", success=False, error="over_limit: x"
    )
    assert "amount" in kinds(check("We refunded EUR 49.99.", failed))


def test_customer_stated_amount_may_be_repeated() -> None:
    assert check("You asked about 80.00 EUR.", entities={"amount": "80"}) == []


@pytest.mark.parametrize(
    "text",
    [
        "It arrives on 2025-03-10.",
        "It arrives on 10 March 2025.",
        "It arrives on March 10th.",
        "It arrives on 10/03/2025.",
        "Expect it in April 2025.",
        "It will arrive tomorrow.",
        "It ships on Friday.",
        "We will get back to you within 24 hours.",
        "Delivery takes 3-5 business days.",
    ],
)
def test_invented_dates_are_rejected(text: str) -> None:
    assert "date" in kinds(check(text))


@pytest.mark.parametrize(
    "text",
    [
        "It arrives on 2025-03-09.",
        "It arrives on 9 March 2025.",
        "Arriving March 9th.",
        "09.03.2025",
    ],
)
def test_dates_from_the_action_results_are_accepted(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We guarantee it will arrive.",
        "We will price match any competitor.",
        "You get free shipping free of charge forever.",
        "I promise you this will not happen again.",
        "As a goodwill gesture we add store credit.",
        "We will send you a replacement.",
        "We will refund you in full.",
        "You will receive a full refund.",
        "We'll give you a discount on your next order.",
    ],
)
def test_ungrounded_promises_are_rejected(text: str) -> None:
    assert "promise" in kinds(check(text))


def test_refund_promises_need_a_successful_refund() -> None:
    cancelled = ActionResult(
        name="cancel_order",
        idempotency_key="k",
        success=True,
        data={"order_id": "A12345", "refund_amount": 49.99, "currency": "EUR"},
    )
    text = "Order A12345 has been cancelled. EUR 49.99 will be refunded to you."
    assert check(text, cancelled) == []
    assert "promise" in kinds(check(text))  # same text after a mere lookup


# Secrets -----------------------------------------------------------------------------------------


def test_planted_env_secret_is_caught_without_being_repeated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "sk-test-" + token_source.token_hex(12)
    monkeypatch.setenv("TOLLGATE_TEST_SECRET", secret)
    problems = check(f"Sure, the key is {secret}.")
    assert "secret" in kinds(problems)
    assert any("TOLLGATE_TEST_SECRET" in p for p in problems)
    assert not any(secret in p for p in problems)


def test_env_secret_without_a_telltale_shape_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "correct-horse-" + token_source.token_hex(6)
    monkeypatch.setenv("TOLLGATE_TEST_PASSWORD", secret)
    text = f"Your password is {secret}."
    assert kinds(check(text)) == {"secret"}
    assert check(text, scan_env=False) == []
    monkeypatch.delenv("TOLLGATE_TEST_PASSWORD")
    assert check(text) == []


def test_literal_secrets_are_caught() -> None:
    assert "secret" in kinds(check("token: hunter2hunter2", secrets=["hunter2hunter2"]))
    assert check("token: none", secrets=["", "hunter2hunter2"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "sk-ant-api03-" + "a" * 20,
        "AKIA" + "ABCDEFGHIJKLMNOP",
        "ghp_" + "a1" * 12,
        "-----BEGIN RSA PRIVATE KEY-----",
        "Authorization: Bearer abcdefghijklmnop.qrstuv",
        "postgres://admin:s3cr3t@db.internal:5432/shop",
        "s\u200bk-test-" + "b" * 16,
    ],
)
def test_credential_shaped_strings_are_caught(text: str) -> None:
    assert "secret" in kinds(check(f"Here you go: {text}"))


def test_secret_values_from_env() -> None:
    env = {
        "TOLLGATE_LLM_API_KEY": "sk-live-1234567890",
        "GITHUB_TOKEN": "ghp_abcdefghijklmnop",
        "db_password": "  p4ssw0rd-long  ",
        "SHORT_SECRET": "abc",
        "HOME": "/home/someone-long-path",
    }
    assert sorted(secret_values_from_env(env)) == [
        "ghp_abcdefghijklmnop",
        "p4ssw0rd-long",
        "sk-live-1234567890",
    ]


# Other customers' data --------------------------------------------------------------------------


def test_other_customer_ids_are_caught() -> None:
    text = "Customer CUST-777 also asked about this."
    assert kinds(check(text, other_customer_ids=["cust-777"])) == {"other_customer"}
    assert check("Customer CUST-7770 asked.", other_customer_ids=["cust-777"]) == []


def test_emails_not_belonging_to_the_ticket_are_caught() -> None:
    problems = check("We wrote to jane.doe@example.com.")
    assert kinds(problems) == {"other_customer"}
    assert not any("jane" in p for p in problems)
    own = {"order_id": "A12345", "email": "jane.doe@example.com"}
    assert check("We wrote to jane.doe@example.com.", entities=own) == []


def test_other_order_numbers_are_caught() -> None:
    assert kinds(check("Order #B99999 is on its way.")) == {"other_customer"}
    assert check("Order #A12345 is on its way.") == []
    assert check("Your order number A12345 is on its way.") == []


def test_card_numbers_and_ibans_are_caught() -> None:
    assert "pii" in kinds(check("Card 4111 1111 1111 1111 was charged."))
    assert "pii" in kinds(check("Reference 1234 5678 9012 3456."))  # grouped: a card even
    assert check("Reference 1234567890123456.") == []  # ungrouped and failing Luhn: not a card
    assert "pii" in kinds(check("Pay to DE89 3704 0044 0532 0130 00."))
