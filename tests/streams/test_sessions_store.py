"""The session store: changelog restore (latest per key, tombstones, idle sessions), bounds,
and the co-partitioning check at start-up."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import cast

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition

from schemas import HistoryEntry, SessionState, utcnow
from streams import sessions as sessions_module
from streams.app import stage_producer
from streams.sessions import SessionStore, bounded, check_copartitioned
from tests.streams.keyword_model import KeywordModel
from tollgate.config import Settings, load_settings
from tollgate.kafka import ensure_topics
from tollgate.testing.sessions import Harness


def _state(session_id: str, partition: int, turns: int = 1, **extra: object) -> SessionState:
    entries = [
        HistoryEntry(
            ticket_id=f"{session_id}-{i}", text="x" * 200, intent="i", outcome="o", at=utcnow()
        )
        for i in range(turns)
    ]
    return SessionState(session_id=session_id, partition=partition, turns=entries, **extra)  # type: ignore[arg-type]


@pytest.mark.integration
def test_a_partition_restores_the_latest_state_per_session_from_its_changelog(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(topic_partitions=2)

    async def scenario() -> tuple[SessionStore, SessionStore]:
        await ensure_topics(settings, [settings.topic_sessions])
        producer = stage_producer(settings)
        await producer.start()
        writer = SessionStore(settings, producer)
        old = utcnow() - timedelta(hours=settings.session_ttl_hours + 1)
        await writer.write(
            [
                (0, "a", _state("a", 0, turns=1)),
                (0, "a", _state("a", 0, turns=2)),  # the later value wins
                (0, "b", _state("b", 0)),
                (0, "b", None),  # a tombstone deletes b
                (0, "idle", _state("idle", 0, updated_at=old)),  # past the TTL: not restored
                (1, "c", _state("c", 1)),  # another partition: not read
            ]
        )
        reader = SessionStore(settings, producer)
        reader.assigned({TopicPartition(settings.topic_constraint, 0)})
        await reader.ensure([0, 1])
        again = SessionStore(settings, producer)  # a partition that moved away is dropped
        again.assigned({TopicPartition(settings.topic_constraint, p) for p in (0, 1)})
        await again.ensure([0, 1])
        again.assigned({TopicPartition(settings.topic_constraint, 1)})
        for store in (reader, again):
            await store.close()
        await producer.stop()
        return reader, again

    reader, again = asyncio.run(scenario())
    assert {s.session_id for s in reader.sessions()} == {"a"}
    assert len(reader.get(0, "a").turns) == 2
    assert [r.partition for r in reader.restores] == [0]
    assert {s.session_id for s in again.sessions()} == {"c"}


@pytest.mark.integration
def test_session_topics_with_different_partition_counts_stop_the_worker_with_one_line(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(topic_partitions=4)

    async def scenario() -> None:
        await ensure_topics(settings, [settings.topic_feedback])
        other = settings.model_copy(update={"topic_partitions": 2})
        await ensure_topics(other, [settings.topic_sessions])
        rest = ("topic_inbound", "topic_intent", "topic_constraint", "topic_decision")
        await ensure_topics(settings, [getattr(settings, name) for name in rest])
        producer = stage_producer(settings)
        await producer.start()
        try:
            await check_copartitioned(producer, settings)
        finally:
            await producer.stop()

    with pytest.raises(SystemExit) as stopped:
        asyncio.run(scenario())
    message = str(stopped.value)
    assert "\n" not in message and f"{settings.topic_sessions}=2" in message
    assert f"{settings.topic_feedback}=4" in message


def test_one_session_is_cut_to_its_byte_cap_oldest_first() -> None:
    processed = {f"T{i}": f"0:{i}" for i in range(2000)}
    state = _state("s", 0, turns=10, processed=processed)
    cut = bounded(state, 8192)
    assert len(cut.model_dump_json()) <= 8192
    assert "T1999" in cut.processed and "T0" not in cut.processed


def test_the_cap_takes_turns_before_the_ids_that_recognise_a_decided_ticket() -> None:
    """A state over its cap loses history first; the processed ids (what tells a re-produced
    copy of a decided ticket from a new one) go last. Found by the SIGKILL test inside the full
    suite: with the outbox filling the state they went first, and copies were decided again."""
    processed = {f"T{i}": f"0:{i}" for i in range(40)}
    state = _state("s", 0, turns=30, processed=processed)
    without_history = state.model_copy(update={"turns": state.turns[-1:]})
    cap = len(without_history.model_dump_json()) + 50
    cut = bounded(state, cap)
    assert len(cut.model_dump_json()) <= cap
    assert cut.processed == processed
    assert len(cut.turns) < len(state.turns)


def test_the_worker_cap_drops_the_least_recently_active_never_a_draft_holder() -> None:
    settings = load_settings(state_max_sessions=2)
    store = SessionStore(settings, cast(AIOKafkaProducer, None))
    harness = Harness(load_settings(), KeywordModel())
    harness.say("D", "D1", "refund 30 for order #10000001")
    with_draft = harness.state("D")
    assert with_draft.drafts
    store.apply([(0, "D", with_draft.model_copy(update={"partition": 0}))])
    evicted = store.apply([(0, "x", _state("x", 0)), (0, "y", _state("y", 0))])
    assert evicted == [(0, "x", None)]
    assert {s.session_id for s in store.sessions()} == {"D", "y"}
    later = utcnow() + timedelta(hours=settings.session_ttl_hours + 1)
    assert store.idle(later) == [(0, "y", None)]  # the draft holder waits for its review


class _StaleEndConsumer:
    """A changelog partition whose broker reports an end offset behind what it serves (Tansu
    did: ``end_offsets`` said 7 while a fetch returned 20 records), one record per fetch."""

    def __init__(self, values: list[bytes]) -> None:
        self.values = values
        self.at = 0

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def assign(self, tps: list[TopicPartition]) -> None: ...

    async def beginning_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return dict.fromkeys(tps, 0)

    async def end_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return dict.fromkeys(tps, 1)

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.at = offset

    async def position(self, tp: TopicPartition) -> int:
        return self.at

    async def getmany(self, tp: TopicPartition, **_: object) -> dict[TopicPartition, list[object]]:
        if self.at >= len(self.values):
            return {}
        record = type("Record", (), {"key": b"a", "value": self.values[self.at]})()
        self.at += 1
        return {tp: [record]}


def test_a_restore_reads_what_the_broker_serves_past_the_end_it_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A restore that stopped at the reported end took a session's older state: the SIGKILL
    test's new owner then decided copies of decided tickets again (a legal-owned session back
    with the agent)."""
    values = [_state("a", 0, turns=n).model_dump_json().encode() for n in (1, 2, 3)]
    fake = _StaleEndConsumer(values)
    monkeypatch.setattr(sessions_module, "AIOKafkaConsumer", lambda **_: fake)
    settings = load_settings(topic_partitions=1)
    store = SessionStore(settings, cast(AIOKafkaProducer, None))
    store.assigned({TopicPartition(settings.topic_constraint, 0)})
    asyncio.run(store.ensure([0]))
    assert len(store.get(0, "a").turns) == 3
    assert store.restores[0].records == 3
