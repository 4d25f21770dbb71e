"""A near miss of a trigger (a model score between its doubt cut-off and its threshold) lets no
reply go out without a human: respond and respond_review become drafts, a clarify escalates."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from schemas import AUTONOMOUS_OUTCOMES, ConstraintVerdict, IntentResult, Outcome, Ticket, Trigger
from streams.cascade import doubt_gate
from streams.inline import InlinePipeline, InlineResult
from streams.services import Services, build_services
from tests.streams.test_stages_inline import FixedModel
from tollgate.config import load_settings
from tollgate.constraints.model import TriggerModel, TriggerModelConfig


def verdict(*doubts: str) -> ConstraintVerdict:
    intent = IntentResult(
        ticket=Ticket(ticket_id="T1", text="x"),
        clean_text="x",
        intent="check_order_status",
        confidence=0.95,
    )
    return ConstraintVerdict(
        intent=intent,
        allowed=True,
        trigger_doubts=[Trigger(name=name, evidence="model:0.41<0.55") for name in doubts],
    )


@pytest.mark.parametrize(
    ("outcome", "gated"),
    [
        (Outcome.RESPOND, Outcome.DRAFT),
        (Outcome.RESPOND_REVIEW, Outcome.DRAFT),
        (Outcome.CLARIFY, Outcome.ESCALATE),
        (Outcome.DRAFT, Outcome.DRAFT),
        (Outcome.ESCALATE, Outcome.ESCALATE),
    ],
)
def test_a_near_miss_keeps_every_autonomous_outcome_from_the_customer(
    outcome: Outcome, gated: Outcome
) -> None:
    result, reasoning = doubt_gate(verdict("threat_language"), outcome, "intent x")
    assert result is gated
    assert result not in AUTONOMOUS_OUTCOMES
    if outcome in AUTONOMOUS_OUTCOMES:
        assert "possible trigger threat_language (model:0.41<0.55)" in reasoning
    else:
        assert reasoning == "intent x"


def test_without_a_near_miss_the_cascade_stands() -> None:
    for outcome in Outcome:
        assert doubt_gate(verdict(), outcome, "r") == (outcome, "r")


# --- through the stages, with the pack's real model ---


@pytest.fixture(scope="module")
def services() -> Services:
    return build_services(load_settings(), intent_model=FixedModel("check_order_status", 0.97))


@pytest.fixture
def doubting(services: Services) -> Iterator[TriggerModel]:
    """The pack's model with competitor_mention's doubt cut-off at 0: every ticket that does not
    fire it is a near miss of it (the wiring, not the cut-off, is under test here)."""
    model = services.trigger_model
    assert model is not None
    kept = dict(model.doubts)
    model.doubts["competitor_mention"] = 0.0
    yield model
    model.doubts.clear()
    model.doubts.update(kept)


def run(services: Services, text: str) -> InlineResult:
    ticket = Ticket(ticket_id="T1", text=text, customer_id="cust-1")
    [result] = asyncio.run(InlinePipeline(services).run([ticket]))
    return result


def test_a_near_miss_turns_an_answer_into_a_draft(
    services: Services, doubting: TriggerModel
) -> None:
    result = run(services, "Where is order 10000001?")
    verdict = result.decision.verdict
    assert verdict.triggers == []
    [doubt] = verdict.trigger_doubts
    assert doubt.name == "competitor_mention"
    assert doubt.evidence.startswith("model:0.") and "<" in doubt.evidence
    assert result.outcome == "draft"
    assert result.decision.action_result is None  # nothing runs before a human approves
    assert result.decision.response  # the reviewer sees the reply that would go out
    assert "possible trigger competitor_mention" in result.decision.reasoning


def test_a_near_miss_on_a_question_escalates_to_that_triggers_queue(
    services: Services, doubting: TriggerModel
) -> None:
    result = run(services, "where is my order??")
    assert result.outcome == "escalate"
    queue = services.constraints.escalation_triggers["competitor_mention"].queue
    assert result.decision.queue == queue


def test_a_fired_trigger_is_no_doubt(services: Services, doubting: TriggerModel) -> None:
    result = run(services, "My lawyer will be in touch about order 10000001.")
    assert [t.name for t in result.decision.verdict.triggers] == ["legal_language"]
    assert result.decision.verdict.trigger_doubts == []
    assert result.outcome == "escalate"


def test_plain_requests_are_no_near_miss(services: Services) -> None:
    """With the cut-offs as trained, an everyday request is answered (a doubt band this wide
    would send the whole shop to reviewers)."""
    result = run(services, "Where is order 10000001?")
    assert result.decision.verdict.trigger_doubts == []
    assert result.outcome == "respond"


def test_doubt_cut_offs_bound_the_validation_rate(services: Services) -> None:
    model = services.trigger_model
    assert model is not None
    config = TriggerModelConfig()
    for name, head in model.info.heads.items():
        assert config.min_doubt <= head.doubt <= head.threshold, name
        assert head.validation_doubt_rate <= config.doubt_false_rate, name
        assert model.doubts[name] == head.doubt
