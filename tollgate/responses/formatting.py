"""How responses show money and dates (the guard reads the same formats back)."""

from __future__ import annotations

from tollgate.textsafety.dates import MONTHS, to_date
from tollgate.textsafety.money import to_money

__all__ = ["MONTHS", "format_date", "format_money", "to_date", "to_money"]


def format_money(value: object, currency: str = "") -> str | None:
    """``"EUR 49.99"`` (or ``"49.99"`` without a currency); ``None`` if not a number."""
    amount = to_money(value)
    if amount is None:
        return None
    return f"{currency} {amount:,.2f}" if currency else f"{amount:,.2f}"


def format_date(value: object) -> str | None:
    """``"9 March 2025"`` for an ISO date; ``None`` if it is not one."""
    day = to_date(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else None
