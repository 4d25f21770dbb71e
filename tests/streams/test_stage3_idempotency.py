"""A ticket re-delivered from Kafka after a worker restart does not run its action twice (#6)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import AgentDecision, ConstraintVerdict, IntentResult, SourceRef, Ticket
from streams.services import Services, build_services
from streams.stage3_decision import DecisionStage
from tests.streams.keyword_model import KeywordModel
from tollgate.actions import ActionContext
from tollgate.config import Settings, load_settings


class Backend:
    """Counts the calls that reach the (side-effecting) backend."""

    def __init__(self) -> None:
        self.keys: list[str] = []


def worker(settings: Settings, backend: Backend) -> DecisionStage:
    """A fresh process's decision stage: services built from settings, counting lookup_order."""
    services: Services = build_services(settings, intent_model=KeywordModel())
    params_model = services.actions.get("lookup_order").params_model  # type: ignore[union-attr]

    async def lookup_order(params: BaseModel, ctx: ActionContext) -> Mapping[str, object]:
        backend.keys.append(ctx.idempotency_key)
        return {"order_id": str(params.model_dump()["order_id"]), "status": "processing"}

    services.actions.register("lookup_order", lookup_order, params_model, replace=True)
    return DecisionStage(services)


def verdict(ticket_id: str, *, from_kafka: bool) -> ConstraintVerdict:
    ticket = Ticket(ticket_id=ticket_id, text="where is my order #A10023", customer_id="C-1")
    source = SourceRef(topic="tickets.inbound", partition=1, offset=41) if from_kafka else None
    intent = IntentResult(
        ticket=ticket,
        source=source,
        clean_text=ticket.text,
        intent="check_order_status",
        confidence=0.97,
        entities={"order_id": "A10023"},
    )
    return ConstraintVerdict(
        intent=intent,
        proposed_action="lookup_order",
        action_params={"order_id": "A10023"},
        allowed=True,
    )


def decide(stage: DecisionStage, v: ConstraintVerdict) -> AgentDecision:
    return asyncio.run(stage.decide(v))


def settings_in(tmp_path: Path, **overrides: Any) -> Settings:
    return load_settings(data_dir=tmp_path, app_id="grp", **overrides)


def test_redelivered_ticket_after_a_restart_replays_the_recorded_result(tmp_path: Path) -> None:
    settings, backend = settings_in(tmp_path), Backend()
    first = decide(worker(settings, backend), verdict("K1", from_kafka=True))
    # crash: the offset was not committed, the ticket comes again to a new process
    again = decide(worker(settings, backend), verdict("K1", from_kafka=True))
    other = decide(worker(settings, backend), verdict("K2", from_kafka=True))

    assert backend.keys == ["K1:lookup_order", "K2:lookup_order"]
    assert again.action_result == first.action_result and again.response == first.response
    assert first.action_result is not None and first.action_result.success
    assert other.action_result is not None and other.action_result.success
    assert (tmp_path / "actions" / "grp.sqlite3").is_file()


def test_in_process_tickets_stay_in_memory(tmp_path: Path) -> None:
    settings, backend = settings_in(tmp_path), Backend()
    decide(worker(settings, backend), verdict("I1", from_kafka=False))
    decide(worker(settings, backend), verdict("I1", from_kafka=False))
    assert backend.keys == ["I1:lookup_order"] * 2  # inline runs reuse synthetic ids
    assert not (tmp_path / "actions").exists()


def test_memory_store_setting_forgets_on_restart(tmp_path: Path) -> None:
    settings, backend = settings_in(tmp_path, action_idempotency_store="memory"), Backend()
    stage = worker(settings, backend)
    decide(stage, verdict("M1", from_kafka=True))
    decide(stage, verdict("M1", from_kafka=True))  # same process: remembered
    decide(worker(settings, backend), verdict("M1", from_kafka=True))  # restart: forgotten
    assert backend.keys == ["M1:lookup_order"] * 2
