"""``tollgate domain check``: a whole pack validated across its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tollgate.cli import main
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.domains.check import check_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(DEFAULT_DOMAIN_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_the_shipped_pack_is_clean() -> None:
    report = check_pack(DEFAULT_DOMAIN_DIR)
    assert report.problems == [] and report.gaps == []
    assert report.counts["articles"] >= 10 and report.counts["demo_tickets"] > 0


def test_cross_file_problems_name_file_field_and_problem(pack: Path) -> None:
    def constraints(data: dict) -> None:  # type: ignore[type-arg]
        data["intent_actions"]["check_ordr_status"] = {"action": None}  # a typo
        del data["intent_actions"]["thanks"]
        data["allowed_actions"]["book_class"] = {
            "description": "Book a class.",
            "params": {"member_id": {"type": "str"}},
        }
        data["intent_actions"]["complaint"] = {"action": "book_class"}

    def responses(data: dict) -> None:  # type: ignore[type-arg]
        data["informational"]["greeting"] = ["Hello $member_name!"]
        data["success"]["lookup_order"]["rules"][0]["say"][0] = "Order $order_id is $colour."

    _edit(pack / "constraints.yaml", constraints)
    _edit(pack / "responses.yaml", responses)
    problems = "\n".join(check_pack(pack).problems)
    assert "constraints.yaml: intent_actions.check_ordr_status: no such intent" in problems
    assert "constraints.yaml: intent_actions: intent 'thanks' routes nowhere" in problems
    assert "actions.yaml: actions.book_class: no backend declared" in problems
    assert "responses.yaml: informational.greeting[0]: unknown placeholder $member_name" in problems
    assert "success.lookup_order.rules[0].say[0]: unknown placeholder $colour" in problems
    assert "$order_id" not in problems


def test_too_few_examples_say_how_many_more(pack: Path) -> None:
    lines = (pack / "examples.jsonl").read_text().splitlines()
    kept = [line for line in lines if '"greeting"' not in line][:] + [
        line for line in lines if '"greeting"' in line
    ][:3]
    (pack / "examples.jsonl").write_text("\n".join(kept) + "\n")
    (pack / "demo_tickets.jsonl").unlink()
    problems = "\n".join(check_pack(pack).gaps)
    assert "greeting: 3 examples, needs at least 10 (7 more)" in problems
    assert "demo_tickets.jsonl: missing" in problems


def test_command_exits_non_zero_with_one_line_per_problem(pack: Path) -> None:
    ok = CliRunner().invoke(main, ["domain", "check", str(DEFAULT_DOMAIN_DIR)])
    assert ok.exit_code == 0 and ok.output.startswith("OK:")
    (pack / "knowledge.yaml").write_text("intents: [no_such_intent]\n")
    bad = CliRunner().invoke(main, ["domain", "check", str(pack)])
    assert bad.exit_code == 1
    assert "error: " in bad.output and "knowledge.yaml: intents: no such intent" in bad.output


def test_a_worker_refuses_a_broken_pack_but_runs_one_with_gaps(pack: Path) -> None:
    from streams.services import build_services
    from tests.streams.keyword_model import KeywordModel
    from tollgate.config import load_settings
    from tollgate.domains.check import PackError
    from tollgate.responses.pack import use_pack

    (pack / "demo_tickets.jsonl").unlink()  # a gap: the worker still starts
    try:
        build_services(load_settings(domain_dir=pack), intent_model=KeywordModel())
        _edit(pack / "actions.yaml", lambda data: data["actions"].pop("lookup_order"))
        with pytest.raises(PackError, match=r"actions.yaml: actions.lookup_order: no backend"):
            build_services(load_settings(domain_dir=pack), intent_model=KeywordModel())
    finally:
        use_pack(DEFAULT_DOMAIN_DIR)
