"""The acknowledgement rules of ``Pump`` and ``StageRunner``, on in-memory Kafka doubles.

Modelled on FastStream's ack-policy tests: each rule is one scenario, and what is asserted is
what reached the broker (acked outputs, commits), never the code path taken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator, Sequence
from typing import Any, TypeVar

import pytest
from aiokafka import TopicPartition

from schemas import DeadLetter, InteractionEvent, Stage, Ticket
from streams import pump as pump_module
from streams import runner as runner_module
from streams.pump import Item, Out, ProduceFailed, Pump
from streams.runner import Backpressure, StageRunner
from tests.streams.fake_kafka import FakeBroker, FakeConsumer, Record, until
from tollgate.config import Settings, load_settings

T = TypeVar("T")
TOPIC = "in"
P0, P1 = TopicPartition(TOPIC, 0), TopicPartition(TOPIC, 1)


@pytest.fixture
def settings() -> Settings:
    return load_settings(
        batch_size=8, batch_within_s=0.005, commit_interval_s=0.01, stage_max_attempts=3
    )


@pytest.fixture(autouse=True)
def _fast_produce_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pump_module, "PRODUCE_ATTEMPTS", 3)
    monkeypatch.setattr(pump_module, "PRODUCE_FIRST_BACKOFF_S", 0.001)


def ticket(ticket_id: str, text: str = "where is my order") -> bytes:
    return Ticket(ticket_id=ticket_id, text=text).model_dump_json().encode()


def records(values: Sequence[bytes | None], tp: TopicPartition = P0) -> list[Record]:
    return [Record(tp.topic, tp.partition, i, v) for i, v in enumerate(values)]


class Handler:
    """A stage: two outputs per ticket; raises on every batch holding a ticket named poison."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    async def __call__(self, items: Sequence[Item[Ticket]]) -> list[list[Out]]:
        ids = [item.value.ticket_id for item in items]
        self.calls.append(ids)
        if "poison" in ids:
            raise RuntimeError("cannot handle poison")
        return [
            [Out("next", item.value.ticket_id, item.value), Out("events", "e", item.value)]
            for item in items
        ]


def make_pump(settings: Settings, broker: FakeBroker, handler: Handler) -> Pump[Ticket]:
    return Pump(
        stage=Stage.INTENT, settings=settings, model=Ticket, handle=handler, send=broker.send_many
    )


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


# -- Pump --------------------------------------------------------------------------------------


def test_pump_returns_only_after_every_output_of_every_record_is_acknowledged(
    settings: Settings,
) -> None:
    async def scenario() -> tuple[bool, int, list[str]]:
        broker = FakeBroker()
        broker.gate.clear()
        pump = make_pump(settings, broker, Handler())
        task = asyncio.create_task(pump.run(records([ticket("a"), ticket("b"), ticket("c")])))
        await until(lambda: broker.calls == 1)
        await asyncio.sleep(0.05)
        returned_before_ack = task.done()
        processed_before_ack = pump.processed
        broker.gate.set()
        await task
        return returned_before_ack, processed_before_ack, broker.topics()

    returned_before_ack, processed_before_ack, topics = run(scenario())
    assert not returned_before_ack
    assert processed_before_ack == 0
    assert sorted(topics) == ["events"] * 3 + ["next"] * 3


