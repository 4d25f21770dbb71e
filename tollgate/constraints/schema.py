"""The constraint schema: one YAML file per domain saying what the agent may do, must never do,
and when it must hand over to a human. Validated at startup; a broken file stops the service
with a message naming the file, the field and the problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from schemas.base import Priority
from tollgate.textsafety.confusables import fold_confusables

TRIGGER_NAMES: tuple[str, ...] = (
    "legal_language",
    "threat_language",
    "competitor_mention",
    "pricing_negotiation",
    "prompt_injection",
    "filtered_content",
    "chaos_input",
    "forbidden_action",
)
"""The fixed trigger names; every domain routes each of them."""

LANGUAGE_TRIGGERS: dict[str, str] = {
    "legal_language": "lawyers, lawsuits, courts, chargebacks, regulators, formal legal claims",
    "threat_language": "threats of violence or damage, intimidation, self-harm, doxxing, "
    "public-shaming threats",
    "competitor_mention": "another shop or marketplace named or compared with this one",
    "pricing_negotiation": "haggling: asking for a lower price, a better deal, a price match or "
    "something extra for free (not using an existing discount code)",
    "prompt_injection": "attempts to change or reveal the assistant's instructions: role or "
    "format markup, claimed authority, instructions hidden in quotes, translations or encodings",
}
"""Open-vocabulary triggers (learned model, LLM check) and what each means."""

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
_NAME_RE = re.compile(NAME_PATTERN)
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_constraints_path() -> Path:
    """The shop domain's constraint file shipped with Tollgate."""
    return PACKAGE_DIR / "domains" / "shop" / "constraints.yaml"


class ConstraintSchemaError(ValueError):
    """A constraint file is unreadable or invalid; the message names file, field and problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamSpec(_Strict):
    """One typed action parameter with its limits."""

    type: Literal["str", "float", "int"]
    required: bool = True
    description: str = ""
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"pattern {value!r} is not a valid regular expression: {exc}"
                ) from None
        return value

    @model_validator(mode="after")
    def _limits_fit_type(self) -> ParamSpec:
        numeric = self.type in ("float", "int")
        if numeric and (self.pattern is not None or self.max_length is not None):
            raise ValueError(f"pattern/max_length apply to str parameters, not {self.type}")
        if numeric and self.min_length is not None:
            raise ValueError(f"min_length applies to str parameters, not {self.type}")
        if not numeric and (self.min is not None or self.max is not None):
            raise ValueError("min/max apply to float/int parameters, not str")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ValueError("min_length is greater than max_length")
        return self


class ActionSpec(_Strict):
    """An action the agent may call, with its parameters."""

    description: str = Field(min_length=1)
    params: dict[str, ParamSpec] = Field(default_factory=dict)

    @field_validator("params")
    @classmethod
    def _param_names(cls, value: dict[str, ParamSpec]) -> dict[str, ParamSpec]:
        for name in value:
            if not _NAME_RE.match(name):
                raise ValueError(f"parameter name {name!r} must match {NAME_PATTERN}")
        return value


class AmountLimit(_Strict):
    """Fires when the text asks for ``action`` with a money amount above ``action.param``'s max."""

    action: str
    param: str
    context: list[str] = Field(
        min_length=1, description="Regexes; an amount counts only in a sentence matching one"
    )

    @field_validator("context")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)


class ForbiddenAction(_Strict):
    """Something the agent must never do, and the phrasings that ask for it."""

    description: str = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list, description="Case-insensitive regexes")
    keywords: list[str] = Field(
        default_factory=list, description="Plain phrases, matched case-insensitively on words"
    )
    action_names: list[str] = Field(
        default_factory=list, description="Action names an LLM might propose for this"
    )
    amount_limit: AmountLimit | None = None

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)

    @model_validator(mode="after")
    def _detectable(self) -> ForbiddenAction:
        if not (self.patterns or self.keywords or self.amount_limit):
            raise ValueError("needs at least one of patterns, keywords or amount_limit")
        return self


class IntentRule(_Strict):
    """What an intent may lead to."""

    action: str | None
    requires: list[str] = Field(default_factory=list, description="Entity names needed")
    always_escalate: bool = False
    queue: str | None = None


class TriggerRoute(_Strict):
    enabled: bool = True
    queue: str
    priority: Priority = Priority.NORMAL


class Competitor(_Strict):
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    case_sensitive: bool = False
    unless_followed_by: list[str] = Field(
        default_factory=list, description="Words after the name that make it an ordinary word"
    )

    @property
    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


