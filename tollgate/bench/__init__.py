"""``tollgate bench``: the pipeline measured against baselines taken in the same run."""

from tollgate.bench.harness import KEYS, TARGETS, BenchConfig, render_table, run_bench

__all__ = ["KEYS", "TARGETS", "BenchConfig", "render_table", "run_bench"]
