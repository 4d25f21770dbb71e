"""Worker start-up time and RSS with many retained terminal messages.

    .venv/bin/python bench/startup_retained.py [--messages 1000000]

Publishes ``--messages`` small JSON messages to ``tickets.responses`` / ``tickets.drafts`` of an
embedded broker, then starts one worker in this process and reports how long ``Worker.start``
took and how the process's RSS moved. Sessions restore from their changelog only, so neither
should grow with the terminal topics' retention.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaProducer

from schemas.topics import all_topic_names
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.config import Settings, load_settings, prefixed_topics
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.kafka import client_kwargs, ensure_topics
from tollgate.worker import Worker

VALUE = b'{"ticket_id":"x","session_id":"y","outcome":"respond","response":"' + b"a" * 200 + b'"}'


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


async def fill(settings: Settings, messages: int) -> None:
    producer = AIOKafkaProducer(**client_kwargs(settings), linger_ms=20, max_batch_size=1 << 20)
    await producer.start()
    pending = []
    for i in range(messages):
        topic = settings.topic_responses if i % 2 else settings.topic_drafts
        pending.append(await producer.send(topic, VALUE, str(i % 5000).encode()))
        if len(pending) >= 20_000:
            await asyncio.gather(*pending)
            pending = []
    await asyncio.gather(*pending)
    await producer.stop()


async def measure(bootstrap: str, data_dir: Path, messages: int) -> None:
    settings = load_settings(
        kafka_bootstrap_servers=bootstrap,
        data_dir=data_dir,
        web_enabled=False,
        **prefixed_topics("startup"),
    )
    await ensure_topics(settings, all_topic_names(settings))
    started = time.perf_counter()
    await fill(settings, messages)
    print(f"retained terminal messages: {messages} in {time.perf_counter() - started:.1f} s")
    services = build_services(settings, intent_model=KeywordModel())
    before = rss_mb()
    started = time.perf_counter()
    worker = Worker(settings, services=services, sink=False)
    await worker.start()
    took = time.perf_counter() - started
    print(f"worker start: {took:.2f} s, RSS {before:.0f} -> {rss_mb():.0f} MB")
    await asyncio.sleep(3)
    print(f"3 s later: RSS {rss_mb():.0f} MB")
    await worker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        EmbeddedBroker(log_file=Path(tmp) / "tansu.log") as broker,
    ):
        asyncio.run(measure(broker.bootstrap_servers, Path(tmp), args.messages))


if __name__ == "__main__":
    main()
