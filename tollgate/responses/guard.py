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
* another customer's data: their ids, e-mail addresses or order numbers not belonging to this
  ticket, and card numbers/IBANs.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schemas import ActionResult
from tollgate.responses.formatting import MONTHS, to_date, to_money

# Amounts ------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_SYMBOL = r"[€$£¥₹]"
_CODE = r"(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|INR)"
_WORD = r"(?i:euros?|dollars?|pounds?|bucks|quid)"
_AMOUNT_RES = (
    re.compile(rf"(?:{_SYMBOL}|\b{_CODE})\s?({_NUM})"),
    re.compile(rf"(?<![\w.,])({_NUM})\s?(?:{_SYMBOL}|{_CODE}\b|{_WORD}\b)"),
    re.compile(rf"(?<![\w.,])({_NUM})\s?(?:%|(?i:percent|per cent)\b)"),
    re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})(?![\w]|[.,]\d)"),
)
_WHOLE_NUMBER_RE = re.compile(rf"\s*(?:{_CODE}\s?|{_SYMBOL}\s?)?({_NUM})\s*")

# Dates ---------------------------------------------------------------------------------------

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES.update({name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NAMES["sept"] = 9
_MONTH = (
    r"(?:"
    + "|".join(
        sorted({n.capitalize() for n in _MONTH_NAMES} | {n.upper() for n in _MONTH_NAMES}, key=len)[
            ::-1
        ]
    )
    + r")"
)
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})\b")
_DAY_MONTH_RE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})\b\.?(?:,?\s+(\d{{4}})\b)?"
)
_MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|[.,]\d))(?:,?\s+(\d{{4}})\b)?"
)
_MONTH_YEAR_RE = re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|ten|a few|a couple of|several)"
_UNIT = r"(?:minutes?|hours?|days?|business days?|working days?|weeks?|months?)"
_RELATIVE_RE = re.compile(
    rf"\b(?:{_WEEKDAY}s?|(?i:tomorrow|tonight|the day after tomorrow|"
    r"next (?:week|month|year|business day|working day)|this (?:week|weekend|afternoon|evening)|"
    r"by (?:the )?end of (?:the )?(?:day|week|month)|same[- ]day|next[- ]day|overnight|"
    rf"(?:arrive|arrives|deliver(?:ed|s)?|ship(?:ped|s)?|dispatch(?:ed|es)?) today|"
    rf"within {_COUNT} {_UNIT}|in {_COUNT} {_UNIT}|{_COUNT} to {_COUNT} {_UNIT}|"
    rf"\d+\s?[-–]\s?\d+ {_UNIT}))\b"
)

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

