"""Helpers for tests that run tickets through a real worker: encode tickets, read the terminal
topics until every published ticket has landed."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import re
from collections.abc import Callable, Sequence

from schemas import Ticket
from tollgate.clients import follow
from tollgate.config import Settings
from tollgate.tracking import TerminalTracker


def encode_tickets(prefix: str, texts: Sequence[str], **fields: str) -> list[bytes]:
    """One ``Ticket`` per text (ids ``<prefix>-<n>``), serialized for ``publish``."""
    return [
        Ticket(ticket_id=f"{prefix}-{i}", text=text, **fields).model_dump_json().encode()  # type: ignore[arg-type]
        for i, text in enumerate(texts)
    ]


async def until_landed(
    settings: Settings,
    tracker: TerminalTracker,
    *,
    timeout_s: float = 120,
    seen: Callable[[str, bytes], None] | None = None,
) -> None:
    """Read the terminal topics until ``tracker`` has every ticket (``seen`` gets each message)."""
    async with asyncio.timeout(timeout_s):
        stream = follow(settings, settings.terminal_topics)
        async with contextlib.aclosing(stream) as messages:
            async for topic, _p, _o, value in messages:
                tracker.observe(topic, value)
                if seen is not None:
                    seen(topic, value)
                if tracker.done:
                    return


def after_inbound(settings: Settings) -> list[str]:
    """Every topic a ticket's text may reach after ``tickets.inbound`` (which alone keeps the
    original): the stage topics, interaction events, the sessions changelog, terminal topics."""
    return [
        settings.topic_intent,
        settings.topic_constraint,
        settings.topic_decision,
        settings.topic_interactions,
        settings.topic_sessions,
        *settings.terminal_topics,
    ]


async def read_all(settings: Settings, topics: Sequence[str]) -> list[bytes]:
    """Every message value on ``topics`` from the beginning (until 1 s without a new one)."""
    values: list[bytes] = []
    stream = follow(settings, list(topics), idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as messages:
        async for _topic, _p, _o, value in messages:
            if value is not None:
                values.append(value)
    return values


_B64 = re.compile(rb'"([A-Za-z0-9+/]{12,}={0,2})"')


def every_encoding(value: bytes) -> bytes:
    """``value`` as sent, as JSON read back (escapes resolved) and every base64 string in it
    decoded: a planted value absent from the result is absent in each of these encodings."""
    views = [value]
    with contextlib.suppress(ValueError, UnicodeDecodeError):
        views.append(json.dumps(json.loads(value), ensure_ascii=False).encode())
    for match in _B64.finditer(value):
        with contextlib.suppress(binascii.Error, ValueError):
            views.append(base64.b64decode(match.group(1), validate=True))
    return b"\n".join(views)
