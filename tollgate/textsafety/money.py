"""Money in text: numbers with thousands separators and decimal comma or point, currencies
before or after, and amounts in words ("fifty euros", "twenty-five dollars").

The one place money is defined: :data:`CURRENCY_SYMBOL` / :data:`CURRENCY_CODE` /
:data:`CURRENCY_WORD` the one currency vocabulary; :func:`parse_amount` the one number reader
(``1,200.50``, ``1.200,50``, ``49,99``, ``1 000``); :data:`NUMBER` the one number pattern;
:func:`find_amounts` every amount a response or a ticket states, with or without a currency (the
output guard); :func:`find_money` the sums of money among them (entity extraction, the refund
limit trigger, parameter grounding).
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
    "find_money",
    "might_state_money",
    "parse_amount",
    "plain_number",
    "to_money",
    "words_to_number",
]

NUMBER = r"\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
"""A number as written in prices: ``49``, ``49.99``, ``49,99``, ``1,299.00``, ``1.299,00``."""
CURRENCY_SYMBOL = r"[€$£¥₹]"
CURRENCY_CODE = r"(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR)"
CURRENCY_WORD = (
    r"(?:euros?|dollars?|pounds?|bucks|quid|cents?|pence|francs?|yen|kronor|kroner|krona|"
    r"kr|zloty|rupees?)"
)
"""Currency words (lower or upper case: every pattern here is case-insensitive)."""
_MINOR_UNIT = re.compile(r"(?:cents?|pence|¢)$", re.I)
"""Words naming a hundredth of the currency: ``50 cents`` is 0.50."""

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


_DIGIT = re.compile(r"\d")
_IDENTIFIER = re.compile(r"\d{5,}")
"""A bare run of five or more digits, without separators or decimals: an order or reference
number ("refund for 52841"), not a sum; a sum that large is written ``52,841`` or ``52841.00``
or with a currency."""
_MONEY_HINT = re.compile(rf"\d|\b(?:{CURRENCY_CODE}|{CURRENCY_WORD})\b", re.I)


def might_state_money(text: str) -> bool:
    """Cheap gate: ``text`` holds a digit or a currency word (every sum of money does)."""
    return _MONEY_HINT.search(text) is not None


# -- finding amounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountMention:
    """An amount stated in text. ``value`` is ``None`` for "in full"-like wording."""

    text: str
    value: Decimal | None
    start: int
    kind: str
    """``money`` (with a currency), ``percent``, ``bare`` (after a money verb such as "refund"
    or "charged", or a number with two decimals; no currency), ``loose`` (after wording that
    may be about money: "off", "back", "voucher", "returned" …) or ``full`` (the whole amount
    without a number)."""
    number: str | None = None
    """The value as a plain number written the customer's way (``1,299.00`` → ``1299.00``,
    ``12.5`` → ``12.5``, ``fifty euros`` → ``50``, ``50 cents`` → ``0.50``); ``None`` for
    "in full"."""


_NUM = rf"(?P<n>{NUMBER})"
_BARE_NUM = (
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?)(?!\d|\s\d)"
)
"""A number after a money verb: at most six digits before the decimals, so an order number
("refund 10000001") is not read as a sum."""
_WORDS = rf"(?P<w>\b{NUMBER_WORDS})"
_MONEY_VERBS = (
    r"(?:refund(?:ed|ing|s)?|credit(?:ed|ing|s)?|reimburs(?:e|ed|ing|ement)|paid|pay(?:ing)?|"
    r"charg(?:e|ed|ing)|compensat(?:e|ed|ing|ion)|cost(?:s|ing)?|total(?:ling|ing|s)?|"
    r"worth|price[ds]?|sum|amount(?:ing)?(?: to)?|owe[sd]?)"
)
"""Words after which a number is a sum of money ("refund 30", "charged 45.50")."""
_LOOSE_VERBS = (
    r"(?:transferr?(?:ed|ing)?|return(?:ed|ing)?|deduct(?:ed|ing)?|discount(?:ed)?|off|back|"
    r"balance|fee|voucher|coupon)"
)
"""Words after which a number may be money ("a voucher for 20", but "return 2 of them")."""
_FILLERS = (
    r"(?:you|your|my|of|for|by|with|to|the|a|an|amount|sum|total|exactly|about|around|only|"
    r"just|up|it|back|me|us|was|is|whole|full|entire|remaining|totall?ing|amounting)"
)
_NOT_MONEY_AFTER = (
    r"(?:x\b|items?|orders?|days?|hours?|minutes?|weeks?|months?|years?|times?|pieces?|pcs|"
    r"units?|%|percent|business|working|nights?|seats?|people|persons?)"
)
_AMOUNT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("money", re.compile(rf"(?:{CURRENCY_SYMBOL}|\b{CURRENCY_CODE})\s?{_NUM}(?![\d.,]?\d)", re.I)),
    ("money", re.compile(
        rf"(?<![\w.,]){_NUM}\s?(?P<c>{CURRENCY_SYMBOL}|¢|{CURRENCY_CODE}\b|{CURRENCY_WORD}\b)",
        re.I)),
    ("money", re.compile(rf"{_WORDS}[\s-]*(?P<c>{CURRENCY_CODE}\b|{CURRENCY_WORD}\b)", re.I)),
    ("percent", re.compile(rf"(?<![\w.,]){_NUM}\s?(?:%|percent\b|per cent\b)", re.I)),
    ("percent", re.compile(rf"{_WORDS}[\s-]*(?:%|percent\b|per cent\b)", re.I)),
    ("percent", re.compile(
        r"\b(?P<w>half|a quarter|a third)\s+(?:off|price|of the (?:price|cost|total))\b", re.I)),
    ("bare", re.compile(
        rf"\b{_MONEY_VERBS}\b(?:\s+{_FILLERS}){{0,4}}\s*[:=]?\s*"
        rf"(?:{_BARE_NUM}|{_WORDS})\b(?!\s*{_NOT_MONEY_AFTER})(?![.,]\d|[-/.]\d)", re.I)),
    ("loose", re.compile(
        rf"\b{_LOOSE_VERBS}\b(?:\s+{_FILLERS}){{0,4}}\s*[:=]?\s*"
        rf"(?:{_BARE_NUM}|{_WORDS})\b(?!\s*{_NOT_MONEY_AFTER})(?![.,]\d|[-/.]\d)", re.I)),
    ("bare", re.compile(
        rf"\b(?:want|get|need|give me|owe me|send me|pay me)\s+{CURRENCY_SYMBOL}?{_BARE_NUM}"
        r"\s+back\b", re.I)),
    ("bare", re.compile(
        r"(?<![\w.,#-])(?P<n>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})(?![\w]|[.,]\d)")),
    ("full", re.compile(
        r"\b(?:in full|(?:the )?full (?:amount|price|refund|sum|cost|value)|fully refunded|"
        r"refunded (?:completely|entirely)|"
        r"(?:the )?(?:whole|entire|total) (?:amount|sum|price|cost)|"
        r"every (?:cent|penny)|all (?:of )?your money|(?:the )?(?:rest|remainder|balance) of "
        r"(?:the|your) (?:amount|money|payment)|double (?:your|the) money|(?:100|one hundred) ?%)",
        re.I)),
)  # fmt: skip


def _value(match: re.Match[str]) -> tuple[Decimal | None, str | None]:
    """The match's amount and its plain number (``None`` when it states none)."""
    groups = match.groupdict()
    minor = bool(groups.get("c")) and _MINOR_UNIT.match(groups["c"]) is not None
    plain: str | None = None
    if groups.get("n"):
        plain = plain_number(groups["n"])
    elif words := groups.get("w"):
        fractions = {"half": 50, "a quarter": 25, "a third": 33}
        number = fractions.get(words.lower(), words_to_number(words))
        plain = None if number is None else str(number)
    if plain is None:
        return None, None
    if minor:
        cents = to_money(Decimal(plain) / 100)
        return cents, None if cents is None else str(cents)
    return to_money(plain), plain


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount ``text`` states (money, percentages, bare amounts after a money verb, "in
    full"), at most one per position, in pattern order."""
    found: list[AmountMention] = []
    starts: set[int] = set()
    for kind, pattern in _AMOUNT_PATTERNS:
        for match in pattern.finditer(text):
            if match.start() in starts:
                continue
            value, number = _value(match)
            if kind != "full" and value is None:
                continue
            starts.add(match.start())
            found.append(AmountMention(match.group(0), value, match.start(), kind, number))
    return found


def find_money(text: str) -> list[AmountMention]:
    """The sums of money ``text`` states: with a currency (symbol, code or word, digits or
    words), in digits after a money verb ("refund 30", "charged 45.50"), or with two decimals
    ("the 19.99 item"); never percentages, durations, counts, "in full", numbers in words
    without a currency ("returned one of them"), after loose wording ("discount for 50
    mugs") or a bare run of five or more digits ("refund for 52841": an order number; the
    action's own parameter maximum still bounds any sum). One mention per stretch of text;
    currency-marked sums come first, then the others, each group in text order."""
    if not might_state_money(text):
        return []
    candidates = sorted(
        (
            m
            for m in find_amounts(text)
            if m.number
            and (m.kind == "money" or (m.kind == "bare" and _bare_sum(m.text, m.number)))
        ),
        key=lambda m: (m.kind != "money", m.start),
    )
    found: list[AmountMention] = []  # one mention per stretch of text ("refund 30 EUR": once)
    for mention in candidates:
        end = mention.start + len(mention.text)
        if all(end <= k.start or mention.start >= k.start + len(k.text) for k in found):
            found.append(mention)
    return found


def _bare_sum(text: str, number: str) -> bool:
    """A bare mention (no currency) is a sum when written in digits and not as a run of five
    or more digits without separators or decimals (``number`` appears verbatim in ``text``)."""
    return _DIGIT.search(text) is not None and not (
        _IDENTIFIER.fullmatch(number) and number in text
    )
