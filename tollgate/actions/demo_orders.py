"""Deterministic, offline demo data: orders, stock and customers synthesised from their ids.

Any well-formed order id is an order; a hash of the id decides its status, items, total and
dates, so the same id always gives the same order. A few reserved ids behave specially for
tests and demos (see the ``*_ORDER_ID`` constants). Dates count from a fixed epoch so that
results never depend on today's date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

EPOCH = date(2025, 1, 6)
CURRENCY = "EUR"
FREE_SHIPPING_FROM = Decimal("50.00")
SHIPPING_FEE = Decimal("4.95")

OrderStatus = Literal["processing", "shipped", "delivered"]
_STATUSES: tuple[OrderStatus, ...] = ("processing", "shipped", "delivered")
_CATALOGUE: tuple[tuple[str, Decimal], ...] = (
    ("Blue T-shirt", Decimal("19.99")),
    ("Running shoes", Decimal("89.00")),
    ("Wool scarf", Decimal("24.50")),
    ("Coffee mug", Decimal("9.90")),
    ("Desk lamp", Decimal("34.99")),
    ("Backpack", Decimal("49.95")),
    ("Wireless earbuds", Decimal("59.00")),
    ("Yoga mat", Decimal("27.45")),
)
_CARRIERS = ("DHL", "UPS", "DPD")

NOT_FOUND_ORDER_ID = "00000000"
"""Never exists."""
PROCESSING_ORDER_ID = "10000001"
"""Not shipped yet: can be cancelled, re-addressed and discounted."""
SHIPPED_ORDER_ID = "20000002"
"""Already shipped: cannot be cancelled or re-addressed."""
DELIVERED_ORDER_ID = "30000003"
"""Delivered: can be returned and investigated."""
FLAKY_ORDER_ID = "40000004"
"""Processing; every action on it fails its first attempt transiently, then succeeds."""
SLOW_ORDER_ID = "50000005"
"""Processing; every action on it hangs far longer than any sensible timeout."""

_RESERVED_STATUS: dict[str, OrderStatus] = {
    PROCESSING_ORDER_ID: "processing",
    SHIPPED_ORDER_ID: "shipped",
    DELIVERED_ORDER_ID: "delivered",
    FLAKY_ORDER_ID: "processing",
    SLOW_ORDER_ID: "processing",
}

DEMO_CUSTOMER_ID = "cust-1"
"""Owner of every reserved demo order above (10000001, 20000002, 30000003, 40000004, 50000005):
an action on one of them for any other customer (or for a ticket without a customer) is refused
``forbidden_resource``. Other well-formed ids are synthesised orders of whoever asks, except the
orders of the other demo customers below."""


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """A demo customer's identifying data: what the output guard must not show anyone else."""

    customer_id: str
    name: str
    email: str
    street: str
    """The street line alone (a reply may quote it without the town)."""
    town: str
    orders: tuple[str, ...]

    @property
    def address(self) -> str:
        return f"{self.street}, {self.town}"

    def identifiers(self) -> tuple[str, ...]:
        """Everything that identifies this customer in a reply: id, full name, surname, e-mail,
        street line, full address and order ids (matched as whole words, any case)."""
        surname = self.name.rsplit(" ", 1)[-1]
        fixed = (self.customer_id, self.name, surname, self.email, self.street, self.address)
        return fixed + self.orders


DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (
    DemoCustomer(
        DEMO_CUSTOMER_ID,
        "Dana Whitcombe",
        "dana.whitcombe@example.com",
        "12 Harbour Lane",
        "Bristol BS1 4RT",
        tuple(_RESERVED_STATUS),
    ),
    DemoCustomer(
        "cust-2",
        "Priya Natarajan",
        "priya.natarajan@example.org",
        "48 Linden Avenue",
        "Leeds LS6 2QD",
        ("60000006",),
    ),
    DemoCustomer(
        "cust-3",
        "Jonas Oberhauser",
        "j.oberhauser@example.net",
        "Gartenweg 7",
        "10115 Berlin",
        ("70000007",),
    ),
)
"""The customers the demo backend knows, with names, e-mail addresses, postal addresses and
orders (cust-1 owns the reserved orders above; cust-2 owns 60000006, cust-3 owns 70000007). The
output guard is given every other customer's :meth:`DemoCustomer.identifiers`
(:func:`other_customers`): a reply naming one of them is not sent."""

