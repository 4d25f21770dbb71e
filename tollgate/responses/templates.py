"""Offline customer responses: the pack's sentences filled with action results and entities.

Every sentence lives in the pack's ``responses.yaml`` (:mod:`tollgate.responses.pack`); this
module only chooses and fills them. Ticket text is never used as a template. Sentences are
rendered with ``string.Template.safe_substitute`` over a whitelisted mapping: entities with a
pattern must match it, free-text values are cleaned and capped, and action data is formatted per
key (money, dates). A ``$``, ``{}`` or ``${jndi:...}`` inside a value stays literal text. Facts
(amounts, dates, statuses, references) come only from ``ActionResult.data``; a sentence whose
values are missing is skipped in favour of the next in its list, so no placeholder ever reaches a
customer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from string import Template

from schemas import ActionResult
from tollgate.actions.errors import ErrorCode, error_code
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.responses.formatting import format_date, format_money
from tollgate.responses.pack import ANY_ACTION, ResponseTemplates, SuccessTexts, active_templates

_VALUE_MAX = 120
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")


# Values -------------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """One line of printable text, capped: no control/format characters, no line breaks."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    text = " ".join(kept.split())
    return text if len(text) <= _VALUE_MAX else text[: _VALUE_MAX - 1].rstrip() + "…"


def _values(
    t: ResponseTemplates, result: ActionResult | None, entities: Mapping[str, str]
) -> dict[str, str]:
    """The whitelisted substitution mapping: validated entities, then action data over them."""
    values: dict[str, str] = {}
    for key, pattern in t.patterns.items():
        raw = entities.get(key)
        if isinstance(raw, str) and pattern.fullmatch(raw.strip().upper()):
            values[key] = raw.strip().upper()
    for key in t.texts.values.free_text:
        raw = entities.get(key)
        if isinstance(raw, str) and (cleaned := _clean(raw)):
            values[key] = cleaned
    if result is None or not result.success:
        return values
    currency = result.data.get("currency")
    prefix = currency if isinstance(currency, str) and _CURRENCY_RE.fullmatch(currency) else ""
    for key, datum in result.data.items():
        if not _KEY_RE.fullmatch(key) or datum is None or isinstance(datum, bool):
            continue
        text: str | None
        if key in t.money:
            text = format_money(datum, prefix)
        elif key in t.dates:
            text = format_date(datum)
        else:
            text = _clean(str(datum))
        if text:
            values[key] = text
    return values


def _first(t: ResponseTemplates, values: Mapping[str, str], candidates: Sequence[str]) -> str:
    """The first candidate whose placeholders all have values (else the generic problem)."""
    for candidate in candidates:
        template = Template(candidate)
        if all(name in values for name in template.get_identifiers()):
            return template.safe_substitute(values)
    return t.texts.generic_problem


def _with_topic(texts: Sequence[str], topic: str) -> list[str]:
    return [Template(text).safe_substitute(topic=topic) for text in texts]


# Success and failure sentences ----------------------------------------------------------------


def _matches(expected: object, actual: object) -> bool:
    if isinstance(expected, bool):
        return bool(actual) is expected
    return actual == expected


def _success_candidates(success: SuccessTexts, data: Mapping[str, object]) -> list[str]:
    """The sentences of every rule whose ``when`` the data matches; a ``when`` on a key the
    data lacks never matches (a reply written before the call, ``tollgate.actions.foresight``,
    must not read an unknown ``in_stock`` as false)."""
    appended = "".join(text for key, text in success.append.items() if data.get(key))
    return [
        sentence + appended
        for rule in success.rules
        if all(k in data and _matches(v, data[k]) for k, v in rule.when.items())
        for sentence in rule.say
    ]


def _failure_text(
    t: ResponseTemplates, intent: str, action: str, code: str | None, values: Mapping[str, str]
) -> str:
    code = code or ErrorCode.INTERNAL
    group = t.group_of.get(action)
    candidates = (
        t.failures.get((action, code))
        or (t.failures.get((group, code)) if group else None)
        or t.failures.get((ANY_ACTION, code))
    )
    if candidates:
        return _first(t, values, candidates)
    if code == ErrorCode.INVALID_PARAMS:
        return render_clarify(intent, (), entities=values, templates=t)
    return _with_topic([t.texts.technical_problem], t.topic(intent, values))[0]


# Public API -----------------------------------------------------------------------------------


def render_response(
    intent: str,
    action_result: ActionResult | None,
    entities: Mapping[str, str],
    *,
    templates: ResponseTemplates | None = None,
) -> str:
    """The customer answer for ``intent``, stating only facts found in ``action_result.data``.

    Intents without an action get their informational answer (details the customer gave, such
    as the order number, are used when a sentence names them); action intents without a result
    get a holding acknowledgement; failed actions get a sentence chosen by the error code.
    ``templates``: the pack's (default: :func:`~tollgate.responses.pack.active_templates`).
    """
    t = templates or active_templates()
    if intent in t.texts.handover:
        return render_holding(t.texts.handover[intent], templates=t)
    action = t.intent_actions.get(intent)
    values = _values(t, action_result, entities)
    if action is None:
        info = t.texts.informational
        return _first(t, values, info.get(intent) or info.get(OUT_OF_SCOPE) or ())
    if action_result is None:
        return _first(t, values, _with_topic(t.texts.pending, t.topic(intent, values)))
    name = action_result.name if action_result.name in t.texts.success else action
    if not action_result.success:
        return _failure_text(t, intent, name, error_code(action_result), values)
    if action_result.name not in t.texts.success:
        return _with_topic([t.texts.done], t.topic(intent, values))[0]
    return _first(t, values, _success_candidates(t.texts.success[name], action_result.data))


def render_clarify(
    intent: str,
    missing: Sequence[str],
    *,
    entities: Mapping[str, str] | None = None,
    templates: ResponseTemplates | None = None,
) -> str:
    """Ask for the details the constraint stage found missing (e.g. the order number), naming
    the ones the customer gave when the pack's wording can ("your refund for order A10023")."""
    t = templates or active_templates()
    values = _values(t, None, entities or {})
    phrases: list[str] = []
    for name in missing:
        phrase = t.texts.missing.get(name, t.texts.missing_other)
        if phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        phrases.append(t.texts.missing_other)
    listed = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
    ask = "these details" if len(phrases) > 1 else "this"
    return Template(t.texts.clarify).safe_substitute(
        topic=t.topic(intent, values), details=listed, ask=ask
    )


def render_holding(queue: str, *, templates: ResponseTemplates | None = None) -> str:
    """What the customer is told while a human from ``queue`` takes over."""
    t = templates or active_templates()
    return t.texts.holding.get(queue, t.texts.holding["general"])
