"""Knowledge answers written by an LLM from the passages only, checked against them."""

from __future__ import annotations

import asyncio

import pytest

from tests.fake_llm_fixtures import fake_llm_settings, server, srv
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.knowledge import load_knowledge
from tollgate.responses import Responder, ResponseRequest, build_responder
from tollgate.testing.fake_llm import FakeLLMServer

__all__ = ["server", "srv"]  # fixtures

QUESTION = "Do you ship to Norway and how much does it cost?"


def _compose(srv: FakeLLMServer) -> tuple[Responder, ResponseRequest]:
    responder = build_responder(fake_llm_settings(srv, response_model="openai/fake-model"))
    kb = load_knowledge(DEFAULT_DOMAIN_DIR)
    assert kb is not None
    answer = kb.answer(QUESTION)
    assert answer is not None
    request = ResponseRequest(
        intent="shipping_options",
        text=QUESTION,
        action_result=None,
        reference=answer.text,
        grounding=answer.sources,
    )
    return responder, request


def test_a_rewording_that_stays_in_the_passages_is_sent(srv: FakeLLMServer) -> None:
    srv.reply_fn = lambda _prompt: "Yes, we deliver to Norway. Standard shipping there is 9.95 EUR."
    responder, request = _compose(srv)
    composed = asyncio.run(responder.respond(request))
    assert composed.source.startswith("llm:") and composed.problems == []
    assert "9.95 EUR" in composed.text


@pytest.mark.parametrize(
    "reply",
    [
        "Yes, we deliver to Norway. Shipping costs 5.95 EUR.",  # an amount not in the passage
        "Yes, we deliver to Norway and Japan.",  # a country not in the passage
        "Yes, Norway delivery is free and guaranteed.",  # promises not in the passage
    ],
)
def test_a_claim_outside_the_passages_falls_back_to_the_passage(
    srv: FakeLLMServer, reply: str
) -> None:
    srv.reply_fn = lambda _prompt: reply
    responder, request = _compose(srv)
    composed = asyncio.run(responder.respond(request))
    assert composed.text == request.reference
    assert composed.problems == [] and "rejected by the output guard" in composed.note
