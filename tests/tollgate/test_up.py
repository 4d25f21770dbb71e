"""Issue 19 items 1, 2 and 4 end to end: `tollgate up` as a new user runs it, the other
commands against it with no extra settings, then the broker killed under it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.cli import main
from tollgate.embedded.broker import free_port

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
GRACE_S = 5.0


def _ready(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())
    except OSError:
        return 0, {}


def _until(check: object, timeout_s: float, what: str) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()  # type: ignore[operator]
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def test_up_serves_the_cli_then_tells_the_truth_when_the_broker_dies(tmp_path: Path) -> None:
    port, web = free_port(), free_port()
    env = {
        "TOLLGATE_DATA_DIR": str(tmp_path / ".tollgate"),
        "TOLLGATE_WEB_PORT": str(web),
        "TOLLGATE_HEALTH_BROKER_TIMEOUT_S": "2",
        "TOLLGATE_SHUTDOWN_GRACE_S": str(GRACE_S),
        "TOLLGATE_KAFKA_REBALANCE_TIMEOUT_S": "1",
        "TOLLGATE_LOG_LEVEL": "warning",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOLLGATE_")}
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("tollgate")), "up", "--port", str(port)],
            env={**clean, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    ready_url = f"http://127.0.0.1:{web}/health/ready"
    try:
        _until(lambda: _ready(ready_url)[0] == 200, 180, "tollgate up to be ready")
        banner = f"Tollgate is up: Kafka at 127.0.0.1:{port}"
        _until(lambda: banner in log.read_text(), 10, "the banner")
        cli_env = env  # no Kafka setting: the commands find `up`'s broker (--port) themselves
        runner = CliRunner()
        tickets = tmp_path / "mine.jsonl"
        tickets.write_text(
            "\n".join(
                json.dumps({"ticket_id": f"U{i}", "text": text})
                for i, text in enumerate(
                    ["Where is my order #A10023?", "Hello there!", "Thanks a lot!"]
                )
            )
        )
        published = runner.invoke(main, ["publish", str(tickets)], env=cli_env)
        assert published.exit_code == 0, published.output

        def replies() -> list[str]:
            tail = ["tail", "tickets.responses", "--idle-timeout", "1"]
            result = runner.invoke(main, tail, env=cli_env)
            return result.output.splitlines() if len(result.output.splitlines()) >= 3 else []

        lines = _until(replies, 120, "three replies")
        assert {json.loads(line)["ticket_id"] for line in lines} == {"U0", "U1", "U2"}  # type: ignore[union-attr]

        def counted() -> dict[str, object] | None:  # the worker holds chdb: asked over HTTP
            result = runner.invoke(main, ["metrics", "--json"], env=cli_env)
            assert result.exit_code == 0, result.output
            numbers: dict[str, object] = json.loads(result.output.splitlines()[-1])
            return numbers if numbers["tickets"] == 3 else None

        _until(counted, 120, "metrics to count three tickets")
        report = runner.invoke(main, ["report", "--html", str(tmp_path / "r.html")], env=cli_env)
        assert report.exit_code == 0, report.output
        assert "<html" in (tmp_path / "r.html").read_text().lower()

        (broker,) = _children(proc.pid)
        os.kill(broker, signal.SIGKILL)
        status = _until(
            lambda: (s := _ready(ready_url))[0] == 503 and s, 45, "readiness to turn false"
        )
        assert "Kafka unreachable" in " ".join(status[1]["problems"])  # type: ignore[index,arg-type]
        before = len(log.read_bytes().splitlines())
        time.sleep(8)
        flood = len(log.read_bytes().splitlines()) - before
        assert flood < 60, log.read_text()[-3000:]  # unthrottled: thousands of lines

        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=GRACE_S + 10) == 0, log.read_text()[-3000:]
        assert (
            time.monotonic() - stopped < GRACE_S + 5
        )  # the grace, plus process exit on a busy box
        assert "Traceback" not in log.read_text()
        after = json.loads((tmp_path / ".tollgate" / "run.json").read_text())
        assert after["pid"] is None and after["clickhouse_url"].endswith("/.tollgate/clickhouse")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