class CompetitorContext(_Strict):
    """The structural competitor rule's vocabulary: a proper-noun-like name (capitalised tokens)
    in a retail context names another shop even when it is not in ``competitors``.

    ``contexts`` are regular expressions (case-insensitive) holding ``{shop}`` once, where the
    capitalised name or a lower-case web address goes, or ``{site}`` once, where only a web
    address goes ("was on kitsale.co.uk in navy"); ``own_names`` are this shop's names;
    ``not_names`` capitalised words that are no shop (pronouns, sentence openers, days,
    carriers, payment firms, brands this shop sells), compared case-insensitively and dropped
    from the front of a name; ``person_cues`` the words before a name that make it a person
    ("my sister", "a friend called").
    """

    contexts: list[str] = Field(default_factory=list)
    own_names: list[str] = Field(default_factory=list)
    not_names: list[str] = Field(default_factory=list)
    person_cues: list[str] = Field(default_factory=list)
    trade_words: list[str] = Field(default_factory=list)
    """Words that end shops' names ("Hardware", "Trading", "Sons"): a run of two or more
    capitalised tokens ending in one, with a word before it English does not know, is a shop's
    name by its shape (:func:`tollgate.constraints.shopnames.find_actor_name`)."""
    first_names: list[str] = Field(default_factory=list)
    """People's first names the pack adds to the built-in list
    (:func:`tollgate.constraints.shopnames.builtin_first_names`, about 21,000 names of many
    languages): a first name acting in a sentence ("Bogdan delivered…") is a person, not a shop."""

    @field_validator("contexts")
    @classmethod
    def _one_slot(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if pattern.count("{shop}") + pattern.count("{site}") != 1:
                raise ValueError(f"{pattern!r} must hold {{shop}} or {{site}} exactly once")
        _check_regexes([p.replace("{shop}", "X").replace("{site}", "x.com") for p in value])
        return value

    @field_validator("contexts", "own_names", "not_names", "person_cues", "trade_words")
    @classmethod
    def _accent_free(cls, value: list[str]) -> list[str]:
        """The rule reads the accent-folded text, where "más" is "mas" and "Kärcher" "Karcher":
        a context or a word holding a letter the fold changes would never match."""
        for entry in value:
            folded = [ch for ch in entry if ch.isalpha() and fold_confusables(ch) != ch]
            if folded:
                raise ValueError(
                    f"{entry!r} holds {''.join(folded)!r}: the competitor rule reads"
                    " accent-folded text, write the letters without accents"
                )
        return value


class ChaosLimits(_Strict):
    """Thresholds of the chaos_input detector."""

    max_chars: int = Field(default=10_000, ge=100)
    max_token_chars: int = Field(default=80, ge=20)
    symbol_run: int = Field(default=5, ge=2, description="Same emoji/symbol repeated this often")
    char_run: int = Field(default=15, ge=3, description="Same letter/punctuation repeated")
    token_repeats: int = Field(default=8, ge=3, description="Same word repeated in a row")


class ConstraintSchema(_Strict):
    """A domain's constraints. Build it with :func:`load_constraints`."""

    domain: str = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    queues: list[str] = Field(min_length=1)
    allowed_actions: dict[str, ActionSpec]
    forbidden_actions: dict[str, ForbiddenAction] = Field(min_length=1)
    intent_actions: dict[str, IntentRule] = Field(min_length=1)
    escalation_triggers: dict[str, TriggerRoute]
    competitors: list[str | Competitor] = Field(default_factory=list)
    competitor_context: CompetitorContext = Field(default_factory=CompetitorContext)
    chaos: ChaosLimits = Field(default_factory=ChaosLimits)

    @property
    def competitor_specs(self) -> list[Competitor]:
        return [Competitor(name=c) if isinstance(c, str) else c for c in self.competitors]

    def route(self, trigger: str) -> TriggerRoute:
        return self.escalation_triggers[trigger]

    @model_validator(mode="after")
    def _cross_check(self) -> ConstraintSchema:
        problems = _cross_problems(self)
        if problems:
            raise _CrossFieldError(problems)
        return self


class _CrossFieldError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {problem}" for field, problem in problems))
        self.problems = problems


def _check_regexes(value: list[str]) -> list[str]:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None
    return value


def _cross_problems(schema: ConstraintSchema) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    queues = set(schema.queues)
    actions = schema.allowed_actions

    for i, queue in enumerate(schema.queues):
        if not _NAME_RE.match(queue):
            problems.append((f"queues.{i}", f"queue name {queue!r} must match {NAME_PATTERN}"))
    if "general" not in queues:
        problems.append(("queues", "must include 'general'"))
    if len(queues) != len(schema.queues):
        problems.append(("queues", "contains duplicates"))

    for group, names in (
        ("allowed_actions", actions),
        ("forbidden_actions", schema.forbidden_actions),
    ):
        for name in names:
            if not _NAME_RE.match(name):
                problems.append((f"{group}.{name}", f"name must match {NAME_PATTERN}"))

    for name, forbidden in schema.forbidden_actions.items():
        where = f"forbidden_actions.{name}"
        if name in actions:
            problems.append((where, "is also an allowed action"))
        for alias in forbidden.action_names:
            if alias in actions:
                problems.append((f"{where}.action_names", f"{alias!r} is an allowed action"))
        limit = forbidden.amount_limit
        if limit is not None:
            spec = actions.get(limit.action)
            param = spec.params.get(limit.param) if spec else None
            if spec is None:
                problems.append(
                    (f"{where}.amount_limit.action", f"unknown action {limit.action!r}")
                )
            elif param is None:
                problems.append(
                    (f"{where}.amount_limit.param", f"{limit.action} has no param {limit.param!r}")
                )
            elif param.max is None:
                problems.append(
                    (f"{where}.amount_limit.param", f"{limit.action}.{limit.param} has no max")
                )

    for intent, rule in schema.intent_actions.items():
        where = f"intent_actions.{intent}"
        if rule.action is not None and rule.action not in actions:
            problems.append(
                (f"{where}.action", f"unknown action {rule.action!r} (allowed: {_names(actions)})")
            )
        elif rule.action is None and rule.requires:
            problems.append((f"{where}.requires", "an intent without an action requires nothing"))
        else:
            params = actions[rule.action].params if rule.action else {}
            for entity in rule.requires:
                if entity not in params:
                    problems.append(
                        (
                            f"{where}.requires",
                            f"{entity!r} is not a parameter of action {rule.action!r}",
                        )
                    )
        if rule.queue is not None and rule.queue not in queues:
            problems.append((f"{where}.queue", f"unknown queue {rule.queue!r}"))

    for trigger, route in schema.escalation_triggers.items():
        where = f"escalation_triggers.{trigger}"
        if trigger not in TRIGGER_NAMES:
            problems.append((where, f"unknown trigger (known: {', '.join(TRIGGER_NAMES)})"))
        if route.queue not in queues:
            problems.append((f"{where}.queue", f"unknown queue {route.queue!r}"))
    missing = [t for t in TRIGGER_NAMES if t not in schema.escalation_triggers]
    if missing:
        problems.append(
            ("escalation_triggers", f"missing {', '.join(missing)} (set enabled: false to mute)")
        )

    seen: set[str] = set()
    for i, competitor in enumerate(schema.competitor_specs):
        for spelling in competitor.spellings:
            if not spelling.strip():
                problems.append((f"competitors.{i}", "empty name"))
            if spelling.lower() in seen:
                problems.append((f"competitors.{i}", f"{spelling!r} is listed twice"))
            seen.add(spelling.lower())
    return problems


def _names(items: dict[str, Any]) -> str:
    return ", ".join(sorted(items)) or "none"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _dotted(loc: tuple[int | str, ...]) -> str:
    # pydantic puts the union member's name in the path (e.g. 'str', 'Competitor'); drop it.
    parts = [str(p) for p in loc if p not in ("str", "Competitor")]
    return ".".join(parts) or "(top level)"


def load_constraints(path: Path) -> ConstraintSchema:
    """Read and validate one domain's constraint file.

    Raises :class:`ConstraintSchemaError` (one line per problem: ``file: field: problem``).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConstraintSchemaError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConstraintSchemaError(f"{path}: {where}: YAML syntax error: {problem}") from None
    if not isinstance(data, dict):
        raise ConstraintSchemaError(
            f"{path}: (top level): expected a mapping, got {type(data).__name__}"
        )
    try:
        return ConstraintSchema.model_validate(data)
    except ValidationError as exc:
        lines: list[str] = []
        for err in exc.errors():
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, _CrossFieldError):
                lines.extend(f"{path}: {field}: {problem}" for field, problem in cause.problems)
            else:
                msg = err["msg"].removeprefix("Value error, ")
                lines.append(f"{path}: {_dotted(err['loc'])}: {msg}")
        raise ConstraintSchemaError("\n".join(dict.fromkeys(lines))) from None
