"""Kafka for the review queue: read the queue topics until they go idle, publish feedback."""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from schemas import Feedback
from tollgate.clients import follow
from tollgate.config import Settings
from tollgate.kafka import client_kwargs
from tollgate.review.items import QueueState, review_topics
from tollgate.reviewers import reviewer_tokens


async def existing_topics(settings: Settings, names: list[str]) -> list[str]:
    """The topics of ``names`` that exist on the broker (in the given order)."""
    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=None)
    await consumer.start()
    try:
        available = await consumer.topics()
    finally:
        await consumer.stop()
    return [name for name in names if name in available]


async def load_state(settings: Settings, idle_timeout_s: float) -> QueueState:
    """Fold every message of the queue topics (from the beginning) until none arrive for
    ``idle_timeout_s`` seconds. Topics that do not exist yet are skipped (and listed); feedback
    no known reviewer signed is ignored."""
    state = QueueState(tokens=reviewer_tokens(settings))
    wanted = review_topics(settings)
    present = await existing_topics(settings, wanted)
    state.missing = [name for name in wanted if name not in present]
    if not present:
        return state
    stream = follow(
        settings,
        present,
        from_beginning=True,
        idle_timeout_s=idle_timeout_s,
        topic_wait_s=max(idle_timeout_s, 1.0),
    )
    async with contextlib.aclosing(stream) as messages:
        async for topic, _partition, _offset, value in messages:
            state.add(settings, topic, value)
    return state


class FeedbackPublisher:
    """A synchronous feedback producer for the (blocking) review loop.

    Each ``publish`` waits for the broker's ack, so a reviewer who quits or loses the terminal
    never loses an answer already shown as sent. The producer starts on first use.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._loop = asyncio.new_event_loop()
        self._producer: AIOKafkaProducer | None = None

    async def _start(self) -> AIOKafkaProducer:
        producer = AIOKafkaProducer(**client_kwargs(self.settings), acks="all")
        await producer.start()
        return producer

    def publish(self, feedback: Feedback, key: str) -> None:
        if self._producer is None:
            self._producer = self._loop.run_until_complete(self._start())
        self._loop.run_until_complete(
            self._producer.send_and_wait(
                self.settings.topic_feedback,
                feedback.model_dump_json().encode(),
                key=key.encode(),
            )
        )

    def close(self) -> None:
        if self._producer is not None:
            self._loop.run_until_complete(self._producer.stop())
            self._producer = None
        self._loop.close()

    def __enter__(self) -> FeedbackPublisher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
