"""Smoke test of ``tollgate bench``: tiny sizes, every result key present and positive.

It says nothing about speed. The harness runs in a subprocess: it starts its own broker and its
own embedded ClickHouse, and chdb allows one engine per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tollgate.bench import KEYS

pytestmark = pytest.mark.integration


def test_bench_reports_every_key_positive(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOLLGATE_")}
    env["TOLLGATE_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tollgate.bench",
            "--tickets=50",
            "--llm-tickets=10",
            "--llm-latency-ms=20",
            "--sink-rows=1000",
            "--rounds=2",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    for key in KEYS:
        assert isinstance(result[key], int | float), key
        assert result[key] > 0, key
    assert result["p99_ms"] >= result["p50_ms"]
    assert result["passthrough_p99_ms"] >= result["passthrough_p50_ms"] > 0
    assert result["rss_mb_sink_process"] > 0
    # the sink process wrote every stage's interaction event of the measured tickets
    assert result["pipeline_sink_rows"] >= 4 * (50 + result["latency_tickets"])
    # one worker's stages split over two processes (--stage): both processes ran, nothing lost
    assert result["pipeline_tps_split_stages"] > 0
    assert result["p99_ms_split_stages"] >= result["p50_ms_split_stages"] > 0
    assert len(result["rss_mb_split_stages"]) == 2
    assert result["pipeline_sink_rows_split_stages"] >= 4 * (50 + result["latency_tickets"])
    # two rounds in alternating order: the contract keys are medians of the per-round values
    assert result["rounds"] == 2
    for key in ("pipeline_tps", "passthrough_tps", "ratio_vs_passthrough", "scaleout_ratio"):
        per_round = result[f"{key}_rounds"]
        assert len(per_round) == 2, key
        assert min(per_round) <= result[key] <= max(per_round), key
    assert len(result["machine_probe_ms"]) == 2
    assert all(ms > 0 for ms in result["machine_probe_ms"])
    assert result["latency_samples"] == 2 * result["latency_tickets"]
    assert result["tickets"] == 50
    assert result["llm_latency_ms"] == 20
    assert (tmp_path / "bench" / "clickhouse").is_dir()
