"""The Grafana dashboard, generated so its SQL comes from :mod:`sinks.metrics`.

``python -m tollgate.report.grafana [FILE]`` writes ``deploy/grafana/dashboards/tollgate.json``;
a test keeps the committed file equal to :func:`build_dashboard`. Panels read the metric views
(``metrics_daily``, ``metrics_hourly``, ``metrics_*_by_*``), ``ticket_facts`` with the same
metric expressions, and ``ticket_outcomes``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sinks.metrics import METRIC_EXPRESSIONS, view_name

DATASOURCE = {"type": "grafana-clickhouse-datasource", "uid": "tollgate-clickhouse"}
"""Must match deploy/grafana/provisioning/datasources/clickhouse.yaml."""
PLUGIN_VERSION = "4.6.0"
DASHBOARD_FILE = Path(__file__).resolve().parents[2] / "deploy/grafana/dashboards/tollgate.json"

RATES = (
    "intent_accuracy",
    "action_success_rate",
    "escalation_precision",
    "escalation_recall",
    "automation_rate",
    "draft_approval_rate",
)
LATENCIES = ("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")
TABLE_METRICS = ("tickets", *RATES, "avg_confidence", "cost_per_ticket", *LATENCIES)
UNITS = {
    **dict.fromkeys(RATES, "percentunit"),
    "avg_confidence": "percentunit",
    "cost_per_ticket": "currencyUSD",
    "tickets": "short",
    **dict.fromkeys(LATENCIES, "ms"),
}


def _target(sql: str, *, table: bool) -> dict[str, Any]:
    return {
        "datasource": DATASOURCE,
        "editorType": "sql",
        "format": 1 if table else 0,
        "pluginVersion": PLUGIN_VERSION,
        "queryType": "table" if table else "timeseries",
        "rawSql": sql,
        "refId": "A",
    }


def _panel(
    kind: str, title: str, sql: str, grid: tuple[int, int, int, int], **extra: Any
) -> dict[str, Any]:
    x, y, w, h = grid
    table = kind != "timeseries"
    panel: dict[str, Any] = {
        "datasource": DATASOURCE,
        "gridPos": {"h": h, "w": w, "x": x, "y": y},
        "targets": [_target(sql, table=table)],
        "title": title,
        "type": kind,
    }
    panel.update(extra)
    return panel


def _unit(unit: str, **defaults: Any) -> dict[str, Any]:
    return {"defaults": {"unit": unit, **defaults}, "overrides": []}


def _overall(name: str) -> str:
    expression = METRIC_EXPRESSIONS[name]
    return f"SELECT {expression} AS {name}\nFROM ticket_facts\nWHERE $__timeFilter(created_at)"


def _series(view: str, columns: tuple[str, ...], *, dimension: str | None = None) -> str:
    time_filter = (
        "$__dateFilter(period)" if view.startswith("metrics_daily") else ("$__timeFilter(period)")
    )
    dim = f", {dimension}" if dimension else ""
    where = f"{time_filter} AND {dimension} != ''" if dimension else time_filter
    return (
        f"SELECT period AS time{dim}, {', '.join(columns)}\nFROM {view}\n"
        f"WHERE {where}\nORDER BY time"
    )


def _by(dimension: str) -> str:
    select = ",\n    ".join(f"{METRIC_EXPRESSIONS[m]} AS {m}" for m in TABLE_METRICS)
    return (
        f"SELECT {dimension},\n    {select}\nFROM ticket_facts\n"
        f"WHERE $__timeFilter(created_at)\nGROUP BY {dimension}\nORDER BY tickets DESC"
    )


def _stats() -> list[dict[str, Any]]:
    names = (*RATES, "cost_per_ticket", "tickets")
    width = 24 // len(names)
    return [
        _panel(
            "stat",
            name.replace("_", " ").capitalize(),
            _overall(name),
            (i * width, 0, width, 4),
            fieldConfig=_unit(UNITS[name], **({"decimals": 1} if name in RATES else {})),
            options={"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
        )
        for i, name in enumerate(names)
    ]


def _table_columns() -> dict[str, Any]:
    return {
        "defaults": {},
        "overrides": [
            {
                "matcher": {"id": "byName", "options": name},
                "properties": [{"id": "unit", "value": UNITS[name]}],
            }
            for name in TABLE_METRICS
        ],
    }


def build_dashboard() -> dict[str, Any]:
    """The whole dashboard as a dict (what Grafana's file provider loads)."""
    rates = _unit("percentunit", min=0, max=1)
    panels = [
        *_stats(),
        _panel(
            "timeseries",
            "Quality rates (daily)",
            _series(view_name("daily"), RATES),
            (0, 4, 12, 9),
            fieldConfig=rates,
        ),
        _panel(
            "timeseries",
            "Quality rates (hourly)",
            _series(view_name("hourly"), RATES),
            (12, 4, 12, 9),
            fieldConfig=rates,
        ),
        _panel(
            "timeseries",
            "Intent accuracy by intent (hourly)",
            _series(view_name("hourly", "intent"), ("intent_accuracy",), dimension="intent"),
            (0, 13, 12, 9),
            fieldConfig=rates,
        ),
        _panel(
            "timeseries",
            "Escalation precision by queue (daily)",
            _series(view_name("daily", "queue"), ("escalation_precision",), dimension="queue"),
            (12, 13, 12, 9),
            fieldConfig=rates,
        ),
        _panel(
            "timeseries",
            "Latency percentiles (hourly)",
            _series(view_name("hourly"), LATENCIES),
            (0, 22, 12, 9),
            fieldConfig=_unit("ms"),
        ),
        _panel(
            "timeseries",
            "Cost per ticket by model (daily)",
            _series(view_name("daily", "model"), ("cost_per_ticket",), dimension="model"),
            (12, 22, 12, 9),
            fieldConfig=_unit("currencyUSD"),
        ),
        _panel(
            "barchart",
            "Outcome mix",
            "SELECT outcome, count() AS tickets\nFROM ticket_outcomes\n"
            "WHERE $__timeFilter(created_at)\nGROUP BY outcome\nORDER BY tickets DESC",
            (0, 31, 8, 9),
            fieldConfig=_unit("short"),
            options={"xField": "outcome", "orientation": "horizontal", "showValue": "always"},
        ),
        _panel(
            "timeseries",
            "Outcomes (hourly)",
            "SELECT toStartOfHour(created_at) AS time, outcome, count() AS tickets\n"
            "FROM ticket_outcomes\nWHERE $__timeFilter(created_at)\n"
            "GROUP BY time, outcome\nORDER BY time",
            (8, 31, 16, 9),
            fieldConfig=_unit("short", custom={"stacking": {"mode": "normal"}, "fillOpacity": 30}),
        ),
        _panel(
            "table",
            "Metrics by intent",
            _by("intent"),
            (0, 40, 24, 10),
            fieldConfig=_table_columns(),
        ),
        _panel(
            "table", "Metrics by model", _by("model"), (0, 50, 24, 7), fieldConfig=_table_columns()
        ),
    ]
    for number, panel in enumerate(panels, 1):
        panel["id"] = number
    return {
        "annotations": {"list": []},
        "description": "Tollgate: intent accuracy, action success, escalation quality, "
        "automation, cost and latency (from the ClickHouse metric views).",
        "editable": True,
        "graphTooltip": 1,
        "id": None,
        "links": [],
        "panels": panels,
        "refresh": "1m",
        "schemaVersion": 39,
        "tags": ["tollgate"],
        "templating": {"list": []},
        "time": {"from": "now-7d", "to": "now"},
        "timezone": "utc",
        "title": "Tollgate",
        "uid": "tollgate-metrics",
        "version": 1,
    }


def render() -> str:
    """The dashboard file's exact text."""
    return json.dumps(build_dashboard(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DASHBOARD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
