"""Knowledge base: articles → passages, retrieval score, grounding check, routing, citations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from schemas import Outcome, Ticket
from streams.inline import InlinePipeline
from streams.services import build_services
from streams.stage3_decision import decision_event
from tests.streams.keyword_model import KeywordModel
from tollgate.config import DEFAULT_DOMAIN_DIR, load_settings
from tollgate.knowledge import (
    KnowledgeError,
    KnowledgeIndex,
    guard_knowledge_answer,
    load_knowledge,
    load_passages,
    ungrounded_claims,
)
from tollgate.knowledge.articles import parse_article

ARTICLE = """---
title: Returns
url: https://help.example.com/returns
tags: [returns]
---
## Return window
You can return items within 30 days of delivery.

## Sale items
- Sale items can be returned too.
- Final sale items cannot.
"""


def _pack(tmp_path: Path, body: str = ARTICLE) -> Path:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "returns.md").write_text(body)
    return tmp_path


def test_article_sections_become_passages_citing_the_pack_relative_path(tmp_path: Path) -> None:
    passages = load_passages(_pack(tmp_path))
    assert [p.heading for p in passages] == ["Return window", "Sale items"]
    assert {p.source for p in passages} == {"knowledge/returns.md"}
    assert passages[1].text == "Sale items can be returned too. Final sale items cannot."
    assert passages[0].url == "https://help.example.com/returns"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("no front matter", "front matter: missing"),
        ("---\nurl: x\n---\nText", "title: missing"),
        ("---\ntitle: T\ntags: 3\n---\nText", "tags: expected a list"),
        ("---\ntitle: T\n---\n\n", "body: no text"),
    ],
)
def test_malformed_articles_name_file_and_field(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(body)
    with pytest.raises(KnowledgeError, match=problem) as info:
        parse_article(path, "a.md")
    assert str(path) in str(info.value)


def test_score_is_question_coverage_so_unknown_topics_score_low(tmp_path: Path) -> None:
    index = KnowledgeIndex(load_passages(_pack(tmp_path)))
    best = index.search("How many days do I have to return an item?")[0]
    assert best.passage.heading == "Return window"
    assert best.score == 1.0
    mars = index.search("Can I return items to Mars?")
    assert mars[0].score < 0.5
    assert index.search("Who is your CEO?") == []


def test_index_is_cached_on_disk_by_content_hash(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    pack = _pack(tmp_path)
    index = KnowledgeIndex(load_passages(pack), cache_dir=cache)
    assert (cache / f"knowledge-{index.hash}").is_dir()
    (pack / "knowledge" / "returns.md").write_text(ARTICLE.replace("30 days", "60 days"))
    changed = KnowledgeIndex(load_passages(pack), cache_dir=cache)
    assert changed.hash != index.hash
    assert len(list(cache.iterdir())) == 2


def test_claims_must_be_in_the_passages() -> None:
    passage = "Standard shipping costs 4.95 EUR to Norway and takes 4 to 8 business days."
    assert ungrounded_claims(passage, [passage]) == []
    assert ungrounded_claims("Shipping to Norway is free and costs 2.95 EUR.", [passage]) == [
        "number 2.95",
        "promise free",
    ]
    assert ungrounded_claims("We ship to Japan.", [passage]) == ["country japan"]


def test_knowledge_guard_keeps_the_output_guards_secret_check() -> None:
    passage = "Gift cards are valid for 3 years."
    assert guard_knowledge_answer(passage, [passage]) == []
    problems = guard_knowledge_answer(passage + " Your code is sk-live-abcdefghijklmnop1234", [])
    assert any(p.startswith("secret") for p in problems)
    assert any("number 3" in p for p in problems)


def test_shop_answers_cite_the_article_that_states_the_answer() -> None:
    kb = load_knowledge(DEFAULT_DOMAIN_DIR)
    assert kb is not None
    answer = kb.answer("Do you ship to Norway and how much?")
    assert answer is not None and answer.problems == []
    assert [c.source for c in answer.citations] == ["knowledge/shipping.md"]
    article = (DEFAULT_DOMAIN_DIR / "knowledge" / "shipping.md").read_text()
    assert "Norway" in answer.text and "9.95 EUR" in answer.text and "9.95 EUR" in article


def _decide(*texts: str) -> list[object]:
    settings = load_settings()
    pipeline = InlinePipeline(build_services(settings, intent_model=KeywordModel()))
    tickets = [
        Ticket(ticket_id=f"K{i}", text=text, customer_id="C-1") for i, text in enumerate(texts)
    ]
    return [r.decision for r in asyncio.run(pipeline.run(tickets))]


def test_policy_questions_are_answered_with_citations_and_case_questions_are_not() -> None:
    policy, own_order, unknown, trigger = _decide(
        "How many days do I have to return something?",
        "I want to return order A10023",
        "Can I return things to your shop on Mars?",
        "Return policy? I will sue you and call my lawyer",
    )
    assert policy.outcome is Outcome.RESPOND  # type: ignore[attr-defined]
    assert policy.response_source == "knowledge"  # type: ignore[attr-defined]
    assert "30 days" in policy.response  # type: ignore[attr-defined]
    assert [c.source for c in policy.citations] == ["knowledge/returns.md"]  # type: ignore[attr-defined]
    assert decision_event(policy).citations == ["knowledge/returns.md"]  # type: ignore[arg-type]
    assert own_order.citations == []  # type: ignore[attr-defined]
    assert own_order.action_result is not None  # type: ignore[attr-defined]
    assert unknown.citations == []  # type: ignore[attr-defined]
    assert unknown.response_source != "knowledge"  # type: ignore[attr-defined]
    assert trigger.outcome is Outcome.ESCALATE  # type: ignore[attr-defined]
    assert trigger.citations == []  # type: ignore[attr-defined]
