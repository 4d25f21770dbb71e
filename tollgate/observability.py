"""Health endpoints and Prometheus metrics, served by faust's web server on TOLLGATE_WEB_PORT.

Metrics are collected at scrape time from the live objects (stage pumps, sink, intent model),
so the hot path carries no extra bookkeeping beyond plain counters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
)
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    import faust

    from tollgate.worker import Worker


class WorkerCollector(Collector):
    """Reads counters from a running :class:`~tollgate.worker.Worker`."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def collect(self) -> Iterator[Any]:
        pipeline = self.worker.pipeline
        processed = CounterMetricFamily(
            "tollgate_stage_events", "Events processed per stage", labels=["stage"]
        )
        dead = CounterMetricFamily(
            "tollgate_dead_letters", "Dead letters written per stage", labels=["stage"]
        )
        busy = CounterMetricFamily(
            "tollgate_stage_busy_seconds", "Time spent processing batches", labels=["stage"]
        )
        batches = CounterMetricFamily(
            "tollgate_stage_batches", "Batches processed", labels=["stage"]
        )
        produced = CounterMetricFamily(
            "tollgate_messages_produced", "Messages produced per topic", labels=["topic"]
        )
        totals: dict[str, int] = {}
        for stage, pump in (pipeline.pumps if pipeline else {}).items():
            processed.add_metric([stage.value], pump.processed)
            dead.add_metric([stage.value], pump.dead_lettered)
            busy.add_metric([stage.value], pump.busy_s)
            batches.add_metric([stage.value], pump.batches)
            for topic, count in pump.produced.items():
                totals[topic] = totals.get(topic, 0) + count
        for topic, count in totals.items():
            produced.add_metric([topic], count)
        yield from (processed, dead, busy, batches, produced)

        latency = HistogramMetricFamily(
            "tollgate_stage_latency_ms",
            "Per record: from its produce time until the stage's outputs were acknowledged",
            labels=["stage"],
        )
        outcomes = CounterMetricFamily(
            "tollgate_outcomes", "Tickets routed per outcome", labels=["outcome"]
        )
        if pipeline is not None:
            for stage, pump in pipeline.pumps.items():
                hist = pump.latency_ms
                latency.add_metric([stage.value], hist.cumulative(), sum_value=hist.sum)
            for outcome, count in sorted(pipeline.outcomes.items()):
                outcomes.add_metric([outcome], count)
        yield from (latency, outcomes)

        breaker = GaugeMetricFamily(
            "tollgate_llm_breaker_open", "1 while the LLM circuit breaker is open", labels=["state"]
        )
        model = self.worker.services.intent_model if self.worker.services else None
        state = getattr(model, "breaker_state", None)
        if state is not None:
            value = getattr(state, "value", str(state))
            breaker.add_metric([str(value)], 0.0 if str(value) == "closed" else 1.0)
        yield breaker
        errors = CounterMetricFamily(
            "tollgate_llm_errors", "Failed LLM intent predictions by error kind", labels=["kind"]
        )
        for kind, count in sorted((getattr(model, "primary_errors", None) or {}).items()):
            errors.add_metric([kind], count)
        yield errors
        yield CounterMetricFamily(
            "tollgate_llm_fallbacks",
            "Texts the local model answered because the LLM failed or its breaker was open",
            value=getattr(model, "fallbacks", 0),
        )

        sink = self.worker.sink
        if sink is not None:
            stats = sink.stats
            yield CounterMetricFamily(
                "tollgate_sink_rows", "Rows inserted into ClickHouse", value=stats.rows_inserted
            )
            yield CounterMetricFamily(
                "tollgate_sink_insert_failures",
                "Failed ClickHouse inserts",
                value=stats.insert_failures,
            )
            yield GaugeMetricFamily(
                "tollgate_sink_batch_size",
                "Size of the last sink batch",
                value=stats.last_batch_size,
            )
            lag = GaugeMetricFamily("tollgate_sink_lag", "Sink consumer lag", labels=["partition"])
            for tp, value in stats.lag.items():
                lag.add_metric([tp], value)
            yield lag
        if pipeline is not None:
            consumer_lag = GaugeMetricFamily(
                "tollgate_consumer_lag", "Stage consumer lag", labels=["partition"]
            )
            for runner in pipeline.runners:
                for tp, value in runner.lag().items():
                    consumer_lag.add_metric([f"{tp.topic}:{tp.partition}"], value)
            yield consumer_lag


def register_web(worker: Worker, app: faust.App) -> None:
    """Add /health/live, /health/ready and /metrics to the worker's faust web server ``app``."""
    registry = CollectorRegistry()
    registry.register(WorkerCollector(worker))

    @app.page("/health/live")
    async def live(web: Any, request: Any) -> Any:
        return web.json({"status": "ok"})

    from tollgate.health import HealthMonitor

    monitor = HealthMonitor(worker, worker.settings)

    @app.timer(interval=HealthMonitor.PROBE_INTERVAL_S)
    async def probe() -> None:
        await monitor.tick()

    @app.page("/health/ready")
    async def ready(web: Any, request: Any) -> Any:
        """200 ``ready``, or 503 with ``status`` (``starting`` / ``degraded``) and ``problems``."""
        problems = monitor.problems()
        if not problems:
            return web.json({"status": "ready"})
        status = "starting" if not worker.ready else "degraded"
        return web.json({"status": status, "problems": problems}, status=503)

    register_run_api(worker, app)

    @app.page("/metrics")
    async def metrics(web: Any, request: Any) -> Any:
        return web.bytes(generate_latest(registry), content_type=CONTENT_TYPE_LATEST.split(";")[0])


def register_run_api(worker: Worker, app: faust.App) -> None:
    """``/api/metrics?since=7d&by=intent`` and ``/api/report?start=ISO&end=ISO``: the numbers of
    ``tollgate metrics`` / ``report``, read from the ClickHouse this worker's sink holds (so they
    work while an embedded chdb engine is locked by this process). Read-only, named queries."""
    import asyncio
    from datetime import datetime

    from tollgate.rundata import metrics_from_store, report_json

    def store_or_none() -> Any:
        return worker.sink.store if worker.sink is not None else None

    @app.page("/api/metrics")
    async def api_metrics(web: Any, request: Any) -> Any:
        store = store_or_none()
        if store is None:
            return web.json({"error": "this worker runs no sink"}, status=404)
        query = request.query
        try:
            result = await asyncio.to_thread(
                metrics_from_store, store, query.get("since", "7d"), query.get("by") or None
            )
        except ValueError as exc:
            return web.json({"error": str(exc)}, status=400)
        return web.json(json_ready(result))

    @app.page("/api/report")
    async def api_report(web: Any, request: Any) -> Any:
        store = store_or_none()
        if store is None:
            return web.json({"error": "this worker runs no sink"}, status=404)
        try:
            start = datetime.fromisoformat(request.query["start"])
            end = datetime.fromisoformat(request.query["end"])
        except (KeyError, ValueError) as exc:
            return web.json({"error": f"start and end must be ISO times ({exc})"}, status=400)
        draft_below = worker.settings.threshold_draft
        return web.json(await asyncio.to_thread(report_json, store, start, end, draft_below))


def json_ready(value: Any) -> Any:
    """``value`` with dates, decimals and other non-JSON scalars as strings."""
    import json

    return json.loads(json.dumps(value, default=str))
