"""What the stages need, built once per process: intent model, constraints, actions."""

from __future__ import annotations

from dataclasses import dataclass

from tollgate.intent.domain import Domain, load_domain
from tollgate.intent.local import load_or_train

from tollgate.actions.demo_backend import default_registry
from tollgate.actions.registry import ActionRegistry
from tollgate.config import Settings
from tollgate.constraints.schema import ConstraintSchema, load_constraints
from tollgate.intent.base import IntentModel
from tollgate.intent.chain import build_intent_model


@dataclass
class Services:
    settings: Settings
    domain: Domain
    intent_model: IntentModel
    constraints: ConstraintSchema
    actions: ActionRegistry


def build_services(settings: Settings, *, intent_model: IntentModel | None = None) -> Services:
    """Load the domain and constraint schema (failing fast on errors) and the models."""
    domain = load_domain(settings.domain_dir)
    constraints = load_constraints(settings.constraints_path)
    if intent_model is None:
        local = load_or_train(domain.examples, settings.data_dir / "models")
        intent_model = build_intent_model(settings, local, domain.intents)
    return Services(
        settings=settings,
        domain=domain,
        intent_model=intent_model,
        constraints=constraints,
        actions=default_registry(),
    )
