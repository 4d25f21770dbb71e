"""Checking actions against the schema: what an intent may do, and whether a proposal is allowed.

Both fail closed: anything unknown, untyped, non-finite or over a limit is a violation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from tollgate.constraints.schema import ConstraintSchema, ParamSpec

Scalar = str | float | int


@dataclass(frozen=True)
class ActionCheck:
    """What an intent leads to: the action and its typed params, or why it cannot run."""

    action: str | None
    params: dict[str, Scalar] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    always_escalate: bool = False
    queue: str | None = None


def coerce_param(where: str, spec: ParamSpec, value: object) -> tuple[Scalar | None, str | None]:
    """Coerce ``value`` to the param's type and check its limits: ``(value, None)`` or
    ``(None, violation)``."""
    if isinstance(value, bool) or value is None or not isinstance(value, (str, int, float)):
        return None, f"{where} has unsupported value {value!r}"
    if spec.type == "str":
        return _check_str(where, spec, str(value) if not isinstance(value, str) else value)
    if isinstance(value, str):
        text = value.strip()
        try:
            number: float | int = int(text) if spec.type == "int" else float(text)
        except ValueError:
            return (
                None,
                f"{where} {value!r} is not {'an integer' if spec.type == 'int' else 'a number'}",
            )
    elif spec.type == "int" and isinstance(value, float):
        if not value.is_integer():
            return None, f"{where} {value!r} is not an integer"
        number = int(value)
    else:
        number = value
    if isinstance(number, float) and not math.isfinite(number):
        return None, f"{where} {value!r} is not a finite number"
    number = float(number) if spec.type == "float" else int(number)
    if spec.max is not None and number > spec.max:
        return None, f"{where} {number:g} exceeds max {spec.max:g}"
    if spec.min is not None and number < spec.min:
        return None, f"{where} {number:g} is below min {spec.min:g}"
    return number, None


def _check_str(where: str, spec: ParamSpec, value: str) -> tuple[Scalar | None, str | None]:
    if spec.min_length is not None and len(value) < spec.min_length:
        return None, f"{where} is shorter than {spec.min_length} characters"
    if spec.max_length is not None and len(value) > spec.max_length:
        return None, f"{where} is longer than {spec.max_length} characters"
    if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
        return None, f"{where} {value[:40]!r} does not match {spec.pattern}"
    return value, None


def check_action(
    intent: str, entities: dict[str, str], customer_id: str | None, schema: ConstraintSchema
) -> ActionCheck:
    """Map an intent to its action and build the action's params from the entities.

    ``customer_id`` fills a ``customer_id`` param (it is never taken from the text). Params
    over a limit become violations; required details that were not given become ``missing``.
    """
    rule = schema.intent_actions.get(intent)
    if rule is None:
        return ActionCheck(
            action=None,
            violations=[f"unknown intent {intent!r}"],
            always_escalate=True,
            queue="general",
        )
    if rule.action is None:
        return ActionCheck(action=None, always_escalate=rule.always_escalate, queue=rule.queue)

    spec = schema.allowed_actions[rule.action]
    values: dict[str, object] = {k: v for k, v in entities.items() if k != "customer_id"}
    if customer_id:
        values["customer_id"] = customer_id
    params: dict[str, Scalar] = {}
    violations: list[str] = []
    missing: list[str] = []
    for name, param in spec.params.items():
        raw = values.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if param.required or name in rule.requires:
                missing.append(name)
            continue
        value, problem = coerce_param(f"{rule.action}.{name}", param, raw)
        if problem:
            violations.append(problem)
        elif value is not None:
            params[name] = value
    for name in rule.requires:
        if name not in spec.params and name not in missing:
            missing.append(name)
    return ActionCheck(
        action=rule.action,
        params=params,
        violations=violations,
        missing=missing,
        always_escalate=rule.always_escalate,
        queue=rule.queue,
    )


def validate_proposal(
    action: str, params: dict[str, object], schema: ConstraintSchema
) -> list[str]:
    """Violations of an action an LLM (or anyone) proposes; an empty list means allowed."""
    for name, forbidden in schema.forbidden_actions.items():
        if action == name or action in forbidden.action_names:
            return [f"forbidden action {action!r} ({name}: {forbidden.description})"]
    spec = schema.allowed_actions.get(action)
    if spec is None:
        return [f"unknown action {action!r} (allowed: {', '.join(sorted(schema.allowed_actions))})"]
    if not isinstance(params, dict):
        return [f"{action} params must be a mapping, got {type(params).__name__}"]
    violations: list[str] = []
    for name in params:
        if name not in spec.params:
            violations.append(f"unexpected parameter {action}.{name}")
    for name, param in spec.params.items():
        if name not in params or params[name] is None:
            if param.required:
                violations.append(f"{action}.{name} is required")
            continue
        _, problem = coerce_param(f"{action}.{name}", param, params[name])
        if problem:
            violations.append(problem)
    return violations
