"""The worker runtime: the stage pipeline and/or the ClickHouse sink in one process.

A worker runs both by default. With the embedded ClickHouse (one chdb engine per process and
path) several stage workers (``--no-sink``) share one sink process (``--no-stages``); with a
ClickHouse server every worker can run its own sink consumer in the shared sink group.

If the broker refuses a stage's (or the sink's dead letters') outputs for good, that runner
stops without acknowledging its batch; :func:`run_forever` then stops the whole worker in
order (batches in flight finish, acknowledged offsets are committed) and returns
:data:`EXIT_FAILED`, so the process exit code says it failed; after a restart the
unacknowledged batch is delivered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from collections.abc import Collection
from functools import partial
from typing import Any

import faust

from schemas import Stage
from schemas.topics import all_topic_names
from sinks import ClickHouseSink, get_store
from streams.app import Pipeline, build_app, make_faust_app
from streams.runner import StageRunner
from streams.services import Services, build_services
from tollgate.config import Settings
from tollgate.kafka import ensure_topics
from tollgate.logs import get_logger
from tollgate.observability import register_web

log = get_logger(component="worker")

EXIT_FAILED = 70
"""The exit code of a worker stopped by a failure (``EX_SOFTWARE``)."""


class Worker:
    """Starts and stops the stages and/or the sink; usable as an async context manager."""

    def __init__(
        self,
        settings: Settings,
        *,
        stages: bool | Collection[Stage] = True,
        sink: bool = True,
        services: Services | None = None,
    ) -> None:
        """``stages``: all four (``True``), none (``False``: a sink-only worker) or a subset;
        each stage is its own consumer group, so workers with different subsets share the
        pipeline between them (feedback and session state go with the decision stage)."""
        self.settings = settings
        self.stages: frozenset[Stage] = frozenset(
            (Stage if stages else ()) if isinstance(stages, bool) else stages
        )
        self.run_sink = sink
        self.services = services
        self.pipeline: Pipeline | None = None
        self.sink: ClickHouseSink | None = None
        self.host: faust.App | None = None
        """A sink-only worker's own faust app for health and metrics (stages use the pipeline's)."""
        self.ready = False
        self._sink_start: asyncio.Task[None] | None = None
        """Retries the sink's start while ClickHouse is down (see start_sink_or_retry)."""

    async def start(self) -> None:
        settings = self.settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await ensure_topics(settings, all_topic_names(settings))
        if self.run_sink:
            self.sink = ClickHouseSink(settings, get_store(settings.clickhouse_url))
            self._sink_start = await start_sink_or_retry(self.sink, settings)
        if self.stages:
            if self.services is None:
                with_intent = Stage.INTENT in self.stages
                self.services = await asyncio.to_thread(
                    partial(build_services, settings, with_intent=with_intent)
                )
            self.pipeline = build_app(self.services, self.stages)  # sessions restore lazily
            if settings.web_enabled:
                register_web(self, self.pipeline.app)
            await self.pipeline.start()
        elif settings.web_enabled:  # a sink-only worker still answers health and metrics
            self.host = make_faust_app(settings)
            register_web(self, self.host)
            await self.host.start()
        self.ready = True
        stages = [stage.value for stage in Stage if stage in self.stages]
        log.info("worker started", stages=stages, sink=self.run_sink)

    async def stop(self) -> None:
        """Graceful: the stages finish their in-flight batches, the sink its last insert."""
        self.ready = False
        if self.host is not None:
            await self.host.stop()
        if self.pipeline is not None:
            await self.pipeline.stop()
        if self._sink_start is not None:
            self._sink_start.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sink_start
        if self.sink is not None:
            await self.sink.stop()
        log.info("worker stopped")

    def runners(self) -> list[StageRunner]:
        """Every consumer loop of this worker: the stages', the feedback loop's, the sink's."""
        runners = list(self.pipeline.runners) if self.pipeline is not None else []
        if self.sink is not None and self.sink.runner is not None:
            runners.append(self.sink.runner)
        return runners

    async def failed(self) -> BaseException:
        """Wait until one of the worker's runners ends on a failure, and return it (a sink
        whose start is still being retried is watched from the moment it started)."""
        while True:
            waits: list[asyncio.Future[Any]] = [
                asyncio.ensure_future(runner.failed()) for runner in self.runners()
            ]
            starting = self._sink_start
            if starting is not None and not starting.done():  # waited on, never cancelled here
                waits.append(asyncio.ensure_future(asyncio.wait({starting})))
            if not waits:
                await asyncio.Event().wait()  # nothing runs that could fail
            try:
                done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                for wait in done:
                    result = wait.result()
                    if isinstance(result, BaseException):
                        return result
            finally:
                for wait in waits:
                    wait.cancel()

    async def __aenter__(self) -> Worker:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


