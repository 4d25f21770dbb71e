"""``tollgate constraints check FILE``: validate a constraint schema and show what it means."""

from __future__ import annotations

from pathlib import Path

import click

from tollgate.constraints.schema import (
    ConstraintSchema,
    ConstraintSchemaError,
    ParamSpec,
    load_constraints,
)


@click.group("constraints")
def constraints() -> None:
    """Constraint schemas: what the agent may do, must not do, and when it escalates."""


def _limits(spec: ParamSpec) -> str:
    parts = [spec.type if spec.required else f"{spec.type}, optional"]
    for label, value in (
        ("min", spec.min),
        ("max", spec.max),
        ("min_length", spec.min_length),
        ("max_length", spec.max_length),
    ):
        if value is not None:
            parts.append(f"{label} {value:g}")
    if spec.pattern:
        parts.append(f"pattern {spec.pattern}")
    return ", ".join(parts)


def describe(schema: ConstraintSchema) -> list[str]:
    """Human-readable summary lines of a schema."""
    lines = [f"domain {schema.domain} (version {schema.version})", "", "ALLOWS"]
    for name, action in schema.allowed_actions.items():
        lines.append(f"  {name}: {action.description}")
        for param, spec in action.params.items():
            lines.append(f"    {param} ({_limits(spec)})")
    lines += ["", "INTENTS"]
    for intent, rule in schema.intent_actions.items():
        target = rule.action or "no action"
        needs = f" requires {', '.join(rule.requires)}" if rule.requires else ""
        always = f" ALWAYS ESCALATES to {rule.queue or 'general'}" if rule.always_escalate else ""
        lines.append(f"  {intent} -> {target}{needs}{always}")
    lines += ["", "FORBIDS"]
    for name, forbidden in schema.forbidden_actions.items():
        detail = f"{len(forbidden.patterns)} patterns, {len(forbidden.keywords)} keywords"
        if forbidden.amount_limit:
            limit = forbidden.amount_limit
            detail += f", amounts over {limit.action}.{limit.param} max"
        lines.append(f"  {name}: {forbidden.description} [{detail}]")
    lines += ["", "ESCALATES"]
    for trigger, route in schema.escalation_triggers.items():
        state = "" if route.enabled else " (disabled)"
        lines.append(f"  {trigger} -> {route.queue} / {route.priority.value}{state}")
    lines += ["", f"QUEUES {', '.join(schema.queues)}"]
    names = ", ".join(c.name for c in schema.competitor_specs)
    lines.append(f"COMPETITORS {names or 'none'}")
    return lines


@constraints.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def check(file: Path) -> None:
    """Validate FILE and print what it allows, forbids and escalates."""
    try:
        schema = load_constraints(file)
    except ConstraintSchemaError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    click.echo(f"{file}: OK")
    for line in describe(schema):
        click.echo(line)
