"""Input hygiene for every ticket, before any model sees the text.

:func:`clean` normalises (NFKC), strips invisible and control characters (zero-width, bidi
overrides, tag characters; ``\\n`` and ``\\t`` stay), folds Latin look-alike letters inside mixed
Latin/Cyrillic/Greek words, collapses repetition floods, folds whitespace, redacts credentials
and personal data with
:func:`tollgate.textsafety.redaction.redact` (``<PII:SECRET>``, ``<PII:EMAIL>``, ``<PII:CARD>``,
``<PII:GOVID>``, ``<PII:PHONE>``, ``<PII:ADDRESS>`` …; its docstring lists what is kept) and caps
the length. It is pure Python with precompiled regexes, runs on every ticket and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tollgate.textsafety.confusables import fold_mixed_words
from tollgate.textsafety.redaction import PII_KINDS, redact

__all__ = ["PII_KINDS", "CleanText", "clean", "redact"]

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
    address_view: str = ""
    """Only when a street address was redacted: the text with everything redacted but street
    addresses, for reading a new delivery address (an action parameter). Never stored."""


# -- invisible characters and look-alikes -------------------------------------------------------

_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
_ASCII_DROP = re.compile(r"[^ -~\n\t]")
"""ASCII characters other than printable ones, newline and tab."""
_NEWLINES = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_MAX_COMBINING = 2


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
        work = fold_mixed_words(work)
        work = _collapse_floods(work)
        work = _fold_whitespace(work)
        redacted, kinds = redact(work)
        view = (
            _cap(redact(work, keep_addresses=True)[0], max_chars)[0] if "address" in kinds else ""
        )
        redacted, capped = _cap(redacted, max_chars)
        return CleanText(redacted, kinds, truncated or capped, original, removed, view)
    except Exception:  # defensive: keep only plain printable ASCII
        safe = "".join(c for c in work if " " <= c <= "~" or c == "\n")
        safe, kinds = redact(safe)
        safe = safe[:max_chars]
        return CleanText(safe, kinds, truncated or len(safe) < len(work), original, 0)
