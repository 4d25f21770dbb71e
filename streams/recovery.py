"""What a worker reads back from Kafka when it starts: the terminal topics and the feedback."""

from __future__ import annotations

import contextlib

from tollgate.clients import follow
from tollgate.config import Settings

Message = tuple[str, bytes]
"""(topic, value) of one message read back."""


def state_topics(settings: Settings) -> list[str]:
    """Topics whose history rebuilds pending drafts and session history."""
    topics = [settings.topic_drafts, settings.topic_feedback, settings.topic_responses]
    return topics + [settings.escalation_topic(q) for q in settings.escalation_queues]


async def read_state(settings: Settings) -> list[Message]:
    """Every message of :func:`state_topics`, read once (both stages recover from it)."""
    out: list[Message] = []
    stream = follow(settings, state_topics(settings), idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as messages:
        async for topic, _partition, _offset, value in messages:
            out.append((topic, value))
    return out
