"""Money in text: numbers with thousands separators and decimal comma or point, currencies
before or after, and amounts in words ("fifty euros", "twenty-five dollars").

:func:`parse_amount` is the one number reader (``1,200.50``, ``1.200,50``, ``49,99``,
``1 000``); :data:`NUMBER` the one number pattern; :func:`find_amounts` finds every amount a
response or a ticket states, with or without a currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CURRENCY_CODE",
    "CURRENCY_SYMBOL",
    "CURRENCY_WORD",
    "NUMBER",
    "AmountMention",
    "find_amounts",
    "parse_amount",
    "plain_number",
    "to_money",
    "words_to_number",
]

NUMBER = r"\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
"""A number as written in prices: ``49``, ``49.99``, ``49,99``, ``1,299.00``, ``1.299,00``."""
CURRENCY_SYMBOL = r"[€$£¥₹]"
CURRENCY_CODE = r"(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR)"
CURRENCY_WORD = r"(?:euros?|dollars?|pounds?|bucks|quid|cents?|pence|francs?|yen|kronor|zloty)"

_CENT = Decimal("0.01")


def to_money(value: object) -> Decimal | None:
    """``value`` (a number or a plain numeric string) as a 2-decimal amount, else ``None``."""
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


def plain_number(raw: str) -> str | None:
    """``1,200.50`` / ``1.200,50`` / ``49,99`` / ``1 000`` → ``1200.50`` / ``1200.50`` /
    ``49.99`` / ``1000`` (decimals as written); ``None`` if it is not a number.

    A lone separator followed by exactly three digits is a thousands separator (``1,200``), by
    one or two digits a decimal one (``49,99``).
    """
    raw = re.sub(r"[\s'\u00a0\u202f]", "", raw)
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = raw.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.rpartition(".")[2]) == 3):
        raw = raw.replace(".", "")
    return raw if re.fullmatch(r"\d+(?:\.\d+)?", raw) else None


def parse_amount(raw: str) -> Decimal | None:
    """:func:`plain_number` as a 2-decimal amount (``None`` if it is not a number)."""
    plain = plain_number(raw)
    return None if plain is None else to_money(plain)


# -- numbers in words ---------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
NUMBER_WORDS = rf"(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*)"
"""A number written in English words ("fifty", "twenty-five", "a hundred and ten")."""


def words_to_number(words: str) -> int | None:
    """``"twenty-five"`` → 25, ``"a hundred and ten"`` → 110; ``None`` if not a number."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = seen or word not in ("a", "an")
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            seen = True
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
    return total + current if seen else None


# -- finding amounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountMention:
    """An amount stated in text. ``value`` is ``None`` for "in full"-like wording."""

    text: str
    value: Decimal | None
    start: int
    kind: str
    """``money`` (with a currency), ``percent``, ``bare`` (a money verb, no currency) or
    ``full`` (the whole amount without a number)."""


_NUM = rf"(?P<n>{NUMBER})"
_WORDS = rf"(?P<w>\b{NUMBER_WORDS})"
_MONEY_VERBS = (
    r"(?:refund(?:ed|ing|s)?|credit(?:ed|ing|s)?|reimburs(?:e|ed|ing)|paid|pay(?:ing)?|"
    r"charg(?:e|ed|ing)|transferr?(?:ed|ing)?|return(?:ed|ing)?|compensat(?:e|ed|ing)|"
    r"deduct(?:ed|ing)?|discount(?:ed)?|off|back|cost(?:s|ing)?|total(?:ling|ing|s)?|"
    r"worth|price[ds]?|sum|amount(?:ing)?(?: to)?|balance|owe[sd]?|fee|voucher|coupon)"
)
_AMOUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("money", re.compile(rf"(?:{CURRENCY_SYMBOL}|\b{CURRENCY_CODE})\s?{_NUM}", re.I)),
    ("money", re.compile(
        rf"(?<![\w.,]){_NUM}\s?(?:{CURRENCY_SYMBOL}|{CURRENCY_CODE}\b|{CURRENCY_WORD}\b)", re.I)),
    ("money", re.compile(rf"{_WORDS}[\s-]*(?:{CURRENCY_CODE}\b|{CURRENCY_WORD}\b)", re.I)),
    ("percent", re.compile(rf"(?<![\w.,]){_NUM}\s?(?:%|percent\b|per cent\b)", re.I)),
    ("percent", re.compile(rf"{_WORDS}[\s-]*(?:%|percent\b|per cent\b)", re.I)),
    ("percent", re.compile(
        r"\b(?P<w>half|a quarter|a third)\s+(?:off|price|of the (?:price|cost|total))\b", re.I)),
    ("bare", re.compile(
        r"(?<![\w.,#-])(?P<n>\d{1,3}(?:,\d{3})+\.\d{2}|\d+[.,]\d{2})(?![\w]|[.,]\d)")),
    ("bare", re.compile(
        rf"\b{_MONEY_VERBS}\b(?:\s+(?:you|your|of|for|by|with|to|the|a|an|amount|sum|total|"
        rf"exactly|about|around|only|just|up|it|back|me|us)){{0,3}}\s*[:=]?\s*"
        rf"(?:{_NUM}|{_WORDS})\b(?!\s*(?:items?|orders?|days?|hours?|minutes?|weeks?|months?|"
        rf"years?|times?|pieces?|units?|%|percent|business|working))(?![.,]\d|[-/.]\d)", re.I)),
    ("full", re.compile(
        r"\b(?:in full|(?:the )?full (?:amount|price|refund|sum|cost|value)|fully refunded|"
        r"refunded (?:completely|entirely)|"
        r"(?:the )?(?:whole|entire|total) (?:amount|sum|price|cost)|"
        r"every (?:cent|penny)|all (?:of )?your money|(?:the )?(?:rest|remainder|balance) of "
        r"(?:the|your) (?:amount|money|payment)|double (?:your|the) money|(?:100|one hundred) ?%)",
        re.I)),
)  # fmt: skip


def _value(match: re.Match[str]) -> Decimal | None:
    groups = match.groupdict()
    if groups.get("n"):
        return parse_amount(groups["n"])
    words = groups.get("w")
    if words:
        lowered = words.lower()
        fractions = {"half": 50, "a quarter": 25, "a third": 33}
        if lowered in fractions:
            return Decimal(fractions[lowered])
        number = words_to_number(words)
        return None if number is None else Decimal(number).quantize(_CENT)
    return None


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount ``text`` states (money, percentages, bare amounts after a money verb, "in
    full"), at most one per position, in pattern order."""
    found: list[AmountMention] = []
    starts: set[int] = set()
    for kind, pattern in _AMOUNT_PATTERNS:
        for match in pattern.finditer(text):
            if match.start() in starts:
                continue
            value = _value(match)
            if kind != "full" and value is None:
                continue
            starts.add(match.start())
            found.append(AmountMention(match.group(0), value, match.start(), kind))
    return found
