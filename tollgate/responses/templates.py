"""Offline customer responses: constant templates filled with action results and entities.

Ticket text is never used as a template. Templates are module constants rendered with
``string.Template.safe_substitute`` over a whitelisted mapping: structured entities must match
their pattern, free-text values are cleaned and capped, and action data is formatted per key
(money, dates). A ``$``, ``{}`` or ``${jndi:...}`` inside a value stays literal text. Facts
(amounts, dates, statuses, references) come only from ``ActionResult.data``; a template whose
values are missing is skipped in favour of a less specific one, so no placeholder ever reaches a
customer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from string import Template

from schemas import ActionResult
from tollgate.actions.catalog import INTENT_ACTIONS
from tollgate.actions.errors import ErrorCode, error_code
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.responses.formatting import format_date, format_money

_VALUE_MAX = 120
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
_ENTITY_PATTERNS: dict[str, re.Pattern[str]] = {
    "order_id": re.compile(r"[A-Z0-9][A-Z0-9-]{2,31}"),
    "discount_code": re.compile(r"[A-Z0-9_-]{3,32}"),
}
_FREE_TEXT_ENTITIES = ("new_address", "product")
_MONEY_KEYS = frozenset({"total", "refund_amount", "discount_amount", "new_total", "amount"})
_DATE_KEYS = frozenset({"eta", "placed_on", "delivered_on", "restock_on"})

TOPICS: Mapping[str, str] = {
    "check_order_status": "your order",
    "process_return": "your return",
    "update_shipping_address": "your change of delivery address",
    "apply_discount_code": "your discount code",
    "request_refund": "your refund",
    "cancel_order": "cancelling your order",
    "billing_question": "your billing question",
    "account_access": "access to your account",
    "delivery_problem": "your delivery",
    "complaint": "your feedback",
    "product_availability": "product availability",
    "payment_issue": "your payment",
    "shipping_options": "shipping options",
    "update_account_details": "your account details",
    "unsubscribe_marketing": "unsubscribing from our marketing messages",
}
"""What each intent is about, in customer words (used in generic sentences)."""

_INFORMATIONAL: Mapping[str, str] = {
    "billing_question": (
        "You can find your invoices and receipts under Orders in your account. If there is a "
        "charge you do not recognise, reply with the order number and our billing team will "
        "check it for you."
    ),
    "complaint": (
        "We are sorry that your experience has not been what it should be. We have passed your "
        "feedback on to our customer care team, who will look into it."
    ),
    "greeting": (
        "Hello! How can we help you today? You can ask us about your orders, deliveries, "
        "returns, refunds and your account."
    ),
    "thanks": (
        "You are welcome! If there is anything else we can help you with, just reply to this "
        "message."
    ),
    "payment_issue": (
        "Sorry that your payment did not go through. Please check that the card details and "
        "billing address match the ones your bank has on file, or try another payment method. "
        "The payment methods we accept are listed at checkout."
    ),
    "shipping_options": (
        "The shipping methods available for your address, with their costs and delivery "
        "times, are shown at checkout before you pay."
    ),
    "update_account_details": (
        "You can change your name, email address, phone number and preferences under Account "
        "settings after signing in."
    ),
    OUT_OF_SCOPE: (
        "Sorry, we can only help with questions about your orders, deliveries, returns, "
        "payments and account here. A colleague will read your message."
    ),
}

_HOLDING: Mapping[str, str] = {
    "general": (
        "Thanks for your patience. We have passed your message to a member of our support "
        "team, who will reply to you here."
    ),
    "billing": (
        "Thanks for your patience. We have passed your message to our billing team, who will "
        "reply to you here."
    ),
    "legal": (
        "Thank you for your message. We have passed it to the team responsible, who will reply "
        "to you here."
    ),
    "security": (
        "Thanks for your patience. We have passed your message to our account security team, "
        "who will reply to you here. For your safety, please never send us passwords or full "
        "card numbers."
    ),
}

_MISSING: Mapping[str, str] = {
    "order_id": "your order number (you can find it in your order confirmation email)",
    "amount": "the amount you would like refunded",
    "discount_code": "the discount code",
    "new_address": "the full new delivery address",
    "product": "the name of the product",
    "customer_id": "the email address registered on your account",
}
_MISSING_OTHER = "a few more details about your request"


# Values -------------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """One line of printable text, capped: no control/format characters, no line breaks."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    text = " ".join(kept.split())
    return text if len(text) <= _VALUE_MAX else text[: _VALUE_MAX - 1].rstrip() + "…"


