"""What the reviewer sees: the whole context, redacted, with hostile bytes neutralised."""

from __future__ import annotations

from schemas import Outcome, Trigger
from tests.review.builders import RAW_EMAIL, decision, escalation
from tollgate.review.items import ItemKind, item_from_decision, item_from_escalation
from tollgate.review.render import render_intents, render_item, safe


def test_escalation_shows_its_context_package() -> None:
    text = render_item(item_from_escalation(escalation("E1", queue="legal")), 2, 5)
    assert "[2/5] ESCALATION" in text and "ticket E1" in text
    for expected in (
        "I will sue you",
        "Intent: complaint  (confidence 0.82)",
        "angry tone",
        "trigger legal_language fired",
        "legal_language (normal, queue legal): sue",
        "We are sorry to hear that.",
        "delivery_problem → respond: my parcel never came",
        "[y] appropriate",
        "[n] inappropriate",
    ):
        assert expected in text, expected


def test_draft_shows_action_and_response_but_never_the_raw_ticket_text() -> None:
    trigger = Trigger(name="competitor_mention", evidence="BigShop is cheaper")
    item = item_from_decision(decision("D1", Outcome.DRAFT, triggers=[trigger]), ItemKind.DRAFT)
    text = render_item(item, 1, 1)
    assert "<PII:EMAIL>" in text
    assert RAW_EMAIL not in text
    assert "Proposed action: lookup_order(order_id=A12345)" in text
    assert "Draft response:" in text and "Your order A12345 is on its way." in text
    assert "competitor_mention" in text and "BigShop is cheaper" in text
    assert "[a] approve" in text and "[e] edit" in text and "[r] reject" in text

    response = item_from_decision(decision("R1", Outcome.RESPOND_REVIEW), ItemKind.RESPONSE)
    shown = render_item(response, 1, 1)
    assert "Action result: lookup_order ok" in shown
    assert "[k] ok" in shown and "[m] missed escalation" in shown


def test_terminal_escapes_in_customer_text_are_neutralised() -> None:
    hostile = "hi \x1b]0;pwned\x07 \x1b[2J there \u202etxt.exe"
    cleaned = safe(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    assert cleaned.startswith("hi ?]0;pwned? ?[2J there")
    long = safe("x" * 2000, limit=100)
    assert long.startswith("x" * 100) and "1900 more chars" in long


def test_intent_list_is_numbered_from_one() -> None:
    listing = render_intents(["check_order_status", "cancel_order", "out_of_scope"])
    assert " 1. check_order_status" in listing and " 3. out_of_scope" in listing