def test_a_failing_record_is_retried_then_isolated_and_dead_lettered_alone(
    settings: Settings,
) -> None:
    handler = Handler()
    broker = FakeBroker()
    raw_poison = ticket("poison")
    pump = make_pump(settings, broker, handler)
    run(pump.run(records([ticket("a"), raw_poison, ticket("b")])))

    # the whole batch three times (stage_max_attempts), then one record at a time
    assert handler.calls == [["a", "poison", "b"]] * 3 + [["a"], ["poison"], ["b"]]
    by_topic: dict[str, list[Any]] = {}
    for topic, key, value in broker.acked:
        by_topic.setdefault(topic, []).append((key, value))
    assert [k for k, _ in by_topic["next"]] == [b"a", b"b"]
    letters = [DeadLetter.model_validate_json(v) for _, v in by_topic[settings.topic_deadletter]]
    assert len(letters) == 1
    letter = letters[0]
    assert letter.ticket_id == "poison"
    assert letter.stage is Stage.INTENT and letter.sink is None
    assert letter.reason == "intent stage failed after 3 attempts"
    assert "cannot handle poison" in letter.error
    assert (letter.source_topic, letter.partition, letter.offset) == (TOPIC, 0, 1)
    assert letter.original() == raw_poison
    events = [
        InteractionEvent.model_validate_json(v) for _, v in by_topic[settings.topic_interactions]
    ]
    assert [(e.ticket_id, e.outcome) for e in events] == [("poison", "dead_letter")]
    assert pump.dead_lettered == 1
    assert pump.processed == 3


def test_a_malformed_record_is_dead_lettered_and_the_others_processed(
    settings: Settings,
) -> None:
    handler = Handler()
    broker = FakeBroker()
    pump = make_pump(settings, broker, handler)
    run(pump.run(records([ticket("a"), b"not json", None])))

    assert handler.calls == [["a"]]
    letters = [
        DeadLetter.model_validate_json(v)
        for topic, _k, v in broker.acked
        if topic == settings.topic_deadletter
    ]
    assert [(d.offset, d.reason, d.original()) for d in letters] == [
        (1, "invalid message", b"not json"),
        (2, "invalid message", b""),
    ]


def test_a_produce_failure_that_recovers_acknowledges_each_output_once(
    settings: Settings,
) -> None:
    broker = FakeBroker()
    broker.refuse = 2
    pump = make_pump(settings, broker, Handler())
    run(pump.run(records([ticket("a"), ticket("b")])))
    assert broker.calls == 3
    assert sorted(broker.topics()) == ["events", "events", "next", "next"]
    assert pump.processed == 2


def test_a_produce_failure_that_does_not_recover_raises_and_counts_nothing(
    settings: Settings,
) -> None:
    broker = FakeBroker()
    broker.refuse = -1
    pump = make_pump(settings, broker, Handler())
    with pytest.raises(ProduceFailed, match="refused 4 messages"):
        run(pump.run(records([ticket("a"), ticket("b")])))
    assert broker.calls == pump_module.PRODUCE_ATTEMPTS
    assert broker.acked == []
    assert pump.processed == 0


def test_a_produce_refused_inside_a_handler_is_not_retried_nor_dead_lettered(
    settings: Settings,
) -> None:
    """A stateful stage produces inside its handler (the session changelog): when the broker
    refuses that for good, the batch is neither retried nor turned into dead letters."""
    broker = FakeBroker()
    calls: list[list[str]] = []

    async def handler(items: Sequence[Item[Ticket]]) -> list[list[Out]]:
        calls.append([item.value.ticket_id for item in items])
        raise ProduceFailed("changelog refused")

    pump = Pump(
        stage=Stage.INTENT, settings=settings, model=Ticket, handle=handler, send=broker.send_many
    )
    with pytest.raises(ProduceFailed, match="changelog refused"):
        run(pump.run(records([ticket("a"), ticket("b")])))
    assert calls == [["a", "b"]]
    assert broker.acked == []
    assert pump.dead_lettered == 0 and pump.processed == 0


# -- StageRunner -------------------------------------------------------------------------------


@pytest.fixture
def consumer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeConsumer]:
    fake = FakeConsumer([P0, P1])
    monkeypatch.setattr(runner_module, "AIOKafkaConsumer", fake)
    yield fake


def make_runner(settings: Settings, processor: Any) -> StageRunner:
    return StageRunner(name="intent", topic=TOPIC, pump=processor, settings=settings)


