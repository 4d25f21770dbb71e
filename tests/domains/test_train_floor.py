"""``tollgate train``: accuracy per intent, and a floor that names the intents needing examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.intent.cli import train
from tollgate.intent.domain import Example
from tollgate.intent.floor import MIN_EXAMPLES, intent_needs


def test_needs_name_small_and_weak_intents_with_how_many_more() -> None:
    examples = [Example(f"a {i}", "a") for i in range(30)] + [
        Example(f"b {i}", "b") for i in range(4)
    ]
    examples += [Example(f"c {i}", "c") for i in range(12)]
    needs = intent_needs(examples, {"a": (6, 6), "b": (0, 0), "c": (1, 3)})
    assert [(n.intent, n.more) for n in needs] == [("b", 21), ("c", 13)]
    assert all(n.examples < MIN_EXAMPLES or (n.accuracy or 0) < 0.8 for n in needs)


def _pack(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    (tmp_path / "intents.yaml").write_text(
        "domain: gym\nintents:\n  book: Book a class.\n  freeze: Freeze a membership.\n"
        "  greeting: Hello.\n"
    )
    lines = [json.dumps({"text": t, "intent": i}) for t, i in rows]
    (tmp_path / "examples.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_train_fails_below_the_floor_and_says_which_intents_need_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "data"))
    # book and freeze are worded the same: no model can tell them apart
    rows = [(f"please sort out my membership thing number {i}", "book") for i in range(10)]
    rows += [(f"please sort out my membership thing number {i}", "freeze") for i in range(10)]
    rows += [(f"hello there friend {i}", "greeting") for i in range(10)]
    (tmp_path / "pack").mkdir()
    pack = _pack(tmp_path / "pack", rows)
    result = CliRunner().invoke(train, ["--domain", str(pack)])
    assert result.exit_code == 1, result.output
    assert "per intent" in result.output
    assert "below the floor 0.80" in result.output
    assert "needs examples: book" in result.output or "needs examples: freeze" in result.output
    assert "needs examples: greeting" not in result.output
    ok = CliRunner().invoke(train, ["--domain", str(pack), "--floor", "0"])
    assert ok.exit_code == 0, ok.output