_SECRET_NAME_WORDS = (
    "KEY",
    "SECRET",
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "CREDENTIAL",
    "DSN",
)
_CREDENTIALS = (
    _rule("API key (sk-...)", ("sk-",), r"\bsk-[A-Za-z0-9_-]{8,}", 0),
    _rule("AWS access key", ("akia", "asia"), r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", 0),
    _rule(
        "GitHub token",
        ("gh", "github_pat_"),
        r"\bgh[pousr]_[A-Za-z0-9]{20,}\b|\bgithub_pat_[A-Za-z0-9_]{20,}",
        0,
    ),
    _rule("Slack token", ("xox",), r"\bxox[abprs]-[A-Za-z0-9-]{10,}", 0),
    _rule("Google API key", ("aiza",), r"\bAIza[0-9A-Za-z_-]{35}\b", 0),
    _rule("private key", ("private key",), r"-----BEGIN [A-Z ]*PRIVATE KEY-----", 0),
    _rule("bearer token", ("bearer",), r"\b[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*", 0),
    _rule("JWT", ("eyj",), r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", 0),
    _rule("URL with credentials", ("://",), r"\b[a-z][a-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@"),
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ORDER_REF_RE = re.compile(
    r"(?:\b(?i:order)(?:\s+(?i:number|no\.?|id|ref(?:erence)?))?\s*[:#]?\s*|#\s?)"
    r"([A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*)"
)
_CARD_RE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
_MIN_ENV_SECRET = 8


def secret_values_from_env(
    environ: Mapping[str, str] | None = None, *, min_length: int = _MIN_ENV_SECRET
) -> list[str]:
    """Values of environment variables whose names say they are secret.

    Names containing KEY, SECRET, TOKEN, PASSWORD (and PASSWD, PASSPHRASE, CREDENTIAL, DSN) count;
    values shorter than ``min_length`` are skipped (they would match ordinary words).
    """
    return [value for _, value in _env_secrets(environ, min_length)]


def _env_secrets(environ: Mapping[str, str] | None, min_length: int) -> list[tuple[str, str]]:
    env = os.environ if environ is None else environ
    return [
        (name, value.strip())
        for name, value in env.items()
        if len(value.strip()) >= min_length and any(w in name.upper() for w in _SECRET_NAME_WORDS)
    ]


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

    ``scan_env`` also checks the values of secret-looking environment variables, read on every
    call (safe default, ~0.1 ms for a few dozen variables); a hot path can instead pass
    ``secrets=secret_values_from_env()`` computed once at startup and ``scan_env=False``.
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


def _parse_number(raw: str) -> Decimal | None:
    if "," in raw and "." not in raw and re.fullmatch(r"\d+,\d{1,2}", raw):
        raw = raw.replace(",", ".")  # decimal comma: "49,99"
    return to_money(raw.replace(",", ""))


def _known_numbers(data: Mapping[str, object], entities: Mapping[str, str]) -> set[Decimal]:
    known: set[Decimal] = set()
    values: list[object] = [*data.values(), entities.get("amount")]
    for value in values:
        if isinstance(value, str):
            match = _WHOLE_NUMBER_RE.fullmatch(value)
            number = _parse_number(match.group(1)) if match else None
        else:
            number = to_money(value)
        if number is not None:
            known.add(number)
    return known


def _check_amounts(text: str, data: Mapping[str, object], entities: Mapping[str, str]) -> list[str]:
    known = _known_numbers(data, entities)
    reported: set[Decimal] = set()
    problems: list[str] = []
    for pattern in _AMOUNT_RES:
        for match in pattern.finditer(text):
            number = _parse_number(match.group(1))
            if number is None or number in known or number in reported:
                continue
            reported.add(number)
            problems.append(f"amount: {_short(match.group(0))!r} is not in the action results")
    return problems


# Dates -------------------------------------------------------------------------------------


def _known_dates(data: Mapping[str, object]) -> set[date]:
    return {d for value in data.values() if (d := to_date(value)) is not None}


def _make_date(year: int | None, month: int, day: int) -> date | None:
    try:
        return date(year if year is not None else 2000, month, day)
    except ValueError:
        return None


def _matches(known: set[date], year: int | None, month: int, day: int | None) -> bool:
    return any(
        (year is None or d.year == year) and d.month == month and (day is None or d.day == day)
        for d in known
    )


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _check_dates(text: str, data: Mapping[str, object]) -> list[str]:
    known = _known_dates(data)
    problems: list[str] = []
    spans: list[tuple[int, int]] = []

    def claim(match: re.Match[str], ok: bool) -> None:
        spans.append(match.span())
        if not ok:
            problems.append(f"date: {_short(match.group(0))!r} is not in the action results")

    def covered(match: re.Match[str]) -> bool:
        return any(s <= match.start() and match.end() <= e for s, e in spans)

    for m in _ISO_DATE_RE.finditer(text):
        iso = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        claim(m, _make_date(*iso) is not None and _matches(known, *iso))
    for m in _NUMERIC_DATE_RE.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        readings = [(b, a), (a, b)]  # day/month first, then month/day
        valid = [(mo, d) for mo, d in readings if _make_date(year, mo, d)]
        if valid:
            claim(m, any(_matches(known, year, mo, d) for mo, d in valid))
    for m in _DAY_MONTH_RE.finditer(text):
        day, month, year = int(m.group(1)), _MONTH_NAMES[m.group(2).lower()], _year(m.group(3))
        if _make_date(year, month, day) and not covered(m):
            claim(m, _matches(known, year, month, day))
    for m in _MONTH_DAY_RE.finditer(text):
        month, day, year = _MONTH_NAMES[m.group(1).lower()], int(m.group(2)), _year(m.group(3))
        if _make_date(year, month, day) and not covered(m):
            claim(m, _matches(known, year, month, day))
    for m in _MONTH_YEAR_RE.finditer(text):
        if not covered(m):
            claim(m, _matches(known, int(m.group(2)), _MONTH_NAMES[m.group(1).lower()], None))
    for m in _RELATIVE_RE.finditer(text):
        problems.append(f"date: relative time {_short(m.group(0))!r} is not backed by an action")
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
    problems = [
        f"secret: looks like a credential ({label})"
        for label in _found(_CREDENTIALS, text, text.lower())
    ]
    if any(s and len(s) >= 4 and s in text for s in secrets):
        problems.append("secret: echoes a configured secret value")
    if scan_env:
        for name, value in _env_secrets(None, _MIN_ENV_SECRET):
            if value in text:
                problems.append(f"secret: echoes the value of environment variable {name}")
    return problems


# Other customers' data ------------------------------------------------------------------------


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _check_other_customers(
    text: str,
    data: Mapping[str, object],
    entities: Mapping[str, str],
    other_customer_ids: Sequence[str],
) -> list[str]:
    problems: list[str] = []
    own = {str(v).strip().lower() for v in [*data.values(), *entities.values()] if v is not None}
    for other in {o.strip() for o in other_customer_ids if len(o.strip()) >= 3}:
        if other.lower() in own:
            continue
        if re.search(rf"(?<![\w-]){re.escape(other)}(?![\w-])", text, re.IGNORECASE):
            problems.append("other_customer: mentions another customer's id")
            break
    if any(m.group(0).lower() not in own for m in _EMAIL_RE.finditer(text)):
        problems.append("other_customer: mentions an e-mail address not belonging to this ticket")
    for m in _ORDER_REF_RE.finditer(text):
        ref = m.group(1).strip("-")
        if len(ref) >= 4 and ref.lower() not in own:
            problems.append(f"other_customer: mentions order {_short(ref)!r}, not this ticket's")
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            problems.append("pii: contains a card number")
            break
    if _IBAN_RE.search(text):
        problems.append("pii: contains an IBAN")
    return problems
