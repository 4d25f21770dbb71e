"""The metrics, defined once in SQL: one fact row per ticket, one list of metric expressions,
and views generated from them per period (hour, day) and dimension (overall, intent, model,
queue). ``tollgate metrics`` runs the same expressions over a time window.

- intent_accuracy: labelled tickets whose detected intent equals the reviewer's label
- action_success_rate: actions that succeeded on the first try, over actions attempted
- escalation_precision: escalations judged appropriate, over escalations judged
- escalation_recall: appropriate escalations, over those plus missed escalations
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sinks.clickhouse import ClickHouseStore

METRICS_VERSION = 1

APPLIED_FEEDBACK = "reason_code IN ('applied', '')"
"""The ``agent_feedback`` rows that count: feedback the decision stage applied ('' = written
before the column existed); refused feedback (unsigned, guard-refused, ...) is kept, not counted."""

TICKET_FACTS = f"""
CREATE OR REPLACE VIEW ticket_facts AS
SELECT
    o.ticket_id AS ticket_id,
    o.created_at AS created_at,
    o.intent_detected AS intent,
    o.model AS model,
    o.queue AS queue,
    o.outcome AS outcome,
    o.escalated AS escalated,
    o.confidence_score AS confidence,
    o.cost AS cost,
    o.tokens AS tokens,
    o.response_time_ms AS latency_ms,
    o.action_taken AS action,
    o.first_try AS first_try,
    o.attempts AS attempts,
    f.label AS label,
    f.escalation_ok AS escalation_ok,
    f.escalation_bad AS escalation_bad,
    f.missed_escalation AS missed_escalation,
    f.response_wrong AS response_wrong,
    f.draft_ok AS draft_ok,
    f.draft_rejected AS draft_rejected
FROM ticket_outcomes AS o
LEFT JOIN (
    SELECT
        ticket_id,
        argMaxIf(correct_intent, created_at, kind = 'intent_label') AS label,
        max(kind = 'escalation_appropriate') AS escalation_ok,
        max(kind = 'escalation_inappropriate') AS escalation_bad,
        max(kind = 'missed_escalation') AS missed_escalation,
        max(kind = 'response_wrong') AS response_wrong,
        max(kind IN ('draft_approved', 'draft_edited')) AS draft_ok,
        max(kind = 'draft_rejected') AS draft_rejected
    FROM agent_feedback FINAL
    WHERE {APPLIED_FEEDBACK}
    GROUP BY ticket_id
) AS f ON f.ticket_id = o.ticket_id
"""  # noqa: S608 - constants only

METRIC_EXPRESSIONS: dict[str, str] = {
    "tickets": "count()",
    "labelled": "countIf(label != '')",
    "intent_accuracy": "countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0)",
    "actions": "countIf(action != '')",
    "action_success_rate": "countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0)",
    "escalations": "countIf(escalated)",
    "escalations_judged": "countIf(escalated AND (escalation_ok OR escalation_bad))",
    "escalation_precision": "countIf(escalated AND escalation_ok)"
    " / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0)",
    "escalation_recall": "countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND"
    " escalation_ok) + countIf(NOT escalated AND missed_escalation), 0)",
    "missed_escalations": "countIf(NOT escalated AND missed_escalation)",
    # a draft a reviewer approved or edited was sent by a human's decision: not automated
    "automation_rate": "countIf(outcome IN ('respond', 'respond_review', 'clarify')"
    " AND NOT draft_ok) / count()",
    "draft_approval_rate": "countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0)",
    "dead_letter_rate": "countIf(outcome = 'dead_letter') / count()",
    "avg_confidence": "avg(confidence)",
    "cost_per_ticket": "sum(cost) / count()",
    "tokens_per_ticket": "sum(tokens) / count()",
    "latency_p50_ms": "quantile(0.5)(latency_ms)",
    "latency_p95_ms": "quantile(0.95)(latency_ms)",
    "latency_p99_ms": "quantile(0.99)(latency_ms)",
}

PERIODS = {"hourly": "toStartOfHour", "daily": "toDate"}
DIMENSIONS = ("intent", "model", "queue")


def metric_select() -> str:
    return ",\n    ".join(f"{expr} AS {name}" for name, expr in METRIC_EXPRESSIONS.items())


def view_name(period: str, dimension: str | None = None) -> str:
    return f"metrics_{period}" + (f"_by_{dimension}" if dimension else "")


def metric_views() -> dict[str, str]:
    """Every metric view, by name."""
    views = {"ticket_facts": TICKET_FACTS}
    for period, bucket in PERIODS.items():
        for dimension in (None, *DIMENSIONS):
            name = view_name(period, dimension)
            dim = f", {dimension}" if dimension else ""
            views[name] = (
                f"CREATE OR REPLACE VIEW {name} AS\n"
                f"SELECT\n    {bucket}(created_at) AS period{dim},\n    {metric_select()}\n"
                f"FROM ticket_facts\nGROUP BY period{dim}\nORDER BY period{dim}"
            )
    return views


def window_query(dimension: str | None = None) -> str:
    """The metrics over ``created_at >= {since:DateTime64(3)}``, overall or by a dimension."""
    if dimension is not None and dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; one of {', '.join(DIMENSIONS)}")
    dim = f"{dimension} AS {dimension}, " if dimension else ""
    group = f"\nGROUP BY {dimension}\nORDER BY tickets DESC" if dimension else ""
    return (
        f"SELECT {dim}{metric_select()}\nFROM ticket_facts\n"
        "WHERE created_at >= {since:DateTime64(3)}" + group
    )


def parse_since(text: str) -> timedelta:
    """``7d``, ``24h``, ``30m`` or ``2w`` → a timedelta."""
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    number, unit = text[:-1], text[-1:]
    if unit not in units or not number.isdigit():
        raise ValueError(f"{text!r} is not a duration like 30m, 24h, 7d or 2w")
    return timedelta(**{units[unit]: int(number)})


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


def read_metrics(store: ClickHouseStore, since: timedelta, by: str | None = None) -> dict[str, Any]:
    """The metrics over the last ``since``; with ``by``, also per value of that dimension."""
    start = datetime.now(UTC) - since
    overall = store.query_dicts(window_query(), {"since": start})[0]
    result: dict[str, Any] = {k: _clean(v) for k, v in overall.items()}
    result["since"] = start.isoformat()
    result["metrics_version"] = METRICS_VERSION
    if by:
        rows = store.query_dicts(window_query(by), {"since": start})
        result["by_" + by] = [{k: _clean(v) for k, v in row.items()} for row in rows]
    return result
