"""The degradation chain LLM → local → escalate, over the real HTTP path to FakeLLMServer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
import yaml

from tests.intent.conftest import llm_settings
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings, load_settings
from tollgate.intent.base import OUT_OF_SCOPE, IntentModel, IntentPrediction
from tollgate.intent.breaker import BreakerState, CircuitBreaker
from tollgate.intent.chain import ESCALATE_MODEL, FallbackChain, build_intent_model
from tollgate.intent.llm import LLMIntentModel
from tollgate.testing import FakeLLMServer

INTENTS: dict[str, str] = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())[
    "intents"
]


class TinyLocal:
    """A stand-in local model: greets everything, or fails as told."""

    def __init__(self, *, raises: bool = False, error: str | None = None) -> None:
        self.name = "tiny-local"
        self.raises = raises
        self.error = error
        self.seen: list[str] = []

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        self.seen.extend(texts)
        if self.raises:
            raise RuntimeError("local model exploded")
        return [
            IntentPrediction(
                intent="greeting",
                confidence=0.8,
                reasoning="tiny rule",
                model=self.name,
                error=self.error,
                latency_ms=1.0,
            )
            for _ in texts
        ]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def settings_for(srv: FakeLLMServer, **overrides: Any) -> Settings:
    return llm_settings(
        srv,
        **{
            "llm_api_key": "sk-test-chain",
            "llm_max_retries": 0,
            "llm_max_concurrency": 8,
            **overrides,
        },
    )


def make_chain(
    srv: FakeLLMServer,
    local: IntentModel | None = None,
    *,
    threshold: int = 100,
    cooldown: float = 30.0,
    clock: Clock | None = None,
    chunk_size: int = 8,
    timeout_s: float = 3.0,
) -> FallbackChain:
    llm = LLMIntentModel(settings_for(srv, llm_timeout_s=timeout_s), INTENTS)
    breaker = CircuitBreaker(threshold, cooldown, clock=clock or Clock())
    return FallbackChain(llm, local or TinyLocal(), breaker, chunk_size=chunk_size)


def state_of(chain: FallbackChain) -> BreakerState:
    """The breaker state, read anew (mypy would narrow a repeated ``chain.breaker_state``)."""
    return chain.breaker_state


def classify(model: IntentModel, texts: list[str]) -> list[IntentPrediction]:
    return asyncio.run(model.classify_batch(texts))


def test_llm_answers_when_healthy(srv: FakeLLMServer) -> None:
    local = TinyLocal()
    chain = make_chain(srv, local)
    preds = classify(chain, ["where is my order #A12345", "cancel my order please"])
    assert [p.intent for p in preds] == ["check_order_status", "cancel_order"]
    assert all(not p.fallback and p.error is None for p in preds)
    assert preds[0].model == "llm:openai/fake-model"
    assert local.seen == []
    assert chain.breaker_state is BreakerState.CLOSED
    assert isinstance(chain, IntentModel)


@pytest.mark.parametrize("mode", ["malformed", "schema_invalid", "429", "500", "timeout", "down"])
def test_every_llm_failure_falls_back_to_the_local_model(srv: FakeLLMServer, mode: str) -> None:
    srv.set_mode(mode)  # type: ignore[arg-type]
    local = TinyLocal()
    chain = make_chain(srv, local, timeout_s=0.4)
    preds = classify(chain, ["where is my order", "thanks"])
    assert [p.intent for p in preds] == ["greeting", "greeting"]
    assert all(p.fallback and p.model == "tiny-local" and p.error is None for p in preds)
    assert all(p.confidence == 0.8 for p in preds)
    assert all(p.reasoning.startswith("[llm unavailable:") for p in preds)
    assert local.seen == ["where is my order", "thanks"]
    assert chain.fallbacks == 2  # what /metrics reports as tollgate_llm_fallbacks
    assert sum(chain.primary_errors.values()) == 2
    assert all(kind and ":" not in kind and " " not in kind for kind in chain.primary_errors)


def test_a_healthy_llm_counts_no_errors_and_no_fallbacks(srv: FakeLLMServer) -> None:
    chain = make_chain(srv, TinyLocal())
    classify(chain, ["where is my order #A12345"])
    assert (chain.fallbacks, sum(chain.primary_errors.values())) == (0, 0)


def test_only_the_failed_texts_go_to_the_local_model(srv: FakeLLMServer) -> None:
    srv.queue_modes("500")
    local = TinyLocal()
    chain = make_chain(srv, local, chunk_size=1)
    preds = classify(chain, ["hello there", "I need a refund"])
    assert [(p.intent, p.fallback) for p in preds] == [
        ("greeting", True),
        ("request_refund", False),
    ]
    assert local.seen == ["hello there"]


def test_several_texts_per_request_fall_back_per_text(srv: FakeLLMServer) -> None:
    """A request of 3 texts whose answer for one text stays invalid (its single retry is
    malformed too): the other two keep the LLM's answers, that one goes to the local model."""
    srv.answers_fn = lambda answers: [answers[0], {**answers[1], "intent": "x"}, answers[2]]
    srv.queue_modes("good", "malformed")
    llm = LLMIntentModel(settings_for(srv), INTENTS, texts_per_request=3)
    local = TinyLocal()
    chain = FallbackChain(llm, local, CircuitBreaker(100, 30.0, clock=Clock()), chunk_size=8)
    preds = classify(chain, ["where is my order #A12345", "I need a refund", "cancel it"])
    assert [(p.intent, p.fallback) for p in preds] == [
        ("check_order_status", False),
        ("greeting", True),
        ("cancel_order", False),
    ]
    assert local.seen == ["I need a refund"]
    assert srv.requests == 2
    assert chain.breaker.consecutive_failures == 0  # success recorded after the failure