_OWNERS: dict[str, str] = {
    order_id: customer.customer_id for customer in DEMO_CUSTOMERS for order_id in customer.orders
}

UNKNOWN_CUSTOMER_ID = "cust-unknown"
"""A customer that does not exist."""
FLAKY_CUSTOMER_ID = "cust-flaky"
"""Customer actions fail their first attempt transiently, then succeed."""


@dataclass(frozen=True, slots=True)
class DemoOrder:
    order_id: str
    status: OrderStatus
    items: tuple[str, ...]
    subtotal: Decimal
    shipping: Decimal
    placed_on: date
    eta: date
    carrier: str | None
    tracking_number: str | None
    delivered_on: date | None

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


@dataclass(frozen=True, slots=True)
class StockLevel:
    product: str
    in_stock: bool
    quantity: int
    restock_on: date | None


def digest(*parts: str) -> int:
    """A stable 64-bit number for ``parts`` (the seed of every synthesised value)."""
    raw = hashlib.sha256("\x00".join(parts).encode(), usedforsecurity=False).digest()
    return int.from_bytes(raw[:8], "big")


def short_ref(prefix: str, *parts: str) -> str:
    """A stable, letters-and-digits reference such as ``RMA-3F9A2C1B``."""
    return f"{prefix}-{digest(prefix, *parts):016X}"[: len(prefix) + 9]


def find_order(order_id: str) -> DemoOrder | None:
    """The order with this (normalised) id, or ``None`` for the reserved not-found id."""
    if order_id == NOT_FOUND_ORDER_ID:
        return None
    h = digest("order", order_id)
    status = _RESERVED_STATUS.get(order_id, _STATUSES[h % len(_STATUSES)])
    count = 1 + (h >> 8) % 3
    picks = [_CATALOGUE[(h >> (16 + 4 * i)) % len(_CATALOGUE)] for i in range(count)]
    subtotal = sum((price for _, price in picks), Decimal("0.00"))
    shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM else SHIPPING_FEE
    placed_on = EPOCH + timedelta(days=(h >> 32) % 300)
    eta = placed_on + timedelta(days=2 + (h >> 44) % 4)
    shipped = status != "processing"
    carrier = _CARRIERS[(h >> 52) % len(_CARRIERS)] if shipped else None
    return DemoOrder(
        order_id=order_id,
        status=status,
        items=tuple(name for name, _ in picks),
        subtotal=subtotal,
        shipping=shipping,
        placed_on=placed_on,
        eta=eta,
        carrier=carrier,
        tracking_number=short_ref("TRK", order_id) if shipped else None,
        delivered_on=eta if status == "delivered" else None,
    )


def stock_level(product: str) -> StockLevel:
    """Stock for a product name (case and surrounding spaces do not matter)."""
    key = " ".join(product.lower().split())
    h = digest("stock", key)
    in_stock = h % 4 != 0
    return StockLevel(
        product=product,
        in_stock=in_stock,
        quantity=1 + (h >> 8) % 40 if in_stock else 0,
        restock_on=None if in_stock else EPOCH + timedelta(days=(h >> 16) % 300 + 7),
    )


def owner_of(order_id: str) -> str | None:
    """The customer a demo order belongs to (``None``: a synthesised order, anyone's own)."""
    return _OWNERS.get(order_id)


def other_customers(customer_id: str | None) -> tuple[str, ...]:
    """The demo backend's customer directory (``ActionRegistry.other_customers``): the
    identifiers of every demo customer but ``customer_id`` (``None``: all of them)."""
    return _OTHERS.get(customer_id or "", _ALL_IDENTIFIERS)


_ALL_IDENTIFIERS = tuple(value for c in DEMO_CUSTOMERS for value in c.identifiers())
_OTHERS: dict[str, tuple[str, ...]] = {
    c.customer_id: tuple(v for o in DEMO_CUSTOMERS if o is not c for v in o.identifiers())
    for c in DEMO_CUSTOMERS
}


def customer_exists(customer_id: str) -> bool:
    return customer_id != UNKNOWN_CUSTOMER_ID
