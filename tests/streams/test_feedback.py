"""Human in the loop: approved drafts are sent, rejected or expired drafts escalate, once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from schemas import AgentDecision, Escalation, Feedback, FeedbackKind, Outcome, Ticket, utcnow
from streams.feedback import FeedbackStage
from streams.inline import InlinePipeline
from streams.services import build_services
from tests.streams.test_stages_inline import FixedModel
from tollgate.config import load_settings


def _setup() -> tuple[FeedbackStage, AgentDecision, dict[str, Any]]:
    settings = load_settings()
    services = build_services(settings, intent_model=FixedModel("check_order_status", 0.6))
    pipeline = InlinePipeline(services)
    [result] = asyncio.run(pipeline.run([Ticket(ticket_id="D1", text="where is order #A10023")]))
    assert result.outcome == "draft"
    pending: dict[str, Any] = {}
    stage = FeedbackStage(services, pipeline.escalation, pending)
    stage.hold(result.decision)
    return stage, result.decision, pending


def fb(kind: FeedbackKind, **kw: Any) -> Feedback:
    return Feedback(feedback_id=f"D1:{kind.value}", ticket_id="D1", kind=kind, reviewer="ann", **kw)


def test_approved_draft_runs_its_action_and_is_sent_once() -> None:
    stage, draft, pending = _setup()
    [out] = asyncio.run(stage.apply(fb(FeedbackKind.DRAFT_APPROVED)))
    assert out.topic == stage.services.settings.topic_responses
    sent = out.value
    assert isinstance(sent, AgentDecision)
    assert sent.outcome is Outcome.RESPOND
    assert sent.action_result is not None and sent.action_result.success
    assert sent.action_result.name == draft.verdict.proposed_action
    assert "D1" not in pending
    assert asyncio.run(stage.apply(fb(FeedbackKind.DRAFT_APPROVED))) == []  # re-delivery: nothing


def test_edited_draft_sends_the_reviewers_text() -> None:
    stage, _draft, _ = _setup()
    [out] = asyncio.run(
        stage.apply(fb(FeedbackKind.DRAFT_EDITED, edited_response="Edited by Ann."))
    )
    assert isinstance(out.value, AgentDecision)
    assert out.value.response == "Edited by Ann."


def test_rejected_draft_escalates() -> None:
    stage, _draft, pending = _setup()
    [out] = asyncio.run(stage.apply(fb(FeedbackKind.DRAFT_REJECTED)))
    assert isinstance(out.value, Escalation)
    assert "rejected" in out.value.reason
    assert out.topic.startswith(stage.services.settings.topic_escalations_prefix)
    assert pending == {}


def test_drafts_past_their_sla_escalate() -> None:
    stage, _draft, pending = _setup()
    assert stage.expired() == []  # not yet due
    later = utcnow() + timedelta(minutes=stage.services.settings.draft_sla_minutes + 1)
    [out] = stage.expired(now=later)
    assert isinstance(out.value, Escalation)
    assert "SLA" in out.value.reason
    assert pending == {}
    assert asyncio.run(stage.apply(fb(FeedbackKind.DRAFT_APPROVED))) == []  # too late


def test_other_feedback_routes_nothing() -> None:
    stage, _draft, pending = _setup()
    out = asyncio.run(
        stage.apply(fb(FeedbackKind.INTENT_LABEL, correct_intent="check_order_status"))
    )
    assert out == []
    assert "D1" in pending


def test_only_the_worker_owning_the_feedback_partition_expires_a_draft() -> None:
    stage, draft, pending = _setup()
    later = utcnow() + timedelta(minutes=stage.services.settings.draft_sla_minutes + 1)
    mine = stage.partition_of(draft.session_id)
    others = set(range(stage.services.settings.topic_partitions)) - {mine}
    assert stage.expired(now=later, owned=others) == []  # another worker's draft
    assert "D1" in pending
    [out] = stage.expired(now=later, owned={mine})
    assert isinstance(out.value, Escalation)