async def start_sink_or_retry(
    sink: ClickHouseSink, settings: Settings
) -> asyncio.Task[None] | None:
    """Start the sink; if ClickHouse is unavailable, return a task that retries with backoff
    (up to ``TOLLGATE_SINK_MAX_BACKOFF_S``) so the stages start and process tickets meanwhile.
    Interaction events wait on their topic and the sink catches up once it starts."""
    try:
        await sink.start()
    except Exception as exc:  # the sink is not started: nothing consumed, nothing lost
        log.warning("clickhouse unavailable; stages start, the sink retries", error=str(exc)[:300])
    else:
        return None

    async def retry() -> None:
        delay = 1.0
        while True:
            await asyncio.sleep(delay)
            try:
                await sink.start()
            except Exception as exc:
                delay = min(delay * 2, settings.sink_max_backoff_s)
                log.warning("clickhouse still unavailable", error=str(exc)[:300], retry_s=delay)
            else:
                log.info("clickhouse available; the sink catches up")
                return

    return asyncio.create_task(retry(), name="sink-start")


def tune_gc(settings: Settings) -> None:
    """Keep start-up objects (models, modules) out of the cyclic GC's sweeps, and let the young
    generation grow to ``gc_threshold`` allocations between runs (``0``: Python's default)."""
    gc.freeze()
    if settings.gc_threshold:
        gc.set_threshold(settings.gc_threshold, *gc.get_threshold()[1:])


async def run_forever(worker: Worker) -> int:
    """Run until SIGTERM/SIGINT (returns 0) or until a runner fails (returns
    :data:`EXIT_FAILED`); either way the worker shuts down gracefully.

    A signal during start-up (e.g. while the broker is unreachable) stops the start; the stop
    itself gets ``TOLLGATE_SHUTDOWN_GRACE_S`` and then returns anyway, so the process exits
    within the grace period whatever the broker's state. A failed start still raises.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    starting = asyncio.create_task(worker.start(), name="worker-start")
    stopping = asyncio.create_task(stop.wait(), name="worker-stop-signal")
    failure: asyncio.Future[BaseException] | None = None
    code = 0
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()  # a failed start raises here
            tune_gc(worker.settings)
            failure = asyncio.ensure_future(worker.failed())
            await asyncio.wait([stopping, failure], return_when=asyncio.FIRST_COMPLETED)
            if failure.done() and not failure.cancelled():
                log.critical("worker failed; stopping in order", error=repr(failure.result())[:300])
                code = EXIT_FAILED
        if code == 0:
            log.info("shutdown requested")
    finally:
        stopping.cancel()
        if failure is not None:
            failure.cancel()
        await stop_within_grace(worker, starting)
    return code


async def stop_within_grace(worker: Worker, starting: asyncio.Task[None]) -> None:
    """Cancel an unfinished start, then stop, bounded by the shutdown grace; problems while
    stopping are logged in one line, never raised (the work is committed or redelivered)."""
    starting.cancel()
    with contextlib.suppress(BaseException):
        await starting
    try:
        async with asyncio.timeout(worker.settings.shutdown_grace_s):
            await worker.stop()
    except TimeoutError:
        log.warning("shutdown grace exceeded; exiting", grace_s=worker.settings.shutdown_grace_s)
    except (Exception, asyncio.CancelledError) as exc:  # a client cancelled inside its close
        log.warning("error while stopping", error=f"{type(exc).__name__}: {exc}")
