"""Issue 19 item 5: `tollgate worker` with no reachable broker fails in one line (exit ≠ 0, no
traceback, none of the Kafka client's log lines before it); `--debug` shows the traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tollgate.embedded.broker import free_port

pytestmark = pytest.mark.integration

TOLLGATE = str(Path(sys.executable).with_name("tollgate"))


def _worker(args: list[str], tmp_path: Path, kafka: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOLLGATE_")}
    env["TOLLGATE_KAFKA_BOOTSTRAP_SERVERS"] = kafka
    env["TOLLGATE_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [TOLLGATE, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


def test_worker_without_a_broker_fails_in_one_line(tmp_path: Path) -> None:
    kafka = f"127.0.0.1:{free_port()}"  # nothing listens there
    result = _worker(["worker"], tmp_path, kafka)  # as a new user types it
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot reach Kafka at {kafka} "
        "(start a local stack with `tollgate up`, or set TOLLGATE_KAFKA_BOOTSTRAP_SERVERS)"
    ]

    debug = _worker(["--debug", "worker", "--no-sink"], tmp_path, kafka)
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "KafkaConnectionError" in debug.stderr
