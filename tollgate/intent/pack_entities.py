"""Action parameters found in ticket text as the domain pack declares them (``entities.yaml``).

::

    entities:
      invoice_id: {find: pattern, pattern: 'INV-\\d{4}-\\d{3,6}', upper: true}
      seats: {find: number, near: [seat, seats, licence, user, users]}
      plan: {find: choice, values: [Starter, Team, Business, Enterprise]}
      reason: {find: free_text, after: ["because", "reason is"],
               examples: [{text: "cancel because it is too slow", value: "it is too slow"}]}
      order_id: {find: order_number}      # built-in finders: order_number, money, code,
      amount: {find: money}               # address, product, date
    # examples: [{text, value}] on any entity are checked by `tollgate domain check`.

A pack without ``entities.yaml`` uses the built-in extractor
(:func:`tollgate.intent.entities.extract_entities`). Conservative like the built-ins: a value is
only returned when the wording makes it clear; a missing value makes the constraint stage ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tollgate.domains.files import read_yaml_model
from tollgate.intent.entities import ENTITY_KINDS, FINDERS, extract_entities
from tollgate.responses.formatting import MONTHS

ENTITIES_FILE = "entities.yaml"
Kind = Literal[
    "pattern",
    "number",
    "choice",
    "free_text",
    "date",
    "order_number",
    "money",
    "code",
    "address",
    "product",
]
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,6})(?![\w.,]\d)")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_INDEX = {m.lower(): i for i, m in enumerate(MONTHS, start=1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)
}
_DAY_MONTH_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(sorted(_MONTH_INDEX, key=len)[::-1]) + r")\b"
    r"(?:\s+(\d{4}))?",
    re.I,
)
_FREE_TEXT_MAX = 200


class EntitiesError(ValueError):
    """``entities.yaml`` is malformed; the message names file and field."""


class EntityExample(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    value: str | None


class EntityRule(BaseModel):
    """How to find one parameter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    find: Kind
    pattern: str | None = None
    upper: bool = False
    near: list[str] = Field(default_factory=list)
    window: int = Field(default=3, ge=1, le=10)
    values: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    examples: list[EntityExample] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> EntityRule:
        needs = {"pattern": "pattern", "number": "near", "choice": "values", "free_text": "after"}
        field = needs.get(self.find)
        if field and not getattr(self, field):
            raise ValueError(f"find: {self.find} needs '{field}'")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern: invalid regular expression: {exc}") from None
        return self


class _EntitiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: dict[str, EntityRule]


def _number(rule: EntityRule, text: str) -> str | None:
    words = {w.lower() for w in rule.near}
    tokens = re.findall(r"[\w'-]+", text.lower())
    for i, token in enumerate(tokens):
        if _NUMBER_RE.fullmatch(token):
            around = tokens[max(0, i - rule.window) : i + rule.window + 1]
            if words & set(around):
                return str(int(token))
    return None


def _date(text: str) -> str | None:
    if match := _ISO_RE.search(text):
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    if match := _DAY_MONTH_RE.search(text):
        year = int(match.group(3)) if match.group(3) else date.today().year
        try:
            return date(year, _MONTH_INDEX[match.group(2).lower()], int(match.group(1))).isoformat()
        except ValueError:
            return None
    return None


def _free_text(rule: EntityRule, text: str) -> str | None:
    lowered = text.lower()
    for phrase in rule.after:
        at = lowered.find(phrase.lower())
        if at >= 0:
            rest = text[at + len(phrase) :].strip(" :,-")
            value = re.split(r"[.!?\n]", rest, maxsplit=1)[0].strip()
            if value:
                return value[:_FREE_TEXT_MAX]
    return None


def finder(rule: EntityRule) -> Callable[[str], str | None]:
    """The function that finds ``rule``'s value in a text (``None``: not found)."""
    if rule.find == "pattern":
        compiled = re.compile(rule.pattern or "", re.I)

        def by_pattern(text: str) -> str | None:
            match = compiled.search(text)
            if match is None:
                return None
            value = match.groupdict().get("value") or match.group(0)
            return value.upper() if rule.upper else value

        return by_pattern
    if rule.find == "number":
        return lambda text: _number(rule, text)
    if rule.find == "choice":
        options = [(v, re.compile(rf"\b{re.escape(v)}\b", re.I)) for v in rule.values]
        return lambda text: next((v for v, rx in options if rx.search(text)), None)
    if rule.find == "free_text":
        return lambda text: _free_text(rule, text)
    if rule.find == "date":
        return _date
    return FINDERS[rule.find]


class PackEntities:
    """The pack's extractor: ``extract(text)`` → ``{name: value}`` for every value found."""

    def __init__(self, rules: dict[str, EntityRule]) -> None:
        self.rules = rules
        self._finders = [(name, finder(rule)) for name, rule in rules.items()]

    def extract(self, text: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, find in self._finders:
            value = find(text) if text else None
            if value:
                found[name] = value
        return found

    def example_problems(self) -> list[str]:
        """``entities.<name>.examples[i]`` lines whose text does not give the stated value."""
        problems = []
        for name, rule in self.rules.items():
            find = dict(self._finders)[name]
            for i, example in enumerate(rule.examples):
                got = find(example.text)
                if got != example.value:
                    problems.append(
                        f"entities.{name}.examples[{i}]: found {got!r}, expected {example.value!r}"
                    )
        return problems


def load_entity_rules(pack_dir: Path) -> dict[str, EntityRule] | None:
    """``<pack>/entities.yaml`` (``None``: the pack has none)."""
    path = pack_dir / ENTITIES_FILE
    if not path.is_file():
        return None
    return read_yaml_model(path, _EntitiesFile, EntitiesError).entities


def entity_extractor(pack_dir: Path) -> Callable[[str], dict[str, str]]:
    """The pack's extractor, or the built-in one when the pack declares no entities."""
    rules = load_entity_rules(pack_dir)
    return PackEntities(rules).extract if rules is not None else extract_entities


@cache
def entity_kinds(pack_dir: Path) -> dict[str, str]:
    """Each parameter's kind (its ``find``) as the pack declares it, or the built-in entities'
    kinds when the pack declares none (what :func:`tollgate.textsafety.grounding.ground`
    grounds a model-proposed value by)."""
    rules = load_entity_rules(pack_dir)
    return dict(ENTITY_KINDS) if rules is None else {n: r.find for n, r in rules.items()}
