"""Text views the detectors run on: normalised, homoglyph-folded and de-obfuscated copies.

Detectors never trust the cleaned text alone: ``hello`` written with a Cyrillic e, split by
zero-width spaces, spelt ``h e l l o`` or ``h3ll0`` must still match ``hello``.
"""

from __future__ import annotations

import re
import unicodedata

from tollgate.textsafety.confusables import fold_confusables

PII_PLACEHOLDERS: dict[str, str] = {
    "<PII:EMAIL>": "email address",
    "<PII:PHONE>": "phone number",
    "<PII:CARD>": "card number",
    "<PII:IBAN>": "bank account number",
    "<PII:ACCOUNT>": "bank account number",
    "<PII:GOVID>": "id number",
    "<PII:ADDRESS>": "street address",
    "<PII:SECRET>": "credential",
}
"""Hygiene's redaction placeholders and the neutral words detectors see instead."""

_PII_RE = re.compile("|".join(re.escape(p) for p in PII_PLACEHOLDERS))

WORD_RE = re.compile(r"\w+")
"""A word, as the detectors count words (letters, digits and underscores in a run)."""

INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b\u200c\u200d\u200e"
    "\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06"
    "\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f\ufeff\uffa0"
)
"""Zero-width, joiner, direction-override and filler characters (hidden from a reader)."""

_PUNCT_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)

_LEET_FOLD = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                            "$": "s"})  # fmt: skip
_LEET_CHARS = re.escape("".join(map(chr, _LEET_FOLD)))
_LEET_CHARS_RE = re.compile(f"[{_LEET_CHARS}]")
# A whole run of word characters, @ and $ holding an ASCII letter and a leet character (other
# runs would not change).
_LEET_WORD_RE = re.compile(rf"(?<![\w@$])(?=[\w@$]*[a-zA-Z])(?=[\w@$]*[{_LEET_CHARS}])[\w@$]+")
# "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e": single characters joined by one separator.
_SPACED_RE = re.compile(r"(?<![^\W_])(?:[^\W_][ .\-_*/]){3,}[^\W_](?![^\W_])")
_SPACE_RUN_RE = re.compile(r"[ \t]+")


def strip_invisible(text: str) -> str:
    """Remove zero-width, direction and other invisible formatting characters."""
    if text.isascii():  # none of them is ASCII
        return text
    return "".join(
        ch
        for ch in text
        if ch not in INVISIBLE
        and not ("\U000e0000" <= ch <= "\U000e007f")
        and unicodedata.category(ch) != "Cf"
    )


def normalise(text: str) -> str:
    """NFKC, invisible characters removed, quotes/dashes folded, PII placeholders neutralised.

    Idempotent, so hygiene output can be passed again safely.
    """
    text = _PII_RE.sub(lambda m: PII_PLACEHOLDERS[m.group(0)], text)
    text = unicodedata.normalize("NFKC", strip_invisible(text)).translate(_PUNCT_FOLD)
    if "  " not in text and "\t" not in text:  # every run is a single space already
        return text
    return _SPACE_RUN_RE.sub(" ", text)


def collapse_spaced(text: str) -> str:
    """Join letters spelt out one by one: ``i g n o r e`` → ``ignore``."""
    return _SPACED_RE.sub(lambda m: re.sub(r"[ .\-_*/]", "", m.group(0)), text)


def fold_leet(text: str) -> str:
    """Undo common digit/symbol-for-letter swaps inside words (``1gn0re`` → ``ignore``)."""
    return _LEET_WORD_RE.sub(lambda m: m.group(0).translate(_LEET_FOLD), text)


def views(clean: str) -> list[str]:
    """Distinct text copies for keyword detectors: normalised+folded, then de-obfuscated."""
    base = fold_confusables(normalise(clean))
    out = [base]
    spaced = collapse_spaced(base)
    if spaced != base:
        out.append(spaced)
    if _LEET_CHARS_RE.search(base):  # else fold_leet(base) == base
        leet = collapse_spaced(fold_leet(base))
        if leet not in out:
            out.append(leet)
    return out
