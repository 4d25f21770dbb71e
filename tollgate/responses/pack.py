"""The pack's ``responses.yaml``: every customer-facing sentence of a domain, as data.

The models here are the file's contract (unknown keys are errors); :func:`load_templates` reads
a pack's file once per path and joins it with the pack's intent → action mapping from
``constraints.yaml``. :func:`use_pack` chooses the pack the renderers use by default (the worker
calls it with ``TOLLGATE_DOMAIN_DIR``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from string import Template

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.domains.files import read_yaml_model

RESPONSES_FILE = "responses.yaml"
ANY_ACTION = "any"
"""``failures[].action`` that matches every action."""


class TemplatesError(ValueError):
    """``responses.yaml`` is missing or malformed; the message names file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueRules(_Strict):
    """How entity and action-data values are checked and formatted."""

    patterns: dict[str, str] = Field(default_factory=dict)
    free_text: list[str] = Field(default_factory=list)
    money: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{name}: invalid regular expression: {exc}") from None
        return value


class SuccessRule(_Strict):
    when: dict[str, str | bool | int | float] = Field(default_factory=dict)
    say: list[str] = Field(min_length=1)


class SuccessTexts(_Strict):
    append: dict[str, str] = Field(default_factory=dict)
    rules: list[SuccessRule] = Field(min_length=1)


class FailureTexts(_Strict):
    action: str
    code: str
    say: list[str] = Field(min_length=1)


class ResponsesFile(_Strict):
    """The whole of ``responses.yaml``."""

    values: ValueRules = Field(default_factory=ValueRules)
    topics: dict[str, str | list[str]] = Field(default_factory=dict)
    """What an intent is about; a list: the first whose placeholders the ticket gave
    ("your refund for order $order_id", then "your refund")."""
    default_topic: str = "your request"
    handover: dict[str, str] = Field(default_factory=dict)
    informational: dict[str, list[str]] = Field(default_factory=dict)
    holding: dict[str, str]
    missing: dict[str, str] = Field(default_factory=dict)
    missing_other: str
    clarify: str
    pending: list[str] = Field(min_length=1)
    technical_problem: str
    generic_problem: str
    done: str
    success: dict[str, SuccessTexts] = Field(default_factory=dict)
    groups: dict[str, list[str]] = Field(default_factory=dict)
    failures: list[FailureTexts] = Field(default_factory=list)

    @field_validator("holding")
    @classmethod
    def _has_general(cls, value: dict[str, str]) -> dict[str, str]:
        if "general" not in value:
            raise ValueError("needs a 'general' holding message")
        return value

    def sentences(self) -> list[tuple[str, str]]:
        """Every sentence with where it is (``field.key[i]``), for checks."""
        found: list[tuple[str, str]] = []
        for intent, texts in self.informational.items():
            found += [(f"informational.{intent}[{i}]", t) for i, t in enumerate(texts)]
        for action, success in self.success.items():
            for r, rule in enumerate(success.rules):
                found += [
                    (f"success.{action}.rules[{r}].say[{i}]", t) for i, t in enumerate(rule.say)
                ]
        for f, failure in enumerate(self.failures):
            found += [(f"failures[{f}].say[{i}]", t) for i, t in enumerate(failure.say)]
        found += [(f"pending[{i}]", t) for i, t in enumerate(self.pending)]
        for intent, topic in self.topics.items():
            texts = [topic] if isinstance(topic, str) else topic
            found += [(f"topics.{intent}[{i}]", t) for i, t in enumerate(texts)]
        return found


def placeholders(text: str) -> list[str]:
    """The ``$name`` placeholders of a sentence."""
    return Template(text).get_identifiers()


class ResponseTemplates:
    """A pack's wording plus its intent → action mapping (from ``constraints.yaml``)."""

    def __init__(self, texts: ResponsesFile, intent_actions: dict[str, str]) -> None:
        self.texts = texts
        self.intent_actions = intent_actions
        self.patterns = {k: re.compile(v) for k, v in texts.values.patterns.items()}
        self.money = frozenset(texts.values.money)
        self.dates = frozenset(texts.values.dates)
        self.group_of = {a: g for g, actions in texts.groups.items() for a in actions}
        self.failures = {(f.action, f.code): f.say for f in texts.failures}

    def topic(self, intent: str, values: Mapping[str, str] | None = None) -> str:
        """What ``intent`` is about, with the details in ``values`` the wording can use."""
        topic = self.texts.topics.get(intent, self.texts.default_topic)
        for candidate in [topic] if isinstance(topic, str) else topic:
            template = Template(candidate)
            if all(name in (values or {}) for name in template.get_identifiers()):
                return template.safe_substitute(values or {})
        return self.texts.default_topic


def parse_responses(path: Path) -> ResponsesFile:
    """Read and validate a ``responses.yaml``; errors name the file and the field."""
    return read_yaml_model(path, ResponsesFile, TemplatesError)


@cache
def load_templates(pack_dir: Path) -> ResponseTemplates:
    """The pack's templates (read once per path)."""
    from tollgate.constraints.schema import load_constraints

    texts = parse_responses(pack_dir / RESPONSES_FILE)
    constraints = load_constraints(pack_dir / "constraints.yaml")
    actions = {
        intent: rule.action
        for intent, rule in constraints.intent_actions.items()
        if rule.action is not None
    }
    return ResponseTemplates(texts, actions)


_active: list[Path] = [DEFAULT_DOMAIN_DIR]


def use_pack(pack_dir: Path) -> None:
    """Make ``pack_dir`` the pack the renderers use when given no templates."""
    _active[0] = pack_dir.resolve()


def active_templates() -> ResponseTemplates:
    """The templates of the pack chosen with :func:`use_pack` (default: the shop)."""
    return load_templates(_active[0])
