"""Keys → commands → Feedback: the right kind, deterministic ids, labels that stick."""

from __future__ import annotations

import pytest

from schemas import FeedbackKind, Outcome
from tests.review.builders import decision, escalation
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.review.items import ItemKind, ReviewItem, item_from_decision, item_from_escalation
from tollgate.review.keys import (
    KEYMAP,
    Command,
    feedback_for,
    load_intents,
    parse_intent_choice,
    resolve,
)

DRAFT = item_from_decision(decision("D1", Outcome.DRAFT), ItemKind.DRAFT)
RESPONSE = item_from_decision(
    decision("R1", Outcome.RESPOND_REVIEW, intent="request_refund"), ItemKind.RESPONSE
)
ESCALATION = item_from_escalation(escalation("E1"))


@pytest.mark.parametrize(
    ("item", "key", "kind"),
    [
        (DRAFT, "a", FeedbackKind.DRAFT_APPROVED),
        (DRAFT, "r", FeedbackKind.DRAFT_REJECTED),
        (RESPONSE, "w", FeedbackKind.RESPONSE_WRONG),
        (RESPONSE, "m", FeedbackKind.MISSED_ESCALATION),
        (RESPONSE, "k", FeedbackKind.INTENT_LABEL),
        (ESCALATION, "y", FeedbackKind.ESCALATION_APPROPRIATE),
        (ESCALATION, "n", FeedbackKind.ESCALATION_INAPPROPRIATE),
    ],
)
def test_each_key_publishes_its_kind_with_a_deterministic_id(
    item: ReviewItem, key: str, kind: FeedbackKind
) -> None:
    command = resolve(item.kind, key)
    assert command is not None
    first = feedback_for(item, command, "ann")
    again = feedback_for(item, command, "bob")
    assert first is not None and again is not None
    assert first.kind is kind
    assert first.ticket_id == item.ticket_id
    assert first.feedback_id == again.feedback_id  # a re-sent decision is the same one
    assert first.feedback_id.startswith(f"{item.ticket_id}:{kind.value}")
    # a draft's decision names the draft it answers (a draft can be offered again)
    is_draft = kind in (FeedbackKind.DRAFT_APPROVED, FeedbackKind.DRAFT_REJECTED)
    assert (first.feedback_id != f"{item.ticket_id}:{kind.value}") == is_draft
    assert first.reviewer == "ann"


def test_keys_belong_to_their_item_kind() -> None:
    assert resolve(ItemKind.ESCALATION, "a") is None
    assert resolve(ItemKind.DRAFT, "y") is None
    assert resolve(ItemKind.RESPONSE, "e") is None
    assert resolve(ItemKind.DRAFT, "A") is Command.APPROVE  # case-insensitive
    assert resolve(ItemKind.DRAFT, "approve") is Command.APPROVE  # a scripted word
    assert resolve(ItemKind.DRAFT, "") is None
    for kind in ItemKind:
        assert {"l", "s", "q"} <= set(KEYMAP[kind])
    # a command a kind does not take publishes nothing, even when called directly
    assert feedback_for(ESCALATION, Command.APPROVE, "ann") is None


def test_ok_confirms_the_detected_intent_unless_already_labelled() -> None:
    ok = feedback_for(RESPONSE, Command.OK, "ann")
    assert ok is not None and ok.correct_intent == "request_refund"
    assert feedback_for(RESPONSE, Command.OK, "ann", labelled=True) is None


def test_label_and_edit_need_their_input() -> None:
    assert feedback_for(DRAFT, Command.LABEL, "ann") is None
    label = feedback_for(ESCALATION, Command.LABEL, "ann", correct_intent="request_refund")
    assert label is not None
    assert (label.kind, label.correct_intent) == (FeedbackKind.INTENT_LABEL, "request_refund")
    assert label.feedback_id == "E1:intent_label"
    assert feedback_for(DRAFT, Command.EDIT, "ann", edited_response="   ") is None
    edit = feedback_for(DRAFT, Command.EDIT, "ann", edited_response=" Sent today. ")
    assert edit is not None
    assert (edit.kind, edit.edited_response) == (FeedbackKind.DRAFT_EDITED, "Sent today.")
    assert feedback_for(DRAFT, Command.SKIP, "ann") is None


def test_domain_intents_and_choices() -> None:
    intents = load_intents(DEFAULT_DOMAIN_DIR)
    assert len(intents) == 19 and intents[-1] == "out_of_scope"
    assert intents[0] == "check_order_status" and "unsubscribe_marketing" in intents
    assert parse_intent_choice("1", intents) == "check_order_status"
    assert parse_intent_choice(str(len(intents)), intents) == "out_of_scope"
    assert parse_intent_choice("0", intents) is None
    assert parse_intent_choice("99", intents) is None
    assert parse_intent_choice(" Request_Refund ", intents) == "request_refund"
    assert parse_intent_choice("cancel", intents) == "cancel_order"  # unique prefix
    assert parse_intent_choice("update", intents) is None  # ambiguous prefix
    assert parse_intent_choice("", intents) is None
