"""Sinks: where interaction events and feedback leave Kafka for analytics (ClickHouse)."""

from sinks.clickhouse import ClickHouseStore, get_store
from sinks.interactions import ClickHouseSink, SinkStats

__all__ = ["ClickHouseSink", "ClickHouseStore", "SinkStats", "get_store"]