@pytest.mark.parametrize("local", [TinyLocal(raises=True), TinyLocal(error="model not loaded")])
def test_llm_and_local_both_failing_escalates(srv: FakeLLMServer, local: TinyLocal) -> None:
    srv.set_mode("500")
    preds = classify(make_chain(srv, local), ["where is my order"])
    [pred] = preds
    assert pred.intent == OUT_OF_SCOPE
    assert pred.confidence == 0.0
    assert pred.fallback
    assert pred.model == ESCALATE_MODEL
    assert pred.error is not None
    assert "InternalServerError" in pred.error
    assert ("RuntimeError" in pred.error) or ("model not loaded" in pred.error)


def test_without_a_primary_the_local_model_answers_directly() -> None:
    chain = FallbackChain(None, TinyLocal(), CircuitBreaker())
    [pred] = classify(chain, ["hi"])
    assert (pred.intent, pred.fallback, pred.model) == ("greeting", False, "tiny-local")
    [pred] = classify(FallbackChain(None, TinyLocal(raises=True)), ["hi"])
    assert (pred.intent, pred.confidence, pred.model) == (OUT_OF_SCOPE, 0.0, ESCALATE_MODEL)


def test_breaker_opens_after_n_failures_and_skips_the_llm(srv: FakeLLMServer) -> None:
    srv.set_mode("500")
    local = TinyLocal()
    chain = make_chain(srv, local, threshold=3, chunk_size=1)
    preds = classify(chain, [f"text {i}" for i in range(10)])
    assert srv.requests == 3  # then the breaker opened and the rest went straight to local
    assert chain.breaker_state is BreakerState.OPEN
    assert all(p.fallback and p.intent == "greeting" for p in preds)
    assert "circuit open" in preds[-1].reasoning
    srv.set_mode("timeout")  # a dead, hanging LLM must not stall the stream while open
    preds = classify(chain, [f"more {i}" for i in range(20)])
    assert srv.requests == 3
    assert all(p.fallback and p.error is None for p in preds)


