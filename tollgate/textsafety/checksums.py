"""Checksums that tell a card number or an IBAN from an arbitrary run of digits."""

from __future__ import annotations

__all__ = ["iban_ok", "luhn_ok"]


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check of a string of ASCII digits (card numbers); ``False`` if empty."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(compact: str) -> bool:
    """The ISO 7064 mod-97 check of an IBAN without spaces (15 to 34 characters)."""
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum() or not compact.isascii():
        return False
    moved = (compact[4:] + compact[:4]).upper()
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
