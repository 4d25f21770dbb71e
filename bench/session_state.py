"""Session state: bytes per session and restore time per changelog partition.

    .venv/bin/python bench/session_state.py [--sessions 500] [--copies 40] [--partitions 4]

Runs ``--sessions`` three-turn conversations (clarify → answer → follow-up "cancel it") through
the real decision stage with its sessions (in process, the keyword test model), takes the
session states they leave, writes ``--copies`` renamed copies of each to the changelog topic of
an embedded broker (``--partitions`` partitions), then restores every partition the way a
worker does on assignment and reports the time per partition and the bytes per session.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import cast

from aiokafka import AIOKafkaProducer, TopicPartition

from schemas import SessionState
from streams.session_stage import partition_of
from streams.sessions import SessionStore
from tests.streams.keyword_model import KeywordModel
from tollgate.bench.sessions import session_cost
from tollgate.config import load_settings, prefixed_topics
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.kafka import client_kwargs, ensure_topics
from tollgate.testing.sessions import Harness

TURNS = ("Where is my order?", "It's 10000001", "Can I cancel it?")


def conversations(n: int) -> list[SessionState]:
    harness = Harness(load_settings(topic_partitions=4), KeywordModel())
    for turn, text in enumerate(TURNS):
        harness.batch([(f"s{i}", f"s{i}-t{turn}", text) for i in range(n)])
    return [harness.state(f"s{i}") for i in range(n)]


async def measure(states: list[SessionState], copies: int, partitions: int, broker: str) -> None:
    settings = load_settings(
        kafka_bootstrap_servers=broker,
        topic_partitions=partitions,
        **prefixed_topics("bench"),
    )
    await ensure_topics(settings, [settings.topic_sessions])
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=5, acks="all")
    await producer.start()
    sizes = []
    started = time.perf_counter()
    for copy in range(copies):
        futures = []
        for state in states:
            session_id = f"c{copy}-{state.session_id}"
            p = partition_of(session_id, partitions)
            value = state.model_copy(update={"session_id": session_id, "partition": p})
            raw = value.model_dump_json().encode()
            sizes.append(len(raw))
            futures.append(
                await producer.send(settings.topic_sessions, raw, session_id.encode(), partition=p)
            )
        await asyncio.gather(*futures)
    written = time.perf_counter() - started
    await producer.stop()
    store = SessionStore(settings, cast(AIOKafkaProducer, None))
    store.assigned({TopicPartition(settings.topic_sessions, p) for p in range(partitions)})
    await store.ensure(range(partitions))
    await store.close()
    total = len(states) * copies
    print(f"sessions {total} ({len(states)} conversations × {copies}), partitions {partitions}")
    print(f"state bytes per session: mean {statistics.mean(sizes):.0f}, max {max(sizes)}")
    print(f"changelog written in {written:.2f} s")
    for r in store.restores:
        print(
            f"restore partition {r.partition}: {r.records} records, {r.sessions} sessions, "
            f"{r.seconds:.3f} s ({r.records / max(r.seconds, 1e-9):,.0f} records/s)"
        )
    print(f"sessions in memory after restore: {len(store)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(topic_partitions=4, data_dir=Path(tmp))
        cost = asyncio.run(session_cost(Harness(settings, KeywordModel()), args.sessions))
    for r, (alone, with_sessions) in enumerate(cost["rounds_us"]):
        print(f"round {r}: decision alone {alone:.0f} µs/ticket, with sessions {with_sessions:.0f}")
    print(f"per-ticket cost with sessions / without: median {cost['ratio']:.2f}×")
    started = time.perf_counter()
    states = conversations(args.sessions)
    took = time.perf_counter() - started
    print(f"{args.sessions} conversations × {len(TURNS)} turns in process: {took:.2f} s")
    with (
        tempfile.TemporaryDirectory() as tmp,
        EmbeddedBroker(log_file=Path(tmp) / "tansu.log") as broker,
    ):
        asyncio.run(measure(states, args.copies, args.partitions, broker.bootstrap_servers))


if __name__ == "__main__":
    main()
