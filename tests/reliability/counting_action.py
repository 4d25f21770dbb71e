"""``lookup_order`` as a ``path`` action (not declared idempotent by key) calling the counting
API of ``test_actions_run_once_across_workers`` at ``$COUNTING_API_URL``."""

from __future__ import annotations

import os

import httpx

from tollgate.actions.demo_backend import OrderParams
from tollgate.actions.registry import ActionContext

URL_ENV = "COUNTING_API_URL"
RESPONSE = {
    "order_id": "id",
    "status": "state",
    "carrier": "carrier",
    "tracking_number": "tracking",
    "eta": "eta",
    "items": "items",
    "total": "total",
    "currency": "currency",
    "delivered_on": "delivered_on",
    "placed_on": "placed_on",
}
"""The order's data keys → the counting API's fields (also the HTTP action's ``response``)."""


async def lookup_order(params: OrderParams, ctx: ActionContext) -> dict[str, object]:
    """The order as the counting API answers it (sends the key and the customer, as HTTP
    actions do)."""
    headers = {"Idempotency-Key": ctx.idempotency_key, "X-Customer-Id": ctx.customer_id or ""}
    async with httpx.AsyncClient(timeout=5.0) as client:
        answer = await client.get(
            f"{os.environ[URL_ENV]}/orders/{params.order_id}", headers=headers
        )
    answer.raise_for_status()
    body = answer.json()
    return {key: body[field] for key, field in RESPONSE.items()}
