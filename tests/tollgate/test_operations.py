"""Operations on the real broker: health and Prometheus endpoints, dead-letter replay."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import urllib.request
from collections.abc import Callable

import pytest

from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.deadletter import replay
from tollgate.embedded.broker import free_port
from tollgate.worker import Worker

pytestmark = pytest.mark.integration


async def _count(settings: Settings, topic: str) -> int:
    n = 0
    async with contextlib.aclosing(follow(settings, [topic], idle_timeout_s=1.0)) as stream:
        async for _ in stream:
            n += 1
    return n


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_health_metrics_and_deadletter_replay(make_settings: Callable[..., Settings]) -> None:
    port = free_port()
    settings = make_settings(web_enabled=True, web_port=port)
    base = f"http://127.0.0.1:{port}"

    async def scenario() -> dict[str, object]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services, sink=False):
            await publish(
                settings, [b"not json", b"\xff\xfe", b'{"ticket_id": "ok-1", "text": "hello"}']
            )
            deadline = time.monotonic() + 60
            while await _count(settings, settings.topic_deadletter) < 2:
                assert time.monotonic() < deadline
            live = await asyncio.to_thread(_get, base + "/health/live")
            ready = await asyncio.to_thread(_get, base + "/health/ready")
            deadline = time.monotonic() + 60  # the valid ticket may sit in a later batch
            while not (
                'stage="intent"} 3.0'
                in (metrics := await asyncio.to_thread(_get, base + "/metrics"))[1]
                and "tollgate_outcomes_total{outcome=" in metrics[1]  # a sample, not HELP
            ):
                assert time.monotonic() < deadline, metrics
                await asyncio.sleep(0.2)
            dry = await replay(settings, dry_run=True)
            real = await replay(settings)
            letters = await _count(settings, settings.topic_deadletter)
        return {
            "live": live,
            "ready": ready,
            "metrics": metrics,
            "dry": dry,
            "real": real,
            "letters": letters,
        }

    result = asyncio.run(scenario())
    assert result["live"][0] == 200  # type: ignore[index]
    assert result["ready"][0] == 200  # type: ignore[index]
    status, body = result["metrics"]  # type: ignore[misc]
    assert status == 200
    assert 'tollgate_stage_events_total{stage="intent"} 3.0' in body
    assert 'tollgate_dead_letters_total{stage="intent"} 2.0' in body
    assert 'tollgate_stage_latency_ms_count{stage="intent"} 3.0' in body
    assert 'tollgate_stage_latency_ms_bucket{le="+Inf",stage="intent"} 3.0' in body
    routed = re.findall(r'tollgate_outcomes_total\{outcome="(\w+)"\} (\S+)', body)
    assert [float(n) for _, n in routed] == [1.0]  # the one valid ticket, one outcome
    # malformed input can never succeed: it is counted as not replayable, and not sent again
    assert result["dry"].replayed == 0  # type: ignore[attr-defined]
    assert result["dry"].not_replayable == {"not a valid ticket": 2}  # type: ignore[attr-defined]
    assert result["real"].replayed == 0  # type: ignore[attr-defined]
    assert result["letters"] == 2


def test_sink_only_worker_serves_health_and_sink_metrics(
    make_settings: Callable[..., Settings],
) -> None:
    """``tollgate worker --no-stages`` (the embedded ClickHouse's one sink process beside
    ``--no-sink`` stage workers) still answers health checks and exports the sink's metrics."""
    port = free_port()
    settings = make_settings(web_enabled=True, web_port=port)
    base = f"http://127.0.0.1:{port}"

    async def scenario() -> tuple[tuple[int, str], tuple[int, str]]:
        async with Worker(settings, stages=False) as worker:
            assert worker.pipeline is None and worker.sink is not None
            ready = await asyncio.to_thread(_get, base + "/health/ready")
            metrics = await asyncio.to_thread(_get, base + "/metrics")
        return ready, metrics

    ready, metrics = asyncio.run(scenario())
    assert ready == (200, '{"status": "ready"}') or (ready[0] == 200 and "ready" in ready[1])
    assert metrics[0] == 200
    assert "tollgate_sink_rows_total 0.0" in metrics[1]
    assert "tollgate_stage_events" in metrics[1]  # declared, with no stage samples
    assert 'stage="intent"' not in metrics[1]