def test_breaker_half_opens_after_cooldown_and_a_good_probe_closes_it(
    srv: FakeLLMServer,
) -> None:
    srv.set_mode("down")
    clock = Clock()
    local = TinyLocal()
    chain = make_chain(srv, local, threshold=2, cooldown=10.0, clock=clock)

    async def scenario() -> list[IntentPrediction]:
        await chain.classify_batch(["a", "b"])
        assert state_of(chain) is BreakerState.OPEN
        srv.set_mode("good")
        clock.now += 5.0
        await chain.classify_batch(["hello"])
        assert srv.requests == 0  # still cooling down
        clock.now += 5.0
        assert state_of(chain) is BreakerState.HALF_OPEN
        # the batch does not wait for the probe: the local model answers it
        probing = await chain.classify_batch(["thanks a lot", "cancel my order"])
        assert all(p.fallback for p in probing)
        await chain.drain()
        assert srv.requests == 1  # a single probe
        assert state_of(chain) is BreakerState.CLOSED
        return await chain.classify_batch(["cancel my order", "I need a refund"])

    preds = asyncio.run(scenario())
    assert [p.intent for p in preds] == ["cancel_order", "request_refund"]
    assert not any(p.fallback for p in preds)
    assert srv.requests == 3


def test_a_failed_probe_reopens_after_a_single_request(srv: FakeLLMServer) -> None:
    srv.set_mode("500")
    clock = Clock()
    chain = make_chain(srv, TinyLocal(), threshold=1, cooldown=10.0, clock=clock)

    async def scenario() -> list[IntentPrediction]:
        await chain.classify_batch(["a"])
        srv.reset_counts()
        clock.now += 10.0
        preds = await chain.classify_batch(["b", "c", "d", "e"])
        await chain.drain()
        preds += await chain.classify_batch(["f", "g"])  # open again: no new probe
        return preds

    preds = asyncio.run(scenario())
    assert srv.requests == 1  # one probe, not the whole batch
    assert chain.breaker_state is BreakerState.OPEN
    assert all(p.fallback for p in preds)


def test_a_hanging_llm_never_stalls_a_half_open_batch(srv: FakeLLMServer) -> None:
    srv.set_mode("500")
    clock = Clock()
    chain = make_chain(srv, TinyLocal(), threshold=1, cooldown=10.0, clock=clock, timeout_s=0.4)

    async def scenario() -> None:
        await chain.classify_batch(["a"])
        srv.set_mode("timeout")
        clock.now += 10.0
        probe_started = srv.requests
        preds = await chain.classify_batch(["b", "c"])
        # answered by the local model while the probe is still hanging on the server
        assert all(p.fallback for p in preds)
        assert chain.probing
        await chain.drain()
        assert not chain.probing
        assert srv.requests == probe_started + 1
        assert chain.breaker_state is BreakerState.OPEN

    asyncio.run(scenario())


class Misbehaving:
    name = "misbehaving"

    def __init__(self, kind: str) -> None:
        self.kind = kind

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        if self.kind == "raise":
            raise ConnectionError("boom")
        if self.kind == "hang":
            await asyncio.sleep(60)
        return []  # wrong length


@pytest.mark.parametrize("kind", ["raise", "hang", "short"])
def test_a_misbehaving_primary_is_contained(kind: str) -> None:
    breaker = CircuitBreaker(5, 30.0)
    chain = FallbackChain(Misbehaving(kind), TinyLocal(), breaker, primary_timeout_s=0.2)
    preds = classify(chain, ["x", "y"])
    assert [(p.intent, p.fallback) for p in preds] == [("greeting", True), ("greeting", True)]
    assert breaker.consecutive_failures == 2


def test_build_intent_model_without_llm_returns_the_local_model() -> None:
    local = TinyLocal()
    assert build_intent_model(load_settings(intent_model=""), local, INTENTS) is local


def test_build_intent_model_with_llm_builds_the_chain(srv: FakeLLMServer) -> None:
    settings = settings_for(srv, breaker_failure_threshold=7, breaker_cooldown_s=12.0)
    model = build_intent_model(settings, TinyLocal(), INTENTS)
    assert isinstance(model, FallbackChain)
    assert isinstance(model.primary, LLMIntentModel)
    assert (model.breaker.failure_threshold, model.breaker.cooldown_s) == (7, 12.0)
    assert model.breaker_state is BreakerState.CLOSED
    [pred] = classify(model, ["do you have the blue hoodie in stock?"])
    assert pred.intent == "product_availability"
    assert pred.entities.get("product") == "blue hoodie"
