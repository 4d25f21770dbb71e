"""The three core metrics end to end: tickets and feedback through the real broker into embedded
ClickHouse; each metric equals the value computed by hand; replaying every event changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from schemas import Feedback, FeedbackKind, InteractionEvent, Stage, Ticket
from sinks.metrics import metric_select
from sinks.rows import is_feedback_record
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.kafka import client_kwargs
from tollgate.reviewers import sign_feedback
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

TEXTS = [
    "where is my order #A10023",  # 0 respond, lookup_order first try
    "what is the status of order #A10024",  # 1 respond, lookup_order first try
    "hello",  # 2 respond, no action
    "I want a real person",  # 3 escalate (speak_to_human)
    "What's the weather in Paris?",  # 4 escalate (out of scope)
    "please cancel order #20000002",  # 5 escalate: cancel fails (already shipped)
    "Please change the delivery address for order #10000001 to 5 Main Street, Springfield",  # 6
    "my discount code SAVE20 for order #10000001",  # 7 respond_review, apply_discount
    "refund 30 for order #30000003",  # 8 draft
    "where is my order #40000004",  # 9 respond, lookup_order succeeds on the 2nd attempt
]
FEEDBACK = [
    (0, FeedbackKind.INTENT_LABEL, "check_order_status"),  # right
    (2, FeedbackKind.INTENT_LABEL, "greeting"),  # right
    (4, FeedbackKind.INTENT_LABEL, "product_availability"),  # wrong: detected out_of_scope
    (8, FeedbackKind.INTENT_LABEL, "request_refund"),  # right
    (3, FeedbackKind.ESCALATION_APPROPRIATE, None),
    (4, FeedbackKind.ESCALATION_APPROPRIATE, None),
    (5, FeedbackKind.ESCALATION_INAPPROPRIATE, None),
    (1, FeedbackKind.MISSED_ESCALATION, None),
    (8, FeedbackKind.DRAFT_APPROVED, None),
]
EXPECTED = {
    "tickets": 10,
    "intent_accuracy": 3 / 4,  # labelled 0, 2, 4, 8; 4 was wrong
    # actions 0, 1, 5, 6, 7, 9 and 8 (the approved draft's refund); 5 failed, 9 needed a retry
    "action_success_rate": 5 / 7,
    "escalation_precision": 2 / 3,  # judged 3, 4 (appropriate) and 5 (inappropriate)
    "escalation_recall": 2 / 3,  # 2 appropriate escalations, 1 missed (ticket 1)
    "automation_rate": 6 / 10,  # 0, 1, 2, 6, 7, 9
    "draft_approval_rate": 1.0,  # ticket 8
}


def _metrics(worker: Worker, prefix: str) -> dict[str, Any]:
    assert worker.sink is not None
    sql = f"SELECT {metric_select()} FROM ticket_facts WHERE ticket_id LIKE {{p:String}}"
    return worker.sink.store.query_dicts(sql, {"p": prefix + "-%"})[0]


async def _wait(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def _redeliver(settings: Settings, events: list[bytes]) -> None:
    """Deliver the events again as Kafka redelivers them: keyed by ticket_id (as the stages
    produce them), so each ticket's events keep their order on its partition. A decided draft's
    escalation row exists in two versions (before and after the reviewer); the later must stay
    the later, as it does when a sink re-reads its partition."""
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for raw in events:
            key = json.loads(raw)["ticket_id"].encode()
            await producer.send_and_wait(settings.topic_interactions, raw, key=key)
    finally:
        await producer.stop()


def test_metrics_equal_hand_computed_values_and_survive_replay(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(sink_flush_s=0.1, reviewer_tokens="qa:qa-review-token-1")
    prefix = settings.app_id
    tickets = [
        Ticket(ticket_id=f"{prefix}-{i}", text=text, customer_id="cust-1")
        .model_dump_json()
        .encode()
        for i, text in enumerate(TEXTS)
    ]
    feedback = [
        sign_feedback(
            Feedback(
                feedback_id=f"{prefix}-{i}:{kind.value}",
                ticket_id=f"{prefix}-{i}",
                kind=kind,
                correct_intent=label,
            ),
            "qa",
            "qa-review-token-1",
        )
        .model_dump_json()
        .encode()
        for i, kind, label in FEEDBACK
    ]

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], int]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services) as worker:
            assert worker.sink is not None
            stats = worker.sink.stats
            published = await publish(settings, tickets)
            tracker = TerminalTracker(settings, published)
            async with contextlib.aclosing(follow(settings, settings.terminal_topics)) as stream:
                async for topic, _p, _o, value in stream:
                    tracker.observe(topic, value)
                    if tracker.done:
                        break
            await _wait(lambda: stats.rows_inserted >= 4 * len(TEXTS))
            await publish(settings, feedback, settings.topic_feedback)
            await _wait(lambda: stats.feedback_inserted >= len(FEEDBACK))
            # the approval runs the refund, whose real result gives the reply the draft showed:
            # it is sent (stage 4 rewrites its row, action included)
            final_sql = (
                "SELECT outcome, action_taken FROM agent_interactions FINAL"
                " WHERE event_id = {e:String}"
            )
            event_id = InteractionEvent.make_id(f"{prefix}-8", Stage.ESCALATION)
            await _wait(
                lambda: (
                    worker.sink is not None
                    and [
                        (r["outcome"], r["action_taken"])
                        for r in worker.sink.store.query_dicts(final_sql, {"e": event_id})
                    ]
                    == [("respond", "issue_refund")]
                )
            )
            first = _metrics(worker, prefix)

            # Replay: every interaction event and every feedback event delivered again.
            events = []
            stream = follow(settings, [settings.topic_interactions], idle_timeout_s=1.0)
            async with contextlib.aclosing(stream) as messages:
                async for _t, _p, _o, value in messages:
                    if prefix.encode() in value and not is_feedback_record(value):
                        events.append(value)  # feedback is re-sent below, to the reviewers' topic
            before = stats.rows_inserted
            await _redeliver(settings, events)
            await publish(settings, feedback, settings.topic_feedback)
            await _wait(lambda: stats.rows_inserted >= before + len(events))
            # every feedback recorded again but the approval: its draft was sent, and a
            # redelivered approval of a decided draft records nothing (it must not rewrite it)
            await _wait(lambda: stats.feedback_inserted >= 2 * len(FEEDBACK) - 1)
            return first, _metrics(worker, prefix), len(events)

    first, after_replay, replayed = asyncio.run(scenario())
    # four stage events per ticket, and the approved draft's escalation row written again when
    # it is sent; the re-sent approval changes nothing (the draft was applied)
    assert replayed == 4 * len(TEXTS) + 1
    for key, value in EXPECTED.items():
        assert first[key] == pytest.approx(value), key
    assert after_replay == pytest.approx(first)  # float sums may run in another order
