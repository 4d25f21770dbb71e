"""Honest health: readiness that notices a lost broker or a stalled stage, and library log
lines that repeat while the broker is down kept to a trickle.

* :class:`HealthMonitor` probes the Kafka bootstrap servers (a TCP connect) and watches every
  stage's progress; the worker is not ready when no server answered for
  ``TOLLGATE_HEALTH_BROKER_TIMEOUT_S`` or a stage with input waiting (consumer lag > 0)
  processed nothing for ``TOLLGATE_HEALTH_STALL_S``.
* :class:`RepeatThrottle` is a logging filter: a repeating warning/error (same logger, level
  and message template) passes once, then at most once per window; the window doubles on every
  repeat up to a minute, and the next line that passes says how many were suppressed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tollgate.config import Settings

if TYPE_CHECKING:
    from tollgate.worker import Worker

FIRST_WINDOW_S = 1.0
MAX_WINDOW_S = 60.0


@dataclass
class _Repeat:
    next_at: float
    window: float
    suppressed: int = 0


@dataclass
class RepeatThrottle(logging.Filter):
    """Let a repeating WARNING+ record through with exponential backoff (see module docstring).

    Records below WARNING always pass. ``clock`` is injectable for tests.
    """

    clock: object = time.monotonic
    _seen: dict[tuple[str, int, str], _Repeat] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        now: float = self.clock()  # type: ignore[operator]
        key = (record.name, record.levelno, str(record.msg))
        state = self._seen.get(key)
        if state is None or now >= state.next_at + MAX_WINDOW_S:  # new, or quiet for long
            self._seen[key] = _Repeat(next_at=now + FIRST_WINDOW_S, window=FIRST_WINDOW_S)
            return True
        if now < state.next_at:
            state.suppressed += 1
            return False
        if state.suppressed:
            record.msg = f"{record.msg} [{state.suppressed} similar suppressed]"
        state.window = min(state.window * 2, MAX_WINDOW_S)
        state.next_at, state.suppressed = now + state.window, 0
        return True


@dataclass
class HealthMonitor:
    """Tracks broker reachability and stage progress for ``/health/ready``; call :meth:`tick`
    periodically (the worker's web host runs it every ``PROBE_INTERVAL_S``)."""

    worker: Worker
    settings: Settings
    clock: object = time.monotonic
    last_reachable: float = field(default=0.0)
    _progress: dict[str, tuple[int, float]] = field(default_factory=dict)

    PROBE_INTERVAL_S = 1.0

    def __post_init__(self) -> None:
        self.last_reachable = self._now()

    def _now(self) -> float:
        now: float = self.clock()  # type: ignore[operator]
        return now

    async def broker_reachable(self) -> bool:
        """Whether any bootstrap server accepts a TCP connection within a second."""
        for server in self.settings.kafka_servers:
            host, _, port = server.rpartition(":")
            try:
                _reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, int(port)), timeout=1.0
                )
            except (OSError, TimeoutError):
                continue
            writer.close()
            return True
        return False

    async def tick(self) -> None:
        """One probe of the broker and one look at every stage's progress."""
        if await self.broker_reachable():
            self.last_reachable = self._now()
        self.observe_stages()

    def observe_stages(self) -> None:
        pipeline = self.worker.pipeline
        if pipeline is None:
            return
        now = self._now()
        for runner in pipeline.runners:
            processed: int = getattr(runner.pump, "processed", 0)  # a stage's Pump counts
            waiting = sum(runner.lag().values()) > 0
            before = self._progress.get(runner.name)
            if before is None or processed != before[0] or not waiting:
                self._progress[runner.name] = (processed, now)

    def problems(self) -> list[str]:
        """Why the worker is not ready (empty: ready, as far as health can tell)."""
        now = self._now()
        out = []
        if not self.worker.ready:
            out.append("starting or stopping")
        down = now - self.last_reachable
        if down >= self.settings.health_broker_timeout_s:
            out.append(f"Kafka unreachable for {down:.0f} s")
        for name, (_count, since) in sorted(self._progress.items()):
            if now - since >= self.settings.health_stall_s:
                out.append(f"stage {name}: no progress for {now - since:.0f} s, input waiting")
        return out
