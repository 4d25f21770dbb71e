"""``tollgate tail`` helpers: unknown topics refused with close names, messages as published."""

from __future__ import annotations

import difflib
import json

import click
from aiokafka import AIOKafkaConsumer

from schemas.topics import all_topic_names
from tollgate.config import Settings
from tollgate.kafka import client_kwargs


async def existing_topics(settings: Settings) -> set[str]:
    """The topics the broker has now."""
    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=None)
    try:
        await consumer.start()
        topics: set[str] = await consumer.topics()
        return topics
    finally:
        await consumer.stop()


async def check_topic(settings: Settings, topic: str) -> None:
    """Raise a one-line :class:`click.ClickException` for a topic that neither exists nor is one
    of Tollgate's own (those are waited for: the worker creates them when it starts)."""
    existing = await existing_topics(settings)
    if topic in existing or topic in all_topic_names(settings):
        return
    candidates = sorted(existing | set(all_topic_names(settings)))
    close = difflib.get_close_matches(topic, candidates, n=3, cutoff=0.5)
    hint = f"; close names: {', '.join(close)}" if close else ""
    raise click.ClickException(f"topic {topic!r} does not exist{hint}")


def render(value: bytes | None, partition: int, offset: int, *, meta: bool) -> str:
    """The message as published (UTF-8; undecodable bytes escaped), or with ``meta`` one JSON
    object ``{"partition", "offset", "value"}`` (``value`` parsed when it is JSON)."""
    text = (value or b"").decode("utf-8", errors="backslashreplace")
    if not meta:
        return text
    payload: object
    try:
        payload = json.loads(text)
    except ValueError:
        payload = text
    return json.dumps(
        {"partition": partition, "offset": offset, "value": payload}, ensure_ascii=False
    )
