"""Input hygiene for every ticket, before any model sees the text.

:func:`clean` normalises (NFKC), strips invisible and control characters (zero-width, bidi
overrides, tag characters; ``\\n`` and ``\\t`` stay), folds Latin look-alike letters inside mixed
Latin/Cyrillic/Greek words, collapses repetition floods, folds whitespace, redacts secrets and PII
into ``<PII:SECRET>`` (API keys, tokens, private keys), ``<PII:EMAIL>``, ``<PII:PHONE>``,
``<PII:CARD>``, ``<PII:IBAN>`` and caps the length. It is pure
Python with precompiled regexes, runs on every ticket and never raises.

Numbers that are not PII are kept: order numbers (``#A12345``, ``order 88812345``), amounts
(``49.99``), dates. A card needs 13 to 19 digits and a valid Luhn sum, an IBAN a valid mod-97
checksum, a phone either a ``+`` prefix, phone punctuation, a leading trunk ``0`` or 10+ digits
(and no "order"/"#"/"invoice" just before it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tollgate.constraints.prefilter import GatedRegex

__all__ = ["PII_KINDS", "CleanText", "clean", "redact"]

PII_KINDS = ("secret", "email", "iban", "card", "phone")
"""Redaction kinds, in the order they are applied; placeholders are ``<PII:KIND>``."""

FLOOD_KEEP = 3
"""A unit (character, emoji, short syllable or whole word) repeated more often is cut to this."""

_RAW_FACTOR = 4
"""Only ``max_chars * _RAW_FACTOR`` raw characters are looked at (bounds the work on huge input)."""


@dataclass(frozen=True, slots=True)
class CleanText:
    """The cleaned text and what was done to it."""

    text: str
    redactions: list[str] = field(default_factory=list)
    truncated: bool = False
    original_chars: int = 0
    removed_chars: int = 0
    """Invisible, control, bidi and excess combining characters stripped (a tampering signal)."""


# -- invisible characters and look-alikes -------------------------------------------------------

_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
_ASCII_DROP = re.compile(r"[^ -~\n\t]")
"""ASCII characters other than printable ones, newline and tab."""
_NEWLINES = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_MAX_COMBINING = 2

# Cyrillic and Greek letters that look like Latin ones. Folded only inside words that also
# contain ASCII letters, so genuine Russian or Greek text is left alone.
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic lower
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t",
        "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
        # Cyrillic upper
        "А": "A", "В": "B", "Е": "E", "Ё": "E", "І": "I", "Ј": "J", "К": "K", "М": "M",
        "Н": "H", "О": "O", "Р": "P", "С": "C", "Ѕ": "S", "Т": "T", "У": "Y", "Х": "X",
        "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
        # Greek
        "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
        "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)  # fmt: skip
_CONFUSABLE_CHARS = "".join(chr(c) for c in _CONFUSABLES)
_MIXED_WORD = re.compile(
    rf"\w*(?:[A-Za-z]\w*[{_CONFUSABLE_CHARS}]|[{_CONFUSABLE_CHARS}]\w*[A-Za-z])\w*"
)


def _strip_invisible(text: str) -> tuple[str, int]:
    """Drop control/format/private-use characters and combining-mark floods; count them."""
    text = text.replace("\r\n", "\n").translate(_NEWLINES)
    if text.isascii():
        kept, removed = _ASCII_DROP.subn("", text)
        return (kept, removed) if removed else (text, 0)
    out: list[str] = []
    removed = 0
    marks = 0
    for char in text:
        if char.isprintable() or char in "\n\t":
            if unicodedata.combining(char):
                marks += 1
                if marks > _MAX_COMBINING:
                    removed += 1
                    continue
            else:
                marks = 0
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category in _DROP_CATEGORIES:
            removed += 1
        elif category in ("Zl", "Zp"):
            out.append("\n")
        elif category == "Zs":
            out.append(" ")
        else:  # Cn: unassigned in this Python's Unicode tables (e.g. newer emoji): keep
            out.append(char)
        marks = 0
    return "".join(out), removed


def _fold_confusables(text: str) -> str:
    if text.isascii():
        return text
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_CONFUSABLES), text)


# -- floods and whitespace ----------------------------------------------------------------------

_UNIT_FLOOD = re.compile(rf"([^\d\s])\1{{{FLOOD_KEEP},}}|([^\d\s]{{2,4}}?)\2{{{FLOOD_KEEP},}}")
# A unit flood repeats the unit's first character at a fixed distance (1 to 4) FLOOD_KEEP times:
# a cheap necessary condition for _UNIT_FLOOD (no lazy unit length to try at every position).
_MAYBE_UNIT_FLOOD = re.compile(
    "(.)(?:" + "|".join(("." * gap + r"\1") * FLOOD_KEEP for gap in range(4)) + ")", re.DOTALL
)
_TOKEN_FLOOD = re.compile(rf"(?<!\S)(\S+)(?:\s+\1(?!\S)){{{FLOOD_KEEP},}}")
_HSPACE = re.compile(r"[^\S\n]+")
_ODD_SPACE = re.compile(r"[^\S\n ]|  ")
"""Horizontal space _HSPACE would change (anything but single plain spaces)."""
_SPACE_AROUND_NL = re.compile(r" ?\n ?")
_MANY_NL = re.compile(r"\n{3,}")


def _collapse_unit(match: re.Match[str]) -> str:
    string, start, end = match.string, match.start(), match.end()
    left = string[max(0, start - 32) : start]
    right = string[end : end + 32]
    before = "" if not left or left[-1].isspace() else left.split()[-1]
    after = "" if not right or right[0].isspace() else right.split()[0]
    if any(c.isdigit() for c in before + after):  # "AAAA1234" may be an id: leave it
        return match.group(0)
    unit = match.group(1) or match.group(2)
    return unit * FLOOD_KEEP


def _collapse_floods(text: str) -> str:
    if _MAYBE_UNIT_FLOOD.search(text):
        text = _UNIT_FLOOD.sub(_collapse_unit, text)
    tokens = text.split()  # the same whitespace as \s
    if len(tokens) - len(set(tokens)) < FLOOD_KEEP:  # no token occurs FLOOD_KEEP + 1 times
        return text
    return _TOKEN_FLOOD.sub(lambda m: " ".join([m.group(1)] * FLOOD_KEEP), text)


def _fold_whitespace(text: str) -> str:
    if _ODD_SPACE.search(text):
        text = _HSPACE.sub(" ", text)
    if "\n" in text:
        text = _SPACE_AROUND_NL.sub("\n", text)
        text = _MANY_NL.sub("\n\n", text)
    return text.strip()


# -- PII ----------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?|[A-Z0-9]{11,30})"
    r"(?![A-Za-z0-9])",
    re.I,
)
_CARD = re.compile(r"(?<![\w.,])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)")
_PHONE = re.compile(
    r"""
    (?<![\w+])
    (?: \+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{1,5}){1,5}   # +44 20 7946 0958
      | \(\d{2,5}\)[ .-]?\d{2,5}(?:[ .-]?\d{2,5}){1,3}                     # (555) 123-4567
      | \d{3}[.-]\d{3}[.-]\d{4}                                            # 555-123-4567
      | \d{3}\ \d{3}\ \d{4}                                                # 555 123 4567
      | 0\d{1,4}(?:[ -]\d{2,8}){1,4}                                       # 020 7946 0958
      | \d{10,15}                                                          # 5551234567
    )
    (?![\w]|[.,]\d)
    """,
    re.X,
)
_ID_BEFORE = re.compile(
    r"(?:#|\b(?:order|ord|invoice|tracking|ref|reference|ticket|case|account|customer|"
    r"sku|item|parcel|shipment|package)\b\.?(?:\s*(?:number|num|no|nr|id|code)\b\.?)?)"
    r"\s*(?:is\s+)?[:#-]?\s*$",
    re.I,
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(compact: str) -> bool:
    if not 15 <= len(compact) <= 34 or not compact[2:4].isdigit():
        return False
    compact = compact.upper()
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97 == 1


def _sub_iban(match: re.Match[str], kinds: list[str]) -> str:
    # The pattern may run into a following code-like word; try the longest valid prefix of groups.
    chunk = match.group(0)
    parts = chunk.split(" ")
    for end in range(len(parts), 0, -1):
        compact = "".join(parts[:end])
        if _iban_ok(compact):
            kinds.append("iban")
            rest = " ".join(parts[end:])
            return "<PII:IBAN>" + (" " + rest if rest else "")
    return chunk


def _sub_card(match: re.Match[str], kinds: list[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 13 <= len(digits) <= 19 and _luhn_ok(digits):
        kinds.append("card")
        return "<PII:CARD>"
    return match.group(0)


def _sub_phone(match: re.Match[str], kinds: list[str]) -> str:
    raw = match.group(0)
    digits = sum(map(str.isdigit, raw))
    if raw.startswith("+"):
        ok = 8 <= digits <= 15
    elif raw.isdigit():
        ok = 10 <= digits <= 15
    else:
        ok = 9 <= digits <= 15
    if not ok or _ID_BEFORE.search(match.string, max(0, match.start() - 30), match.start()):
        return raw
    kinds.append("phone")
    return "<PII:PHONE>"


_SECRET = re.compile(
    r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}"  # OpenAI/Stripe-style keys
    r"|\bAKIA[0-9A-Z]{16}\b"  # AWS access key ids
    r"|\bgh[pousr]_[A-Za-z0-9]{30,}"  # GitHub tokens
    r"|\bxox[abprs]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"  # JWTs
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"
)
_SECRET_GATE = GatedRegex(_SECRET)


def redact(text: str) -> tuple[str, list[str]]:
    """Replace emails, IBANs, card numbers and phone numbers by placeholders.

    Returns the new text and the kinds found (each kind once, in :data:`PII_KINDS` order).
    Never raises: on an internal error the text is returned unchanged with no kinds.
    """
    try:
        kinds: list[str] = []
        if _SECRET_GATE.may_match(text):
            text, count = _SECRET.subn("<PII:SECRET>", text)
            kinds += ["secret"] * count
        if "@" in text:
            text, count = _EMAIL.subn("<PII:EMAIL>", text)
            kinds += ["email"] * count
        digits = sum(map(str.isdigit, text))
        if digits:
            text = _IBAN.sub(lambda m: _sub_iban(m, kinds), text)
            if digits >= 13:  # a card has 13 to 19 digits
                text = _CARD.sub(lambda m: _sub_card(m, kinds), text)
            if digits >= 8:  # a phone number has 8 or more (see _sub_phone)
                text = _PHONE.sub(lambda m: _sub_phone(m, kinds), text)
        return text, [kind for kind in PII_KINDS if kind in kinds]
    except Exception:
        return text, []


# -- the pipeline -------------------------------------------------------------------------------

_PARTIAL_PLACEHOLDER = re.compile(r"<(?:P(?:I(?:I(?::[A-Z]*)?)?)?)?$")


def _cap(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    cut = _PARTIAL_PLACEHOLDER.sub("", cut)
    return cut.rstrip(), True


def clean(text: str, *, max_chars: int = 4000) -> CleanText:
    """Clean one ticket text (see the module docstring). Never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    original = len(text)
    max_chars = max(1, int(max_chars))
    raw_limit = max_chars * _RAW_FACTOR
    truncated = original > raw_limit
    work = text[:raw_limit] if truncated else text
    try:
        work = unicodedata.normalize("NFKC", work)
        work, removed = _strip_invisible(work)
        work = _fold_confusables(work)
        work = _collapse_floods(work)
        work = _fold_whitespace(work)
        work, kinds = redact(work)
        work, capped = _cap(work, max_chars)
        return CleanText(work, kinds, truncated or capped, original, removed)
    except Exception:  # defensive: keep only plain printable ASCII
        safe = "".join(c for c in work if " " <= c <= "~" or c == "\n")
        safe, kinds = redact(safe)
        safe = safe[:max_chars]
        return CleanText(safe, kinds, truncated or len(safe) < len(work), original, 0)
