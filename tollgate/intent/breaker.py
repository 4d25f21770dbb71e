"""A small circuit breaker for the LLM path (closed → open → half-open → closed).

``failure_threshold`` consecutive failures open it; while open nothing is let through, so a
dead backend costs nothing; after ``cooldown_s`` it is half-open and lets a single probe
through: a success closes it, a failure opens it for another cool-down.

Hand-written on purpose: it is a few lines, the caller reports outcomes per prediction (a failed
prediction is a value, not an exception, so decorator-style libraries such as ``pybreaker`` or
``aiobreaker`` do not fit), and everything runs on one event loop, so no locking is needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Consecutive-failure circuit breaker with a cool-down and a single half-open probe."""

    def __init__(
        self,
        failure_threshold: int = 5,
        cooldown_s: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be >= 1")
        if cooldown_s <= 0:
            raise ValueError("cooldown_s must be > 0")
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_at: float | None = None
        self.times_opened = 0

    @property
    def state(self) -> BreakerState:
        """The current state; an open breaker turns half-open once the cool-down is over."""
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self.cooldown_s:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def allow(self) -> bool:
        """May a call go through now? In half-open state only one probe is let through."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN:
            now = self._clock()
            # A probe that never reported back (cancelled) does not block the breaker forever.
            if self._probe_at is None or now - self._probe_at >= self.cooldown_s:
                self._probe_at = now
                return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._probe_at = None

    def record_failure(self) -> None:
        self._failures += 1
        probe_failed = self._probe_at is not None or self.state is BreakerState.HALF_OPEN
        tripped = self._opened_at is None and self._failures >= self.failure_threshold
        if probe_failed or tripped:
            self._open()

    def reset(self) -> None:
        """Back to closed with no failures (for operators and tests)."""
        self.record_success()

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._probe_at = None
        self.times_opened += 1

    def __repr__(self) -> str:
        return (
            f"CircuitBreaker(state={self.state.value}, failures={self._failures}/"
            f"{self.failure_threshold}, cooldown_s={self.cooldown_s})"
        )
