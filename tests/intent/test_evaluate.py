"""The evaluation report on small hand-computed rows, and the train/eval commands."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.intent.cli import cascade_outcome, eval_cmd, train
from tollgate.intent.evaluate import Row, build_report, format_report, load_test_data

ROWS = [
    Row("a", "a", 0.95, "respond"),
    Row("a", "b", 0.85, "respond_review"),
    Row("b", "b", 0.75, "respond_review"),
    Row("b", "b", 0.65, "draft"),
    Row("oos", "out_of_scope", 0.60, "escalate"),
    Row("oos", "a", 0.92, "respond"),
    Row("oos", "b", 0.55, "draft"),
]


def test_report_metrics_match_hand_computation() -> None:
    report = build_report(ROWS)
    assert report.n == 7
    assert report.intent_accuracy == pytest.approx(3 / 4)
    assert report.oos_recall == pytest.approx(1 / 3)
    assert report.open_accuracy == pytest.approx(4 / 7)
    assert report.autonomous_on_oos == pytest.approx(1 / 3)
    assert report.outcomes == {"draft": 2, "escalate": 1, "respond": 2, "respond_review": 2}
    # a: P 1/2 R 1/2 F 1/2; b: P 2/4 R 2/2 F 2/3; oos: P 1/1 R 1/3 F 1/2
    assert report.macro_f1 == pytest.approx((1 / 2 + 2 / 3 + 1 / 2) / 3)
    assert report.per_intent["b"].precision == pytest.approx(0.5)
    assert report.per_intent["oos"].recall == pytest.approx(1 / 3)
    assert report.per_intent["oos"].support == 3
    assert {(g, p) for g, p, _ in report.confused} == {("a", "b"), ("oos", "a"), ("oos", "b")}


def test_ece_and_reliability_bins() -> None:
    report = build_report(ROWS)
    counts = [b.count for b in report.reliability]
    assert counts == [0, 0, 0, 0, 0, 1, 2, 1, 1, 2]
    top = report.reliability[9]
    assert (top.lo, top.hi) == (0.9, 1.0)
    assert top.confidence == pytest.approx(0.935)
    assert top.accuracy == pytest.approx(0.5)
    gaps = 2 * 0.435 + 0.85 + 0.25 + 2 * 0.375 + 0.55
    assert report.ece == pytest.approx(gaps / 7)


def test_confidence_one_falls_in_the_last_bin_and_perfect_calibration_is_zero() -> None:
    rows = [Row("a", "a", 1.0, "respond"), Row("oos", "out_of_scope", 1.0, "escalate")]
    report = build_report(rows)
    assert report.reliability[-1].count == 2
    assert report.ece == pytest.approx(0.0)
    assert report.oos_recall == 1.0


def test_empty_and_one_sided_sets_give_none_not_errors() -> None:
    empty = build_report([])
    assert empty.n == 0
    assert empty.intent_accuracy is None and empty.ece is None and empty.macro_f1 is None
    only_in = build_report([Row("a", "a", 0.9, "respond")])
    assert only_in.oos_recall is None and only_in.autonomous_on_oos is None
    # "out_of_scope" is accepted as the gold spelling too
    only_out = build_report([Row("out_of_scope", "out_of_scope", 0.9, "escalate")])
    assert only_out.oos_recall == 1.0 and only_out.intent_accuracy is None


def test_format_report_and_json_shape() -> None:
    report = build_report(ROWS)
    text = format_report(report)
    assert "open accuracy       57.1%" in text
    assert "oos -> a" in text
    data = json.loads(json.dumps(report.as_dict()))
    for key in (
        "n",
        "intent_accuracy",
        "oos_recall",
        "open_accuracy",
        "macro_f1",
        "outcomes",
        "autonomous_on_oos",
        "ece",
        "reliability",
    ):
        assert key in data
    assert set(data["reliability"][0]) == {"lo", "hi", "count", "confidence", "accuracy"}


def test_cascade_outcome_boundaries() -> None:
    from tollgate.config import load_settings

    settings = load_settings()
    assert cascade_outcome("greeting", 0.9, settings) == "respond"
    assert cascade_outcome("greeting", 0.89, settings) == "respond_review"
    assert cascade_outcome("greeting", 0.7, settings) == "respond_review"
    assert cascade_outcome("greeting", 0.5, settings) == "draft"
    assert cascade_outcome("greeting", 0.49, settings) == "escalate"
    assert cascade_outcome("out_of_scope", 0.99, settings) == "escalate"


def test_load_test_data_reads_tsv_and_jsonl(tmp_path: Path) -> None:
    tsv = tmp_path / "t.tsv"
    tsv.write_text('text\tlabel\n"hello\nthere"\tgreeting\nweather?\toos\n', encoding="utf-8")
    assert [(e.text, e.intent) for e in load_test_data(tsv)] == [
        ("hello there", "greeting"),
        ("weather?", "oos"),
    ]


# --- commands ----------------------------------------------------------------------------------

TRAIN = {
    "check_order_status": ["where is my order", "track my parcel", "has my order shipped yet"],
    "cancel_order": ["cancel my order", "please cancel the order", "I want to cancel it"],
    "greeting": ["hello", "hi there", "good morning"],
}


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "data"))
    train_file = tmp_path / "train.jsonl"
    lines = [
        json.dumps({"text": f"{text}{suffix}", "intent": intent})
        for intent, texts in TRAIN.items()
        for text in texts
        for suffix in ("", " please", " thanks", "?", " now")
    ]
    train_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    test_file = tmp_path / "test.jsonl"
    test = [("where's my order?", "check_order_status"), ("hi!", "greeting"), ("cancel", "oos")]
    test_file.write_text(
        "".join(json.dumps({"text": t, "intent": i}) + "\n" for t, i in test), encoding="utf-8"
    )
    return train_file, test_file


def test_train_command_prints_what_it_learned(files: tuple[Path, Path], tmp_path: Path) -> None:
    train_file, _ = files
    result = CliRunner().invoke(train, ["--examples", str(train_file)])
    assert result.exit_code == 0, result.output
    assert "examples hash" in result.output and "oos cut-off" in result.output
    assert "45 (3 intents)" in result.output
    assert list((tmp_path / "data" / "models").glob("*.pkl"))


def test_train_command_rejects_intents_outside_the_domain(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    train_file, _ = files
    foreign = tmp_path / "foreign.jsonl"
    extra = json.dumps({"text": "order me a pizza", "intent": "order_pizza"})
    foreign.write_text(train_file.read_text() + extra + "\n", encoding="utf-8")
    domain = Path("tollgate/domains/shop")
    ok = CliRunner().invoke(train, ["--examples", str(train_file), "--domain", str(domain)])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(train, ["--examples", str(foreign), "--domain", str(domain)])
    assert bad.exit_code != 0
    assert "order_pizza" in bad.output and "not in domain" in bad.output


def test_eval_command_json_and_decisions_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    train_file, test_file = files
    out = tmp_path / "decisions.jsonl"
    args = ["--data", str(test_file), "--examples", str(train_file), "--json", "--out", str(out)]
    result = CliRunner().invoke(eval_cmd, [*args, "--intent-only"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 3
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["label"] for line in lines] == ["check_order_status", "greeting", "oos"]
    assert set(lines[0]) == {
        "label",
        "intent",
        "confidence",
        "outcome",
        "triggers",
        "action",
        "response",
        "citations",
    }


def test_eval_command_runs_the_stages(files: tuple[Path, Path], tmp_path: Path) -> None:
    train_file, test_file = files
    out = tmp_path / "decisions.jsonl"
    args = ["--data", str(test_file), "--examples", str(train_file), "--out", str(out)]
    result = CliRunner().invoke(eval_cmd, args)
    assert result.exit_code == 0, result.output
    assert "open accuracy" in result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    outcomes = {line["outcome"] for line in lines}
    assert outcomes <= {"respond", "respond_review", "draft", "clarify", "escalate"}
    # the stages add what the model alone cannot: an action for an order lookup that is answered
    for line in lines:
        assert isinstance(line["citations"], list)
        if line["outcome"] != "escalate":
            assert line["response"]
        if line["intent"] == "out_of_scope" and not line["citations"]:
            assert line["outcome"] == "escalate" and line["action"] is None


def test_train_and_eval_name_the_missing_embeddings_extra(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    train_file, test_file = files
    nowhere = CliRunner().invoke(
        train, ["--examples", str(train_file), "--embeddings", str(tmp_path / "nowhere")]
    )
    assert nowhere.exit_code != 0 and "model.onnx" in nowhere.output
    assert "Traceback" not in nowhere.output
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    args = ["--data", str(test_file), "--examples", str(train_file), "--intent-only"]
    missing = CliRunner().invoke(eval_cmd, [*args, "--embeddings", "minilm"])
    assert missing.exit_code != 0 and "tollgate[embeddings]" in missing.output
    assert not list((tmp_path / "data" / "models").glob("*.pkl"))


def test_closed_set_option_trains_without_the_out_of_scope_gate(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    train_file, _ = files
    test_file = tmp_path / "unrelated.jsonl"
    test = [("where's my order?", "check_order_status"), ("mars weather forecast tomorrow", "oos")]
    test_file.write_text(
        "".join(json.dumps({"text": t, "intent": i}) + "\n" for t, i in test), encoding="utf-8"
    )
    trained = CliRunner().invoke(train, ["--examples", str(train_file), "--closed-set"])
    assert trained.exit_code == 0, trained.output
    assert "none (closed set" in trained.output
    out = tmp_path / "decisions.jsonl"
    args = ["--data", str(test_file), "--examples", str(train_file), "--out", str(out)]
    gated = CliRunner().invoke(eval_cmd, [*args, "--intent-only"])
    assert gated.exit_code == 0, gated.output
    assert "out_of_scope" in out.read_text(), "the gate sends the weather out of scope"
    closed = CliRunner().invoke(eval_cmd, [*args, "--closed-set"])
    assert closed.exit_code == 0, closed.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(line["intent"] != "out_of_scope" for line in lines)
    assert lines[0]["intent"] == "check_order_status"
    assert len(list((tmp_path / "data" / "models").glob("*.pkl"))) == 2  # one per gate setting
