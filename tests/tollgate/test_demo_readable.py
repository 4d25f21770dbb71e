"""Issue 19 items 2 and 3: the demo's JSON carries the replies and the reasons, and `tollgate
metrics` afterwards shows the demo's data by default (both as a new user runs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

TOLLGATE = str(Path(sys.executable).with_name("tollgate"))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOLLGATE_")}
    return subprocess.run(
        [TOLLGATE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_demo_json_has_replies_and_metrics_read_the_demo_afterwards(tmp_path: Path) -> None:
    demo = _run(["demo", "--json"], tmp_path)
    assert demo.returncode == 0, demo.stderr[-2000:]
    summary = json.loads(demo.stdout)
    assert {"tickets", "outcomes", "lost", "clickhouse_rows", "metrics"} <= set(summary)
    assert summary["lost"] == 0
    rows = summary["per_ticket"]
    answered = [r for r in rows if r["outcome"] in ("respond", "clarify")]
    humans = [r for r in rows if r["outcome"] in ("escalate", "draft", "dead_letter")]
    assert answered and all(r["reply"] and not r["why_human"] for r in answered)
    assert humans and all(r["why_human"] for r in humans)
    assert all(len(r["text"]) <= 70 for r in rows)
    assert any(r["why_human"].startswith("legal queue: ") for r in rows)

    metrics = _run(["metrics", "--json"], tmp_path)  # no settings: the demo's ClickHouse
    assert metrics.returncode == 0, metrics.stderr[-2000:]
    assert json.loads(metrics.stdout.splitlines()[-1])["tickets"] == summary["tickets"]
