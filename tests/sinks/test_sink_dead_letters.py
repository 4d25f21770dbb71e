"""A whole worker (stages + sink) on the embedded broker and ClickHouse: a malformed message
on a topic the sink reads ends as exactly one dead letter, from whichever part owns it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import pytest

from schemas import DeadLetter, InteractionEvent, Stage
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.worker import Worker

pytestmark = pytest.mark.integration


async def _letters(settings: Settings, expected: int) -> list[DeadLetter]:
    """The dead-letter topic once it holds ``expected`` letters and was then idle a second."""
    letters: list[DeadLetter] = []
    async with asyncio.timeout(60):
        while len(letters) < expected:
            stream = follow(settings, [settings.topic_deadletter], idle_timeout_s=1.0)
            async with contextlib.aclosing(stream) as messages:
                letters = [DeadLetter.model_validate_json(v) async for *_, v in messages]
    return letters


def test_malformed_events_and_feedback_reaching_the_sink_are_dead_lettered_once(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    good = InteractionEvent(
        event_id=InteractionEvent.make_id(f"{settings.app_id}-1", Stage.INTENT),
        ticket_id=f"{settings.app_id}-1",
        session_id="s",
        stage=Stage.INTENT,
        user_input="hi",
    )
    bad_event = b'{"event_id": "e-1", "ticket_id": "' + settings.app_id.encode() + b'-2"}'
    bad_feedback = b'{"feedback_id": "f-1", "kind": "no_such_kind"}'

    async def scenario() -> tuple[list[DeadLetter], int, int]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services) as worker:
            assert worker.sink is not None
            await publish(
                settings,
                [good.model_dump_json().encode(), bad_event],
                topic=settings.topic_interactions,
            )
            await publish(settings, [bad_feedback], topic=settings.topic_feedback)
            letters = await _letters(settings, 2)
            async with asyncio.timeout(30):
                while worker.sink.stats.rows_inserted < 2 or worker.sink.stats.rejected < 1:
                    await asyncio.sleep(0.1)
            await asyncio.sleep(2 * settings.commit_interval_s)
            return letters, worker.sink.stats.rows_inserted, worker.sink.stats.rejected

    letters, inserted, rejected = asyncio.run(scenario())
    assert inserted == 2  # the good event, and the feedback stage's dead-letter event
    assert rejected == 1  # the sink saw the malformed event (it does not read tickets.feedback)
    by_topic = {letter.source_topic: letter for letter in letters}
    assert len(letters) == 2 == len(by_topic)  # ...and each ends as exactly one dead letter
    event_letter = by_topic[settings.topic_interactions]
    assert event_letter.sink == "clickhouse" and event_letter.stage is None
    assert event_letter.reason == "malformed interaction event"
    assert event_letter.ticket_id == f"{settings.app_id}-2"
    assert event_letter.original() == bad_event
    feedback_letter = by_topic[settings.topic_feedback]
    # feedback is applied by the session stage (decision), which owns the session's state
    assert feedback_letter.stage is Stage.DECISION and feedback_letter.sink is None
    assert feedback_letter.original() == bad_feedback
