"""Read a run's metrics and report data wherever the run keeps them (see :mod:`tollgate.runs`).

The same functions serve the CLI (``tollgate metrics`` / ``report``) and the worker's web API
(``/api/metrics``, ``/api/report``), so both paths give the same numbers.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from tollgate.config import Settings
from tollgate.report.data import ReportData, load_report_data
from tollgate.runs import ask, clickhouse_url, live_api

if TYPE_CHECKING:
    from sinks.clickhouse import ClickHouseStore

DIMENSIONS = ("intent", "model", "queue")
REPORT_DATA = TypeAdapter(ReportData)


def metrics_from_store(store: ClickHouseStore, since: str, by: str | None) -> dict[str, Any]:
    """``tollgate metrics`` over ``since`` (``30m``, ``7d``…); raises ValueError on bad input."""
    from sinks.metrics import parse_since, read_metrics

    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"by must be one of {', '.join(DIMENSIONS)}")
    return read_metrics(store, parse_since(since), by)


def run_metrics(settings: Settings, since: str, by: str | None) -> dict[str, Any]:
    """The metrics of the current run: asked of the live worker, or read from ClickHouse."""
    from sinks.metrics import parse_since

    parse_since(since)  # a bad window is the caller's error, before any request
    api = live_api(settings)
    if api is not None:
        answer: dict[str, Any] = ask(api, "/api/metrics", since=since, by=by or "")
        return answer
    return metrics_from_store(_store(settings), since, by)


def run_report_data(settings: Settings, start: datetime, end: datetime) -> ReportData:
    """The report's data for ``[start, end)`` of the current run (live worker or ClickHouse)."""
    api = live_api(settings)
    if api is not None:
        answer = ask(api, "/api/report", start=start.isoformat(), end=end.isoformat())
        return REPORT_DATA.validate_python(answer)
    return load_report_data(_store(settings), start, end, draft_below=settings.threshold_draft)


def report_json(
    store: ClickHouseStore, start: datetime, end: datetime, draft_below: float = 0.5
) -> Any:
    """The report data as JSON-ready values (what ``/api/report`` answers)."""
    data = load_report_data(store, start, end, draft_below=draft_below)
    return REPORT_DATA.dump_python(data, mode="json")


def _store(settings: Settings) -> ClickHouseStore:
    from sinks import get_store

    store = get_store(clickhouse_url(settings))
    store.apply_ddl()
    return store
