"""Run every measurement on one embedded broker and one embedded ClickHouse; report a table."""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from streams.services import build_services
from tollgate.bench.cpu import probe_cpu_ms
from tollgate.bench.passthrough import passthrough_latency_ms, passthrough_tps
from tollgate.bench.pipeline import SPLIT_STAGES, PipelineRun, pipeline_run
from tollgate.bench.sequential import sequential_tps
from tollgate.bench.sessions import session_cost
from tollgate.bench.sink import sink_parse_rows_per_s, sink_rows_per_s
from tollgate.bench.workload import hop_sizes, isolated_settings, make_tickets
from tollgate.config import Settings, load_settings
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.logs import configure_logging
from tollgate.testing.fake_llm_process import FakeLLMProcess
from tollgate.testing.sessions import Harness

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
    rounds: int = 3
    """Rounds of the throughput comparisons (raw chain, 1 worker, 2 workers, split); the
    reported values are medians over them."""


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


@dataclass
class Round:
    """One round of the throughput comparisons: the raw chain and each worker layout, run
    back to back so that their ratios come from the same minutes."""

    probe_ms: float
    passthrough: float
    one: PipelineRun
    two: PipelineRun
    split: PipelineRun
    raw_latencies: list[float]


async def _round(
    base: Settings, config: BenchConfig, index: int, sizes: list[int], broker_pid: int | None
) -> Round:
    """Round ``index``: even rounds run raw chain → 1 worker → 2 workers → split, odd rounds
    the reverse, so a drift of the machine's speed during a round favours neither side."""
    probe = probe_cpu_ms()
    lat = config.latency_tickets

    def run(name: str, **kwargs: Any) -> Awaitable[PipelineRun]:
        settings = isolated_settings(base, f"{name}{index}")
        tickets = make_tickets(config.tickets, f"{name}{index}")
        return pipeline_run(settings, tickets, broker_pid=broker_pid, **kwargs)

    steps: dict[str, Callable[[], Awaitable[Any]]] = {
        "pass": lambda: passthrough_tps(
            isolated_settings(base, f"pass{index}"), config.tickets, sizes
        ),
        "one": lambda: run("pipe", latency_tickets=make_tickets(lat, f"lat{index}")),
        "two": lambda: run("scale", workers=2),
        "split": lambda: run(
            "split", layout=SPLIT_STAGES, latency_tickets=make_tickets(lat, f"splitlat{index}")
        ),
    }
    order = list(steps) if index % 2 == 0 else list(reversed(steps))
    done = {name: await steps[name]() for name in order}
    one: PipelineRun = done["one"]
    raw_latencies = await passthrough_latency_ms(  # the floor: raw chain at the same rate
        isolated_settings(base, f"passlat{index}"), len(one.latencies_ms), sizes, one.latency_rate
    )
    return Round(probe, done["pass"], one, done["two"], done["split"], raw_latencies)


def _peak_per_process(runs: list[PipelineRun]) -> list[float]:
    """Peak RSS of each worker process of a layout, the highest over the rounds."""
    return [round(max(values), 1) for values in zip(*(r.peak_rss_mb for r in runs), strict=True)]


