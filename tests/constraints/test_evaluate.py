"""Trigger recall and false-trigger rate on the labelled set (targets: >= 0.95, <= 0.02)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATASETS
from tollgate.constraints.evaluate import evaluate_triggers
from tollgate.constraints.schema import TRIGGER_NAMES, default_constraints_path

LABELLED = Path(__file__).parent / "data" / "labelled.jsonl"
BANKING77_TEST = DATASETS / "banking77" / "test.tsv"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return evaluate_triggers(LABELLED)


def test_labelled_set_shape(rows: list[dict[str, Any]]) -> None:
    ordinary = [r for r in rows if not r["triggers"]]
    cases = [r for r in rows if r["triggers"]]
    assert len(ordinary) >= 300 and len(cases) >= 150
    assert all(set(r["triggers"]) <= set(TRIGGER_NAMES) for r in cases)
    intents = yaml.safe_load((default_constraints_path().parent / "intents.yaml").read_text())
    counts = Counter(r["intent"] for r in ordinary)
    assert set(counts) == set(intents["intents"])
    assert min(counts.values()) >= 10
    covered = Counter(name for r in cases for name in r["triggers"])
    assert all(covered[name] >= 10 for name in TRIGGER_NAMES)
    assert {r["split"] for r in rows} == {"dev", "holdout", "holdout2"}


def test_targets_are_met(result: dict[str, Any]) -> None:
    assert result["recall"] >= 0.95, result["misses"]
    assert result["false_trigger_rate"] <= 0.02, result["false_triggers"]
    assert set(result["per_trigger"]) == set(TRIGGER_NAMES)
    for split in ("dev", "holdout", "holdout2"):
        assert result["splits"][split]["trigger_cases"] > 0


def test_evaluation_arithmetic(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    lines = [
        {"text": "Where is order #A12345?", "triggers": []},
        {"text": "Amazon has it for less", "triggers": []},  # a false trigger
        {"text": "My lawyer will call you", "triggers": ["legal_language"]},
        {"text": "Where is my parcel?", "triggers": ["threat_language"]},  # a miss
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines))
    result = evaluate_triggers(path)
    assert (result["ordinary"], result["trigger_cases"]) == (2, 2)
    assert result["recall"] == 0.5 and result["false_trigger_rate"] == 0.5
    assert result["per_trigger"]["threat_language"] == {"cases": 1, "fired": 0, "recall": 0.0}
    assert result["false_triggers_by_name"] == {"competitor_mention": 1}
    assert "splits" not in result


def test_a_tsv_row_quoting_a_line_break_is_one_request(tmp_path: Path) -> None:
    path = tmp_path / "ordinary.tsv"  # as Banking77's train.tsv has them
    path.write_text(
        'text\tlabel\n"Where is my card?\nIt has not arrived."\tcard_arrival\n'
        "My lawyer will call you\tother\n",
        encoding="utf-8",
    )
    result = evaluate_triggers(path)
    assert result["ordinary"] == 2
    assert result["false_triggers_by_name"] == {"legal_language": 1}


@pytest.mark.dataset
@pytest.mark.skipif(not BANKING77_TEST.exists(), reason="../shared/datasets absent")
def test_banking77_requests_rarely_trigger() -> None:
    result = evaluate_triggers(BANKING77_TEST)
    assert result["ordinary"] == 3080
    assert result["false_trigger_rate"] <= 0.01
