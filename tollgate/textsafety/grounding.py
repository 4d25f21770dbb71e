"""Parameters come from the customer, not the model.

A model (intent LLM, chain, any plug-in) may propose entities; :func:`ground` keeps only those
whose value occurs in what the customer wrote (the ticket text, and the session's earlier
messages or stored entities once session state exists). A dropped parameter is missing: the
constraint stage then asks the customer for it instead of acting on an invented value.

How a value "occurs", per entity:

* ``order_id`` / ``discount_code`` / any id-like value: the same letters and digits as a token
  of the text (case, ``#`` and dashes ignored);
* ``amount``: the same number as an amount or number stated in the text (``49,99`` = ``49.99``);
* ``new_address`` / ``product`` / free text: every word of the value (2+ letters or digits) is
  a word of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from tollgate.textsafety.money import NUMBER, find_amounts, parse_amount

__all__ = ["ground"]

_WORD = re.compile(r"[^\W_]{2,}")
_TOKEN = re.compile(r"[#\w][\w-]*")
_NUMBER_RE = re.compile(rf"(?<![\w.,])(?:{NUMBER})(?![\w]|[.,]\d)")
_FREE_TEXT = frozenset({"new_address", "product"})


def _compact(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def _numbers(text: str) -> set[Decimal]:
    found = {m.value for m in find_amounts(text) if m.value is not None}
    found |= {v for m in _NUMBER_RE.finditer(text) if (v := parse_amount(m.group(0)))}
    return found


def _occurs(name: str, value: str, texts: list[str]) -> bool:
    if name == "amount":
        number = parse_amount(value.replace(" ", ""))
        return number is not None and any(number in _numbers(t) for t in texts)
    if name in _FREE_TEXT or " " in value.strip():
        words = {w.lower() for w in _WORD.findall(value)}
        have = {w.lower() for t in texts for w in _WORD.findall(t)}
        return bool(words) and words <= have
    wanted = _compact(value)
    return bool(wanted) and any(
        _compact(token) == wanted for t in texts for token in _TOKEN.findall(t)
    )


def ground(entities: Mapping[str, str], texts: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """The entities whose values occur in ``texts``, and the names of those dropped."""
    sources = [t for t in texts if t]
    kept: dict[str, str] = {}
    dropped: list[str] = []
    for name, value in entities.items():
        if isinstance(value, str) and value.strip() and _occurs(name, value, sources):
            kept[name] = value
        else:
            dropped.append(name)
    return kept, dropped
