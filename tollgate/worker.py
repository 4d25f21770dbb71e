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

import faust

from schemas import Stage
from schemas.topics import all_topic_names
from sinks import ClickHouseSink, get_store
from streams.app import Pipeline, build_app, make_faust_app
from streams.recovery import read_state
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
        pipeline between them (the feedback loop goes with the escalation stage)."""
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

    async def start(self) -> None:
        settings = self.settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await ensure_topics(settings, all_topic_names(settings))
        if self.run_sink:
            self.sink = ClickHouseSink(settings, get_store(settings.clickhouse_url))
            await self.sink.start()
        if self.stages:
            if self.services is None:
                with_intent = Stage.INTENT in self.stages
                self.services = await asyncio.to_thread(
                    partial(build_services, settings, with_intent=with_intent)
                )
            self.pipeline = build_app(self.services, self.stages)
            if Stage.ESCALATION in self.stages:
                state = await read_state(settings)  # before approvals can arrive
                drafts = await self.pipeline.feedback_stage.rebuild(state)
                sessions = self.pipeline.escalation_stage.recover_history(state)
                log.info("state recovered from Kafka", drafts=drafts, sessions=sessions)
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
        """Wait until one of the worker's runners ends on a failure, and return it."""
        waits = [asyncio.ensure_future(runner.failed()) for runner in self.runners()]
        if not waits:
            await asyncio.Event().wait()  # nothing runs that could fail
        try:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            return done.pop().result()
        finally:
            for wait in waits:
                wait.cancel()

    async def __aenter__(self) -> Worker:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def tune_gc(settings: Settings) -> None:
    """Keep start-up objects (models, modules) out of the cyclic GC's sweeps, and let the young
    generation grow to ``gc_threshold`` allocations between runs (``0``: Python's default)."""
    gc.freeze()
    if settings.gc_threshold:
        gc.set_threshold(settings.gc_threshold, *gc.get_threshold()[1:])


async def run_forever(worker: Worker) -> int:
    """Run until SIGTERM/SIGINT (returns 0) or until a runner fails (returns
    :data:`EXIT_FAILED`); either way the worker shuts down gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with worker:
        tune_gc(worker.settings)
        requested = asyncio.ensure_future(stop.wait())
        failure = asyncio.ensure_future(worker.failed())
        await asyncio.wait([requested, failure], return_when=asyncio.FIRST_COMPLETED)
        requested.cancel()
        failure.cancel()
        if not failure.cancelled() and failure.done():
            log.critical("worker failed; stopping in order", error=repr(failure.result())[:300])
            return EXIT_FAILED
        log.info("shutdown requested")
    return 0
