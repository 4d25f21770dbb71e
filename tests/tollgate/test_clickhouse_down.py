"""Issue 17 item 7: a worker starts and processes tickets while ClickHouse is unavailable; its
sink catches up once ClickHouse is back (real broker, a real worker process, embedded chdb)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.review.test_cli_review import cli_env
from tollgate.cli import main
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.embedded.broker import free_port
from tollgate.kafka import ensure_topics

pytestmark = pytest.mark.integration


async def _first(settings: Settings, topic: str, timeout_s: float) -> bytes:
    async with asyncio.timeout(timeout_s):
        async with contextlib.aclosing(follow(settings, [topic])) as stream:
            async for _t, _p, _o, value in stream:
                return value
    raise AssertionError("no message")


def _tickets_counted(web: int) -> int:
    url = f"http://127.0.0.1:{web}/api/metrics?since=1d"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(json.loads(response.read())["tickets"])
    except OSError:
        return -1


def test_stages_run_while_clickhouse_is_down_and_the_sink_catches_up(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    asyncio.run(ensure_topics(settings, [settings.topic_inbound]))
    blocked = tmp_path / "clickhouse"
    blocked.write_text("not a directory: the embedded ClickHouse cannot open here")
    web = free_port()
    env = {
        **cli_env(settings),
        "TOLLGATE_APP_ID": settings.app_id,
        "TOLLGATE_CLICKHOUSE_DSN": f"chdb://{blocked}",
        "TOLLGATE_WEB_PORT": str(web),
        "TOLLGATE_SINK_MAX_BACKOFF_S": "1",
        "TOLLGATE_KAFKA_REBALANCE_TIMEOUT_S": "1",
        "PATH": "/usr/bin:/bin",
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("tollgate")), "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        asyncio.run(publish(settings, [b'{"ticket_id": "CH1", "text": "Hello there!"}']))
        reply = json.loads(asyncio.run(_first(settings, settings.topic_responses, 120)))
        assert reply["ticket_id"] == "CH1"  # processed with ClickHouse unavailable
        assert _tickets_counted(web) != 1
        assert "clickhouse unavailable; stages start" in log.read_text()

        blocked.unlink()  # ClickHouse is back
        deadline = time.monotonic() + 60
        while _tickets_counted(web) != 1:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        cli = CliRunner().invoke(main, ["metrics", "--json"], env=env)  # chdb held: asks it
        assert cli.exit_code == 0 and json.loads(cli.output.splitlines()[-1])["tickets"] == 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
