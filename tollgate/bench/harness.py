"""Run every measurement on one embedded broker and one embedded ClickHouse; report a table."""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from streams.services import build_services
from tollgate.bench.passthrough import passthrough_latency_ms, passthrough_tps
from tollgate.bench.pipeline import SPLIT_STAGES, pipeline_run
from tollgate.bench.sequential import sequential_tps
from tollgate.bench.sink import sink_parse_rows_per_s, sink_rows_per_s
from tollgate.bench.workload import hop_sizes, isolated_settings, make_tickets
from tollgate.config import Settings, load_settings
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.logs import configure_logging
from tollgate.testing.fake_llm_process import FakeLLMProcess

LLM_TEXTS_PER_REQUEST_VARIANT = 8

KEYS: tuple[str, ...] = (
    "passthrough_tps",
    "pipeline_tps",
    "sequential_tps",
    "llm_pipeline_tps",
    "ratio_vs_passthrough",
    "speedup_vs_sequential",
    "p50_ms",
    "p99_ms",
    "rss_mb",
    "sink_rows_per_s",
    "pipeline_tps_2_workers",
    "scaleout_ratio",
)
"""The result contract: ``--json`` prints these keys (plus context)."""

SPLIT_KEYS: tuple[str, ...] = (
    "pipeline_tps_split_stages",
    "ratio_vs_passthrough_split_stages",
    "p50_ms_split_stages",
    "p99_ms_split_stages",
)
"""Context beside the contract: one worker's stages in two processes (``--stage``)."""

TARGETS: dict[str, tuple[str, float]] = {
    "ratio_vs_passthrough": (">=", 0.5),
    "speedup_vs_sequential": (">=", 100.0),
    "p99_ms": ("<=", 100.0),
    "rss_mb": ("<=", 500.0),
    "sink_rows_per_s": (">=", 50_000.0),
    "scaleout_ratio": (">=", 1.6),
}


@dataclass(frozen=True)
class BenchConfig:
    tickets: int = 10_000
    llm_tickets: int = 2000
    sequential_tickets: int = 10
    latency_tickets: int = 3000
    sink_rows: int = 100_000
    llm_latency_ms: float = 200.0


