from __future__ import annotations

import pytest

from tollgate.intent.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(threshold: int = 3, cooldown: float = 10.0) -> tuple[CircuitBreaker, Clock]:
    clock = Clock()
    return CircuitBreaker(threshold, cooldown, clock=clock), clock


def state_of(breaker: CircuitBreaker) -> BreakerState:
    """The state read anew (mypy would narrow a repeated ``breaker.state`` to one literal)."""
    return breaker.state


def test_opens_after_threshold_consecutive_failures() -> None:
    breaker, _ = make(threshold=3)
    for _ in range(2):
        breaker.record_failure()
        assert breaker.state is BreakerState.CLOSED
        assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert breaker.state.value == "open"
    assert not breaker.allow()
    assert breaker.times_opened == 1


def test_success_resets_the_failure_count() -> None:
    breaker, _ = make(threshold=3)
    for _ in range(5):
        breaker.record_failure()
        breaker.record_failure()
        breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.consecutive_failures == 0


def test_half_open_after_cooldown_lets_exactly_one_probe() -> None:
    breaker, clock = make(threshold=1, cooldown=10.0)
    breaker.record_failure()
    clock.now += 9.9
    assert breaker.state is BreakerState.OPEN
    clock.now += 0.2
    assert state_of(breaker) is BreakerState.HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()  # the probe is in flight


def test_probe_success_closes() -> None:
    breaker, clock = make(threshold=2, cooldown=5.0)
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 5.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow()
    breaker.record_failure()  # one failure after closing is below the threshold again
    assert breaker.state is BreakerState.CLOSED


def test_probe_failure_reopens_for_a_new_cooldown() -> None:
    breaker, clock = make(threshold=2, cooldown=5.0)
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 6.0
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert breaker.times_opened == 2
    clock.now += 4.0
    assert breaker.state is BreakerState.OPEN
    clock.now += 1.0
    assert state_of(breaker) is BreakerState.HALF_OPEN


def test_a_probe_that_never_reports_expires() -> None:
    breaker, clock = make(threshold=1, cooldown=5.0)
    breaker.record_failure()
    clock.now += 5.0
    assert breaker.allow()
    clock.now += 1.0
    assert not breaker.allow()
    clock.now += 5.0
    assert breaker.allow()


def test_failures_while_open_do_not_extend_the_cooldown() -> None:
    breaker, clock = make(threshold=1, cooldown=5.0)
    breaker.record_failure()
    clock.now += 4.0
    breaker.record_failure()  # a late result of a call made before opening
    clock.now += 1.0
    assert breaker.state is BreakerState.HALF_OPEN


def test_reset_closes() -> None:
    breaker, _ = make(threshold=1)
    breaker.record_failure()
    breaker.reset()
    assert breaker.state is BreakerState.CLOSED
    assert "closed" in repr(breaker)


@pytest.mark.parametrize(("threshold", "cooldown"), [(0, 1.0), (1, 0.0), (1, -1.0)])
def test_rejects_bad_parameters(threshold: int, cooldown: float) -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(threshold, cooldown)
