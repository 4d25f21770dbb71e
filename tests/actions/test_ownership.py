"""Ownership without running anything: the shop pack's registry (demo-backed actions declared in
``actions.yaml``) refuses someone else's order or account before a draft is offered."""

from __future__ import annotations

import asyncio

import pytest

from tollgate.actions import demo_orders as orders
from tollgate.actions.errors import ErrorCode, error_code
from tollgate.actions.pack import pack_registry
from tollgate.config import DEFAULT_DOMAIN_DIR


@pytest.mark.parametrize(
    ("action", "params", "customer", "refused"),
    [
        ("cancel_order", {"order_id": orders.PROCESSING_ORDER_ID}, "cust-2", True),
        ("issue_refund", {"order_id": orders.DELIVERED_ORDER_ID, "amount": 5}, None, True),
        ("lookup_order", {"order_id": orders.SHIPPED_ORDER_ID}, orders.DEMO_CUSTOMER_ID, False),
        ("lookup_order", {"order_id": "A10023"}, "cust-2", False),  # a synthesised order
        ("send_password_reset", {"customer_id": "cust-3"}, "cust-2", True),
        ("send_password_reset", {"customer_id": "cust-2"}, "cust-2", False),
    ],
)
def test_the_pack_registry_authorizes_by_owner(
    action: str, params: dict[str, object], customer: str | None, refused: bool
) -> None:
    registry = pack_registry(DEFAULT_DOMAIN_DIR)
    result = asyncio.run(
        registry.authorize(action, params, idempotency_key="k", customer_id=customer)
    )
    if refused:
        assert error_code(result) == ErrorCode.FORBIDDEN_RESOURCE
    else:
        assert result is None
