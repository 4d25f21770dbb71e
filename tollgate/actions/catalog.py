"""The shared vocabulary's intent → action mapping (intents not listed have no action)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

INTENT_ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        "check_order_status": "lookup_order",
        "process_return": "create_return",
        "update_shipping_address": "update_address",
        "apply_discount_code": "apply_discount",
        "request_refund": "issue_refund",
        "cancel_order": "cancel_order",
        "account_access": "send_password_reset",
        "delivery_problem": "open_delivery_investigation",
        "product_availability": "check_stock",
        "unsubscribe_marketing": "unsubscribe_marketing",
    }
)
"""Intent name → the demo backend action that serves it."""

REFUND_LIMIT = 100
"""Largest refund (in the order currency) an agent may issue without a human."""
