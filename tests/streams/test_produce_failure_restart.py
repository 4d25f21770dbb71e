"""End to end on the embedded broker: the broker refuses a stage's outputs for good, the
worker stops in order with a failure exit code and without committing the refused batch; a
worker started afterwards delivers every ticket to exactly one terminal place."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaConnectionError
from click.testing import CliRunner

from schemas import Stage, Ticket
from streams import pump as pump_module
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate import worker as worker_module
from tollgate.cli import main
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.kafka import client_kwargs
from tollgate.tracking import TerminalTracker, track_landings
from tollgate.worker import EXIT_FAILED, Worker, run_forever

pytestmark = pytest.mark.integration

TEXTS = ("where is my order #A10023", "I forgot my password", "hello there")


async def _committed(settings: Settings, group: str, topic: str) -> int:
    """Offsets committed by ``group`` on ``topic``, summed over its partitions."""
    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=group)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
        return sum([await consumer.committed(tp) or 0 for tp in parts])
    finally:
        await consumer.stop()


async def _wait_committed(settings: Settings, count: int) -> int:
    group = f"{settings.app_id}.intent"
    async with asyncio.timeout(30):
        while (n := await _committed(settings, group, settings.topic_inbound)) < count:
            await asyncio.sleep(0.1)
    return n


def test_a_refused_produce_stops_the_worker_in_order_and_loses_nothing(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pump_module, "PRODUCE_ATTEMPTS", 2)
    monkeypatch.setattr(worker_module, "tune_gc", lambda _settings: None)  # process-wide
    settings = make_settings(batch_size=8)
    prefix = settings.app_id
    first = [
        Ticket(ticket_id=f"{prefix}-{i}", session_id=f"{prefix}-s{i}", text=TEXTS[i % 3])
        for i in range(12)
    ]
    later = [
        Ticket(ticket_id=f"{prefix}-{i}", session_id=f"{prefix}-s{i}", text=TEXTS[i % 3])
        for i in range(12, 40)
    ]

    async def scenario() -> dict[str, object]:
        services = build_services(settings, intent_model=KeywordModel())
        worker = Worker(settings, services=services, sink=False)
        run = asyncio.create_task(run_forever(worker))
        async with asyncio.timeout(60):
            while not worker.ready:
                await asyncio.sleep(0.05)
        assert worker.pipeline is not None
        intent = worker.pipeline.pumps[Stage.INTENT]
        real_send = intent.send
        refusing = False

        async def send(messages: Sequence[tuple[str, bytes | None, bytes]]) -> None:
            if refusing:
                raise KafkaConnectionError("broker refuses the intent stage's outputs")
            await real_send(messages)

        intent.send = send
        published = await publish(settings, [t.model_dump_json().encode() for t in first])
        async with asyncio.timeout(60):  # the first tickets go all the way through
            while intent.processed < len(first):
                await asyncio.sleep(0.05)
        committed_before = await _wait_committed(settings, len(first))
        refusing = True
        published += await publish(settings, [t.model_dump_json().encode() for t in later])
        async with asyncio.timeout(60):
            code = await run
        committed_after = await _committed(
            settings, f"{settings.app_id}.intent", settings.topic_inbound
        )

        # a worker started afterwards finishes the job
        tracker = TerminalTracker(settings, published)
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services, sink=False):
            await track_landings(tracker)
        return {
            "code": code,
            "committed_before": committed_before,
            "committed_after": committed_after,
            "lost": tracker.lost,
            "duplicates": tracker.duplicates,
            "conflicting": tracker.conflicting,
            "landed": len(tracker.landings),
        }

    result = asyncio.run(scenario())
    assert result["code"] == EXIT_FAILED
    assert result["committed_before"] == 12
    assert result["committed_after"] == 12  # the refused batch was not acknowledged
    assert result["lost"] == 0
    assert result["duplicates"] == 0
    assert result["conflicting"] == []
    assert result["landed"] == 40


def test_tollgate_worker_exits_with_the_code_run_forever_returns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def failed_run(_worker: object) -> int:
        return EXIT_FAILED

    monkeypatch.setattr(worker_module, "Worker", lambda *_a, **_k: object())
    monkeypatch.setattr(worker_module, "run_forever", failed_run)
    result = CliRunner().invoke(main, ["worker", "--no-sink"])
    assert result.exit_code == EXIT_FAILED, result.output