def _values(result: ActionResult | None, entities: Mapping[str, str]) -> dict[str, str]:
    """The whitelisted substitution mapping: validated entities, then action data over them."""
    values: dict[str, str] = {}
    for key, pattern in _ENTITY_PATTERNS.items():
        raw = entities.get(key)
        if isinstance(raw, str) and pattern.fullmatch(raw.strip().upper()):
            values[key] = raw.strip().upper()
    for key in _FREE_TEXT_ENTITIES:
        raw = entities.get(key)
        if isinstance(raw, str) and (cleaned := _clean(raw)):
            values[key] = cleaned
    if result is None or not result.success:
        return values
    currency = result.data.get("currency")
    prefix = currency if isinstance(currency, str) and _CURRENCY_RE.fullmatch(currency) else ""
    for key, datum in result.data.items():
        if not _KEY_RE.fullmatch(key) or datum is None or isinstance(datum, bool):
            continue
        text: str | None
        if key in _MONEY_KEYS:
            text = format_money(datum, prefix)
        elif key in _DATE_KEYS:
            text = format_date(datum)
        else:
            text = _clean(str(datum))
        if text:
            values[key] = text
    return values


def _first(values: Mapping[str, str], *candidates: str) -> str:
    """The first candidate whose placeholders all have values (the last should have none)."""
    for candidate in candidates:
        template = Template(candidate)
        if all(name in values for name in template.get_identifiers()):
            return template.safe_substitute(values)
    return _GENERIC_PROBLEM


def _without_order_id(text: str) -> str:
    return text.replace("Order $order_id", "Your order").replace("order $order_id", "your order")


def _order_variants(*texts: str) -> tuple[str, ...]:
    """Each text, then each again without the order number (when none is known)."""
    return (*texts, *(_without_order_id(t) for t in texts))


# Success texts, per action --------------------------------------------------------------------

_Data = Mapping[str, object]


def _lookup_order(data: _Data) -> tuple[str, ...]:
    by_status = {
        "processing": (
            "Order $order_id ($items) is being prepared for dispatch. The estimated delivery "
            "date is $eta, and the order total is $total.",
            "Order $order_id is being prepared for dispatch. The estimated delivery date is $eta.",
        ),
        "shipped": (
            "Order $order_id is on its way with $carrier (tracking number $tracking_number). "
            "The estimated delivery date is $eta.",
            "Order $order_id is on its way. The estimated delivery date is $eta.",
        ),
        "delivered": (
            "Order $order_id was delivered on $delivered_on.",
            "Order $order_id has been delivered.",
        ),
    }
    status = data.get("status")
    specific = by_status.get(status, ()) if isinstance(status, str) else ()
    return _order_variants(*specific, "Order $order_id has the status: $status.")


def _create_return(data: _Data) -> tuple[str, ...]:
    label = " The return label has been sent to the email address on your account." * bool(
        data.get("label_sent")
    )
    refund = (
        " You will get a refund to your original payment method once the items are back with us."
    ) * bool(data.get("refund_on_receipt"))
    return _order_variants(
        f"We have opened return $return_id for order $order_id.{label}{refund}",
        f"We have opened a return for order $order_id.{label}{refund}",
    )


def _update_address(data: _Data) -> tuple[str, ...]:
    return _order_variants(
        "The delivery address of order $order_id has been changed to: $new_address.",
        "The delivery address of order $order_id has been changed.",
    )


def _apply_discount(data: _Data) -> tuple[str, ...]:
    if data.get("free_shipping"):
        saving = "shipping is free, a saving of $discount_amount"
    else:
        saving = "$percent_off% off, a saving of $discount_amount"
    return _order_variants(
        f"Code $discount_code has been applied to order $order_id: {saving}. "
        "The new order total is $new_total.",
        "Code $discount_code has been applied to order $order_id.",
    )


