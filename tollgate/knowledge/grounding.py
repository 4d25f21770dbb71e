"""The output check for knowledge answers: every claim must be in the cited passages.

A claim is a number (amounts, durations, percentages, dates, counts), a country name, or a
promise word (free, refund, guarantee, ...). :func:`ungrounded_claims` lists the claims of an
answer that appear in none of the passages nor in the action facts. :func:`guard_knowledge_answer`
runs the output guard's public entry point for everything else (secrets, other customers' data)
and replaces its amount/date/promise verdicts, which only know action results, with this
passage-based check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

import pycountry

from schemas import ActionResult
from tollgate.responses.guard import guard_response

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_PROMISE_WORDS = (
    "free",
    "refund",
    "guarantee",
    "promise",
    "compensat",
    "waive",
    "money back",
    "always",
    "lifetime",
    "forever",
    "same day",
    "next day",
    "overnight",
    "express",
)
_REPLACED_KINDS = ("amount", "date", "promise")


@cache
def _country_re() -> re.Pattern[str]:
    """Every country name (ASCII spellings), longest first, as one pattern."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str) and value.isascii():
                names.add(value)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER_RE.findall(text)}


@lru_cache(maxsize=4096)
def claims(text: str) -> frozenset[str]:
    """The checkable claims of ``text``: numbers, country names, promise words (lower case).

    Cached: passages are checked against again and again."""
    found = {f"number {n}" for n in _numbers(text)}
    found |= {f"country {name.lower()}" for name in _country_re().findall(text)}
    lowered = " ".join(text.lower().replace("-", " ").split())
    found |= {f"promise {w}" for w in _PROMISE_WORDS if w in lowered}
    return frozenset(found)


def ungrounded_claims(answer: str, sources: Iterable[str]) -> list[str]:
    """Claims of ``answer`` found in none of ``sources`` (passages and action facts), sorted."""
    backed: set[str] = set()
    for source in sources:
        backed |= claims(source)
    return sorted(claims(answer) - backed)


def guard_knowledge_answer(
    answer: str,
    passages: Sequence[str],
    *,
    action_result: ActionResult | None = None,
    entities: Mapping[str, str] | None = None,
    secrets: Sequence[str] = (),
    scan_env: bool = True,
    other_customer_ids: Sequence[str] = (),
) -> list[str]:
    """Problems that make a knowledge ``answer`` unfit to send (empty = OK).

    Amount, date and promise problems come from the passages (and the action's facts); secrets,
    other customers' data and card numbers from :func:`~tollgate.responses.guard.guard_response`
    (``secrets``/``scan_env`` as there: a hot path passes the environment's secrets read once).
    """
    entities = entities or {}
    problems = [
        p
        for p in guard_response(
            answer,
            action_result=action_result,
            entities=entities,
            secrets=secrets,
            scan_env=scan_env,
            other_customer_ids=other_customer_ids,
        )
        if p.split(":", 1)[0] not in _REPLACED_KINDS
    ]
    facts = [str(v) for v in (action_result.data.values() if action_result else ())]
    facts += [str(v) for v in entities.values()]
    problems += [
        f"ungrounded: {claim} is not in the cited passages"
        for claim in ungrounded_claims(answer, [*passages, *facts])
    ]
    return problems
