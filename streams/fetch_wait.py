"""Shorter fetch waits for faust's consumers.

faust hard-codes ``fetch_max_wait_ms=1500`` in its aiokafka driver and has no setting for it.
A broker that answers a fetch only when the wait runs out (the embedded Tansu broker does) then
adds up to 1.5 s per hop: four hops, seconds of latency with an idle CPU (bench/RESULTS.md).
This wraps the driver's consumer factory once to apply ``TOLLGATE_KAFKA_FETCH_MAX_WAIT_MS``.
"""

from __future__ import annotations

from typing import Any

_state = {"ms": 1500}


def use_fetch_max_wait(ms: int) -> None:
    """Make faust's worker consumers wait at most ``ms`` for data in a fetch."""
    from faust.transport.drivers import aiokafka as driver

    _state["ms"] = ms
    thread = driver.AIOKafkaConsumerThread
    if getattr(thread._create_worker_consumer, "_tollgate", False):
        return
    original = thread._create_worker_consumer

    def create(self: Any, transport: Any) -> Any:
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = _state["ms"]  # read by AIOKafkaConsumer.start()
        return consumer

    create._tollgate = True  # type: ignore[attr-defined]
    thread._create_worker_consumer = create  # type: ignore[method-assign]
