"""Nothing lost: SIGKILL mid-stream three times, and a rebalance between two workers, with
N >= 2,000 tickets. Duplicates may reach terminal topics (at-least-once) but always the same
terminal place for a ticket, and ClickHouse numbers do not move on re-delivery."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.demo import sample_tickets
from tollgate.testing.worker_process import WorkerProcess
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

N = 2000
COUNT_FINAL = "SELECT count() FROM agent_interactions FINAL WHERE ticket_id LIKE {p:String}"
MALFORMED = [b"not json", b"\xff\xfe", b'{"ticket_id": "x"}', b"[]"] * 5


def _messages(prefix: str) -> list[bytes]:
    samples = [json.loads(line) for line in sample_tickets()]
    out = []
    for i in range(N):
        ticket = dict(samples[i % len(samples)])
        ticket.update(ticket_id=f"{prefix}-{i}", session_id=f"{prefix}-s{i % 97}")
        out.append(json.dumps(ticket).encode())
    return out + MALFORMED


async def _watch(settings: Settings, tracker: TerminalTracker, stop: asyncio.Event) -> None:
    async with contextlib.aclosing(follow(settings, settings.terminal_topics)) as stream:
        async for topic, _p, _o, value in stream:
            tracker.observe(topic, value)
            if stop.is_set():
                return


async def _until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


async def _trace(settings: Settings, keys: list[str]) -> dict[str, list[str]]:
    """For lost tickets: every topic where they appear (to see the stage that dropped them)."""
    topics = [
        settings.topic_inbound,
        settings.topic_intent,
        settings.topic_constraint,
        settings.topic_decision,
        settings.topic_interactions,
    ]
    seen: dict[str, list[str]] = {k: [] for k in keys[:10]}
    async with contextlib.aclosing(follow(settings, topics, idle_timeout_s=2)) as stream:
        async for topic, partition, offset, value in stream:
            for key in seen:
                if f'"{key}"'.encode() in value:
                    seen[key].append(f"{topic}@{partition}:{offset}")
    return seen


def _settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(
        intent_model_class="tests.streams.keyword_model:KeywordModel",
        batch_size=50,
        topic_partitions=4,
    )


def test_sigkill_three_times_loses_nothing(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = _settings(make_settings)

    async def scenario() -> tuple[TerminalTracker, int, int, int]:
        async with Worker(settings, stages=False, sink=True) as sink_worker:
            published = await publish(settings, _messages(settings.app_id))
            tracker = TerminalTracker(settings, published)
            stop = asyncio.Event()
            watcher = asyncio.create_task(_watch(settings, tracker, stop))
            # one log per worker, at info (its session restores): a failure keeps each one's
            worker = WorkerProcess(settings, tmp_path / "worker0.log", log_level="info").start()
            try:
                for kill in range(3):
                    target = (kill + 1) * len(published) // 5
                    assert await _until(lambda t=target: tracker.terminal >= t, 240), (
                        f"no progress before kill {kill + 1}: {tracker.terminal}"
                    )
                    worker.kill()
                    log = tmp_path / f"worker{kill + 1}.log"
                    worker = WorkerProcess(settings, log, log_level="info").start()
                assert await _until(lambda: tracker.done, 300), f"lost {tracker.lost}"
                await asyncio.sleep(3)  # let re-deliveries, if any, arrive
            finally:
                worker.terminate()
                stop.set()
                watcher.cancel()
            assert sink_worker.sink is not None
            store = sink_worker.sink.store
            like = {"p": settings.app_id + "-%"}
            expected = 4 * N
            await _until(
                lambda: (
                    store.query(
                        COUNT_FINAL,
                        like,
                    )[0][0]
                    >= expected
                ),
                120,
            )
            final = store.query(COUNT_FINAL, like)[0][0]
            raw = store.query(
                "SELECT count() FROM agent_interactions WHERE ticket_id LIKE {p:String}", like
            )[0][0]
            tickets = store.query(
                "SELECT count() FROM ticket_outcomes WHERE ticket_id LIKE {p:String}", like
            )[0][0]
            return tracker, int(final), int(raw), int(tickets)

    tracker, final, raw, tickets = asyncio.run(scenario())
    assert tracker.lost == 0
    assert tracker.conflicting == [], {  # a re-delivered ticket lands in the same place
        key: [(x.topic, x.outcome, x.payload.get("triggers")) for x in tracker.landings[key]]
        for key in tracker.conflicting
    }
    assert final == 4 * N  # one row per ticket and stage, however often it was delivered
    assert tickets == N
    print(
        f"duplicates in terminal topics: {tracker.duplicates}; "
        f"raw rows {raw} vs deduplicated {final}"
    )


def test_rebalance_between_two_workers_loses_nothing(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = _settings(make_settings)

    async def scenario() -> TerminalTracker:
        published = await publish(settings, _messages(settings.app_id))
        tracker = TerminalTracker(settings, published)
        stop = asyncio.Event()
        watcher = asyncio.create_task(_watch(settings, tracker, stop))
        first = WorkerProcess(settings, tmp_path / "w1.log").start()
        second: WorkerProcess | None = None
        try:
            assert await _until(lambda: tracker.terminal >= len(published) // 5, 240)
            second = WorkerProcess(settings, tmp_path / "w2.log").start()  # rebalance: join
            assert await _until(lambda: tracker.terminal >= len(published) // 2, 240)
            first.terminate()  # rebalance: leave, while traffic flows
            if not await _until(lambda: tracker.done, 120):
                where = await _trace(settings, tracker.missing())
                raise AssertionError(f"lost {tracker.lost}: {where}")
        finally:
            first.terminate()
            if second:
                second.terminate()
            stop.set()
            watcher.cancel()
        return tracker

    tracker = asyncio.run(scenario())
    assert tracker.lost == 0
    assert tracker.conflicting == []
