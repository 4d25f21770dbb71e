"""How the bench folds its rounds into one report: medians of within-round ratios, pooled
latency samples, and the worst of each process's peaks."""

from __future__ import annotations

from collections.abc import Sequence

from tollgate.bench.cpu import probe_cpu_ms
from tollgate.bench.harness import Round, _rounds_summary
from tollgate.bench.pipeline import PipelineRun


def _run(tps: float, latencies: Sequence[float] = (), rss: Sequence[float] = ()) -> PipelineRun:
    return PipelineRun(
        tps,
        latencies_ms=list(latencies),
        latency_rate=tps / 2,
        peak_rss_mb=list(rss),
        sink_rows=40,
    )


def _round(passthrough: float, one: float, two: float, latencies: list[float]) -> Round:
    return Round(
        probe_ms=50.0,
        passthrough=passthrough,
        one=_run(one, latencies, rss=[one / 10]),
        two=_run(two, rss=[200.0, two / 10]),
        split=_run(one * 1.5, latencies, rss=[80.0, 90.0]),
        raw_latencies=[v / 2 for v in latencies],
    )


def test_ratios_are_taken_within_each_round_then_the_median() -> None:
    # round 2 ran on a slow stretch of the machine: every figure of it is halved
    rounds = [
        _round(4000, 1000, 1800, [10.0] * 99 + [50.0]),
        _round(2000, 500, 900, [20.0] * 99 + [90.0]),
        _round(4400, 1100, 1650, [12.0] * 100),
    ]
    summary = _rounds_summary(rounds)

    assert summary["rounds"] == 3
    assert summary["pipeline_tps_rounds"] == [1000, 500, 1100]
    assert summary["pipeline_tps"] == 1000
    assert summary["passthrough_tps"] == 4000
    # each round's ratio is 0.25: the slow round does not skew it, as a ratio of medians would
    assert summary["ratio_vs_passthrough_rounds"] == [0.25, 0.25, 0.25]
    assert summary["ratio_vs_passthrough"] == 0.25
    assert summary["scaleout_ratio_rounds"] == [1.8, 1.8, 1.5]
    assert summary["scaleout_ratio"] == 1.8


def test_latency_percentiles_pool_every_rounds_samples() -> None:
    # the second round's tail (10 of its 100 tickets at 90 ms) is 5 % of all 200 samples
    rounds = [
        _round(4000, 1000, 1800, [10.0] * 100),
        _round(4000, 1000, 1800, [10.0] * 90 + [90.0] * 10),
    ]
    summary = _rounds_summary(rounds)

    assert summary["latency_tickets"] == 100
    assert summary["latency_samples"] == 200
    assert summary["p50_ms"] == 10.0
    assert summary["p99_ms"] == 90.0
    assert summary["passthrough_p99_ms"] == 45.0
    assert summary["p99_vs_passthrough"] == 2.0


def test_peaks_are_the_worst_round_per_process() -> None:
    rounds = [_round(4000, 1000, 1800, [10.0]), _round(4000, 1200, 1500, [10.0])]
    summary = _rounds_summary(rounds)

    assert summary["rss_mb"] == 120.0
    assert summary["rss_mb_2_workers"] == [200.0, 180.0]
    assert summary["rss_mb_split_stages"] == [80.0, 90.0]
    assert summary["pipeline_sink_rows"] == 40


def test_the_machine_probe_measures_cpu_time() -> None:
    assert probe_cpu_ms(loops=200_000) > 0
    assert probe_cpu_ms(loops=2_000_000) > probe_cpu_ms(loops=20_000)
