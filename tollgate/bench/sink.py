"""ClickHouse sink throughput: InteractionEvent records through the sink's parse + insert path."""

from __future__ import annotations

import asyncio
import time

from aiokafka import ConsumerRecord

from schemas import InteractionEvent, Stage
from sinks import ClickHouseSink, get_store
from sinks.base import SinkBackpressureError
from tollgate.config import Settings

STAGES = list(Stage)


def _record(settings: Settings, i: int) -> ConsumerRecord[bytes, bytes]:
    stage = STAGES[i % len(STAGES)]
    ticket_id = f"sinkbench-{i // len(STAGES)}"
    event = InteractionEvent(
        event_id=InteractionEvent.make_id(ticket_id, stage),
        ticket_id=ticket_id,
        session_id=ticket_id,
        stage=stage,
        user_input="Hi, where is my order #A10023? It was supposed to arrive yesterday.",
        intent_detected="check_order_status",
        confidence_score=0.93,
        action_taken="lookup_order",
        outcome="respond",
        triggers=[],
        model="local",
        response_time_ms=3.2,
    )
    value = event.model_dump_json().encode()
    return ConsumerRecord(
        topic=settings.topic_interactions,
        partition=0,
        offset=i,
        timestamp=0,
        timestamp_type=0,
        key=ticket_id.encode(),
        value=value,
        checksum=None,
        serialized_key_size=len(ticket_id),
        serialized_value_size=len(value),
        headers=[],
    )


async def sink_rows_per_s(settings: Settings, rows: int) -> float:
    """Rows/s for ``rows`` serialized events in ``sink_batch_size`` batches through the sink's
    per-batch path (``SinkPump.run`` minus Kafka): parse on a worker thread, then the
    column-oriented insert, retried after a backpressure's ``retry_after`` (the runner re-reads
    the batch instead). Kafka fetching and offset commits are not timed."""
    store = get_store(settings.clickhouse_url)
    store.apply_ddl()
    sink = ClickHouseSink(settings, store)
    records = [_record(settings, i) for i in range(rows)]
    size = settings.sink_batch_size
    started = time.perf_counter()
    for start in range(0, rows, size):
        batch = await asyncio.to_thread(sink.prepare, records[start : start + size])
        async with asyncio.timeout(120):  # the sink backs off forever while ClickHouse fails
            while True:
                try:
                    await sink.write(batch)
                    break
                except SinkBackpressureError as exc:
                    await asyncio.sleep(exc.retry_after)
    elapsed = time.perf_counter() - started
    if sink.stats.rows_inserted != rows:
        raise RuntimeError(f"sink inserted {sink.stats.rows_inserted} of {rows} rows")
    return rows / elapsed


def sink_parse_rows_per_s(settings: Settings, rows: int) -> float:
    """Rows/s of the sink's parse + column-building step alone (no ClickHouse), for the profile."""
    sink = ClickHouseSink(settings, get_store(settings.clickhouse_url))
    records = [_record(settings, i) for i in range(rows)]
    size = settings.sink_batch_size
    started = time.perf_counter()
    for start in range(0, rows, size):
        sink.prepare(records[start : start + size])
    return rows / (time.perf_counter() - started)
