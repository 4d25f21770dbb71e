"""Letters of other scripts that look like Latin ones, and how text is folded with them.

NFKC already folds full-width and mathematical alphanumerics; this table covers Cyrillic, Greek,
Armenian and small-capital look-alikes. :func:`fold_mixed_words` (hygiene) folds only words that
mix Latin letters with look-alikes, so genuine Russian or Greek text is kept;
:func:`fold_confusables` (detectors) folds everything and drops diacritics.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CONFUSABLES", "fold_confusables", "fold_mixed_words"]

CONFUSABLES: dict[str, str] = {
    # Cyrillic lower
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ь": "b", "п": "n", "г": "r", "з": "3",
    # Cyrillic upper
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W", "Һ": "H", "Ӏ": "I", "Ь": "b", "Ԁ": "D",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "σ": "o", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Others
    "ı": "i", "ȷ": "j", "ℓ": "l", "օ": "o", "ս": "u", "ց": "g", "ո": "n", "ᴀ": "A", "ʀ": "R",
    "ɪ": "I", "ᴏ": "O", "ꜱ": "S", "ᴛ": "T", "ᴜ": "U", "ᴇ": "E", "ɴ": "N", "ᴍ": "M", "ᴅ": "D",
}  # fmt: skip
"""Look-alike character → the Latin (or digit) character it imitates."""

_FOLD = str.maketrans(CONFUSABLES)
_CHARS = re.escape("".join(CONFUSABLES))
_MIXED_WORD = re.compile(rf"\w*(?:[A-Za-z]\w*[{_CHARS}]|[{_CHARS}]\w*[A-Za-z])\w*")


def fold_mixed_words(text: str) -> str:
    """Fold look-alikes inside words that also hold ASCII letters (``pаypal`` → ``paypal``)."""
    if text.isascii():
        return text
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_FOLD), text)


def fold_confusables(text: str) -> str:
    """Map every look-alike to Latin and drop diacritics (Greek/Cyrillic ``Ignore`` → Latin)."""
    if text.isascii():  # look-alikes are all non-ASCII
        return text
    folded = text.translate(_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFKC", stripped)
