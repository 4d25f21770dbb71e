"""What the stages need, built once per process: intent model, constraints, actions, responder."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas import ActionResult, ConstraintVerdict
from tollgate.actions.foresight import foresee
from tollgate.actions.idempotency import (
    IdempotencyStore,
    MemoryIdempotencyStore,
    SqliteIdempotencyStore,
)
from tollgate.actions.pack import pack_registry
from tollgate.actions.registry import ActionRegistry
from tollgate.config import Settings
from tollgate.constraints.model import TriggerModel, trigger_model_for
from tollgate.constraints.schema import ConstraintSchema, load_constraints
from tollgate.domains.check import require_runnable
from tollgate.intent.base import IntentModel
from tollgate.intent.entities import extract_entities
from tollgate.intent.pack_entities import entity_extractor
from tollgate.knowledge import KnowledgeBase, load_knowledge
from tollgate.responses.pack import use_pack
from tollgate.responses.responder import Responder, build_responder

if TYPE_CHECKING:
    from tollgate.intent.domain import Domain


@dataclass
class Services:
    settings: Settings
    intent_model: IntentModel | None
    """``None`` in a worker that runs no intent stage (nothing loaded)."""
    constraints: ConstraintSchema
    actions: ActionRegistry
    domain: Domain | None = None
    responder: Responder | None = None
    """Writes and guards responses; ``None`` = templates only."""
    idempotency_store: IdempotencyStore | None = None
    """Where keys of tickets read from Kafka are remembered (``None``: the registry's own)."""
    trigger_model: TriggerModel | None = None
    """The learned trigger model beside the phrase rules (``None``: rules only)."""
    knowledge: KnowledgeBase | None = None
    """The pack's knowledge base (``None``: the pack has no articles)."""
    entities: Callable[[str], dict[str, str]] = extract_entities
    """Finds action parameters in cleaned text, as the pack's ``entities.yaml`` declares."""

    async def run_action(
        self, verdict: ConstraintVerdict, store: IdempotencyStore | None = None
    ) -> ActionResult | None:
        """Run the verdict's allowed action once per ticket (idempotency key ticket:action).

        ``store`` (the session's action results, ``streams/session_stage.py``) wins when given.
        Otherwise a ticket read from Kafka (``source`` set) may be re-delivered after a crash, so
        its key goes to :attr:`idempotency_store` (on disk by default); in-process tickets
        (inline runs, evaluations, synthetic ids reused between runs) stay in the registry's
        memory.
        """
        if not verdict.proposed_action:
            return None
        redeliverable = verdict.intent.source is not None
        return await self.actions.execute(
            verdict.proposed_action,
            verdict.action_params,
            idempotency_key=f"{verdict.intent.ticket.ticket_id}:{verdict.proposed_action}",
            timeout_s=self.settings.action_timeout_s,
            max_attempts=self.settings.action_max_attempts,
            store=store or (self.idempotency_store if redeliverable else None),
            customer_id=verdict.intent.ticket.customer_id,
            session_id=verdict.intent.ticket.session_id,
        )

    def foresee(self, verdict: ConstraintVerdict) -> ActionResult | None:
        """What the verdict's action returns if it succeeds, as far as it is known before the
        call (the action's declared ``foreseen`` filled from its params, see
        ``tollgate.actions.foresight``); ``None``: no action."""
        name = verdict.proposed_action
        if not name:
            return None
        spec = self.actions.get(name)
        return ActionResult(
            name=name,
            idempotency_key=f"{verdict.intent.ticket.ticket_id}:{name}",
            success=True,
            data=dict(foresee(spec.foreseen if spec else None, verdict.action_params)),
        )

    async def authorize(self, verdict: ConstraintVerdict) -> ActionResult | None:
        """The backend's refusal of the verdict's action for this ticket's customer (``None``:
        allowed, or no action): asked before a draft is offered to a reviewer."""
        if not verdict.proposed_action:
            return None
        ticket = verdict.intent.ticket
        return await self.actions.authorize(
            verdict.proposed_action,
            verdict.action_params,
            idempotency_key=f"{ticket.ticket_id}:{verdict.proposed_action}",
            customer_id=ticket.customer_id,
            session_id=ticket.session_id,
        )


def idempotency_store(settings: Settings) -> IdempotencyStore:
    """The store for tickets read from Kafka, per ``TOLLGATE_ACTION_IDEMPOTENCY_STORE``:
    ``<data_dir>/actions/<app_id>.sqlite3`` (one file per consumer group, opened on first use)
    or memory."""
    if settings.action_idempotency_store == "memory":
        return MemoryIdempotencyStore(
            max_entries=settings.action_idempotency_max_entries,
            ttl_s=settings.action_idempotency_ttl_s,
        )
    path = (settings.data_dir / "actions" / f"{settings.app_id}.sqlite3").resolve()
    return SqliteIdempotencyStore(
        path,
        max_entries=settings.action_idempotency_max_entries,
        ttl_s=settings.action_idempotency_ttl_s,
    )


def build_services(
    settings: Settings, *, intent_model: IntentModel | None = None, with_intent: bool = True
) -> Services:
    """Load the constraint schema (failing fast on errors), the domain and the models.

    ``with_intent=False`` skips the domain and the intent model (a worker without the intent
    stage: no classifier in its memory, no training at start-up).
    """
    constraints = load_constraints(settings.constraints_path)
    require_runnable(settings.domain_dir)  # a broken pack stops here, naming file and field
    use_pack(settings.domain_dir)
    domain = None
    if with_intent and intent_model is None:
        if settings.intent_model_class:
            module_name, _, class_name = settings.intent_model_class.partition(":")
            intent_model = getattr(importlib.import_module(module_name), class_name)()
        else:
            from tollgate.intent.chain import build_intent_model
            from tollgate.intent.domain import load_domain
            from tollgate.intent.local import config_for, load_or_train

            domain = load_domain(settings.domain_dir)
            models_dir = settings.data_dir / "models"
            local = load_or_train(domain.examples, models_dir, config_for(settings))
            intent_model = build_intent_model(settings, local, domain.intents)
    actions = pack_registry(settings.domain_dir, entry_points=settings.action_entry_points)
    return Services(
        settings=settings,
        intent_model=intent_model,
        constraints=constraints,
        actions=actions,
        domain=domain,
        responder=build_responder(settings, other_customers=actions.other_customers),
        idempotency_store=idempotency_store(settings),
        trigger_model=trigger_model_for(settings),
        knowledge=load_knowledge(settings.domain_dir, settings.data_dir / "models"),
        entities=entity_extractor(settings.domain_dir),
    )
