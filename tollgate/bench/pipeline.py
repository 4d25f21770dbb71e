"""The full Kafka pipeline in worker processes: throughput, latency at a given load, RSS."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas import Stage, Ticket
from tollgate.bench.cpu import CpuMeter
from tollgate.bench.workload import make_tickets, paced_publish, publish_all, read_terminal
from tollgate.config import Settings, load_settings
from tollgate.testing.worker_process import WorkerProcess, free_port

WARM_UP_TICKETS = 5


async def warm_up(settings: Settings, n: int = WARM_UP_TICKETS, timeout_s: float = 120.0) -> None:
    """Push a few tickets through a started worker (group joined, connections open)."""
    tickets = make_tickets(n, f"{settings.app_id}-warm")
    arrivals: dict[str, float] = {}
    reader = asyncio.create_task(
        read_terminal(settings, {t.ticket_id for t in tickets}, arrivals, timeout_s)
    )
    await publish_all(settings, tickets)
    await reader


@dataclass
class PipelineRun:
    """What one run of worker processes measured."""

    tps: float
    latencies_ms: list[float] = field(default_factory=list)
    latency_rate: float = 0.0
    peak_rss_mb: list[float] = field(default_factory=list)
    """Per stage worker (``--no-sink``)."""
    sink_peak_rss_mb: float = 0.0
    """The sink process (``--no-stages``) with the embedded ClickHouse engine inside."""
    sink_rows: int = 0
    """Interaction rows the sink process had inserted when the run ended."""
    cpu_cores: dict[str, float] = field(default_factory=dict)
    """Cores used during the throughput measurement, per process group (see CpuMeter)."""


INTERACTIONS_PER_TICKET = 4
"""Interaction events of a ticket: one per stage."""


async def wait_for_sink(sink: WorkerProcess, rows: int, timeout_s: float = 60.0) -> int:
    """Rows the sink has inserted, once it reached ``rows`` or stopped growing for 5 s."""
    deadline = time.monotonic() + timeout_s
    last, last_change = -1.0, time.monotonic()
    while True:
        done = await asyncio.to_thread(sink.metric, "tollgate_sink_rows_total")
        if done != last:
            last, last_change = done, time.monotonic()
        if done >= rows or time.monotonic() - last_change > 5 or time.monotonic() > deadline:
            return int(done)
        await asyncio.sleep(0.2)


def worker_settings(settings: Settings, **overrides: Any) -> Settings:
    """``settings`` for one more worker process: its own health port (plus ``overrides``)."""
    values = {**settings.model_dump(), "web_enabled": True, "web_port": free_port(), **overrides}
    return load_settings(**values)


ALL_STAGES: frozenset[Stage] = frozenset(Stage)
SPLIT_STAGES: tuple[frozenset[Stage], ...] = (
    frozenset({Stage.INTENT, Stage.CONSTRAINT}),
    frozenset({Stage.DECISION, Stage.ESCALATION}),
)
"""One worker's stages in two processes (``tollgate worker --stage intent,constraint`` and
``--stage decision,escalation``), so that the stages' batch loops use both cores."""


@contextlib.asynccontextmanager
async def running_workers(
    settings: Settings, layout: Sequence[frozenset[Stage]]
) -> AsyncIterator[tuple[list[WorkerProcess], WorkerProcess]]:
    """A stage worker (``--no-sink``) per entry of ``layout`` running those stages, all in one
    app id, plus the one sink process (``--no-stages``), ready: the embedded ClickHouse allows
    one engine per path, so its sink is a process of its own, as in the README's topology for
    several workers."""
    logs = settings.data_dir
    workers = [
        WorkerProcess(
            worker_settings(settings),
            logs / f"worker-{settings.app_id}-{i}.log",
            stages=True if stages == ALL_STAGES else stages,
        )
        for i, stages in enumerate(layout)
    ]
    fresh_engine: dict[str, Any] = {}
    if settings.clickhouse_url.startswith("chdb://"):  # a fresh engine path per run
        path = settings.data_dir / f"clickhouse-{settings.app_id}"
        fresh_engine["clickhouse_dsn"] = f"chdb://{path}"
    sink_settings = worker_settings(settings, **fresh_engine)
    sink = WorkerProcess(
        sink_settings, logs / f"sink-{settings.app_id}.log", sink=True, stages=False
    )
    for process in [sink, *workers]:
        process.start()
    try:
        await asyncio.gather(*(asyncio.to_thread(w.wait_ready) for w in [sink, *workers]))
        await warm_up(settings)
        yield workers, sink
    finally:
        await asyncio.gather(*(asyncio.to_thread(w.terminate) for w in [*workers, sink]))


async def pipeline_tps(
    settings: Settings, tickets: Sequence[Ticket], timeout_s: float = 300.0
) -> float:
    """Tickets/s: all published upfront, timed until every one reached a terminal topic."""
    expected = {t.ticket_id for t in tickets}
    arrivals: dict[str, float] = {}
    reader = asyncio.create_task(read_terminal(settings, expected, arrivals, timeout_s))
    await asyncio.sleep(0.5)  # the reader is assigned before the first send
    started = time.perf_counter()
    await publish_all(settings, tickets)
    await reader
    return len(tickets) / (max(arrivals.values()) - started)


async def pipeline_run(
    settings: Settings,
    tickets: Sequence[Ticket],
    *,
    workers: int = 1,
    layout: Sequence[frozenset[Stage]] = (),
    latency_tickets: Sequence[Ticket] = (),
    broker_pid: int | None = None,
) -> PipelineRun:
    """Throughput of ``workers`` stage worker processes running all stages (or one process per
    entry of ``layout``) and the sink process; then, on the same warm workers, latency at half
    that rate (if ``latency_tickets``); then the peak RSS of each."""
    async with running_workers(settings, layout or [ALL_STAGES] * workers) as (procs, sink):
        meter = CpuMeter(
            {
                "stage_workers": [w.pid for w in procs],
                "sink": [sink.pid],
                "broker": [broker_pid] if broker_pid else [],
                "bench": [os.getpid()],
            }
        )
        meter.start()
        run = PipelineRun(await pipeline_tps(settings, tickets))
        run.cpu_cores = meter.stop()
        if latency_tickets:
            run.latency_rate = max(1.0, run.tps / 2)
            run.latencies_ms = await latency_ms(settings, latency_tickets, run.latency_rate)
        sent = len(tickets) + len(latency_tickets) + WARM_UP_TICKETS
        run.sink_rows = await wait_for_sink(sink, sent * INTERACTIONS_PER_TICKET)
        run.peak_rss_mb = [w.peak_rss_mb() for w in procs]
        run.sink_peak_rss_mb = sink.peak_rss_mb()
    return run


async def latency_ms(
    settings: Settings, tickets: Sequence[Ticket], rate: float, timeout_s: float = 300.0
) -> list[float]:
    """End-to-end latencies (send → terminal message read), publishing at ``rate``/s."""
    expected = {t.ticket_id for t in tickets}
    arrivals: dict[str, float] = {}
    sent: dict[str, float] = {}
    reader = asyncio.create_task(read_terminal(settings, expected, arrivals, timeout_s))
    try:
        await asyncio.sleep(0.5)  # the reader is assigned before the first send
        messages = [
            (t.ticket_id, t.session_id.encode(), t.model_dump_json().encode()) for t in tickets
        ]
        await paced_publish(settings, settings.topic_inbound, messages, rate, sent)
        await reader
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
    return sorted((arrivals[k] - sent[k]) * 1000 for k in expected)
