"""Sinks: where interaction events and feedback leave Kafka for analytics (ClickHouse)."""

from sinks.base import BatchingSink, Rejected, SinkBackpressureError, SinkPump
from sinks.clickhouse import ClickHouseStore, get_store
from sinks.interactions import ClickHouseSink, SinkStats

__all__ = [
    "BatchingSink",
    "ClickHouseSink",
    "ClickHouseStore",
    "Rejected",
    "SinkBackpressureError",
    "SinkPump",
    "SinkStats",
    "get_store",
]
