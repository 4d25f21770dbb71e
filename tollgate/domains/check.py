"""``tollgate domain check DIR``: validate a whole domain pack across its files.

A pack folder holds ``intents.yaml`` + ``examples.jsonl`` (or ``.tsv``), ``constraints.yaml``,
``responses.yaml``, ``actions.yaml`` (optional: the demo backend otherwise), ``knowledge.yaml``
+ ``knowledge/*.md`` (optional) and ``demo_tickets.jsonl``. Every problem is one line
``<file>: <field>: <problem>``. What is checked, beyond each file's own schema:

* every intent of ``intents.yaml`` (and ``out_of_scope``) routes somewhere: an action, the
  knowledge base, a human (``always_escalate`` / ``handover``) or an informational answer;
* every intent named in ``constraints.yaml``, ``responses.yaml`` and ``knowledge.yaml`` exists;
* every action an intent maps to has a backend (demo, HTTP, entry point or path);
* every ``$placeholder`` of a sentence is a known value: a declared entity, a param of the
  action, or a data key the action returns (``actions.yaml`` ``returns`` / HTTP ``response``);
* the examples give every intent at least :data:`MIN_EXAMPLES` texts;
* the demo tickets parse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tollgate.actions.demo_backend import DEMO_ACTIONS
from tollgate.actions.pack import (
    ACTIONS_FILE,
    ActionDecl,
    ActionsError,
    backend_problem,
    load_action_decls,
)
from tollgate.constraints.schema import ConstraintSchema, ConstraintSchemaError, load_constraints
from tollgate.domains.files import json_lines
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.intent.domain import Domain, DomainError, load_domain
from tollgate.intent.floor import MIN_EXAMPLES
from tollgate.intent.pack_entities import (
    ENTITIES_FILE,
    EntitiesError,
    PackEntities,
    load_entity_rules,
)
from tollgate.knowledge.answer import CONFIG_FILE as KNOWLEDGE_FILE
from tollgate.knowledge.answer import KnowledgeConfig, load_config
from tollgate.knowledge.articles import KnowledgeError, load_passages
from tollgate.responses.pack import (
    ANY_ACTION,
    RESPONSES_FILE,
    ResponsesFile,
    TemplatesError,
    parse_responses,
    placeholders,
)

DEMO_TICKETS_FILE = "demo_tickets.jsonl"
T = TypeVar("T")
_SENTENCE_VALUES = frozenset({"topic", "details", "ask"})


@dataclass
class PackReport:
    """``problems``: the pack cannot run (a worker refuses to start); ``gaps``: it runs but is
    not ready (too few examples, failing entity examples, no demo tickets: ``tollgate domain
    check`` fails on them too); ``warnings``: worth a look."""

    problems: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.gaps


class PackError(ValueError):
    """The domain pack cannot run; one ``file: field: problem`` line per problem."""


def require_runnable(pack: Path) -> PackReport:
    """The pack's report; raises :class:`PackError` when it has problems (not mere gaps)."""
    report = check_pack(pack)
    if report.problems:
        raise PackError("\n".join(report.problems))
    return report


def check_pack(pack: Path) -> PackReport:
    """Every problem of the pack at ``pack`` (an empty ``problems`` list: usable)."""
    report = PackReport()
    domain = _load(report, lambda: load_domain(pack), (DomainError,))
    constraints = _load(
        report, lambda: load_constraints(pack / "constraints.yaml"), (ConstraintSchemaError,)
    )
    texts = _load(report, lambda: parse_responses(pack / RESPONSES_FILE), (TemplatesError,))
    decls = _load(report, lambda: load_action_decls(pack), (ActionsError,))
    knowledge = _load(report, lambda: load_config(pack), (KnowledgeError,))
    passages = _load(report, lambda: load_passages(pack), (KnowledgeError,))
    report.counts["articles"] = len({p.source for p in passages or []})
    report.counts["passages"] = len(passages or [])
    rules = _load(report, lambda: load_entity_rules(pack), (EntitiesError,))
    if rules is not None:
        where = pack / ENTITIES_FILE
        report.gaps += [f"{where}: {p}" for p in PackEntities(rules).example_problems()]
    _check_demo_tickets(report, pack / DEMO_TICKETS_FILE)
    if domain is None or constraints is None:
        return report
    report.counts["intents"] = len(domain.intents)
    report.counts["examples"] = len(domain.examples)
    _check_examples(report, pack, domain)
    intents = set(domain.intents) | {OUT_OF_SCOPE}
    kconfig = knowledge or KnowledgeConfig()
    _check_routes(report, pack, intents, constraints, texts, kconfig, bool(passages))
    _check_backends(report, pack, constraints, decls)
    if texts is not None:
        _check_sentences(report, pack, intents, constraints, texts, decls)
    if rules is not None:
        _check_findable(report, pack, constraints, set(rules))
    return report


def _check_findable(
    report: PackReport, pack: Path, constraints: ConstraintSchema, declared: set[str]
) -> None:
    """Every detail an intent requires can be found in text (``customer_id`` comes from the
    ticket, never from the text)."""
    where = pack / "constraints.yaml"
    for intent, rule in sorted(constraints.intent_actions.items()):
        for name in rule.requires:
            if name != "customer_id" and name not in declared:
                report.problems.append(
                    f"{where}: intent_actions.{intent}.requires: {name!r} is not declared in "
                    f"{ENTITIES_FILE}, so it is never found and the ticket always ends in clarify"
                )


