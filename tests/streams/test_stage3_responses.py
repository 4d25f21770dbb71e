"""The decision stage's responses: which generator wrote them, and that a response the output guard
rejects is never sent, with templates or with an LLM writer (fake server, real HTTP path)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from schemas import ActionResult, ConstraintVerdict, IntentResult, Outcome, Ticket
from streams.inline import InlinePipeline, InlineResult
from streams.services import build_services
from streams.stage3_decision import DecisionStage, decision_event
from tests.fake_llm_fixtures import FAKE_MODEL, fake_llm_settings, server, srv
from tests.streams.keyword_model import KeywordModel
from tollgate.config import Settings, load_settings
from tollgate.testing.fake_llm import FakeLLMServer

__all__ = ["server", "srv"]  # the fake LLM fixtures, used by name

LLM = "llm:openai/fake-model"
TEXTS = {
    "T1": "Where is my order #A10023?",  # respond, lookup_order
    "T2": "hello there",  # respond, informational
    "T3": "I want to return order #30000003",  # respond, create_return (delivered)
    "T4": "where is my order??",  # clarify: no order number
    "T5": "I want a real person",  # escalate
}


def llm_settings(srv: FakeLLMServer, **overrides: Any) -> Settings:
    return fake_llm_settings(
        srv, response_model=FAKE_MODEL, llm_timeout_s=0.5, llm_max_retries=0, **overrides
    )


def run(settings: Settings, **texts: str) -> dict[str, InlineResult]:
    pipeline = InlinePipeline(build_services(settings, intent_model=KeywordModel()))
    tickets = [
        Ticket(ticket_id=tid, text=text, customer_id="cust-1") for tid, text in texts.items()
    ]
    return {r.ticket_id: r for r in asyncio.run(pipeline.run(tickets))}


def test_templates_write_every_response_by_default() -> None:
    results = run(load_settings(), **TEXTS)
    sources = {tid: r.decision.response_source for tid, r in results.items()}
    outcomes = {tid: r.outcome for tid, r in results.items()}
    assert outcomes == {
        "T1": "respond",
        "T2": "respond",
        "T3": "respond",
        "T4": "clarify",
        "T5": "escalate",
    }
    assert sources == {"T1": "template", "T2": "template", "T3": "template", "T4": "template"} | {
        "T5": None
    }
    assert all(r.decision.response_tokens == 0 for r in results.values())


def test_a_grounded_llm_answer_is_sent_and_recorded(srv: FakeLLMServer) -> None:
    results = run(llm_settings(srv), **TEXTS)
    answered = {tid: r.decision for tid, r in results.items() if r.outcome == "respond"}
    assert set(answered) == {"T1", "T2", "T3"} and srv.requests == 3  # not clarify, not escalate
    for decision in answered.values():
        assert decision.response_source == LLM and decision.response_tokens > 0
        assert decision.response  # the fake echoes the grounded reference answer
    event = decision_event(answered["T1"])
    assert event.model == LLM and event.tokens == answered["T1"].response_tokens
    assert results["T4"].decision.response_source == "template"


def test_an_invented_amount_is_never_sent(srv: FakeLLMServer) -> None:
    srv.reply_fn = lambda _p: "Order A10023 is on its way. As a thank-you we credited EUR 15.00."
    [result] = run(llm_settings(srv), T1=TEXTS["T1"]).values()
    decision = result.decision
    assert decision.outcome is Outcome.RESPOND and decision.response_source == "template"
    assert decision.response and "15.00" not in decision.response
    assert "rejected by the output guard" in decision.reasoning


@pytest.mark.parametrize("mode", ["500", "429", "timeout", "down"])
def test_llm_failure_never_loses_a_ticket(srv: FakeLLMServer, mode: Any) -> None:
    srv.hang_s = 5.0
    srv.set_mode(mode)
    try:
        results = run(llm_settings(srv), **TEXTS)
    finally:
        srv.set_mode("good")
        srv.hang_s = 30.0
    baseline = run(load_settings(), **TEXTS)
    assert set(results) == set(TEXTS)
    for tid, result in results.items():
        assert result.outcome == baseline[tid].outcome
        assert result.decision.response == baseline[tid].decision.response
        assert result.decision.response_source == baseline[tid].decision.response_source


def _verdict(result: ActionResult) -> ConstraintVerdict:
    ticket = Ticket(ticket_id="T9", text="where is #A10023", customer_id="cust-1")
    intent = IntentResult(
        ticket=ticket,
        clean_text=ticket.text,
        intent="check_order_status",
        confidence=0.97,
        entities={"order_id": "A10023"},
    )
    return ConstraintVerdict(
        intent=intent,
        proposed_action=result.name,
        action_params={"order_id": "A10023"},
        allowed=True,
    )


def test_when_template_and_llm_are_both_rejected_the_ticket_becomes_a_draft(
    srv: FakeLLMServer,
) -> None:
    services = build_services(llm_settings(srv), intent_model=KeywordModel())
    odd = ActionResult(
        name="lookup_order",
        idempotency_key="T9:lookup_order",
        success=True,
        data={"order_id": "A10023", "status": "sk-live-abcdefghijklmnop"},
    )

    async def backend(verdict: ConstraintVerdict, store: object = None) -> ActionResult:
        return odd

    services.run_action = backend  # type: ignore[method-assign]
    srv.reply_fn = lambda _p: "Order A10023: we will send you a free replacement gift card."
    decision = asyncio.run(DecisionStage(services).decide(_verdict(odd)))
    assert decision.outcome is Outcome.DRAFT and decision.reasoning.startswith("output guard:")
    assert decision.response_source == "template"
    assert decision.response and "gift card" not in decision.response  # the LLM text is dropped
    assert "free replacement" in decision.reasoning  # the guard's evidence, for the reviewer
