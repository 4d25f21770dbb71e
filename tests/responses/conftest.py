"""A corpus of (intent, action result, entities) built from the real demo backend, and one fake
OpenAI-compatible server per module for the LLM response tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from schemas import ActionResult
from tests.fake_llm_fixtures import FAKE_MODEL, fake_llm_settings, server, srv
from tollgate.actions import INTENT_ACTIONS
from tollgate.actions import demo_orders as orders
from tollgate.actions.demo_backend import default_registry
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.testing.fake_llm import FakeLLMServer

__all__ = ["Case", "corpus", "llm_settings", "server", "srv"]  # server, srv: fake LLM fixtures

ALL_INTENTS: list[str] = [
    *yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"],
    OUT_OF_SCOPE,
]
ORDER_IDS = [
    orders.NOT_FOUND_ORDER_ID,
    orders.PROCESSING_ORDER_ID,
    orders.SHIPPED_ORDER_ID,
    orders.DELIVERED_ORDER_ID,
    *(f"A{n}" for n in range(20_000, 20_025)),
]
AMOUNTS = ["5.00", "42.5", "100", "150.00"]
CODES = ["WELCOME10", "SAVE20", "FREESHIP", "SUMMER2023", "NOPE1"]
PRODUCTS = ["red running shoes", "Coffee mug", "wool scarf XL"]


@dataclass(frozen=True)
class Case:
    intent: str
    result: ActionResult | None
    entities: dict[str, str]


def _entities(i: int, order_id: str) -> dict[str, str]:
    return {
        "order_id": order_id,
        "amount": AMOUNTS[i % len(AMOUNTS)],
        "discount_code": CODES[i % len(CODES)],
        "new_address": "221B Baker Street, London NW1 6XE",
        "product": PRODUCTS[i % len(PRODUCTS)],
    }


async def _build() -> list[Case]:
    registry = default_registry()
    cases: list[Case] = []
    for intent in ALL_INTENTS:
        action = INTENT_ACTIONS.get(intent)
        for i, order_id in enumerate(ORDER_IDS):
            entities = _entities(i, order_id)
            cases.append(Case(intent, None, entities))
            if action is None:
                continue
            customer = orders.UNKNOWN_CUSTOMER_ID if i == 0 else f"cust-{i}"
            params = {**entities, "customer_id": customer}
            result = await registry.execute(
                action, params, idempotency_key=f"{intent}:{i}", timeout_s=0.5, backoff_s=0.0
            )
            cases.append(Case(intent, result, entities))
    return cases


@pytest.fixture(scope="session")
def corpus() -> list[Case]:
    cases = asyncio.run(_build())
    results = [c.result for c in cases if c.result is not None]
    assert any(r.success for r in results) and any(not r.success for r in results)
    return cases


def llm_settings(srv: FakeLLMServer, **overrides: Any) -> Settings:
    """Settings with the response writer pointed at the fake server (templates otherwise)."""
    values: dict[str, Any] = {
        "response_model": FAKE_MODEL,
        "llm_timeout_s": 3.0,  # generous for answers; hanging-server tests pass a short one
        "llm_max_retries": 0,
        **overrides,
    }
    return fake_llm_settings(srv, **values)
