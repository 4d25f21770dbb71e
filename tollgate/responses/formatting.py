"""How responses show money and dates (the guard reads the same formats back)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_CENT = Decimal("0.01")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, independent of the process locale."""


def to_money(value: object) -> Decimal | None:
    """``value`` as a 2-decimal amount, or ``None`` if it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = (
            Decimal(str(value).replace(",", "")) if isinstance(value, str) else Decimal(str(value))
        )
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


def format_money(value: object, currency: str = "") -> str | None:
    """``"EUR 49.99"`` (or ``"49.99"`` without a currency); ``None`` if not a number."""
    amount = to_money(value)
    if amount is None:
        return None
    return f"{currency} {amount:,.2f}" if currency else f"{amount:,.2f}"


def to_date(value: object) -> date | None:
    """An ISO date (or the date part of an ISO datetime), or ``None``."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def format_date(value: object) -> str | None:
    """``"9 March 2025"`` for an ISO date; ``None`` if it is not one."""
    day = to_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else None