def _load(
    report: PackReport, read: Callable[[], T], errors: tuple[type[Exception], ...]
) -> T | None:
    try:
        return read()
    except errors as exc:
        report.problems.extend(str(exc).splitlines())
        return None


def _check_examples(report: PackReport, pack: Path, domain: Domain) -> None:
    counts = {intent: 0 for intent in domain.intents}
    for example in domain.examples:
        counts[example.intent] += 1
    for intent, n in sorted(counts.items()):
        if n < MIN_EXAMPLES:
            report.gaps.append(
                f"{pack / 'examples'}: {intent}: {n} examples, needs at least {MIN_EXAMPLES} "
                f"({MIN_EXAMPLES - n} more)"
            )


def _check_routes(
    report: PackReport,
    pack: Path,
    intents: set[str],
    constraints: ConstraintSchema,
    texts: ResponsesFile | None,
    knowledge: KnowledgeConfig,
    has_articles: bool,
) -> None:
    where = pack / "constraints.yaml"
    for intent in sorted(set(constraints.intent_actions) - intents):
        report.problems.append(f"{where}: intent_actions.{intent}: no such intent in intents.yaml")
    informational = set(texts.informational) if texts else set()
    handover = set(texts.handover) if texts else set()
    for intent in sorted(intents):
        rule = constraints.intent_actions.get(intent)
        if rule is None:
            report.problems.append(
                f"{where}: intent_actions: intent {intent!r} routes nowhere (give it an action, "
                "always_escalate, a knowledge route or an informational answer)"
            )
            continue
        routed = (
            rule.action is not None
            or rule.always_escalate
            or intent in handover
            or intent in informational
            or (intent in knowledge.intents and has_articles)
        )
        if not routed:
            report.problems.append(
                f"{where}: intent_actions.{intent}: no action, no human, no knowledge route and "
                f"no informational answer in {RESPONSES_FILE}"
            )
    kfile = pack / KNOWLEDGE_FILE
    for key, names in (("intents", knowledge.intents), ("questions", knowledge.questions)):
        for intent in sorted(names - intents):
            report.problems.append(f"{kfile}: {key}: no such intent {intent!r}")
    if (knowledge.intents or knowledge.questions) and not has_articles:
        report.problems.append(f"{kfile}: intents: routes to a knowledge base with no articles")
    if texts is not None:
        rfile = pack / RESPONSES_FILE
        for key in ("topics", "informational", "handover"):
            for intent in sorted(set(getattr(texts, key)) - intents):
                report.problems.append(f"{rfile}: {key}.{intent}: no such intent")
        for intent, queue in texts.handover.items():
            if queue not in constraints.queues:
                report.problems.append(f"{rfile}: handover.{intent}: unknown queue {queue!r}")


def _check_backends(
    report: PackReport,
    pack: Path,
    constraints: ConstraintSchema,
    decls: dict[str, ActionDecl] | None,
) -> None:
    used = {r.action for r in constraints.intent_actions.values() if r.action is not None}
    where = pack / ACTIONS_FILE
    for action in sorted(used):
        if decls is None:
            if action not in DEMO_ACTIONS:
                report.problems.append(
                    f"{where}: actions.{action}: no backend (no {ACTIONS_FILE}, and the demo "
                    "backend has no such action)"
                )
            continue
        decl = decls.get(action)
        if decl is None:
            report.problems.append(f"{where}: actions.{action}: no backend declared")
        elif problem := backend_problem(action, decl):
            report.problems.append(f"{where}: actions.{action}.backend: {problem}")
    for action in sorted(set(decls or {}) - set(constraints.allowed_actions)):
        report.warnings.append(f"{where}: actions.{action}: not in allowed_actions")


def _check_sentences(
    report: PackReport,
    pack: Path,
    intents: set[str],
    constraints: ConstraintSchema,
    texts: ResponsesFile,
    decls: dict[str, ActionDecl] | None,
) -> None:
    entities = set(texts.values.patterns) | set(texts.values.free_text) | _SENTENCE_VALUES
    params = {name: set(spec.params) for name, spec in constraints.allowed_actions.items()}
    data = {name: decl.data_keys() for name, decl in (decls or {}).items()}
    where = pack / RESPONSES_FILE
    for action in sorted(set(texts.success) - set(constraints.allowed_actions)):
        report.problems.append(f"{where}: success.{action}: no such action in allowed_actions")
    groups = {g: set(members) for g, members in texts.groups.items()}
    for failure in texts.failures:
        if failure.action not in groups | params | {ANY_ACTION: set()}:
            report.problems.append(f"{where}: failures: unknown action or group {failure.action!r}")
    for place, sentence in texts.sentences():
        known = set(entities)
        if place.startswith("success."):
            action = place.split(".")[1]
            known |= params.get(action, set()) | data.get(action, set())
            if decls is None:  # the demo backend's data is not declared: do not guess
                continue
        elif place.startswith("failures["):
            failure = texts.failures[int(place.split("[")[1].split("]")[0])]
            members = groups.get(failure.action, {failure.action})
            known |= set().union(*(params.get(a, set()) for a in members))
        for name in placeholders(sentence):
            if name not in known:
                report.problems.append(f"{where}: {place}: unknown placeholder ${name}")


def _check_demo_tickets(report: PackReport, path: Path) -> None:
    if not path.is_file():
        report.gaps.append(f"{path}: missing (the demo sends these sample tickets)")
        return
    count = 0
    for number, row, problem in json_lines(path):
        if problem:
            report.gaps.append(f"{path}:{number}: {problem}")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            report.gaps.append(f"{path}:{number}: text: missing")
        count += 1
    report.counts["demo_tickets"] = count
