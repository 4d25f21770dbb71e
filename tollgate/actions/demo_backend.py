"""The shipped demo backend: the ten vocabulary actions, embedded, offline and deterministic.

Data comes from :mod:`tollgate.actions.demo_orders`. The backend is stateless (an action's
result depends only on its params and the attempt number), so the registry's idempotency store
is what prevents a repeated call from acting twice, and its actions are idempotent by key (a
repeated key gets the same result and no effect). Orders can be changed (cancelled,
re-addressed, discounted) only while ``processing``; returns and delivery investigations need a
shipped order. Reserved ids (``FLAKY_*``, ``SLOW_ORDER_ID``...) exercise retries and timeouts.

Every action acts for the context's ``customer_id`` only: the reserved orders belong to
``DEMO_CUSTOMER_ID`` (``cust-1``), and an order or account of anyone else is refused with
``forbidden_resource`` before any data is read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tollgate.actions.catalog import REFUND_LIMIT
from tollgate.actions.demo_orders import (
    CURRENCY,
    FLAKY_CUSTOMER_ID,
    FLAKY_ORDER_ID,
    SLOW_ORDER_ID,
    DemoOrder,
    customer_exists,
    find_order,
    other_customers,
    owner_of,
    short_ref,
    stock_level,
)
from tollgate.actions.errors import ErrorCode, PermanentActionError, TransientActionError
from tollgate.actions.idempotency import IdempotencyStore
from tollgate.actions.registry import AccessCheck, ActionContext, ActionRegistry

SLOW_DELAY_S = 30.0
"""How long actions on ``SLOW_ORDER_ID`` hang (the registry's timeout cuts them short)."""

OrderId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{2,31}$"
    ),
]
CustomerId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OrderParams(_Params):
    order_id: OrderId


class AddressParams(OrderParams):
    new_address: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=5, max_length=300)
    ]


class DiscountParams(OrderParams):
    discount_code: Annotated[
        str,
        StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9_-]{3,32}$"),
    ]


class RefundParams(OrderParams):
    amount: Money


class CustomerParams(_Params):
    customer_id: CustomerId


class ProductParams(_Params):
    product: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class _Discount(BaseModel):
    percent: int = 0
    free_shipping: bool = False
    expired: bool = False


DISCOUNT_CODES: dict[str, _Discount] = {
    "WELCOME10": _Discount(percent=10),
    "SAVE20": _Discount(percent=20),
    "FREESHIP": _Discount(free_shipping=True),
    "SUMMER2023": _Discount(percent=15, expired=True),
}
"""The demo shop's codes; anything else fails with ``invalid_code``."""

_CENT = Decimal("0.01")


