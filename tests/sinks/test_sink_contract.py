"""The sink contract on the stages' runner, with in-memory Kafka doubles: a batch is
acknowledged only after the write, backpressure offers the same records again, rejects are
dead-lettered exactly when the batch is written, a broken sink stops without acknowledging."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import pytest
from aiokafka import TopicPartition

from schemas import DeadLetter
from sinks.base import BatchingSink, Rejected, SinkBackpressureError, SinkPump
from streams import runner as runner_module
from streams.pump import source_of
from streams.runner import StageRunner
from tests.streams.fake_kafka import FakeBroker, FakeConsumer, Record, until
from tollgate.config import Settings, load_settings

P0 = TopicPartition("events", 0)


class ListSink(BatchingSink[list[Record]]):
    """Stores good records in a list; ``bad`` records are rejected; scripted write failures."""

    name: ClassVar[str] = "list"

    def __init__(self, failures: Sequence[Exception] = ()) -> None:
        self.failures = list(failures)
        self.stored: list[bytes | None] = []
        self.writes = 0
        self.commits: list[dict[TopicPartition, int]] = []

    def prepare(self, records: Sequence[Any]) -> list[Record]:
        return list(records)

    def rejected(self, batch: list[Record]) -> list[Rejected]:
        bad = [r for r in batch if r.value == b"bad"]
        return [Rejected(r.value, source_of(r), "bad record", "says bad") for r in bad]

    async def write(self, batch: list[Record]) -> None:
        self.writes += 1
        if self.failures:
            raise self.failures.pop(0)
        self.stored += [r.value for r in batch if r.value != b"bad"]

    def committed(self, offsets: Any, error: BaseException | None) -> None:
        self.commits.append(dict(offsets))


@pytest.fixture
def settings() -> Settings:
    return load_settings(batch_size=16, batch_within_s=0.005, commit_interval_s=0.01)


@pytest.fixture
def consumer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeConsumer]:
    fake = FakeConsumer([P0])
    monkeypatch.setattr(runner_module, "AIOKafkaConsumer", fake)
    yield fake


def sink_runner(settings: Settings, sink: ListSink, broker: FakeBroker) -> StageRunner:
    pump = SinkPump(sink, settings=settings, send=broker.send_many)
    return StageRunner(
        name="sink",
        topic="events",
        pump=pump,
        settings=settings,
        group_id="g-sink",
        batch_size=16,
        fill_s=0.02,
        on_commit=sink.committed,
    )


async def until_failed(settings: Settings, sink: ListSink, broker: FakeBroker) -> BaseException:
    """Run the sink until its runner fails; stop it and return the failure."""
    runner = sink_runner(settings, sink, broker)
    await runner.start()
    async with asyncio.timeout(5):
        failure = await runner.failed()
    await runner.stop()
    return failure


def test_backpressure_retries_the_same_batch_and_rejects_are_dead_lettered_once(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [b"a", b"bad", b"b"])
    sink = ListSink([SinkBackpressureError(0.05, "busy"), SinkBackpressureError(0.05, "busy")])
    broker = FakeBroker()

    async def scenario() -> tuple[int, list[Any]]:
        runner = sink_runner(settings, sink, broker)
        await runner.start()
        await until(lambda: sink.writes == 2)
        letters_while_refused = len(broker.acked)
        commits_while_refused = list(consumer.commits)
        await until(lambda: consumer.committed_offsets == {P0: 3})
        await runner.stop()
        return letters_while_refused, commits_while_refused

    letters_while_refused, commits_while_refused = asyncio.run(scenario())
    assert letters_while_refused == 0
    assert commits_while_refused == []
    assert sink.writes == 3
    assert sink.stored == [b"a", b"b"]
    assert consumer.kwargs["group_id"] == "g-sink"
    assert [offset for _tp, offset in consumer.fetched] == [0, 1, 2] * 3  # offered three times
    assert sink.commits[-1] == {P0: 3}
    (letter,) = [DeadLetter.model_validate_json(v) for _t, _k, v in broker.acked]
    assert (letter.sink, letter.stage, letter.reason, letter.error) == (
        "list",
        None,
        "bad record",
        "says bad",
    )
    assert (letter.source_topic, letter.partition, letter.offset) == ("events", 0, 1)
    assert letter.original() == b"bad"
    assert broker.acked[0][0] == settings.topic_deadletter


def test_a_refused_dead_letter_stops_the_runner_without_acknowledging(
    settings: Settings, consumer: FakeConsumer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("streams.pump.PRODUCE_ATTEMPTS", 2)
    monkeypatch.setattr("streams.pump.PRODUCE_FIRST_BACKOFF_S", 0.001)
    consumer.append(P0, [b"a", b"bad"])
    sink = ListSink()
    broker = FakeBroker()
    broker.refuse = -1

    failure = asyncio.run(until_failed(settings, sink, broker))
    assert "broker refused 1 messages" in str(failure)
    assert sink.stored == [b"a"]  # written (idempotent), but
    assert consumer.commits == []  # not acknowledged: it is delivered again after restart


def test_a_write_error_other_than_backpressure_stops_the_runner_without_acknowledging(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [b"a"])
    sink = ListSink([RuntimeError("schema mismatch")])

    failure = asyncio.run(until_failed(settings, sink, FakeBroker()))
    assert str(failure) == "schema mismatch"
    assert sink.writes == 1
    assert consumer.commits == []
