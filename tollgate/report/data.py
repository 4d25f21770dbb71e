"""What the report shows, read from the ClickHouse metric views over one time window.

Every number comes from ``ticket_facts`` and the expressions of :mod:`sinks.metrics`, so the
report, ``tollgate metrics`` and Grafana agree. The window is ``[start, end)``; the daily series
reads ``metrics_daily`` and so covers whole days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sinks.metrics import METRICS_VERSION, metric_select
from tollgate.report.lead import WINDOW, LeadView, load_lead_view

if TYPE_CHECKING:
    from sinks.clickhouse import ClickHouseStore

BINS = 10
CONFIDENCE_BIN = f"least(toUInt8(floor(confidence * {BINS})), {BINS - 1})"
"""Confidence → bin 0..9 (0.0–0.1, …, 0.9–1.0; 1.0 falls in the last bin)."""

DAILY_METRICS = (
    "intent_accuracy",
    "action_success_rate",
    "escalation_precision",
    "automation_rate",
)

OVERALL_SQL = f"SELECT\n    {metric_select()}\nFROM ticket_facts\nWHERE {WINDOW}"
DAILY_SQL = (
    f"SELECT period, tickets, {', '.join(DAILY_METRICS)}\nFROM metrics_daily\n"
    "WHERE period >= toDate({start:DateTime64(3)})\n"
    "    AND period <= toDate(subtractMilliseconds({end:DateTime64(3)}, 1))\n"
    "ORDER BY period"
)
OUTCOMES_SQL = (
    f"SELECT outcome, count() AS tickets\nFROM ticket_facts\nWHERE {WINDOW}\n"
    "GROUP BY outcome\nORDER BY tickets DESC, outcome"
)
CONFIDENCE_SQL = (
    f"SELECT {CONFIDENCE_BIN} AS bin, count() AS tickets\nFROM ticket_facts\n"
    f"WHERE {WINDOW} AND outcome != 'dead_letter'\nGROUP BY bin\nORDER BY bin"
)
RELIABILITY_SQL = (
    f"SELECT {CONFIDENCE_BIN} AS bin, count() AS labelled,\n"
    "    countIf(label = intent) AS correct, avg(confidence) AS mean_confidence\n"
    f"FROM ticket_facts\nWHERE {WINDOW} AND label != ''\nGROUP BY bin\nORDER BY bin"
)


@dataclass(frozen=True)
class CalibrationBin:
    """Labelled tickets whose confidence fell in ``[lower, upper)``, and how many were right."""

    index: int
    labelled: int
    correct: int
    mean_confidence: float

    @property
    def lower(self) -> float:
        return self.index / BINS

    @property
    def upper(self) -> float:
        return (self.index + 1) / BINS

    @property
    def accuracy(self) -> float:
        return self.correct / self.labelled if self.labelled else 0.0


@dataclass(frozen=True)
class DailyPoint:
    day: date
    tickets: int
    values: dict[str, float | None]


@dataclass(frozen=True)
class ReportData:
    start: datetime
    end: datetime
    overall: dict[str, Any]
    daily: list[DailyPoint]
    outcomes: list[tuple[str, int]]
    confidence: list[int]
    """Ticket counts per confidence bin (``BINS`` entries; dead letters excluded)."""
    calibration: list[CalibrationBin]
    metrics_version: int = METRICS_VERSION
    lead: LeadView = field(default_factory=LeadView)
    """Per intent and queue, escalations with reasons, example tickets (:mod:`.lead`)."""


def _number(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def load_report_data(
    store: ClickHouseStore, start: datetime, end: datetime, *, draft_below: float = 0.5
) -> ReportData:
    """Run the report's queries over ``[start, end)`` (``draft_below``: the draft threshold,
    for the "low confidence" escalation reason)."""
    params = {"start": start, "end": end}
    overall = {k: _number(v) for k, v in store.query_dicts(OVERALL_SQL, params)[0].items()}
    daily = [
        DailyPoint(
            day=row["period"],
            tickets=int(row["tickets"]),
            values={name: _number(row[name]) for name in DAILY_METRICS},
        )
        for row in store.query_dicts(DAILY_SQL, params)
    ]
    outcomes = [(str(o), int(n)) for o, n in store.query(OUTCOMES_SQL, params)]
    confidence = [0] * BINS
    for index, count in store.query(CONFIDENCE_SQL, params):
        confidence[int(index)] = int(count)
    calibration = [
        CalibrationBin(int(i), int(n), int(ok), float(mean))
        for i, n, ok, mean in store.query(RELIABILITY_SQL, params)
    ]
    lead = load_lead_view(store, start, end, draft_below=draft_below)
    return ReportData(start, end, overall, daily, outcomes, confidence, calibration, lead=lead)