def peak_rss_mb() -> float:
    """Peak resident set size of this (the bench) process (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


async def _measure(
    base: Settings, config: BenchConfig, log: Any, broker_pid: int | None = None
) -> dict[str, Any]:
    local = build_services(isolated_settings(base, "local"))  # trains and caches the model
    sizes = await hop_sizes(local)
    log(f"hop payload sizes (bytes): {sizes}")

    passthrough = await passthrough_tps(isolated_settings(base, "pass"), config.tickets, sizes)
    log(f"passthrough: {passthrough:.0f}/s")
    passthrough_default = await passthrough_tps(  # context: aiokafka's default 500 ms fetch wait
        isolated_settings(base, "passdef"), config.tickets, sizes, fetch_wait_ms=500
    )

    one = await pipeline_run(
        isolated_settings(base, "pipe"),
        make_tickets(config.tickets, "pipe"),
        latency_tickets=make_tickets(config.latency_tickets, "lat"),
        broker_pid=broker_pid,
    )
    latencies = one.latencies_ms
    log(f"pipeline (1 worker): {one.tps:.0f}/s, peak RSS {max(one.peak_rss_mb):.0f} MB")
    log(f"latency at {one.latency_rate:.0f}/s: p50 {_percentile(latencies, 0.5):.1f} ms")
    raw_latencies = await passthrough_latency_ms(  # the floor: raw chain at the same rate
        isolated_settings(base, "passlat"), len(latencies), sizes, one.latency_rate
    )
    log(f"raw chain at {one.latency_rate:.0f}/s: p99 {_percentile(raw_latencies, 0.99):.1f} ms")

    two = await pipeline_run(
        isolated_settings(base, "scale"),
        make_tickets(config.tickets, "scale"),
        workers=2,
        broker_pid=broker_pid,
    )
    log(f"pipeline (2 workers): {two.tps:.0f}/s")

    split = await pipeline_run(  # one worker's stages in two processes (--stage)
        isolated_settings(base, "split"),
        make_tickets(config.tickets, "split"),
        layout=SPLIT_STAGES,
        latency_tickets=make_tickets(config.latency_tickets, "splitlat"),
        broker_pid=broker_pid,
    )
    split_latencies = split.latencies_ms
    log(
        f"pipeline (stages split over 2 processes): {split.tps:.0f}/s, p99 "
        f"{_percentile(split_latencies, 0.99):.1f} ms at {split.latency_rate:.0f}/s"
    )

    with FakeLLMProcess(mode="good", latency_ms=config.llm_latency_ms) as srv:  # "external" API
        llm = {
            "intent_model": "openai/fake-model",
            "llm_api_base": srv.base_url,
            "llm_api_key": "bench-not-a-secret",
        }
        settings = isolated_settings(base, "seq", **llm, llm_max_concurrency=1)
        sequential = await sequential_tps(
            build_services(settings), make_tickets(config.sequential_tickets, "seq")
        )
        log(f"sequential (LLM {config.llm_latency_ms:g} ms): {sequential:.2f}/s")

        settings = isolated_settings(
            base, "llm", **llm, llm_max_concurrency=1000, batch_size=1000, llm_timeout_s=30.0
        )
        llm_run = await pipeline_run(settings, make_tickets(config.llm_tickets, "llm"))
        log(f"LLM pipeline: {llm_run.tps:.0f}/s (max in flight {srv.max_in_flight})")

        k = LLM_TEXTS_PER_REQUEST_VARIANT  # the opt-in batching, reported beside the default
        settings = isolated_settings(
            base,
            "llmk",
            **llm,
            llm_max_concurrency=1000,
            batch_size=1000,
            llm_timeout_s=30.0,
            llm_texts_per_request=k,
        )
        llm_k = await pipeline_run(settings, make_tickets(config.llm_tickets, "llmk"))
        log(f"LLM pipeline, {k} texts per request: {llm_k.tps:.0f}/s")

    sink_settings = isolated_settings(base, "sink")
    sink = await sink_rows_per_s(sink_settings, config.sink_rows)
    sink_parse = sink_parse_rows_per_s(sink_settings, config.sink_rows)
    log(f"sink: {sink:.0f} rows/s")
    return {
        "passthrough_tps": round(passthrough, 1),
        "pipeline_tps": round(one.tps, 1),
        "sequential_tps": round(sequential, 3),
        "llm_pipeline_tps": round(llm_run.tps, 1),
        "ratio_vs_passthrough": round(one.tps / passthrough, 3),
        "speedup_vs_sequential": round(llm_run.tps / sequential, 1),
        "p50_ms": round(_percentile(latencies, 0.5), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "rss_mb": round(max(one.peak_rss_mb), 1),
        "rss_mb_sink_process": round(one.sink_peak_rss_mb, 1),
        "pipeline_sink_rows": one.sink_rows,
        "sink_rows_per_s": round(sink, 0),
        "pipeline_tps_2_workers": round(two.tps, 1),
        "scaleout_ratio": round(two.tps / one.tps, 2),
        "hop_sizes_bytes": sizes,
        "passthrough_tps_fetch_wait_500ms": round(passthrough_default, 1),
        "sink_parse_only_rows_per_s": round(sink_parse, 0),
        "rss_mb_llm_worker": round(max(llm_run.peak_rss_mb), 1),
        f"llm_pipeline_tps_{LLM_TEXTS_PER_REQUEST_VARIANT}_per_request": round(llm_k.tps, 1),
        f"speedup_vs_sequential_{LLM_TEXTS_PER_REQUEST_VARIANT}_per_request": round(
            llm_k.tps / sequential, 1
        ),
        "rss_mb_2_workers": [round(v, 1) for v in two.peak_rss_mb],
        "cpu_cores_1_worker": one.cpu_cores,
        "cpu_cores_2_workers": two.cpu_cores,
        "machine_cores": os.cpu_count(),
        "rss_mb_bench_process": round(peak_rss_mb(), 1),
        "latency_rate_tps": round(one.latency_rate, 1),
        "passthrough_p50_ms": round(_percentile(raw_latencies, 0.5), 1),
        "passthrough_p99_ms": round(_percentile(raw_latencies, 0.99), 1),
        "p99_vs_passthrough": round(
            _percentile(latencies, 0.99) / _percentile(raw_latencies, 0.99), 2
        ),
        "latency_tickets": len(latencies),
        "pipeline_tps_split_stages": round(split.tps, 1),
        "ratio_vs_passthrough_split_stages": round(split.tps / passthrough, 3),
        "p50_ms_split_stages": round(_percentile(split_latencies, 0.5), 1),
        "p99_ms_split_stages": round(_percentile(split_latencies, 0.99), 1),
        "latency_rate_tps_split_stages": round(split.latency_rate, 1),
        "rss_mb_split_stages": [round(v, 1) for v in split.peak_rss_mb],
        "cpu_cores_split_stages": split.cpu_cores,
        "pipeline_sink_rows_split_stages": split.sink_rows,
    }


def run_bench(config: BenchConfig, log: Any = None) -> dict[str, Any]:
    """Start the embedded broker and ClickHouse (``<data_dir>/bench``) and measure everything."""
    base = load_settings()
    configure_logging("warning", base.log_format)
    data_dir = (base.data_dir / "bench").resolve()
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    with EmbeddedBroker() as broker:
        base = load_settings(
            kafka_bootstrap_servers=broker.bootstrap_servers,
            data_dir=data_dir,
            clickhouse_dsn=f"chdb://{data_dir / 'clickhouse'}",
            web_enabled=False,
            kafka_rebalance_timeout_s=1.0,
            log_level="warning",
        )
        results = asyncio.run(_measure(base, config, log or (lambda _msg: None), broker.pid))
    return {
        **results,
        "tickets": config.tickets,
        "llm_tickets": config.llm_tickets,
        "sequential_tickets": config.sequential_tickets,
        "sink_rows": config.sink_rows,
        "llm_latency_ms": config.llm_latency_ms,
        "date": datetime.now(UTC).date().isoformat(),
    }


def render_table(result: dict[str, Any]) -> str:
    """The results as a fixed-width table with the targets and whether each is met."""
    lines = [f"{'metric':<24} {'value':>14}  target", "-" * 52]
    for key in KEYS:
        value = result[key]
        target = TARGETS.get(key)
        note = ""
        if target is not None:
            op, bound = target
            met = value >= bound if op == ">=" else value <= bound
            note = f"{op} {bound:g}  {'met' if met else 'MISSED'}"
        lines.append(f"{key:<24} {value:>14,.2f}  {note}")
    lines.append("\none worker's stages in two processes (--stage intent,constraint | the rest):")
    lines += [f"  {key:<36} {result[key]:>12,.2f}" for key in SPLIT_KEYS]
    lines.append(
        f"\ntickets={result['tickets']} llm_tickets={result['llm_tickets']} "
        f"llm_latency_ms={result['llm_latency_ms']:g} date={result['date']}"
    )
    return "\n".join(lines)
