"""End to end on the embedded broker: a ticket id published again and read by a new worker
process finds the session state of the first (restored from the changelog): it is
dead-lettered as a duplicate and its action does not run a second time."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from schemas import Ticket
from streams.services import Services, build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.actions import ActionContext
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.worker import Worker

pytestmark = pytest.mark.integration


def services_counting(settings: Settings, calls: list[str]) -> Services:
    """A new process's services, with lookup_order replaced by a backend that counts calls."""
    services = build_services(settings, intent_model=KeywordModel())
    params_model = services.actions.get("lookup_order").params_model  # type: ignore[union-attr]

    async def lookup_order(params: BaseModel, ctx: ActionContext) -> Mapping[str, object]:
        calls.append(ctx.idempotency_key)
        return {"order_id": str(params.model_dump()["order_id"]), "status": "processing"}

    services.actions.register("lookup_order", lookup_order, params_model, replace=True)
    return services


async def first_for(settings: Settings, topic: str, ticket_id: str) -> dict[str, Any]:
    async with asyncio.timeout(60):
        stream = follow(settings, [topic])
        async with contextlib.aclosing(stream) as messages:
            async for _t, _p, _o, value in messages:
                payload = json.loads(value)
                if payload["ticket_id"] == ticket_id:
                    return dict(payload)
    raise AssertionError("not found")


def test_a_ticket_id_seen_by_another_worker_does_not_run_its_action_twice(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    ticket_id = f"{settings.app_id}-redelivered"
    message = Ticket(ticket_id=ticket_id, text="where is my order #A10023").model_dump_json()
    calls: list[str] = []

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with Worker(settings, services=services_counting(settings, calls), sink=False):
            await publish(settings, [message.encode()])
            first = await first_for(settings, settings.topic_responses, ticket_id)
        async with Worker(settings, services=services_counting(settings, calls), sink=False):
            await publish(settings, [message.encode()])
            return first, await first_for(settings, settings.topic_deadletter, ticket_id)

    first, dead = asyncio.run(scenario())
    assert calls == [f"{ticket_id}:lookup_order"]
    assert first["outcome"] == "respond" and first["action_result"]["success"] is True
    assert dead["reason"].startswith("duplicate ticket_id") and dead["stage"] == "decision"
