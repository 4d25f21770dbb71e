"""Dead-letter replay: re-inject dead-lettered tickets after a fix, once.

Every letter is sorted into exactly one bucket:

* ``replayable``: a valid ticket from the inbound topic whose id has not been sent again since;
* ``already_replayed``: its ticket id appears on the inbound topic at another offset (an
  earlier replay, or upstream sent it again), so replaying again would add a second copy;
* ``not_replayable`` with a reason: a payload of a later stage (replay its ticket instead), a
  truncated original, an original that is not a valid ``Ticket`` (it would fail again), a
  duplicate-id letter (its id was already taken by another ticket), or an unreadable letter.

Replaying twice therefore publishes nothing the second time, and each ticket id at most once.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from schemas import DeadLetter
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.ticketfile import check_line

DUPLICATE_REASON = "duplicate ticket_id"
"""How the intent stage's dead letters for a reused ticket id begin (``streams/app.py``)."""


@dataclass(frozen=True)
class ReplayReport:
    scanned: int
    replayed: int
    skipped: int
    already_replayed: int = 0
    not_replayable: dict[str, int] = field(default_factory=dict)
    """Letters that can never succeed by replay, counted per reason."""


def _ticket_id(raw: bytes) -> str | None:
    with contextlib.suppress(ValueError, UnicodeDecodeError, AttributeError):
        value = json.loads(raw).get("ticket_id")
        return value if isinstance(value, str) else None
    return None


async def _inbound_ids(settings: Settings) -> dict[str, set[tuple[int, int]]]:
    """Ticket id → the (partition, offset) positions it has on the inbound topic."""
    positions: dict[str, set[tuple[int, int]]] = {}
    stream = follow(settings, [settings.topic_inbound], idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as records:
        async for _topic, partition, offset, value in records:
            ticket_id = _ticket_id(value or b"")
            if ticket_id is not None:
                positions.setdefault(ticket_id, set()).add((partition, offset))
    return positions


def _why_not(letter: DeadLetter, settings: Settings, since: datetime | None) -> str | None:
    if letter.source_topic != settings.topic_inbound:
        return "from a later stage"
    if since and letter.created_at < since:
        return "older than --since"
    if letter.original_truncated:
        return "truncated original"
    if letter.reason.startswith(DUPLICATE_REASON):
        return "duplicate ticket id"
    if letter.ticket_id is None or check_line(letter.original()) is not None:
        return "not a valid ticket"
    return None


async def replay(
    settings: Settings, *, since: datetime | None = None, dry_run: bool = False
) -> ReplayReport:
    """Re-publish the original bytes of the replayable letters (see the module docstring)."""
    inbound = await _inbound_ids(settings)
    chosen: dict[str, bytes] = {}
    reasons: Counter[str] = Counter()
    scanned = already = 0
    stream = follow(settings, [settings.topic_deadletter], idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as letters:
        async for _topic, _partition, _offset, value in letters:
            scanned += 1
            try:
                letter = DeadLetter.model_validate_json(value)
            except (ValidationError, ValueError):
                reasons["unreadable letter"] += 1
                continue
            why = _why_not(letter, settings, since)
            if why is not None:
                reasons[why] += 1
                continue
            assert letter.ticket_id is not None
            elsewhere = inbound.get(letter.ticket_id, set()) - {(letter.partition, letter.offset)}
            if elsewhere or letter.ticket_id in chosen:
                already += 1
                continue
            chosen[letter.ticket_id] = letter.original()
    if chosen and not dry_run:
        await publish(settings, list(chosen.values()))
    skipped = already + sum(reasons.values())
    return ReplayReport(scanned, len(chosen), skipped, already, dict(reasons))
