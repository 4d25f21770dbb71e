"""Dead-letter replay: re-inject dead-lettered tickets after a fix, once per ticket id.

Where a letter's original comes from: the letter of a message read from the inbound topic
holds no original bytes (``original_at_source``: the original text stays only on
``tickets.inbound``). Replay reads them back from the letter's source offset and checks that
they are the message that was dead-lettered (the same size and the same redacted preview).
When the topic no longer retains that offset, or holds another message there (a re-created
topic), the letter is not replayed and the report has one line for it. Letters written before
``original_at_source`` existed are replayed from the bytes they carry.

Every letter is sorted into exactly one bucket:

* ``replayable``: a valid ticket from the inbound topic, not replayed before;
* ``already_replayed``: its ticket id is in the replay ledger (``tollgate.replays``, key
  ticket_id, compacted and never deleted by age: every ticket id replay published), or appears
  on the inbound topic at another offset (upstream sent it again, or a replay whose ledger
  record a crash prevented), or an earlier letter of the same scan has it;
* ``not_replayable`` with a reason: a payload of a later stage (replay its ticket instead), a
  truncated original, an original that is not a valid ``Ticket`` (it would fail again), a
  duplicate-id letter (its id was already taken by another ticket), an unreadable letter, or an
  original that can no longer be read back (see above).

Replay publishes the tickets and then writes their ledger records, each acknowledged. So
replaying twice publishes nothing the second time, also after the inbound topic dropped the
first replay's copy; a crash between the two writes is caught by the inbound scan while that
copy is retained.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from schemas import DeadLetter, ReplayRecord
from streams.pump import INVALID_MESSAGE, guess_ticket_id
from tollgate.clients import follow, publish, publish_keyed
from tollgate.config import Settings
from tollgate.kafka import ensure_topics
from tollgate.textsafety.redaction import redacted_preview
from tollgate.ticketfile import check_line

DUPLICATE_REASON = "duplicate ticket_id"
"""How the intent stage's dead letters for a reused ticket id begin (``streams/app.py``)."""
NOT_RETAINED = "original no longer retained"
NOT_THE_SAME = "another message at the source offset"
TOPIC_WAIT_S = 5.0

Position = tuple[int, int]
"""(partition, offset)"""


@dataclass(frozen=True)
class ReplayReport:
    scanned: int
    replayed: int
    skipped: int
    already_replayed: int = 0
    not_replayable: dict[str, int] = field(default_factory=dict)
    """Letters that can never succeed by replay, counted per reason."""
    unavailable: list[str] = field(default_factory=list)
    """One line per letter whose original could not be read back from its source offset."""


async def _values(settings: Settings, topic: str) -> AsyncIterator[tuple[int, int, bytes]]:
    """(partition, offset, value) of every message on ``topic``; none when it does not exist."""
    stream = follow(settings, [topic], idle_timeout_s=1.0, topic_wait_s=TOPIC_WAIT_S)
    async with contextlib.aclosing(stream) as records:
        try:
            async for _topic, partition, offset, value in records:
                yield partition, offset, value or b""
        except LookupError:  # no such topic
            return


async def _replayed_before(settings: Settings) -> set[str]:
    """Ticket ids of the replay ledger."""
    await ensure_topics(settings, [settings.topic_replays])
    ids: set[str] = set()
    async for _p, _o, value in _values(settings, settings.topic_replays):
        with contextlib.suppress(ValidationError, ValueError):
            ids.add(ReplayRecord.model_validate_json(value).ticket_id)
    return ids


async def _scan_inbound(
    settings: Settings, wanted: set[Position]
) -> tuple[dict[str, set[Position]], dict[Position, bytes]]:
    """Ticket id (guessed as for letters) → its positions on the inbound topic, and the values
    at the ``wanted`` positions the topic still retains."""
    positions: dict[str, set[Position]] = {}
    found: dict[Position, bytes] = {}
    async for partition, offset, value in _values(settings, settings.topic_inbound):
        if (partition, offset) in wanted:
            found[(partition, offset)] = value
        ticket_id = guess_ticket_id(value)
        if ticket_id is not None:
            positions.setdefault(ticket_id, set()).add((partition, offset))
    return positions, found


def _why_not(letter: DeadLetter, settings: Settings, since: datetime | None) -> str | None:
    if letter.source_topic != settings.topic_inbound:
        return "from a later stage"
    if since and letter.created_at < since:
        return "older than --since"
    if letter.original_truncated:
        return "truncated original"
    if letter.reason.startswith(DUPLICATE_REASON):
        return "duplicate ticket id"
    if letter.ticket_id is None or letter.reason == INVALID_MESSAGE:
        return "not a valid ticket"
    return None


def _original(letter: DeadLetter, found: dict[Position, bytes]) -> tuple[bytes, str | None]:
    """The letter's original bytes, or why they cannot be had."""
    if not letter.original_at_source:
        return letter.original(), None
    raw = found.get((letter.partition, letter.offset))
    if raw is None:
        return b"", NOT_RETAINED
    if len(raw) != letter.original_size or redacted_preview(raw) != letter.preview:
        return b"", NOT_THE_SAME
    return raw, None


def _line(letter: DeadLetter, why: str) -> str:
    where = f"{letter.source_topic} {letter.partition}:{letter.offset}"
    return f"{letter.ticket_id} ({where}): {why} on {letter.source_topic}; not replayed"


async def replay(
    settings: Settings, *, since: datetime | None = None, dry_run: bool = False
) -> ReplayReport:
    """Re-publish the originals of the replayable letters (see the module docstring)."""
    replayed_before = await _replayed_before(settings)
    chosen: dict[str, DeadLetter] = {}
    reasons: Counter[str] = Counter()
    scanned = already = 0
    async for _p, _o, value in _values(settings, settings.topic_deadletter):
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
        if letter.ticket_id in replayed_before or letter.ticket_id in chosen:
            already += 1
            continue
        chosen[letter.ticket_id] = letter

    wanted = {(d.partition, d.offset) for d in chosen.values() if d.original_at_source}
    positions, found = await _scan_inbound(settings, wanted)
    originals: dict[str, tuple[DeadLetter, bytes]] = {}
    unavailable: list[str] = []
    for ticket_id, letter in chosen.items():
        if positions.get(ticket_id, set()) - {(letter.partition, letter.offset)}:
            already += 1
            continue
        raw, why = _original(letter, found)
        if why is not None:
            unavailable.append(_line(letter, why))
        elif check_line(raw) is not None:
            why = "not a valid ticket"
        if why is not None:
            reasons[why] += 1
            continue
        originals[ticket_id] = (letter, raw)

    if originals and not dry_run:
        sent = await publish(settings, [raw for _letter, raw in originals.values()])
        records = [
            ReplayRecord(
                ticket_id=ticket_id,
                source_topic=letter.source_topic,
                partition=letter.partition,
                offset=letter.offset,
                replayed_partition=where.partition,
                replayed_offset=where.offset,
            )
            for (ticket_id, (letter, _raw)), where in zip(originals.items(), sent, strict=True)
        ]
        await publish_keyed(
            settings,
            settings.topic_replays,
            [(r.ticket_id.encode(), r.model_dump_json().encode()) for r in records],
        )
    skipped = already + sum(reasons.values())
    return ReplayReport(scanned, len(originals), skipped, already, dict(reasons), unavailable)
