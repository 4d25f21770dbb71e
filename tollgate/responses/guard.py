"""The output guard: checks any customer response (template- or LLM-written) before sending.

:func:`guard_response` returns the problems found (empty = safe to send). Each problem is
``"<kind>: <detail>"`` with kind one of ``amount``, ``date``, ``promise``, ``secret``,
``other_customer`` or ``pii``. Details never repeat a secret or an e-mail address.

What is rejected:

* amounts/prices/percentages and calendar dates not present in the action results (customer
  entities may supply an amount too), and relative time commitments ("tomorrow", "within 24
  hours") that no action result can back;
* promises: guarantees, price matches, "forever", compensation... always; refund or discount
  promises unless a successful action result carries a refund/discount;
* secrets: given literal values, values of environment variables named like
  ``*KEY*``/``*SECRET*``/``*TOKEN*``/``*PASSWORD*``, and strings shaped like credentials;
* another customer's data: what the backend's customer directory gives as identifying other
  customers (ids, names, e-mail and postal addresses, order ids; ``other_customer_ids``), any
  order number, e-mail or street address not in this ticket's own data, and card numbers/IBANs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schemas import ActionResult
from tollgate.textsafety.checksums import luhn_ok
from tollgate.textsafety.credentials import SECRET_NAME_WORDS, env_secrets, find_credentials
from tollgate.textsafety.dates import find_dates, find_relative, to_date
from tollgate.textsafety.money import (
    CURRENCY_CODE,
    CURRENCY_SYMBOL,
    find_amounts,
    parse_amount,
    to_money,
)
from tollgate.textsafety.redaction import redact

_SYMBOL = CURRENCY_SYMBOL
_CODE = CURRENCY_CODE
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_WHOLE_NUMBER_RE = re.compile(rf"\s*(?:{_CODE}\s?|{_SYMBOL}\s?)?({_NUM})\s*")

# Promises ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    """A labelled pattern with cheap lower-case hints: it can only match if a hint occurs."""

    label: str
    hints: tuple[str, ...]
    pattern: re.Pattern[str]


def _rule(label: str, hints: tuple[str, ...], pattern: str, flags: int = re.IGNORECASE) -> _Rule:
    return _Rule(label, hints, re.compile(pattern, flags))


def _found(rules: Sequence[_Rule], text: str, lowered: str) -> dict[str, str]:
    """Label → matched text for every rule that matches (hints skip most regex scans)."""
    found: dict[str, str] = {}
    for rule in rules:
        if any(h in lowered for h in rule.hints) and (m := rule.pattern.search(text)):
            found[rule.label] = m.group(0)
    return found


_FORBIDDEN_PROMISES = (
    _rule("guarantee", ("guarantee",), r"\bguarantee(?:s|d|ing)?\b"),
    _rule(
        "price match",
        ("match",),
        r"\bprice[- ]?match\w*|\bmatch (?:the|their|any|a) (?:\w+ )?price\b",
    ),
    _rule(
        "best price",
        ("price",),
        r"\b(?:best|lowest|cheapest) price\b|\bprice (?:protection|lock)\b",
    ),
    _rule(
        "forever",
        ("forever", "for ever", "for life", "lifetime", "permanent"),
        r"\b(?:forever|for ever|for life|lifetime|permanent(?:ly)? free)\b",
    ),
    _rule("promise", ("promise",), r"\bwe promise\b|\bI promise\b|\bpromise (?:you|that)\b"),
    _rule("money back", ("money", "questions asked"), r"\bmoney[- ]back\b|\bno questions asked\b"),
    _rule(
        "compensation",
        ("compensat", "goodwill", "store credit", "gift"),
        r"\bcompensat(?:e|ion|ing)\b|\bgoodwill\b|\bstore credit\b|\bgift (?:card|voucher)\b",
    ),
    _rule(
        "waiver",
        ("waive", "free of charge", "at no "),
        r"\bwaive[sd]?\b|\bfree of charge\b|\bat no (?:extra |additional )?cost\b",
    ),
    _rule(
        "free item",
        ("free", "complimentary", " you "),
        r"\b(?:free|complimentary) (?:replacement|upgrade|gift|item|product|month)s?\b|"
        r"\b(?:we|I)(?:'ll| will| can| would) (?:\w+ )?(?:send|ship|give|offer) you "
        r"(?:a |an )?(?:replacement|new one|another one|voucher|coupon)\b",
    ),
    _rule(
        "exception",
        ("exception", "override"),
        r"\b(?:make|making) an exception\b|\boverride (?:the|our) policy\b",
    ),
)
_REFUND_HINTS = ("refund", "reimburs", "credit", "pay back", "pay you back", "money back")
_REFUND_PROMISES = re.compile(
    r"\b(?:we|I)(?:'ll|'d| will| would| shall| can| are going to| am going to) (?:\w+ )?"
    r"(?:refund|reimburse|credit|pay (?:you )?back)\b|"
    rf"\b(?:full|partial) refund\b|\brefund of\s*(?:{_SYMBOL}|{_CODE}|\d)|"
    r"\b(?:will|would|shall) be (?:refunded|reimbursed|credited)\b|"
    r"\byou(?:'ll| will| would| are going to) (?:\w+ )?(?:get|receive) (?:a |an |your )?"
    r"(?:full |partial )?(?:refund|reimbursement|money back)\b",
    re.IGNORECASE,
)
_DISCOUNT_HINTS = ("discount", "reduction", "%")
_DISCOUNT_PROMISES = re.compile(
    r"\b(?:we|I)(?:'ll| will| can| would| shall) (?:\w+ )?(?:apply|give you|offer you|add) "
    r"(?:a |an |the )?(?:discount|reduction|\d+ ?%)",
    re.IGNORECASE,
)

# Secrets and other customers' data -----------------------------------------------------------

_ORDER_REF_RE = re.compile(
    r"(?:\b(?i:order)(?:\s+(?i:number|no\.?|id|ref(?:erence)?))?\s*[:#]?\s*|#\s?)"
    r"([A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*)"
)
_BARE_REF_RE = re.compile(r"(?<![\w.,/:-])(\d{6,12}|[A-Z]{1,4}-?\d{5,12})(?![\w-]|[.,]\d)")
"""Order-number-like tokens without the word "order" (must still be this ticket's own)."""
_MIN_ENV_SECRET = 8
_PII_PROBLEMS = {
    "email": "other_customer: mentions an e-mail address not belonging to this ticket",
    "address": "other_customer: mentions an address that is not this customer's",
    "phone": "pii: contains a phone number",
    "card": "pii: contains a card number",
    "iban": "pii: contains an IBAN",
    "account": "pii: contains a bank account number",
    "govid": "pii: contains a government id number",
}
"""Redaction kind found in a response → the problem reported (``secret`` is checked apart)."""

__all__ = ["SECRET_NAME_WORDS", "guard_response", "secret_values_from_env"]


def secret_values_from_env(
    environ: Mapping[str, str] | None = None, *, min_length: int = _MIN_ENV_SECRET
) -> list[str]:
    """Values of environment variables whose names say they are secret.

    Names containing KEY, SECRET, TOKEN, PASSWORD (and PASSWD, PASSPHRASE, CREDENTIAL, DSN) count;
    values shorter than ``min_length`` are skipped (they would match ordinary words).
    """
    return [value for _, value in env_secrets(environ, min_length=min_length)]


def guard_response(
    text: str,
    *,
    action_result: ActionResult | None,
    entities: Mapping[str, str],
    secrets: Sequence[str] = (),
    other_customer_ids: Sequence[str] = (),
    scan_env: bool = True,
) -> list[str]:
    """Problems that make ``text`` unfit to send (empty list = OK).

    ``other_customer_ids`` are identifiers (ids, names, e-mail and postal addresses, order ids) of
    customers other than this ticket's (``ActionRegistry.other_customers``), matched as whole
    words in any case; one that is also this ticket's own data (its entities, the action's
    result) is the customer's own words and is allowed. ``scan_env`` also checks the values of
    secret-looking environment variables, read on every call (safe default, ~0.1 ms for a few
    dozen variables); a hot path can instead pass ``secrets=secret_values_from_env()`` computed
    once at startup and ``scan_env=False``.
    """
    clean = _normalise(text)
    data = action_result.data if action_result is not None and action_result.success else {}
    problems: list[str] = []
    problems += _check_amounts(clean, data, entities)
    problems += _check_dates(clean, data)
    problems += _check_promises(clean, data)
    problems += _check_secrets(clean, secrets, scan_env=scan_env)
    problems += _check_other_customers(clean, data, entities, other_customer_ids)
    return problems


def _normalise(text: str) -> str:
    """NFKC (full-width digits become ASCII) and no invisible format characters."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def _short(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# Amounts ------------------------------------------------------------------------------------


def _known_numbers(data: Mapping[str, object], entities: Mapping[str, str]) -> set[Decimal]:
    known: set[Decimal] = set()
    values: list[object] = [*data.values(), entities.get("amount")]
    for value in values:
        if isinstance(value, str):
            match = _WHOLE_NUMBER_RE.fullmatch(value)
            number = parse_amount(match.group(1)) if match else None
        else:
            number = to_money(value)
        if number is not None:
            known.add(number)
    return known


def _check_amounts(text: str, data: Mapping[str, object], entities: Mapping[str, str]) -> list[str]:
    known = _known_numbers(data, entities)
    reported: set[Decimal | None] = set()
    problems: list[str] = []
    for mention in find_amounts(text):
        if mention.kind == "full":
            if not _grounded(data, "refund") and None not in reported:
                reported.add(None)
                problems.append(f"amount: {_short(mention.text)!r} is not in the action results")
            continue
        if mention.value is None or mention.value in known or mention.value in reported:
            continue
        reported.add(mention.value)
        problems.append(f"amount: {_short(mention.text)!r} is not in the action results")
    return problems


# Dates -------------------------------------------------------------------------------------


def _known_dates(data: Mapping[str, object]) -> set[date]:
    return {d for value in data.values() if (d := to_date(value)) is not None}


def _matches(known: set[date], year: int | None, month: int, day: int | None) -> bool:
    return any(
        (year is None or d.year == year) and d.month == month and (day is None or d.day == day)
        for d in known
    )


def _check_dates(text: str, data: Mapping[str, object]) -> list[str]:
    known = _known_dates(data)
    problems = [
        f"date: {_short(m.text)!r} is not in the action results"
        for m in find_dates(text)
        if not any(_matches(known, *reading) for reading in m.readings)
    ]
    problems += [
        f"date: relative time {_short(found)!r} is not backed by an action"
        for found in find_relative(text)
    ]
    return problems


# Promises -----------------------------------------------------------------------------------


def _grounded(data: Mapping[str, object], word: str) -> bool:
    return any(word in key and value not in (None, False, 0, "") for key, value in data.items())


def _check_promises(text: str, data: Mapping[str, object]) -> list[str]:
    lowered = text.lower()
    problems = [
        f"promise: {label} ({_short(found)!r})"
        for label, found in _found(_FORBIDDEN_PROMISES, text, lowered).items()
    ]
    refund_hinted = any(h in lowered for h in _REFUND_HINTS)
    discount_hinted = any(h in lowered for h in _DISCOUNT_HINTS)
    if refund_hinted and not _grounded(data, "refund") and (m := _REFUND_PROMISES.search(text)):
        problems.append(f"promise: refund without a refund in the action results ({m.group(0)!r})")
    if (
        discount_hinted
        and not _grounded(data, "discount")
        and (m := _DISCOUNT_PROMISES.search(text))
    ):
        problems.append(
            f"promise: discount without a discount in the action results ({m.group(0)!r})"
        )
    return problems


# Secrets ------------------------------------------------------------------------------------


def _check_secrets(text: str, secrets: Iterable[str], *, scan_env: bool) -> list[str]:
    problems = [f"secret: looks like a credential ({label})" for label in find_credentials(text)]
    if any(s and len(s) >= 4 and s in text for s in secrets):
        problems.append("secret: echoes a configured secret value")
    if scan_env:
        for name, value in env_secrets(None, min_length=_MIN_ENV_SECRET):
            if value in text:
                problems.append(f"secret: echoes the value of environment variable {name}")
    return problems


# Other customers' data ------------------------------------------------------------------------


def _own_values(data: Mapping[str, object], entities: Mapping[str, str]) -> list[str]:
    values = {str(v).strip() for v in [*data.values(), *entities.values()] if v is not None}
    return sorted((v for v in values if len(v) >= 4), key=len, reverse=True)


def _check_other_customers(
    text: str,
    data: Mapping[str, object],
    entities: Mapping[str, str],
    other_customer_ids: Sequence[str],
) -> list[str]:
    problems: list[str] = []
    own_values = _own_values(data, entities)
    own = {v.lower() for v in own_values}
    # a value inside the ticket's own data is the customer's own words (a surname of their name)
    others = tuple(o for o in other_customer_ids if not _own_part(o, own_values))
    if others and (pattern := _others_pattern(others)) is not None and pattern.search(text):
        problems.append(_OTHER_CUSTOMER)
    refs: set[str] = set()
    for m in _ORDER_REF_RE.finditer(text):
        refs.add(m.group(1).strip("-"))
    for m in _BARE_REF_RE.finditer(text):
        refs.add(m.group(1))
    for ref in sorted(refs):
        if len(ref) >= 4 and ref.lower() not in own and not _own_part(ref, own_values):
            problems.append(f"other_customer: mentions order {_short(ref)!r}, not this ticket's")
    # The customer's own values are the only personal data a response may hold: take them out,
    # then anything the redactor still finds is someone else's (or must not be sent at all).
    rest = text
    for value in own_values:
        rest = re.sub(re.escape(value), " ", rest, flags=re.IGNORECASE)
    _, kinds = redact(rest)
    problems += [_PII_PROBLEMS[kind] for kind in kinds if kind in _PII_PROBLEMS]
    if "card" not in kinds and any(
        luhn_ok(d) for d in re.findall(r"(?<!\d)\d{13,19}(?!\d)", re.sub(r"[ .-]", "", rest))
    ):
        problems.append(_PII_PROBLEMS["card"])
    return problems


_OTHER_CUSTOMER = "other_customer: mentions another customer's name, address, e-mail or id"


@functools.lru_cache(maxsize=64)
def _others_pattern(others: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all of ``others`` as whole words, any case, any spacing or commas between
    their words ("12 Harbour Lane" also matches "12, harbour  lane"). Values shorter than 3
    characters are skipped (they would match ordinary words)."""
    parts = {
        r"[\s,]+".join(re.escape(word) for word in words)
        for value in others
        if len(value.strip()) >= 3 and (words := value.replace(",", " ").split())
    }
    if not parts:
        return None
    alternatives = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _own_part(ref: str, own_values: Sequence[str]) -> bool:
    """``ref`` is inside one of the customer's own values (a tracking code, a return id)."""
    lowered = ref.lower()
    return any(lowered in value.lower() for value in own_values)
