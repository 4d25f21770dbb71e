"""Issue 19 pieces without a broker: log throttling, ticket lines, the run pointer, the demo
table, and README tables in step with the code."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import click

from tollgate.cli import main
from tollgate.config import load_settings, setting_names
from tollgate.demo import render_summary, shorten
from tollgate.health import RepeatThrottle
from tollgate.runs import clickhouse_url, live_api, record_run
from tollgate.ticketfile import read_ticket_lines

README = Path(__file__).resolve().parents[2] / "README.md"


def _record(msg: str, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord("aiokafka", level, __file__, 1, msg, None, None)


def test_repeated_errors_pass_with_backoff_and_a_count() -> None:
    now = [0.0]
    throttle = RepeatThrottle(clock=lambda: now[0])
    passed = []
    for step in range(2000):  # 20 s of a line every 10 ms, like aiokafka with the broker gone
        now[0] = step * 0.01
        record = _record("Unable connect to node with id %s")
        if throttle.filter(record):
            passed.append(record.msg)
    assert 4 <= len(passed) <= 6  # at 0, ~1, ~3, ~7, ~15 s: not 2000
    assert passed[0] == "Unable connect to node with id %s"
    assert re.search(r"\[\d+ similar suppressed\]$", passed[1])
    assert throttle.filter(_record("another message"))  # other lines are not held back
    assert throttle.filter(_record("Unable connect to node with id %s", logging.INFO))


def test_ticket_lines_are_numbered_as_in_an_editor(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(
        b'{"ticket_id": "A", "text": "hi"}\n\nnot json\n{"ticket_id": "B"}\n'
        b'{"ticket_id": "C", "text": "ok"}\n'
    )
    lines = read_ticket_lines(path)
    assert [(line.number, line.problem) for line in lines] == [
        (1, None),
        (3, "not JSON"),
        (4, "text: Field required"),
        (5, None),
    ]


def test_run_pointer_decides_where_metrics_are_read(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert clickhouse_url(settings) == settings.clickhouse_url  # no run yet: the default
    record_run(tmp_path, "demo", "chdb:///somewhere/demo/clickhouse")
    assert clickhouse_url(settings) == "chdb:///somewhere/demo/clickhouse"
    assert live_api(settings) is None  # the demo has ended: open its ClickHouse directly
    record_run(tmp_path, "up", "chdb:///x", web_url="http://127.0.0.1:1", pid=os.getpid())
    assert live_api(settings) == "http://127.0.0.1:1"  # a live worker holds it: ask it
    explicit = load_settings(data_dir=tmp_path, clickhouse_dsn="http://ch:8123/db")
    assert clickhouse_url(explicit) == "http://ch:8123/db" and live_api(explicit) is None


def test_demo_table_shows_text_reply_and_why_a_human_has_it() -> None:
    row = {
        "ticket_id": "T1",
        "outcome": "respond",
        "intent": "check_order_status",
        "confidence": 0.93,
        "triggers": [],
        "text": shorten("Where is my order " + "really " * 30, 70),
        "reply": "Order A1 ships tomorrow.",
        "why_human": "",
    }
    human = {
        **row,
        "ticket_id": "T2",
        "outcome": "escalate",
        "reply": "",
        "triggers": ["legal_language"],
        "why_human": "legal queue: trigger legal_language",
    }
    summary = {
        "tickets": 2,
        "valid": 2,
        "malformed": 0,
        "elapsed_s": 1.0,
        "per_ticket": [row, human],
        "outcomes": {"respond": 1, "escalate": 1},
        "lost": 0,
        "duplicates": 0,
        "conflicting": 0,
        "clickhouse_rows": 8,
        "clickhouse_rows_expected": 8,
        "metrics": {},
    }
    text = render_summary(summary)
    assert "    agent:  Order A1 ships tomorrow." in text
    assert "    human:  legal queue: trigger legal_language [legal_language]" in text
    ticket_line = next(line for line in text.splitlines() if "ticket: Where" in line)
    assert ticket_line.endswith("…") and len(ticket_line) <= 4 + 8 + 70


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    ctx = click.Context(group)
    names = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix}{name} ")
        else:
            names.append(f"{prefix}{name}")
    return names


def test_readme_tables_list_every_setting_and_command() -> None:
    text = README.read_text(encoding="utf-8")
    settings_rows = set(re.findall(r"^\| `(TOLLGATE_[A-Z0-9_]+)` \|", text, re.M))
    missing = sorted(set(setting_names()) - settings_rows)
    assert not missing, f"settings missing from README's table: {missing}"
    command_cells = " ".join(re.findall(r"^\| `tollgate ([^`]+)`", text, re.M))
    undocumented = [
        c for c in _commands(main) if not re.search(rf"\b{re.escape(c)}\b", command_cells)
    ]
    assert not undocumented, f"commands missing from README's table: {undocumented}"


class _Pump:
    processed = 0


class _Runner:
    def __init__(self, name: str) -> None:
        self.name, self.pump, self.waiting = name, _Pump(), 0

    def lag(self) -> dict[str, int]:
        return {"p0": self.waiting}


def test_readiness_turns_false_for_a_stalled_stage_and_a_lost_broker() -> None:
    from types import SimpleNamespace

    from tollgate.health import HealthMonitor

    now = [0.0]
    runner = _Runner("intent")
    worker = SimpleNamespace(ready=True, pipeline=SimpleNamespace(runners=[runner]))
    settings = load_settings(health_stall_s=30, health_broker_timeout_s=10)
    monitor = HealthMonitor(worker, settings, clock=lambda: now[0])  # type: ignore[arg-type]
    monitor.observe_stages()
    now[0] = 5.0
    assert monitor.problems() == []
    runner.waiting = 12  # input arrives, nothing is processed
    for t in range(6, 40):
        now[0] = float(t)
        monitor.observe_stages()
        monitor.last_reachable = now[0]
    assert any("stage intent" in p for p in monitor.problems())
    runner.pump.processed = 12  # it moves again
    monitor.observe_stages()
    assert monitor.problems() == []
    now[0] = 55.0  # the broker last answered at 39
    assert monitor.problems() == ["Kafka unreachable for 16 s"]
