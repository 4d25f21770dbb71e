"""Citations reach ClickHouse (agent_interactions.citations) and `tollgate eval --out` lines."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemas import Ticket
from sinks import get_store
from sinks.ddl import INTERACTION_COLUMNS
from sinks.rows import interaction_row
from streams.inline import InlinePipeline
from streams.services import build_services
from streams.stage3_decision import decision_event
from tests.streams.keyword_model import KeywordModel
from tollgate.config import load_settings
from tollgate.intent.cli import eval_cmd

QUESTION = "How many days do I have to return something?"


def test_citations_are_written_to_clickhouse(clickhouse_url: str) -> None:
    pipeline = InlinePipeline(build_services(load_settings(), intent_model=KeywordModel()))
    ticket = Ticket(ticket_id="CITE-1", text=QUESTION, customer_id="C-1")
    (result,) = asyncio.run(pipeline.run([ticket]))
    event = decision_event(result.decision)
    store = get_store(clickhouse_url)
    store.apply_ddl()
    store.apply_ddl()  # the migration is idempotent
    store.insert("agent_interactions", [interaction_row(event)], INTERACTION_COLUMNS)
    rows = store.query(
        "SELECT citations FROM agent_interactions FINAL WHERE event_id = {e:String}",
        {"e": event.event_id},
    )
    assert rows == [(["knowledge/returns.md"],)]


def test_eval_out_lines_carry_response_and_citations(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(model_cache))
    data = tmp_path / "test.jsonl"
    data.write_text(json.dumps({"text": QUESTION, "intent": "process_return"}) + "\n")
    out = tmp_path / "decisions.jsonl"
    result = CliRunner().invoke(eval_cmd, ["--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert "30 days" in line["response"]
    assert line["citations"][0]["source"] == "knowledge/returns.md"
    assert set(line["citations"][0]) == {"source", "title", "score"}