def test_offsets_are_committed_only_after_every_output_is_acknowledged(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [ticket(f"a{i}") for i in range(3)])
    consumer.append(P1, [ticket(f"b{i}") for i in range(2)])

    async def scenario() -> tuple[list[dict[TopicPartition, int]], dict[TopicPartition, int]]:
        broker = FakeBroker()
        broker.gate.clear()
        runner = make_runner(settings, make_pump(settings, broker, Handler()))
        await runner.start()
        await until(lambda: broker.calls == 1)
        await asyncio.sleep(0.1)  # ten commit intervals
        before = list(consumer.commits)
        broker.gate.set()
        await until(lambda: consumer.committed_offsets == {P0: 3, P1: 2})
        await runner.stop()
        return before, consumer.committed_offsets

    before, after = run(scenario())
    assert before == []
    assert after == {P0: 3, P1: 2}
    assert consumer.kwargs["enable_auto_commit"] is False
    assert consumer.stopped


def test_revoke_waits_for_the_batch_in_flight_and_commits_it(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [ticket(f"a{i}") for i in range(3)])
    consumer.append(P1, [ticket(f"b{i}") for i in range(2)])

    async def scenario() -> tuple[bool, dict[TopicPartition, int], int]:
        broker = FakeBroker()
        broker.gate.clear()
        runner = make_runner(settings, make_pump(settings, broker, Handler()))
        await runner.start()
        await until(lambda: broker.calls == 1)
        revoke = asyncio.create_task(consumer.revoke({P0}))
        await asyncio.sleep(0.05)
        waited = not revoke.done()
        broker.gate.set()
        await revoke
        committed = dict(consumer.committed_offsets)
        consumer.append(P0, [ticket("a3")])  # no longer ours: not fetched, not committed
        consumer.append(P1, [ticket("b2")])
        await until(lambda: consumer.committed_offsets.get(P1) == 3)
        await runner.stop()
        return waited, committed, consumer.committed_offsets[P0]

    waited, at_revoke, p0_at_stop = run(scenario())
    assert waited  # the rebalance did not take the partition from under the batch
    assert at_revoke[P0] == 3  # the batch's records of the revoked partition were committed
    assert p0_at_stop == 3


Reported = list[tuple[dict[TopicPartition, int], BaseException | None]]


def reporting_runner(settings: Settings, reported: Reported) -> StageRunner:
    """A decision runner whose ``on_commit`` calls land in ``reported``."""
    return StageRunner(
        name="decision",
        topic=TOPIC,
        pump=make_pump(settings, FakeBroker(), Handler()),
        settings=settings,
        on_commit=lambda offsets, error: reported.append((dict(offsets), error)),
    )


def test_an_assignment_reports_the_offsets_an_earlier_owner_committed(
    settings: Settings, consumer: FakeConsumer
) -> None:
    """The decision stage retires its outbox behind committed offsets: a new owner learns the
    group's committed offsets at assignment, not only from its own later commits."""
    consumer.committed_offsets.update({P0: 3})  # committed by the partition's last owner
    consumer.append(P0, [ticket(f"a{i}") for i in range(3)])
    consumer.append(P1, [ticket("b0")])
    reported: Reported = []

    async def scenario() -> None:
        runner = reporting_runner(settings, reported)
        await runner.start()
        await until(lambda: len(reported) >= 2)
        await runner.stop()

    run(scenario())
    assert reported[0] == ({P0: 3}, None)  # P1: nothing committed yet, nothing reported
    assert ({P1: 1}, None) in reported  # then this runner's own commit


def test_read_committed_reports_the_group_s_offsets_of_owned_partitions_read_now(
    settings: Settings, consumer: FakeConsumer
) -> None:
    """A reader waiting for a commit it may have missed (the session sweep) asks again: the
    group's committed offsets as they are now, for the partitions asked for that it owns."""
    consumer.append(P0, [])
    reported: Reported = []

    async def scenario() -> None:
        runner = reporting_runner(settings, reported)
        await runner.start()
        await asyncio.sleep(0.05)
        assert reported == []  # nothing committed at assignment
        consumer.committed_offsets[P0] = 7  # committed where this runner did not see it
        await runner.read_committed({(TOPIC, 0), ("elsewhere", 0)})
        await runner.stop()

    run(scenario())
    assert reported == [({P0: 7}, None)]


