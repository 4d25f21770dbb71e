"""Drafts survive a worker restart: unanswered ones are recovered from Kafka and can still be
approved (or expire); answered ones are not resurrected."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable

import pytest

from schemas import Feedback, FeedbackKind, Ticket
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.reviewers import sign_feedback
from tollgate.worker import Worker

pytestmark = pytest.mark.integration


async def _wait_for(settings: Settings, topics: list[str], match: Callable[[dict], bool]) -> dict:
    async with asyncio.timeout(60):
        async with contextlib.aclosing(follow(settings, topics)) as stream:
            async for _t, _p, _o, value in stream:
                payload = json.loads(value)
                if match(payload):
                    return payload
    raise AssertionError("not found")


def test_unanswered_drafts_are_recovered_after_a_restart(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(reviewer_tokens="ann:ann-review-token-1")
    keep, rejected = f"{settings.app_id}-keep", f"{settings.app_id}-rejected"

    def fb(ticket_id: str, kind: FeedbackKind) -> bytes:
        feedback = Feedback(feedback_id=f"{ticket_id}:{kind.value}", ticket_id=ticket_id, kind=kind)
        return sign_feedback(feedback, "ann", "ann-review-token-1").model_dump_json().encode()

    async def scenario() -> tuple[set[str], dict]:
        tickets = [
            Ticket(ticket_id=t, text="refund 30 for order #30000003", customer_id="cust-1")
            .model_dump_json()
            .encode()
            for t in (keep, rejected)
        ]
        async with Worker(
            settings, services=build_services(settings, intent_model=KeywordModel()), sink=False
        ):
            await publish(settings, tickets)
            for t in (keep, rejected):
                await _wait_for(
                    settings, [settings.topic_drafts], lambda p, t=t: p["ticket_id"] == t
                )
            await publish(
                settings, [fb(rejected, FeedbackKind.DRAFT_REJECTED)], settings.topic_feedback
            )
            await _wait_for(
                settings,
                [settings.escalation_topic(q) for q in settings.escalation_queues],
                lambda p: p["ticket_id"] == rejected,
            )
        # a new worker process: memory is empty, Kafka is not
        async with Worker(
            settings, services=build_services(settings, intent_model=KeywordModel()), sink=False
        ) as again:
            recovered = set(again.pipeline.feedback_stage.pending)
            history = again.pipeline.escalation_stage.history
            assert {h["ticket_id"] for h in history[keep]} == {keep}  # session = ticket here
            assert [h["outcome"] for h in history[rejected]] == ["escalate"]  # its latest place
            await publish(
                settings, [fb(keep, FeedbackKind.DRAFT_APPROVED)], settings.topic_feedback
            )
            sent = await _wait_for(
                settings,
                [settings.topic_responses],
                lambda p: p["ticket_id"] == keep and p["outcome"] == "respond",
            )
        return recovered, sent

    recovered, sent = asyncio.run(scenario())
    assert recovered == {keep}
    assert sent["action_result"]["success"] is True
    assert "draft_approved" in sent["reasoning"]