def _issue_refund(data: _Data) -> tuple[str, ...]:
    return _order_variants(
        "We have issued a refund of $refund_amount for order $order_id (reference $refund_id). "
        "It goes back to your original payment method.",
        "We have issued a refund of $refund_amount for order $order_id. It goes back to your "
        "original payment method.",
    )


def _cancel_order(data: _Data) -> tuple[str, ...]:
    return _order_variants(
        "Order $order_id has been cancelled. The full amount of $refund_amount will be "
        "refunded to your original payment method.",
        "Order $order_id has been cancelled.",
    )


def _send_password_reset(data: _Data) -> tuple[str, ...]:
    return (
        "We have sent a password reset link to the email address on your account. The link is "
        "valid for $link_valid_minutes minutes.",
        "We have sent a password reset link to the email address on your account.",
    )


def _open_delivery_investigation(data: _Data) -> tuple[str, ...]:
    return _order_variants(
        "We have opened case $case_id with $carrier about order $order_id. We will update "
        "you as soon as we hear back.",
        "We have opened case $case_id about order $order_id. We will update you as soon as we "
        "hear back.",
    )


def _check_stock(data: _Data) -> tuple[str, ...]:
    if data.get("in_stock"):
        return (
            "Good news: $product is in stock ($quantity available).",
            "Good news: $product is in stock.",
            "Good news: the product is in stock.",
        )
    return (
        "$product is currently out of stock. We expect new stock on $restock_on.",
        "$product is currently out of stock.",
        "The product is currently out of stock.",
    )


def _unsubscribe_marketing(data: _Data) -> tuple[str, ...]:
    return (
        "You have been unsubscribed from our marketing messages ($channels).",
        "You have been unsubscribed from our marketing messages.",
    )


_SUCCESS: Mapping[str, Callable[[_Data], tuple[str, ...]]] = {
    "lookup_order": _lookup_order,
    "create_return": _create_return,
    "update_address": _update_address,
    "apply_discount": _apply_discount,
    "issue_refund": _issue_refund,
    "cancel_order": _cancel_order,
    "send_password_reset": _send_password_reset,
    "open_delivery_investigation": _open_delivery_investigation,
    "check_stock": _check_stock,
    "unsubscribe_marketing": _unsubscribe_marketing,
}

# Failure texts, per (action, code) then per code --------------------------------------------

_ORDER_ACTIONS = frozenset(
    {
        "lookup_order",
        "create_return",
        "update_address",
        "apply_discount",
        "issue_refund",
        "cancel_order",
        "open_delivery_investigation",
    }
)
_GENERIC_PROBLEM = (
    "We could not complete your request right now. A colleague will look into it and get back "
    "to you."
)
GENERIC_PROBLEM = _GENERIC_PROBLEM
"""The answer when no template of an action's result has all its facts."""
_FAILURES: Mapping[tuple[str | None, str], tuple[str, ...]] = {
    ("order", ErrorCode.NOT_FOUND): (
        "We could not find an order with the number $order_id. Could you check the number and "
        "send it to us again?",
        "We could not find that order. Could you check the order number and send it to us again?",
    ),
    ("send_password_reset", ErrorCode.NOT_FOUND): (
        "We could not find an account for this request. Could you write to us from the email "
        "address registered on your account?",
    ),
    ("unsubscribe_marketing", ErrorCode.NOT_FOUND): (
        "We could not find an account for this request. Could you write to us from the email "
        "address registered on your account?",
    ),
    ("cancel_order", ErrorCode.ALREADY_SHIPPED): _order_variants(
        "Order $order_id has already shipped, so it can no longer be cancelled. Once it has "
        "arrived, you can return it."
    ),
    ("update_address", ErrorCode.ALREADY_SHIPPED): _order_variants(
        "Order $order_id has already shipped, so its delivery address can no longer be changed."
    ),
    ("apply_discount", ErrorCode.ALREADY_SHIPPED): _order_variants(
        "Order $order_id has already shipped, so a discount code can no longer be applied to it."
    ),
    ("order", ErrorCode.ALREADY_SHIPPED): _order_variants(
        "Order $order_id has already shipped, so it can no longer be changed."
    ),
    ("create_return", ErrorCode.NOT_SHIPPED): _order_variants(
        "Order $order_id has not shipped yet, so it cannot be returned. If you no longer want "
        "it, you can ask us to cancel it."
    ),
    ("order", ErrorCode.NOT_SHIPPED): _order_variants(
        "Order $order_id has not shipped yet, so there is no delivery to look into. You can ask "
        "us for its status at any time."
    ),
    (None, ErrorCode.INVALID_CODE): (
        "The code $discount_code is not a valid discount code. Could you check the spelling?",
        "That discount code is not valid. Could you check the spelling?",
    ),
    (None, ErrorCode.EXPIRED_CODE): (
        "The code $discount_code has expired, so it can no longer be used.",
        "That discount code has expired, so it can no longer be used.",
    ),
    (None, ErrorCode.OVER_LIMIT): (
        "Refunds of this size need approval from our team, so we have passed your request to "
        "a colleague, who will get back to you.",
    ),
    ("order", ErrorCode.EXCEEDS_TOTAL): _order_variants(
        "The amount you asked for is more than the total of order $order_id, so we cannot "
        "refund it automatically. A colleague will look into it."
    ),
}


