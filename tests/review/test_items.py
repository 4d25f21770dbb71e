"""Queue building: which drafts, responses and escalations are pending, and in what order."""

from __future__ import annotations

import pytest

from schemas import Contract, Feedback, FeedbackKind, Outcome, Priority
from tests.review.builders import decision, escalation
from tollgate.config import Settings, load_settings
from tollgate.review.items import ItemKind, QueueState, build_queue, review_topics


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def msg(topic: str, payload: Contract) -> tuple[str, bytes]:
    return topic, payload.model_dump_json().encode()


def fb(ticket_id: str, kind: FeedbackKind) -> Feedback:
    return Feedback(feedback_id=f"{ticket_id}:{kind.value}", ticket_id=ticket_id, kind=kind)


def test_queue_holds_drafts_then_escalations_by_priority_then_flagged_responses(
    settings: Settings,
) -> None:
    messages = [
        msg(settings.topic_responses, decision("R1", Outcome.RESPOND_REVIEW, confidence=0.8)),
        msg(settings.topic_responses, decision("OK1", Outcome.RESPOND, confidence=0.95)),
        msg(settings.topic_responses, decision("C1", Outcome.CLARIFY, confidence=0.95)),
        msg(settings.escalation_topic("general"), escalation("E-low", priority=Priority.LOW)),
        msg(settings.escalation_topic("legal"), escalation("E-urgent", priority=Priority.URGENT)),
        msg(settings.topic_drafts, decision("D2", Outcome.DRAFT, minutes=5)),
        msg(settings.topic_drafts, decision("D1", Outcome.DRAFT, minutes=1)),
    ]
    items = build_queue(settings, messages)
    assert [(i.kind, i.ticket_id) for i in items] == [
        (ItemKind.DRAFT, "D1"),
        (ItemKind.DRAFT, "D2"),
        (ItemKind.ESCALATION, "E-urgent"),
        (ItemKind.ESCALATION, "E-low"),
        (ItemKind.RESPONSE, "R1"),
    ]
    assert [i.ticket_id for i in build_queue(settings, messages, "drafts")] == ["D1", "D2"]
    assert [i.ticket_id for i in build_queue(settings, messages, "review")] == ["R1"]
    assert [i.ticket_id for i in build_queue(settings, messages, "escalations")] == [
        "E-urgent",
        "E-low",
    ]


def test_answered_items_leave_the_queue_but_other_feedback_does_not(settings: Settings) -> None:
    base = [
        msg(settings.topic_drafts, decision("D1", Outcome.DRAFT)),
        msg(settings.topic_responses, decision("R1", Outcome.RESPOND_REVIEW)),
        msg(settings.escalation_topic("general"), escalation("E1")),
    ]
    assert len(build_queue(settings, base)) == 3
    labels_only = [
        msg(settings.topic_feedback, fb("D1", FeedbackKind.INTENT_LABEL)),
        msg(settings.topic_feedback, fb("E1", FeedbackKind.INTENT_LABEL)),
    ]
    assert [i.ticket_id for i in build_queue(settings, base + labels_only)] == ["D1", "E1", "R1"]
    answered = [
        msg(settings.topic_feedback, fb("D1", FeedbackKind.DRAFT_REJECTED)),
        msg(settings.topic_feedback, fb("R1", FeedbackKind.RESPONSE_WRONG)),
        msg(settings.topic_feedback, fb("E1", FeedbackKind.ESCALATION_APPROPRIATE)),
    ]
    assert build_queue(settings, base + answered) == []


def test_a_draft_the_pipeline_moved_on_from_is_not_pending(settings: Settings) -> None:
    sent = decision("D1", Outcome.RESPOND)  # approved elsewhere and sent
    expired = escalation("D2")  # past its SLA: escalated
    messages = [
        msg(settings.topic_drafts, decision("D1", Outcome.DRAFT)),
        msg(settings.topic_drafts, decision("D2", Outcome.DRAFT)),
        msg(settings.topic_drafts, decision("D3", Outcome.DRAFT)),
        msg(settings.topic_responses, sent),
        msg(settings.escalation_topic("general"), expired),
    ]
    assert [i.ticket_id for i in build_queue(settings, messages, "drafts")] == ["D3"]


def test_items_carry_the_redacted_text_and_the_context(settings: Settings) -> None:
    [draft] = build_queue(settings, [msg(settings.topic_drafts, decision("D1", Outcome.DRAFT))])
    assert draft.text.endswith("<PII:EMAIL>")
    assert draft.intent == "check_order_status" and draft.confidence == pytest.approx(0.6)
    assert draft.proposed_action == "lookup_order"
    assert draft.action_params == {"order_id": "A12345"}
    assert draft.session_id == "s-D1"
    [esc] = build_queue(settings, [msg(settings.escalation_topic("legal"), escalation("E1"))])
    assert esc.queue == "general"  # the payload's queue, not the topic's
    assert esc.triggers[0].evidence == "sue"
    assert esc.history[0].intent == "delivery_problem"
    assert esc.response == "We are sorry to hear that."


def test_malformed_messages_are_counted_and_skipped(settings: Settings) -> None:
    state = QueueState()
    state.add(settings, settings.topic_drafts, b"{not json")
    state.add(settings, settings.topic_feedback, b'{"ticket_id": "x"}')
    state.add(settings, settings.topic_drafts, None)
    state.add(
        settings, settings.topic_drafts, decision("D1", Outcome.DRAFT).model_dump_json().encode()
    )
    assert state.malformed == 3
    assert [i.ticket_id for i in state.items()] == ["D1"]


def test_review_topics_cover_every_queue_and_feedback(settings: Settings) -> None:
    topics = review_topics(settings)
    assert settings.topic_drafts in topics and settings.topic_responses in topics
    assert settings.topic_feedback in topics
    for queue in settings.escalation_queues:
        assert settings.escalation_topic(queue) in topics


def test_unknown_queue_is_rejected(settings: Settings) -> None:
    with pytest.raises(ValueError, match="unknown queue"):
        build_queue(settings, [], "everything")


def test_a_draft_returned_after_its_answer_is_open_again() -> None:
    from datetime import timedelta

    settings = load_settings()
    draft = decision("D7", Outcome.DRAFT)
    answer = fb("D7", FeedbackKind.DRAFT_EDITED)
    returned = draft.model_copy(update={"decided_at": answer.created_at + timedelta(seconds=1)})
    messages = [
        (settings.topic_drafts, draft.model_dump_json().encode()),
        (settings.topic_feedback, answer.model_dump_json().encode()),
    ]
    assert build_queue(settings, messages) == []
    again = [*messages, (settings.topic_drafts, returned.model_dump_json().encode())]
    assert [i.ticket_id for i in build_queue(settings, again)] == ["D7"]


def test_with_reviewer_tokens_only_signed_feedback_answers_an_item() -> None:
    from tollgate.reviewers import sign_feedback

    settings = load_settings()
    tokens = {"ann": "ann-review-token-1"}
    draft = (settings.topic_drafts, decision("D8", Outcome.DRAFT).model_dump_json().encode())
    forged = fb("D8", FeedbackKind.DRAFT_APPROVED)  # unsigned, as "mallory" would send it
    state = QueueState(tokens=tokens)
    for topic, value in [draft, (settings.topic_feedback, forged.model_dump_json().encode())]:
        state.add(settings, topic, value)
    assert [i.ticket_id for i in state.items()] == ["D8"] and state.refused == 1
    signed = sign_feedback(forged, "ann", tokens["ann"])
    state.add(settings, settings.topic_feedback, signed.model_dump_json().encode())
    assert state.items() == []