def _money(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


async def _chaos(key: str, ctx: ActionContext) -> None:
    if key in (FLAKY_ORDER_ID, FLAKY_CUSTOMER_ID) and ctx.attempt == 1:
        raise TransientActionError("demo backend busy, try again")
    if key == SLOW_ORDER_ID:
        await asyncio.sleep(SLOW_DELAY_S)


def _require_owner(order_id: str, ctx: ActionContext) -> None:
    owner = owner_of(order_id)
    if owner is not None and ctx.customer_id != owner:
        raise PermanentActionError(
            f"order {order_id} does not belong to this ticket's customer",
            code=ErrorCode.FORBIDDEN_RESOURCE,
        )


def _require_self(customer_id: str, ctx: ActionContext) -> None:
    if ctx.customer_id is not None and customer_id != ctx.customer_id:
        raise PermanentActionError(
            "account action for another customer", code=ErrorCode.FORBIDDEN_RESOURCE
        )


async def check_access(name: str, params: Mapping[str, object], ctx: ActionContext) -> None:
    """The registry's access check (``ActionRegistry.authorize``): the same ownership rules the
    actions apply, without running anything."""
    order_id = params.get("order_id")
    if isinstance(order_id, str | int):
        _require_owner(str(order_id).strip().upper(), ctx)
    customer_id = params.get("customer_id")
    if isinstance(customer_id, str):
        _require_self(customer_id.strip(), ctx)


def demo_access_check(names: Collection[str]) -> AccessCheck:
    """:func:`check_access` for the actions ``names`` only (a pack mixing demo and other
    backends: the demo's ownership rules apply to the demo's actions)."""
    wanted = frozenset(names)

    async def check(name: str, params: Mapping[str, object], ctx: ActionContext) -> None:
        if name in wanted:
            await check_access(name, params, ctx)

    return check


async def _order(order_id: str, ctx: ActionContext) -> DemoOrder:
    _require_owner(order_id, ctx)  # before anything else happens
    await _chaos(order_id, ctx)
    order = find_order(order_id)
    if order is None:
        raise PermanentActionError(f"order {order_id} not found", code=ErrorCode.NOT_FOUND)
    return order


def _require_processing(order: DemoOrder, what: str) -> None:
    if order.status != "processing":
        raise PermanentActionError(
            f"order {order.order_id} is {order.status}; cannot {what}",
            code=ErrorCode.ALREADY_SHIPPED,
        )


def _require_shipped(order: DemoOrder, what: str) -> None:
    if order.status == "processing":
        raise PermanentActionError(
            f"order {order.order_id} has not shipped yet; cannot {what}",
            code=ErrorCode.NOT_SHIPPED,
        )


async def _customer(customer_id: str, ctx: ActionContext) -> None:
    _require_self(customer_id, ctx)
    await _chaos(customer_id, ctx)
    if not customer_exists(customer_id):
        raise PermanentActionError("customer not found", code=ErrorCode.NOT_FOUND)


# The ten actions ---------------------------------------------------------------------------


async def lookup_order(params: OrderParams, ctx: ActionContext) -> dict[str, str | float | None]:
    """Status, items, total and dates of an order."""
    order = await _order(params.order_id, ctx)
    return {
        "order_id": order.order_id,
        "status": order.status,
        "items": ", ".join(order.items),
        "total": _money(order.total),
        "currency": CURRENCY,
        "placed_on": order.placed_on.isoformat(),
        "eta": order.eta.isoformat(),
        "delivered_on": order.delivered_on.isoformat() if order.delivered_on else None,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
    }


async def create_return(params: OrderParams, ctx: ActionContext) -> dict[str, str | bool]:
    """Open a return for a shipped or delivered order; the label goes out by email."""
    order = await _order(params.order_id, ctx)
    _require_shipped(order, "return it (cancel it instead)")
    return {
        "return_id": short_ref("RMA", order.order_id),
        "order_id": order.order_id,
        "items": ", ".join(order.items),
        "label_sent": True,
        "refund_on_receipt": True,
    }


async def update_address(params: AddressParams, ctx: ActionContext) -> dict[str, str]:
    """Change the delivery address of an order that has not shipped."""
    order = await _order(params.order_id, ctx)
    _require_processing(order, "change its address")
    return {"order_id": order.order_id, "new_address": params.new_address, "status": order.status}


async def apply_discount(
    params: DiscountParams, ctx: ActionContext
) -> dict[str, str | float | int | bool]:
    """Apply a discount code to an order that has not shipped."""
    order = await _order(params.order_id, ctx)
    discount = DISCOUNT_CODES.get(params.discount_code)
    if discount is None:
        raise PermanentActionError(
            f"unknown discount code {params.discount_code}", code=ErrorCode.INVALID_CODE
        )
    if discount.expired:
        raise PermanentActionError(
            f"discount code {params.discount_code} has expired", code=ErrorCode.EXPIRED_CODE
        )
    _require_processing(order, "apply a discount")
    off = order.shipping if discount.free_shipping else order.subtotal * discount.percent / 100
    return {
        "order_id": order.order_id,
        "discount_code": params.discount_code,
        "percent_off": discount.percent,
        "free_shipping": discount.free_shipping,
        "discount_amount": _money(off),
        "new_total": _money(order.total - off),
        "currency": CURRENCY,
    }


async def issue_refund(params: RefundParams, ctx: ActionContext) -> dict[str, str | float]:
    """Refund up to the order total, never more than ``REFUND_LIMIT`` (defence in depth)."""
    if params.amount > REFUND_LIMIT:
        raise PermanentActionError(
            f"refunds above {REFUND_LIMIT} need a human", code=ErrorCode.OVER_LIMIT
        )
    order = await _order(params.order_id, ctx)
    if params.amount > order.total:
        raise PermanentActionError("amount exceeds the order total", code=ErrorCode.EXCEEDS_TOTAL)
    return {
        "refund_id": short_ref("REF", order.order_id, str(params.amount)),
        "order_id": order.order_id,
        "refund_amount": _money(params.amount),
        "currency": CURRENCY,
        "status": "issued",
    }


async def cancel_order(params: OrderParams, ctx: ActionContext) -> dict[str, str | float]:
    """Cancel an order that has not shipped; its total is refunded."""
    order = await _order(params.order_id, ctx)
    _require_processing(order, "cancel it")
    return {
        "order_id": order.order_id,
        "status": "cancelled",
        "refund_amount": _money(order.total),
        "currency": CURRENCY,
    }


async def send_password_reset(
    params: CustomerParams, ctx: ActionContext
) -> dict[str, str | int | bool]:
    """Email a password-reset link to the customer's registered address."""
    await _customer(params.customer_id, ctx)
    return {
        "customer_id": params.customer_id,
        "reset_sent": True,
        "channel": "email",
        "link_valid_minutes": 30,
    }


async def open_delivery_investigation(
    params: OrderParams, ctx: ActionContext
) -> dict[str, str | None]:
    """Open a case with the carrier for a late, lost or damaged parcel."""
    order = await _order(params.order_id, ctx)
    _require_shipped(order, "investigate its delivery")
    return {
        "case_id": short_ref("INV", order.order_id),
        "order_id": order.order_id,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "status": "open",
    }


async def check_stock(params: ProductParams, ctx: ActionContext) -> dict[str, str | int | bool]:
    """Whether a product is in stock, how many, and when it is restocked if not."""
    await _chaos(params.product, ctx)
    level = stock_level(params.product)
    data: dict[str, str | int | bool] = {
        "product": params.product,
        "in_stock": level.in_stock,
        "quantity": level.quantity,
    }
    if level.restock_on is not None:
        data["restock_on"] = level.restock_on.isoformat()
    return data


async def unsubscribe_marketing(
    params: CustomerParams, ctx: ActionContext
) -> dict[str, str | bool]:
    """Stop newsletters and marketing messages on every channel."""
    await _customer(params.customer_id, ctx)
    return {"customer_id": params.customer_id, "unsubscribed": True, "channels": "email, sms"}


DEMO_ACTIONS: tuple[str, ...] = (
    "lookup_order",
    "create_return",
    "update_address",
    "apply_discount",
    "issue_refund",
    "cancel_order",
    "send_password_reset",
    "open_delivery_investigation",
    "check_stock",
    "unsubscribe_marketing",
)
"""Action names; each is also the name of its function in this module."""


def default_registry(
    store: IdempotencyStore | None = None, *, plugins: bool = False
) -> ActionRegistry:
    """A registry with the ten demo actions, registered by dotted path.

    With ``plugins``, actions from the ``tollgate.actions`` entry-point group are loaded on
    top, replacing demo actions of the same name (how a real shop backend plugs in).
    """
    registry = ActionRegistry(store)
    registry.access_check = check_access
    registry.other_customers = other_customers
    for name in DEMO_ACTIONS:
        registry.register_path(name, f"{__name__}:{name}", idempotent_by_key=True)
    if plugins:
        registry.load_entry_points(replace=True)
    return registry