def _failure_text(intent: str, action: str, code: str | None, values: Mapping[str, str]) -> str:
    code = code or ErrorCode.INTERNAL
    group = "order" if action in _ORDER_ACTIONS else None
    candidates = (
        _FAILURES.get((action, code)) or _FAILURES.get((group, code)) or _FAILURES.get((None, code))
    )
    if candidates:
        return _first(values, *candidates)
    if code == ErrorCode.INVALID_PARAMS:
        return render_clarify(intent, ())
    topic = TOPICS.get(intent, "your request")
    return (
        f"We could not complete the request about {topic} right now because of a technical "
        "problem. A colleague will look into it and get back to you."
    )


def _pending_text(intent: str, values: Mapping[str, str]) -> str:
    topic = TOPICS.get(intent, "your request")
    return _first(
        values,
        f"Thanks for your message about {topic} (order $order_id). We are looking into it and "
        "will get back to you.",
        f"Thanks for your message about {topic}. We are looking into it and will get back to you.",
    )


# Public API -----------------------------------------------------------------------------------


def render_response(
    intent: str, action_result: ActionResult | None, entities: Mapping[str, str]
) -> str:
    """The customer answer for ``intent``, stating only facts found in ``action_result.data``.

    Intents without an action get their informational answer; action intents without a result
    get a holding acknowledgement; failed actions get a sentence chosen by the error code.
    """
    if intent == "speak_to_human":
        return render_holding("general")
    action = INTENT_ACTIONS.get(intent)
    if action is None:
        return _INFORMATIONAL.get(intent, _INFORMATIONAL[OUT_OF_SCOPE])
    values = _values(action_result, entities)
    if action_result is None:
        return _pending_text(intent, values)
    name = action_result.name if action_result.name in _SUCCESS else action
    if not action_result.success:
        return _failure_text(intent, name, error_code(action_result), values)
    if action_result.name not in _SUCCESS:
        topic = TOPICS.get(intent, "your request")
        return f"We have taken care of {topic}."
    return _first(values, *_SUCCESS[name](action_result.data))


def render_clarify(intent: str, missing: Sequence[str]) -> str:
    """Ask for the details the constraint stage found missing (e.g. the order number)."""
    phrases: list[str] = []
    for name in missing:
        phrase = _MISSING.get(name, _MISSING_OTHER)
        if phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        phrases.append(_MISSING_OTHER)
    listed = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
    topic = TOPICS.get(intent, "your request")
    ask = "these details" if len(phrases) > 1 else "this"
    return (
        f"We would be glad to help with {topic}. To do so, we need {listed}. "
        f"Could you send us {ask}?"
    )


def render_holding(queue: str) -> str:
    """What the customer is told while a human from ``queue`` takes over."""
    return _HOLDING.get(queue, _HOLDING["general"])
