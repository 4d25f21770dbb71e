"""Dead-letter replay: re-inject dead-lettered tickets after a fix."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from schemas import DeadLetter
from tollgate.clients import follow, publish
from tollgate.config import Settings


@dataclass(frozen=True)
class ReplayReport:
    scanned: int
    replayed: int
    skipped: int


async def replay(
    settings: Settings, *, since: datetime | None = None, dry_run: bool = False
) -> ReplayReport:
    """Re-publish the original bytes of dead letters that came from the inbound topic.

    Letters from later stages carry the stage payload, not the ticket, and are skipped (they are
    reprocessed by replaying their ticket). Each original is published once per run, even if
    it was dead-lettered several times.
    """
    originals: dict[tuple[int, int], bytes] = {}
    scanned = skipped = 0
    stream = follow(settings, [settings.topic_deadletter], idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as letters:
        async for _topic, _partition, _offset, value in letters:
            scanned += 1
            try:
                letter = DeadLetter.model_validate_json(value)
            except (ValidationError, ValueError):
                skipped += 1
                continue
            if (
                letter.source_topic != settings.topic_inbound
                or (since and letter.created_at < since)
                or letter.original_truncated  # too large to have been a valid ticket anyway
            ):
                skipped += 1
                continue
            originals[(letter.partition, letter.offset)] = letter.original()
    if originals and not dry_run:
        await publish(settings, list(originals.values()))
    return ReplayReport(scanned=scanned, replayed=len(originals), skipped=skipped)
