"""The Grafana provisioning: the committed dashboard is the generated one, its SQL reads views
that the DDL creates, and every query runs on ClickHouse."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest
import yaml

from schemas import Feedback, FeedbackKind, InteractionEvent, Stage
from sinks import get_store
from sinks.ddl import FEEDBACK_COLUMNS, INTERACTION_COLUMNS, statements
from sinks.metrics import METRIC_EXPRESSIONS
from sinks.rows import feedback_row, interaction_row
from tests.conftest import REPO
from tollgate.report.grafana import DASHBOARD_FILE, DATASOURCE, build_dashboard, render

GRAFANA = REPO / "deploy" / "grafana"
CREATED = re.compile(r"CREATE (?:OR REPLACE )?(TABLE|VIEW) (?:IF NOT EXISTS )?(\w+)")
FROM = re.compile(r"\bFROM\s+([A-Za-z_]\w*)")


def _sql() -> list[tuple[str, str]]:
    return [
        (panel["title"], target["rawSql"])
        for panel in build_dashboard()["panels"]
        for target in panel["targets"]
    ]


def _relations() -> dict[str, str]:
    found = {}
    for statement in statements():
        match = CREATED.search(statement)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def test_committed_dashboard_is_the_generated_one() -> None:
    assert DASHBOARD_FILE == GRAFANA / "dashboards" / "tollgate.json"
    text = DASHBOARD_FILE.read_text(encoding="utf-8")
    assert json.loads(text) == build_dashboard(), "run: python -m tollgate.report.grafana"
    assert text == render()


def test_every_panel_reads_a_view_the_ddl_creates() -> None:
    relations = _relations()
    queried = set()
    for title, sql in _sql():
        names = FROM.findall(sql)
        assert names, title
        for name in names:
            assert relations.get(name) == "VIEW", f"{title}: {name} is not a view in the DDL"
            queried.add(name)
    assert {
        "metrics_daily",
        "metrics_hourly",
        "metrics_hourly_by_intent",
        "ticket_facts",
        "ticket_outcomes",
    } <= queried


def test_metric_sql_is_the_shared_expressions() -> None:
    sql = "\n".join(s for _, s in _sql())
    for name in (
        "intent_accuracy",
        "action_success_rate",
        "escalation_precision",
        "escalation_recall",
        "automation_rate",
        "draft_approval_rate",
        "cost_per_ticket",
        "latency_p95_ms",
    ):
        assert f"{METRIC_EXPRESSIONS[name]} AS {name}" in sql, name
    for name in ("latency_p50_ms", "latency_p95_ms", "latency_p99_ms"):
        assert name in sql


def test_panels_are_laid_out_without_overlap_and_use_the_provisioned_datasource() -> None:
    dashboard = build_dashboard()
    panels = dashboard["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells: set[tuple[int, int]] = set()
    for p in panels:
        g = p["gridPos"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 24, p["title"]
        area = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not area & cells, f"{p['title']} overlaps another panel"
        cells |= area
        assert p["datasource"] == DATASOURCE
        assert all(t["datasource"] == DATASOURCE for t in p["targets"])
    assert dashboard["uid"] == "tollgate-metrics"


def test_provisioning_files_point_at_clickhouse_and_the_dashboard_folder() -> None:
    datasources = yaml.safe_load((GRAFANA / "provisioning/datasources/clickhouse.yaml").read_text())
    [source] = datasources["datasources"]
    assert (source["type"], source["uid"]) == (DATASOURCE["type"], DATASOURCE["uid"])
    data = source["jsonData"]
    assert (data["host"], data["username"]) == ("clickhouse", "tollgate")
    assert (data["protocol"], data["port"]) in {("http", 8123), ("native", 9000)}
    assert source["secureJsonData"]["password"] == "$CLICKHOUSE_PASSWORD"

    providers = yaml.safe_load((GRAFANA / "provisioning/dashboards/tollgate.yaml").read_text())
    [provider] = providers["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"

    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    grafana = compose["services"]["grafana"]
    assert "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro" in grafana["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
    assert "CLICKHOUSE_PASSWORD" in grafana["environment"]


def _expand_macros(sql: str, start: datetime, end: datetime) -> str:
    """What the ClickHouse plugin sends for $__timeFilter / $__dateFilter."""
    t0, t1 = f"{start:%Y-%m-%d %H:%M:%S}", f"{end:%Y-%m-%d %H:%M:%S}"
    sql = re.sub(
        r"\$__timeFilter\((\w+)\)",
        lambda m: f"{m[1]} >= toDateTime('{t0}') AND {m[1]} <= toDateTime('{t1}')",
        sql,
    )
    sql = re.sub(
        r"\$__dateFilter\((\w+)\)",
        lambda m: f"{m[1]} >= toDate('{t0[:10]}') AND {m[1]} <= toDate('{t1[:10]}')",
        sql,
    )
    assert "$__" not in sql, sql
    return sql


def _run(client: Any, sql: str) -> Any:
    return client.query(sql)


@pytest.mark.integration
def test_every_panel_query_runs_on_clickhouse(clickhouse_url: str) -> None:
    store = get_store(clickhouse_url)
    store.apply_ddl()
    at = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    tid = f"gf-{uuid.uuid4().hex[:10]}"
    event = InteractionEvent(
        event_id=InteractionEvent.make_id(tid, Stage.ESCALATION),
        ticket_id=tid,
        session_id=tid,
        stage=Stage.ESCALATION,
        user_input="redacted",
        intent_detected="complaint",
        confidence_score=0.4,
        escalated=True,
        outcome="escalate",
        model="local",
        queue="legal",
        cost=0.001,
        response_time_ms=12.0,
        created_at=at,
    )
    label = Feedback(
        feedback_id=f"{tid}:escalation_appropriate",
        ticket_id=tid,
        kind=FeedbackKind.ESCALATION_APPROPRIATE,
    )
    store.insert("agent_interactions", [interaction_row(event)], INTERACTION_COLUMNS)
    store.insert("agent_feedback", [feedback_row(label)], FEEDBACK_COLUMNS)
    start, end = datetime(2025, 5, 31, tzinfo=UTC), datetime(2025, 6, 2, tzinfo=UTC)
    for panel in build_dashboard()["panels"]:
        for target in panel["targets"]:
            sql = _expand_macros(target["rawSql"], start, end)
            result: Any = store.call(partial(_run, sql=sql))
            assert result.result_rows, f"{panel['title']}: no rows"
            if target["format"] == 0:
                assert result.column_names[0] == "time", panel["title"]
