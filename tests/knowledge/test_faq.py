"""The labelled FAQ sets: answer rate, groundedness and wrong-answer rate per domain pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.cli import main
from tollgate.config import PACKAGE_DIR, load_settings
from tollgate.knowledge import load_knowledge
from tollgate.knowledge.faq import evaluate_faq, load_faq

DATA = Path(__file__).parent / "data"
PACKS = {name: PACKAGE_DIR / "domains" / name for name in ("shop", "saas")}


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_faq_answers_are_grounded_and_unanswerable_questions_are_not_answered(pack: str) -> None:
    kb = load_knowledge(PACKS[pack])
    assert kb is not None
    report = evaluate_faq(kb, load_faq(DATA / f"{pack}_faq.jsonl"), load_settings())
    assert report.answerable >= 10 and report.questions > report.answerable
    assert report.answer_rate is not None and report.answer_rate >= 0.8
    assert report.groundedness == 1.0
    assert report.wrong_answer_rate == 0.0, report.wrong_questions


def test_knowledge_eval_command_prints_the_three_rates() -> None:
    result = CliRunner().invoke(main, ["knowledge", "eval", str(DATA / "shop_faq.jsonl")])
    assert result.exit_code == 0, result.output
    for name in ("answer_rate", "groundedness", "wrong_answer_rate"):
        assert name in result.output