def _rounds_summary(rounds: list[Round]) -> dict[str, Any]:
    """Medians over the rounds (ratios taken within each round first), the per-round values
    beside them, and latency percentiles over all rounds' latency samples."""
    latencies = sorted(v for r in rounds for v in r.one.latencies_ms)
    raw = sorted(v for r in rounds for v in r.raw_latencies)
    split_latencies = sorted(v for r in rounds for v in r.split.latencies_ms)
    per_round: dict[str, list[float]] = {
        "passthrough_tps": [round(r.passthrough, 1) for r in rounds],
        "pipeline_tps": [round(r.one.tps, 1) for r in rounds],
        "pipeline_tps_2_workers": [round(r.two.tps, 1) for r in rounds],
        "pipeline_tps_split_stages": [round(r.split.tps, 1) for r in rounds],
        "ratio_vs_passthrough": [round(r.one.tps / r.passthrough, 3) for r in rounds],
        "scaleout_ratio": [round(r.two.tps / r.one.tps, 2) for r in rounds],
        "ratio_vs_passthrough_split_stages": [
            round(r.split.tps / r.passthrough, 3) for r in rounds
        ],
        "latency_rate_tps": [round(r.one.latency_rate, 1) for r in rounds],
        "latency_rate_tps_split_stages": [round(r.split.latency_rate, 1) for r in rounds],
    }
    ones, twos, splits = [r.one for r in rounds], [r.two for r in rounds], [r.split for r in rounds]
    return {
        **{key: round(statistics.median(values), 3) for key, values in per_round.items()},
        **{f"{key}_rounds": values for key, values in per_round.items()},
        "rounds": len(rounds),
        "machine_probe_ms": [round(r.probe_ms, 1) for r in rounds],
        "p50_ms": round(_percentile(latencies, 0.5), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "passthrough_p50_ms": round(_percentile(raw, 0.5), 1),
        "passthrough_p99_ms": round(_percentile(raw, 0.99), 1),
        "p99_vs_passthrough": round(_percentile(latencies, 0.99) / _percentile(raw, 0.99), 2),
        "latency_tickets": len(rounds[0].one.latencies_ms),
        "latency_samples": len(latencies),
        "p50_ms_split_stages": round(_percentile(split_latencies, 0.5), 1),
        "p99_ms_split_stages": round(_percentile(split_latencies, 0.99), 1),
        "rss_mb": round(max(v for run in ones for v in run.peak_rss_mb), 1),
        "rss_mb_sink_process": round(max(run.sink_peak_rss_mb for run in ones), 1),
        "rss_mb_2_workers": _peak_per_process(twos),
        "rss_mb_split_stages": _peak_per_process(splits),
        "pipeline_sink_rows": min(run.sink_rows for run in ones),
        "pipeline_sink_rows_split_stages": min(run.sink_rows for run in splits),
        "cpu_cores_1_worker": ones[0].cpu_cores,
        "cpu_cores_2_workers": twos[0].cpu_cores,
        "cpu_cores_split_stages": splits[0].cpu_cores,
    }


async def _measure(
    base: Settings, config: BenchConfig, log: Any, broker_pid: int | None = None
) -> dict[str, Any]:
    local = build_services(isolated_settings(base, "local"))  # trains and caches the model
    sizes = await hop_sizes(local)
    log(f"hop payload sizes (bytes): {sizes}")

    rounds = []
    for index in range(config.rounds):
        r = await _round(base, config, index, sizes, broker_pid)
        rounds.append(r)
        log(
            f"round {index + 1}/{config.rounds} (probe {r.probe_ms:.0f} ms): passthrough "
            f"{r.passthrough:.0f}/s, 1 worker {r.one.tps:.0f}/s, 2 workers {r.two.tps:.0f}/s, "
            f"split {r.split.tps:.0f}/s; p99 at {r.one.latency_rate:.0f}/s "
            f"{_percentile(sorted(r.one.latencies_ms), 0.99):.1f} ms "
            f"(raw chain {_percentile(sorted(r.raw_latencies), 0.99):.1f} ms)"
        )
    summary = _rounds_summary(rounds)
    passthrough_default = await passthrough_tps(  # context: aiokafka's default 500 ms fetch wait
        isolated_settings(base, "passdef"), config.tickets, sizes, fetch_wait_ms=500
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

    assert local.intent_model is not None
    harness = Harness(isolated_settings(base, "sessions"), local.intent_model)
    sessions = await session_cost(harness, max(1, config.tickets // 4))
    log(f"session state cost per ticket: {sessions['ratio']:.2f}× the decision stage alone")
    sink_settings = isolated_settings(base, "sink")
    sink = await sink_rows_per_s(sink_settings, config.sink_rows)
    sink_parse = sink_parse_rows_per_s(sink_settings, config.sink_rows)
    log(f"sink: {sink:.0f} rows/s")
    return {
        **summary,
        "sequential_tps": round(sequential, 3),
        "llm_pipeline_tps": round(llm_run.tps, 1),
        "speedup_vs_sequential": round(llm_run.tps / sequential, 1),
        "sink_rows_per_s": round(sink, 0),
        "hop_sizes_bytes": sizes,
        "passthrough_tps_fetch_wait_500ms": round(passthrough_default, 1),
        "sink_parse_only_rows_per_s": round(sink_parse, 0),
        "rss_mb_llm_worker": round(max(llm_run.peak_rss_mb), 1),
        f"llm_pipeline_tps_{LLM_TEXTS_PER_REQUEST_VARIANT}_per_request": round(llm_k.tps, 1),
        f"speedup_vs_sequential_{LLM_TEXTS_PER_REQUEST_VARIANT}_per_request": round(
            llm_k.tps / sequential, 1
        ),
        "session_cost_ratio": sessions["ratio"],
        "session_cost_us_rounds": sessions["rounds_us"],
        "machine_cores": os.cpu_count(),
        "rss_mb_bench_process": round(peak_rss_mb(), 1),
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
        f"\nmedians of {result['rounds']} rounds; per round: ratio_vs_passthrough "
        f"{result['ratio_vs_passthrough_rounds']}, scaleout_ratio {result['scaleout_ratio_rounds']}"
        f"; fixed-loop CPU ms (the machine's speed) {result['machine_probe_ms']}"
    )
    lines.append(
        f"tickets={result['tickets']} llm_tickets={result['llm_tickets']} "
        f"llm_latency_ms={result['llm_latency_ms']:g} date={result['date']}"
    )
    return "\n".join(lines)
