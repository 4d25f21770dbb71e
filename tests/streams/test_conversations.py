"""Conversation behaviour of the decision stage with its session state (in process)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest

from schemas import (
    Feedback,
    FeedbackKind,
    HistoryEntry,
    IntentResult,
    Outcome,
    PendingRequest,
    SessionState,
    SourceRef,
    Ticket,
    utcnow,
)
from streams.conversation import Rules, grounded_in_session
from streams.pump import Item, Out
from streams.session_stage import SessionInput
from streams.stage2_constraint import build_verdict
from tests.streams.keyword_model import KeywordModel
from tollgate.actions.demo_backend import RefundParams, issue_refund
from tollgate.actions.registry import ActionContext
from tollgate.config import load_settings
from tollgate.constraints.schema import load_constraints
from tollgate.intent.base import IntentPrediction
from tollgate.testing.sessions import Harness


@pytest.fixture
def h() -> Harness:
    return Harness(load_settings(topic_partitions=4), KeywordModel())


def test_a_reply_with_the_missing_detail_completes_the_pending_request(h: Harness) -> None:
    first = h.say("S1", "T1", "Where is my order?")
    assert first.outcome is Outcome.CLARIFY
    assert h.state("S1").pending is not None
    answer = h.say("S1", "T2", "It's 10000001")
    assert answer.outcome is Outcome.RESPOND
    assert answer.verdict.intent.intent == "check_order_status"
    assert answer.action_result is not None and answer.action_result.data["order_id"] == "10000001"
    assert "10000001" in (answer.response or "")
    assert [t.ticket_id for t in answer.conversation] == ["T1"]
    assert h.state("S1").pending is None


def test_two_details_over_three_turns_ask_only_for_what_is_missing(h: Harness) -> None:
    assert h.say("S2", "T1", "I want a refund").verdict.missing == ["order_id", "amount"]
    second = h.say("S2", "T2", "order 10000001")
    assert second.outcome is Outcome.CLARIFY
    assert second.verdict.missing == ["amount"]
    assert "order number" not in (second.response or "").lower()
    third = h.say("S2", "T3", "30 euros")
    assert third.verdict.missing == []
    assert third.verdict.action_params["order_id"] == "10000001"
    assert third.verdict.action_params["amount"] == 30
    assert third.outcome is Outcome.DRAFT  # the refund intent's confidence (0.6) drafts


def test_it_refers_to_the_last_order_of_the_session(h: Harness) -> None:
    assert h.say("S3", "T1", "Where is my order 10000001?").outcome is Outcome.RESPOND
    cancel = h.say("S3", "T2", "Can I cancel it?")
    assert cancel.outcome is Outcome.RESPOND
    assert cancel.verdict.action_params["order_id"] == "10000001"
    assert cancel.action_result is not None and cancel.action_result.name == "cancel_order"


def test_a_new_request_drops_the_pending_one(h: Harness) -> None:
    assert h.say("S4", "T1", "Where is my order?").outcome is Outcome.CLARIFY
    hello = h.say("S4", "T2", "hello there")
    assert hello.verdict.intent.intent == "greeting"
    assert h.state("S4").pending is None


def test_a_session_with_a_human_stays_there_until_handback(h: Harness) -> None:
    legal = h.say("S5", "T1", "My lawyer will be in touch about this")
    assert legal.outcome is Outcome.ESCALATE and legal.queue == "legal"
    later = h.say("S5", "T2", "Where is my order 10000001?")
    assert later.outcome is Outcome.ESCALATE
    assert later.queue == "legal" and "esc:T1" in later.reasoning
    assert [t.ticket_id for t in later.conversation] == ["T1"]
    assert h.feedback("S5", "T1", FeedbackKind.HANDBACK) == []
    assert h.say("S5", "T3", "Where is my order 10000001?").outcome is Outcome.RESPOND


def test_a_pending_question_expires(h: Harness) -> None:
    h.say("S6", "T1", "Where is my order?")
    state = h.state("S6")
    assert state.pending is not None
    old = state.pending.model_copy(update={"asked_at": utcnow() - timedelta(hours=25)})
    h.store.apply([(state.partition, "S6", state.model_copy(update={"pending": old}))])
    late = h.say("S6", "T2", "It's 10000001")
    assert late.outcome is Outcome.ESCALATE and "expired" in late.reasoning


def test_too_many_clarify_rounds_escalate_with_the_conversation(h: Harness) -> None:
    rounds = h.settings.max_clarify_rounds
    h.say("S7", "T0", "Where is my order?")
    outcomes = [h.say("S7", f"T{i}", "I don't know").outcome for i in range(1, rounds + 1)]
    assert outcomes[:-1] == [Outcome.CLARIFY] * (rounds - 1)
    assert outcomes[-1] is Outcome.ESCALATE
    last = h.decisions(f"T{rounds}")[-1]
    assert "clarifying" in last.reasoning and len(last.conversation) == rounds


def test_interleaved_sessions_in_one_batch_keep_their_own_state(h: Harness) -> None:
    a1, b1 = h.batch([("A", "A1", "Where is my order?"), ("B", "B1", "I want a refund")])
    assert a1.outcome is Outcome.CLARIFY and b1.outcome is Outcome.CLARIFY
    b2, a2 = h.batch([("B", "B2", "order 20000002"), ("A", "A2", "It's 10000001")])
    assert a2.outcome is Outcome.RESPOND and a2.verdict.action_params["order_id"] == "10000001"
    assert b2.verdict.missing == ["amount"]


def test_a_redelivered_ticket_is_skipped_and_a_reused_id_dead_lettered(h: Harness) -> None:
    h.say("S8", "T1", "Where is my order 10000001?")
    n = len(h.produced)
    h.say("S8", "T1", "Where is my order 10000001?")  # same id, another message
    assert [o.topic for o in h.produced[n:]] == [h.settings.topic_deadletter]
    assert len(h.decisions("T1")) == 1


def test_approved_draft_sends_what_the_reviewer_saw_exactly_once(h: Harness) -> None:
    draft = h.say("S9", "T1", "refund 30 for order #10000001")
    assert draft.outcome is Outcome.DRAFT and draft.action_result is None  # nothing ran yet
    # the draft shows the reply the refund's success sends (its reference is known only after
    # the call, so the reply does not name it)
    assert draft.response == (
        "We have issued a refund of EUR 30.00 for order 10000001. "
        "It goes back to your original payment method."
    )
    assert draft.foreseen_result is not None and "refund_id" not in draft.foreseen_result.data
    [sent] = h.feedback("S9", "T1", FeedbackKind.DRAFT_APPROVED)
    assert sent.outcome is Outcome.RESPOND and sent.reviewed_by == "ann"
    assert sent.response == draft.response  # one review: what the reviewer approved
    assert sent.action_result is not None and sent.action_result.success
    assert sent.action_result.data["refund_id"]  # the refund ran (its result is kept)
    assert h.feedback("S9", "T1", FeedbackKind.DRAFT_APPROVED) == []  # redelivered: applied once
    assert h.state("S9").drafts == {}
    assert len(h.decisions("T1")) == 2  # the draft and the response, nothing else


def test_edited_reply_is_labelled_as_the_reviewers(h: Harness) -> None:
    h.say("S10", "T1", "refund 30 for order #10000001")
    [sent] = h.feedback("S10", "T1", FeedbackKind.DRAFT_EDITED, edited_response="Done, Ann.")
    assert sent.response == "Done, Ann." and sent.response_source == "reviewer:ann"


def test_rejected_draft_escalates_and_the_session_goes_to_a_human(h: Harness) -> None:
    h.say("S11", "T1", "refund 30 for order #10000001")
    [escalated] = h.feedback("S11", "T1", FeedbackKind.DRAFT_REJECTED)
    assert escalated.outcome is Outcome.ESCALATE and "rejected" in escalated.reasoning
    assert h.state("S11").owner is not None


def test_drafts_past_their_sla_escalate_once(h: Harness) -> None:
    h.say("S12", "T1", "refund 30 for order #10000001")
    assert h.sweep(utcnow()) == []
    later = utcnow() + timedelta(minutes=h.settings.draft_sla_minutes + 1)
    [escalated] = h.sweep(later)
    assert "SLA" in escalated.reasoning
    assert h.sweep(later) == []
    assert h.feedback("S12", "T1", FeedbackKind.DRAFT_APPROVED) == []  # too late


def test_a_sweep_repeated_after_a_crash_sends_an_identical_escalation(h: Harness) -> None:
    """The sweep writes its escalations, then the state; killed between the two, the next
    sweep escalates the draft again: the same decision (decided at the draft's deadline)."""
    h.say("S13", "T1", "refund 30 for order #10000001")
    deadline = h.state("S13").drafts["T1"].deadline
    keep = h.stage.produce

    async def crash_on_state(outs: Sequence[Out]) -> None:
        if any(o.topic == h.settings.topic_sessions for o in outs):
            raise RuntimeError("killed before the state write")
        assert keep is not None
        await keep(outs)

    h.stage.produce = crash_on_state
    later = utcnow() + timedelta(minutes=h.settings.draft_sla_minutes + 1)
    with pytest.raises(RuntimeError):
        h.sweep(later)
    h.stage.produce = keep
    [again] = h.sweep(later + timedelta(minutes=5))
    [first] = [d for d in h.decisions("T1") if d.outcome is Outcome.ESCALATE and d is not again]
    assert first.model_dump_json() == again.model_dump_json()
    assert again.decided_at == deadline
    assert h.sweep(later + timedelta(minutes=10)) == []


def _refunds_at_most(h: Harness, cap: float) -> None:
    """The refund backend pays at most ``cap`` whatever was asked: a real result that differs
    from the success its draft foresaw."""
    registry = h.stage.services.actions
    spec = registry.get("issue_refund")
    assert spec is not None

    async def capped(params: RefundParams, ctx: ActionContext) -> dict[str, str | float]:
        data = dict(await issue_refund(params, ctx))
        data["refund_amount"] = min(float(data["refund_amount"]), cap)
        return data

    registry.register(
        "issue_refund",
        capped,
        RefundParams,
        replace=True,
        idempotent_by_key=True,
        foreseen=spec.foreseen,
    )


def test_an_action_result_that_changes_the_reply_goes_back_to_the_reviewer(h: Harness) -> None:
    _refunds_at_most(h, 25.0)
    draft = h.say("S13", "T1", "refund 30 for order #10000001")
    assert draft.outcome is Outcome.DRAFT and "EUR 30.00" in (draft.response or "")
    [again] = h.feedback("S13", "T1", FeedbackKind.DRAFT_APPROVED)
    assert again.outcome is Outcome.DRAFT and "review again" in again.reasoning
    assert "EUR 25.00" in (again.response or "") and again.response != draft.response
    assert again.action_result is not None and again.action_result.data["refund_amount"] == 25.0
    assert again.foreseen_result is None  # it shows the real result now
    assert "T1" in h.state("S13").drafts
    [sent] = h.feedback("S13", "T1", FeedbackKind.DRAFT_APPROVED, feedback_id="T1:approved:2")
    assert sent.outcome is Outcome.RESPOND and sent.response == again.response
    assert sent.action_result == again.action_result  # the refund ran once


def test_a_resent_approval_does_not_approve_the_reply_offered_again(h: Harness) -> None:
    """The refund's real result changes the reply: it goes back to the reviewer; the same
    approval delivered again (at-least-once) must not send the reply nobody has seen."""
    _refunds_at_most(h, 25.0)
    draft = h.say("S13b", "T1", "refund 30 for order #30000003")  # the demo customer owns it
    assert draft.outcome is Outcome.DRAFT
    [again] = h.feedback("S13b", "T1", FeedbackKind.DRAFT_APPROVED)
    assert again.outcome is Outcome.DRAFT and again.response != draft.response
    assert h.feedback("S13b", "T1", FeedbackKind.DRAFT_APPROVED) == []  # the same one again
    assert "T1" in h.state("S13b").drafts
    [sent] = h.feedback("S13b", "T1", FeedbackKind.DRAFT_EDITED, edited_response=again.response)
    assert sent.outcome is Outcome.RESPOND and sent.response == again.response


class _DraftModel:
    """Classifies ``[intent] text`` as that intent at draft confidence."""

    name = "draft-test"

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        return [
            IntentPrediction(intent=t[1 : t.index("]")], confidence=0.55, model=self.name)
            for t in texts
        ]


ACTION_DRAFTS = {  # intent: (ticket text, reviews its draft needs with the demo backend)
    "check_order_status": ("Where is order 10000001?", 2),  # the reply is the order's status
    "process_return": ("I want to return order 30000003", 1),
    "update_shipping_address": (
        "Please change the delivery address of order 10000001 to 12 High Street, London",
        1,
    ),
    "apply_discount_code": ("Please apply discount code SAVE20 to order 10000001", 1),
    "request_refund": ("refund 30 for order #10000001", 1),
    "cancel_order": ("Please cancel order 10000001", 1),
    "account_access": ("I cannot log in to my account", 1),
    "delivery_problem": ("My parcel for order 20000002 is late", 1),
    "product_availability": ("Is the Desk lamp in stock?", 2),  # the reply is the stock level
    "unsubscribe_marketing": ("Please unsubscribe me from your newsletter", 1),
}


def test_each_action_drafts_the_reply_its_success_sends() -> None:
    """Every action intent of the shop pack drafted and approved until sent: a draft whose
    reply can be foreseen is sent as approved (one review); a read whose reply is its result
    shows the holding reply and returns with the real one (two)."""
    h = Harness(load_settings(topic_partitions=4), _DraftModel())
    constraints = load_constraints(h.settings.constraints_path)
    actions = {i for i, rule in constraints.intent_actions.items() if rule.action is not None}
    assert set(ACTION_DRAFTS) == actions
    pending = "We are looking into it"
    for n, (intent, (text, reviews)) in enumerate(ACTION_DRAFTS.items()):
        session, ticket = f"SA{n}", f"TA{n}"
        decision = draft = h.say(session, ticket, f"[{intent}] {text}")
        assert draft.outcome is Outcome.DRAFT, (intent, draft.reasoning)
        assert (pending in (draft.response or "")) is (reviews == 2), (intent, draft.response)
        for review in range(1, reviews + 1):
            assert decision.outcome is Outcome.DRAFT, (intent, review, decision.response)
            fb_id = f"{ticket}:approved:{review}"
            [decision] = h.feedback(session, ticket, FeedbackKind.DRAFT_APPROVED, fb_id)
        assert decision.outcome is Outcome.RESPOND, (intent, decision.response)
        assert decision.action_result is not None and decision.action_result.success
        if reviews == 1:
            assert decision.response == draft.response, intent


def test_action_calls_and_the_state_with_its_outbox_are_written_before_the_outputs(
    h: Harness,
) -> None:
    h.say("S14", "T1", "Where is my order 10000001?")
    topics = [o.topic for o in h.produced]
    s = h.settings
    assert topics == [
        s.topic_sessions,  # the call started (written ahead of it)
        s.topic_sessions,  # its result, as soon as it returned
        s.topic_sessions,  # the session's new state, with the outputs it leads to
        s.topic_decision,
        s.topic_interactions,
    ]
    started, done, final = (o.value for o in h.produced[:3])
    assert isinstance(started, SessionState) and isinstance(done, SessionState)
    assert isinstance(final, SessionState)
    assert started.actions["T1:lookup_order"].result is None and started.turns == []
    result = done.actions["T1:lookup_order"].result
    assert result is not None and result.success and done.turns == []  # action records only
    assert [t.ticket_id for t in final.turns] == ["T1"] and "T1" in final.processed
    assert final.actions["T1:lookup_order"].result == result
    recorded = final.outbox["ticket:T1"].messages
    assert [(m.topic, m.key, m.value) for m in recorded] == [
        (o.topic, o.key, o.value.model_dump_json()) for o in h.produced[3:]
    ]


def test_feedback_on_another_partition_is_forwarded_to_the_sessions(h: Harness) -> None:
    h.say("S15", "T1", "refund 30 for order #10000001")
    home = h.partition("S15")
    fb = Feedback(feedback_id="f", ticket_id="T1", session_id="S15", kind=FeedbackKind.DRAFT_EDITED)
    wrong = SourceRef(topic=h.settings.topic_feedback, partition=(home + 1) % 4, offset=99)
    n = len(h.produced)
    asyncio.run(h.stage.handle([Item(SessionInput(feedback=fb), wrong)]))
    [forwarded] = h.produced[n:]
    assert forwarded.topic == h.settings.topic_feedback and forwarded.key == "S15"
    assert "T1" in h.state("S15").drafts  # not applied on the wrong partition


@pytest.mark.parametrize(
    ("proposed", "kept"),
    [
        ({"order_id": "10000001"}, {"order_id": "10000001"}),  # the session's last order
        ({"amount": "30"}, {"amount": "30"}),  # a slot of the pending request
        ({"order_id": "A-777"}, {"order_id": "A-777"}),  # written in an earlier turn
        ({"order_id": "20000002", "amount": "500"}, {}),  # invented: the session never had them
    ],
)
def test_a_model_proposal_counts_only_when_the_session_state_holds_it(
    proposed: dict[str, str], kept: dict[str, str]
) -> None:
    settings = load_settings()
    rules = Rules(settings, load_constraints(settings.constraints_path))
    now = utcnow()
    state = SessionState(
        session_id="S",
        partition=0,
        entities={"order_id": "10000001"},
        pending=PendingRequest(
            intent="request_refund", confidence=0.6, slots={"amount": "30"}, ticket_id="T0"
        ),
        turns=[
            HistoryEntry(
                ticket_id="T0", text="it was order #a-777", intent="x", outcome="clarify", at=now
            )
        ],
    )
    intent = IntentResult(
        ticket=Ticket(ticket_id="T1", text="refund please"),
        clean_text="refund please",
        intent="request_refund",
        confidence=0.6,
        ungrounded=proposed,
    )
    verdict = grounded_in_session(build_verdict(intent, [], rules.schema), state, rules)
    assert verdict.intent.entities == kept
    assert verdict.intent.ungrounded == {}
    assert set(verdict.action_params) == set(kept)  # parameters now, checked by the schema
    assert set(verdict.missing) == {"order_id", "amount"} - set(kept)
