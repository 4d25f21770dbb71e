"""The console's metrics page: the same SQL views as ``tollgate metrics`` and the report.

Overall and per intent/queue numbers come from :func:`sinks.metrics.read_metrics`; the series
over time from the ``metrics_hourly`` / ``metrics_daily`` views (:func:`sinks.metrics.view_name`);
review work (decisions per kind and intent, reviewer throughput) from ``agent_feedback``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sinks.clickhouse import ClickHouseStore
from sinks.metrics import APPLIED_FEEDBACK, parse_since, read_metrics, view_name
from tollgate.report.svg import bar_chart, line_chart

RANGES = ("1h", "24h", "7d", "30d")
"""The time ranges the page offers."""
CORE = ("intent_accuracy", "action_success_rate", "escalation_precision", "automation_rate")

SERIES_SQL = (
    "SELECT period, tickets, {metrics}\nFROM {view}\n"
    "WHERE period >= {bucket}({{start:DateTime64(3)}})\nORDER BY period"
)
REVIEW_BY_INTENT_SQL = f"""
SELECT o.intent_detected AS intent,
    countIf(f.kind = 'draft_approved') AS approved,
    countIf(f.kind = 'draft_edited') AS edited,
    countIf(f.kind = 'draft_rejected') AS rejected,
    edited / nullIf(approved + edited + rejected, 0) AS edit_rate,
    (approved + edited) / nullIf(approved + edited + rejected, 0) AS acceptance
FROM (SELECT * FROM agent_feedback FINAL WHERE {APPLIED_FEEDBACK}) AS f
LEFT JOIN ticket_outcomes AS o ON o.ticket_id = f.ticket_id
WHERE f.created_at >= {{start:DateTime64(3)}}
    AND f.kind IN ('draft_approved', 'draft_edited', 'draft_rejected')
GROUP BY intent
ORDER BY approved + edited + rejected DESC, intent
"""  # noqa: S608 - constants only
THROUGHPUT_SQL = f"""
SELECT reviewer, count() AS judgements, uniqExact(ticket_id) AS tickets,
    countIf(kind IN ('draft_approved', 'draft_edited', 'draft_rejected')) AS drafts
FROM agent_feedback FINAL
WHERE created_at >= {{start:DateTime64(3)}} AND {APPLIED_FEEDBACK}
GROUP BY reviewer
ORDER BY judgements DESC, reviewer
"""  # noqa: S608 - constants only


@dataclass(frozen=True)
class MetricsPage:
    since: str
    overall: dict[str, Any]
    by_intent: list[dict[str, Any]]
    by_queue: list[dict[str, Any]]
    review_by_intent: list[dict[str, Any]]
    throughput: list[dict[str, Any]]
    series_chart: str
    outcome_chart: str


def _number(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


def load_metrics(store: ClickHouseStore, since: str) -> MetricsPage:
    """Everything the page shows over the last ``since`` (one of :data:`RANGES`)."""
    window = parse_since(since)
    start = datetime.now(UTC) - window
    by_intent = read_metrics(store, window, "intent")
    by_queue = read_metrics(store, window, "queue")
    hourly = window <= timedelta(days=2)
    sql = SERIES_SQL.format(
        metrics=", ".join(CORE),
        view=view_name("hourly" if hourly else "daily"),
        bucket="toStartOfHour" if hourly else "toDate",
    )
    rows = store.query_dicts(sql, {"start": start})
    labels = [f"{r['period']:%m-%d %H:00}" if hourly else f"{r['period']:%m-%d}" for r in rows]
    series = {name: [_number(r[name]) for r in rows] for name in CORE}
    params = {"start": start}
    review = [
        {k: _number(v) for k, v in r.items()}
        for r in store.query_dicts(REVIEW_BY_INTENT_SQL, params)
    ]
    throughput = store.query_dicts(THROUGHPUT_SQL, params)
    overall = {k: v for k, v in by_intent.items() if not k.startswith("by_")}
    outcomes = {
        "automated": overall.get("automation_rate") or 0.0,
        "escalated": (overall.get("escalations") or 0) / max(overall.get("tickets") or 0, 1),
    }
    return MetricsPage(
        since=since,
        overall=overall,
        by_intent=by_intent.get("by_intent", []),
        by_queue=by_queue.get("by_queue", []),
        review_by_intent=review,
        throughput=throughput,
        series_chart=line_chart(f"Core metrics, last {since}", labels, series),
        outcome_chart=bar_chart(
            "Share of tickets", list(outcomes), list(outcomes.values()), fmt=lambda v: f"{v:.0%}"
        ),
    )