def test_a_produce_failure_stops_the_runner_without_committing_the_batch(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [ticket("a0"), ticket("a1")])

    async def scenario() -> tuple[BaseException, dict[TopicPartition, int], int]:
        broker = FakeBroker()
        runner = make_runner(settings, make_pump(settings, broker, Handler()))
        await runner.start()
        await until(lambda: consumer.committed_offsets == {P0: 2})
        broker.refuse = -1
        consumer.append(P0, [ticket("a2"), ticket("a3")])
        async with asyncio.timeout(5):
            failure = await runner.failed()
        fetched = len(consumer.fetched)
        await runner.stop()
        return failure, consumer.committed_offsets, fetched

    failure, committed, fetched = run(scenario())
    assert isinstance(failure, ProduceFailed)
    assert committed == {P0: 2}  # the refused batch (offsets 2, 3) stays unacknowledged
    assert fetched == 4  # and the loop fetched nothing after it


def test_backpressure_pauses_then_offers_the_same_records_again(
    settings: Settings, consumer: FakeConsumer
) -> None:
    consumer.append(P0, [b"r0", b"r1"])
    consumer.append(P1, [b"s0"])
    seen: list[list[tuple[int, int]]] = []
    paused_while_waiting: list[set[TopicPartition]] = []

    class Flaky:
        failure = None

        async def run(self, batch: Sequence[Record]) -> None:
            seen.append([(r.partition, r.offset) for r in batch])
            if len(seen) == 1:
                raise Backpressure(0.1, "destination busy")

    async def scenario() -> list[dict[TopicPartition, int]]:
        runner = make_runner(settings, Flaky())
        await runner.start()
        await until(lambda: len(seen) == 1)
        await asyncio.sleep(0.05)
        paused_while_waiting.append(consumer.paused())
        commits_while_paused = list(consumer.commits)
        await until(lambda: consumer.committed_offsets == {P0: 2, P1: 1})
        await runner.stop()
        return commits_while_paused

    commits_while_paused = run(scenario())
    assert commits_while_paused == []
    assert paused_while_waiting == [{P0, P1}]
    assert seen == [[(0, 0), (0, 1), (1, 0)]] * 2
    assert consumer.paused() == set()


def test_a_batch_unacknowledged_when_the_grace_period_ends_is_not_committed(
    consumer: FakeConsumer,
) -> None:
    settings = load_settings(batch_size=8, batch_within_s=0.005, shutdown_grace_s=0.1)
    consumer.append(P0, [ticket("a0"), ticket("a1")])

    async def scenario() -> list[dict[TopicPartition, int]]:
        broker = FakeBroker()
        broker.gate.clear()  # the broker never acknowledges
        runner = make_runner(settings, make_pump(settings, broker, Handler()))
        await runner.start()
        await until(lambda: broker.calls == 1)
        await runner.stop()
        return consumer.commits

    assert run(scenario()) == []
    assert consumer.stopped


def test_a_produce_refused_outside_a_batch_stops_the_runner(
    settings: Settings, consumer: FakeConsumer
) -> None:
    """E.g. the draft-SLA timer's escalations: the drafts were taken out of memory, so the
    worker must stop (and rebuild them from Kafka on restart) rather than run on without them."""

    async def scenario() -> tuple[BaseException, bool]:
        broker = FakeBroker()
        pump = make_pump(settings, broker, Handler())
        runner = make_runner(settings, pump)
        await runner.start()
        broker.refuse = -1
        with pytest.raises(ProduceFailed):
            await pump.produce([Out("escalations", "t1", Ticket(ticket_id="t1", text="x"))])
        async with asyncio.timeout(5):
            failure = await runner.failed()
        assert runner._task is not None
        loop_ended = runner._task.done()
        await runner.stop()
        return failure, loop_ended

    failure, loop_ended = run(scenario())
    assert isinstance(failure, ProduceFailed)
    assert loop_ended
