"""Parameters come from the customer, not the model.

A model (intent LLM, chain, any plug-in) may propose entities; :func:`ground` keeps only those
whose value occurs in what the customer wrote (the ticket text, and the session's earlier
messages or stored entities once session state exists). A dropped parameter is missing: the
constraint stage then asks the customer for it instead of acting on an invented value.

How a value "occurs" depends on the entity's kind (the finder names of ``entities.yaml``; the
built-in entities' kinds are :data:`tollgate.intent.entities.ENTITY_KINDS`), so a number the
customer wrote for something else never grounds it:

* ``money`` (``amount``): the same sum as a money mention of the text, found by the one money
  finder :func:`tollgate.textsafety.money.find_money` (``49,99 €`` = ``49.99``; "30 days" is no
  sum of money);
* ``order_number`` (``order_id``): the same letters and digits as an order-id-shaped token of
  the text (:func:`tollgate.intent.entities.order_ids`; case, ``#`` and dashes ignored);
* ``address`` / ``product`` / ``free_text`` / ``choice``: every word of the value (2+ letters or
  digits) is a word of the text;
* ``number``: the same number as a number of the text;
* any other kind (``code``, ``pattern``, ``date``, unknown names): the same letters and digits as
  a token of the text (multi-word values: the word rule).

``known`` (the session's stored entities) grounds a value of the same name and value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from tollgate.intent.entities import ENTITY_KINDS, order_ids
from tollgate.textsafety.money import find_money, parse_amount

__all__ = ["ground"]

_WORD = re.compile(r"[^\W_]{2,}")
_TOKEN = re.compile(r"[#\w][\w-]*")
_INTEGER = re.compile(r"(?<![\w.,])\d+(?![\w]|[.,]\d)")
_WORD_KINDS = frozenset({"address", "product", "free_text", "choice"})


def _compact(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def _sum(value: str) -> Decimal | None:
    """A proposed amount (``"30"``, ``"49,99"``, ``"EUR 30"``) as a number."""
    number = parse_amount(value.replace(" ", ""))
    if number is None:
        stated = find_money(value)
        number = stated[0].value if stated else None
    return number


def _same(kind: str | None, stored: object, value: str) -> bool:
    """``value`` is the session's stored value (same sum for money, same letters and digits
    otherwise)."""
    if not isinstance(stored, str) or not _compact(stored):
        return False
    if kind == "money":
        return _sum(stored) is not None and _sum(stored) == _sum(value)
    return _compact(stored) == _compact(value)


def _occurs(kind: str | None, value: str, texts: list[str]) -> bool:
    if kind == "money":
        number = _sum(value)
        return number is not None and any(
            number == mention.value for t in texts for mention in find_money(t)
        )
    if kind == "order_number":
        wanted = _compact(value)
        return bool(wanted) and any(wanted == _compact(v) for t in texts for v in order_ids(t))
    if kind == "number":
        return value.strip() in {m.group(0) for t in texts for m in _INTEGER.finditer(t)}
    if kind in _WORD_KINDS or " " in value.strip():
        words = {w.lower() for w in _WORD.findall(value)}
        have = {w.lower() for t in texts for w in _WORD.findall(t)}
        return bool(words) and words <= have
    wanted = _compact(value)
    return bool(wanted) and any(
        _compact(token) == wanted for t in texts for token in _TOKEN.findall(t)
    )


def ground(
    entities: Mapping[str, str],
    texts: Iterable[str],
    *,
    known: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """The entities whose values occur in ``texts`` (by their kind, see the module docstring)
    or equal ``known``'s value of the same name, and the names of those dropped.

    ``kinds`` maps entity names to kinds (default: the built-in entities').
    """
    sources = [t for t in texts if t]
    kind_of = ENTITY_KINDS if kinds is None else kinds
    stored = known or {}
    kept: dict[str, str] = {}
    dropped: list[str] = []
    for name, value in entities.items():
        if not isinstance(value, str) or not value.strip():
            dropped.append(name)
        elif _same(kind_of.get(name), stored.get(name), value) or _occurs(
            kind_of.get(name), value, sources
        ):
            kept[name] = value
        else:
            dropped.append(name)
    return kept, dropped
