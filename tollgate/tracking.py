"""Account for every published ticket: which terminal topic it reached, and how often."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from tollgate.clients import Published, follow
from tollgate.config import Settings


@dataclass
class Landing:
    topic: str
    outcome: str
    payload: dict[str, Any]


@dataclass
class TerminalTracker:
    """Matches terminal messages to published ones: valid tickets by ticket_id, malformed
    messages by the inbound partition/offset their dead letter names."""

    settings: Settings
    published: list[Published]
    landings: dict[str, list[Landing]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.keys: list[str] = []
        seen: set[str] = set()
        for p in self.published:
            # a reused ticket_id is a different message: the later one is keyed by its offset
            key = (
                p.ticket_id
                if p.ticket_id and p.ticket_id not in seen
                else f"@{p.partition}:{p.offset}"
            )
            seen.add(key)
            self.keys.append(key)
        self.expected = set(self.keys)

    def observe(self, topic: str, value: bytes) -> None:
        try:
            payload = json.loads(value)
        except (ValueError, UnicodeDecodeError):
            return
        outcome = str(payload.get("outcome", ""))
        key = payload.get("ticket_id")
        if topic == self.settings.topic_deadletter and (
            payload.get("source_topic") == self.settings.topic_inbound
        ):
            at = f"@{payload.get('partition')}:{payload.get('offset')}"
            if at in self.expected:
                key = at
        if key in self.expected:
            self.landings[key].append(Landing(topic, outcome, payload))

    @property
    def terminal(self) -> int:
        return sum(1 for k in self.expected if self.landings.get(k))

    @property
    def lost(self) -> int:
        return len(self.expected) - self.terminal

    @property
    def duplicates(self) -> int:
        """Repeat deliveries to the same terminal place (idempotent consumers drop them)."""
        return sum(len(v) - len({(x.topic, x.outcome) for x in v}) for v in self.landings.values())

    @property
    def conflicting(self) -> list[str]:
        """Tickets that reached more than one distinct terminal place (must be empty)."""
        return [k for k, v in self.landings.items() if len({(x.topic, x.outcome) for x in v}) > 1]

    def missing(self) -> list[str]:
        """Published messages with no terminal landing yet."""
        return sorted(k for k in self.expected if not self.landings.get(k))

    @property
    def done(self) -> bool:
        return self.lost == 0

    def outcomes(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for landings in self.landings.values():
            counts[landings[0].outcome] += 1
        return dict(sorted(counts.items()))

    def first(self, key: str) -> Landing | None:
        landings = self.landings.get(key)
        return landings[0] if landings else None


async def track_landings(tracker: TerminalTracker, timeout_s: float = 90.0) -> TerminalTracker:
    """Read the terminal topics until every published message landed, then read them once more
    from the beginning (until idle for a second), so repeats and conflicts show in ``tracker``."""
    settings = tracker.settings
    async with asyncio.timeout(timeout_s):
        stream = follow(settings, settings.terminal_topics)
        async with contextlib.aclosing(stream) as messages:
            async for topic, _p, _o, value in messages:
                tracker.observe(topic, value)
                if tracker.done:
                    break
    tracker.landings.clear()
    stream = follow(settings, settings.terminal_topics, idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as messages:
        async for topic, _p, _o, value in messages:
            tracker.observe(topic, value)
    return tracker
