"""Score a knowledge base on a labelled FAQ set: answer rate, groundedness, wrong answers.

A FAQ file is JSON lines ``{"question": ..., "source": "knowledge/returns.md" | null,
"facts": ["30 days"]}``: ``source`` is the article that answers the question (``null``: the
knowledge base cannot answer it), ``facts`` are strings that article must state.

An item counts as *answered* when the answer would be sent without a human writing it: its
retrieval score reaches the review threshold (:func:`~streams.cascade.by_confidence` gives
``respond`` or ``respond_review``) and the grounding check passes. Then:

* answer rate = answered answerable questions / answerable questions;
* groundedness = answered questions whose every claim (number, country, promise word) is in the
  cited article / answered questions;
* wrong-answer rate = answered questions that cite another article than the label, miss a
  labelled fact, or were labelled unanswerable / answered questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas import Outcome
from streams.cascade import by_confidence
from tollgate.config import Settings
from tollgate.domains.files import json_lines
from tollgate.knowledge.answer import KnowledgeBase
from tollgate.knowledge.articles import KnowledgeError
from tollgate.knowledge.grounding import ungrounded_claims

_SENT = (Outcome.RESPOND, Outcome.RESPOND_REVIEW)


@dataclass(frozen=True, slots=True)
class FaqItem:
    question: str
    source: str | None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FaqReport:
    """Counts and the three rates (``None`` when their denominator is zero)."""

    questions: int
    answerable: int
    answered: int
    answered_answerable: int
    grounded: int
    wrong: int
    wrong_questions: tuple[str, ...]

    @property
    def answer_rate(self) -> float | None:
        return self.answered_answerable / self.answerable if self.answerable else None

    @property
    def groundedness(self) -> float | None:
        return self.grounded / self.answered if self.answered else None

    @property
    def wrong_answer_rate(self) -> float | None:
        return self.wrong / self.answered if self.answered else None

    def as_dict(self) -> dict[str, object]:
        return {
            "questions": self.questions,
            "answerable": self.answerable,
            "answered": self.answered,
            "answer_rate": self.answer_rate,
            "groundedness": self.groundedness,
            "wrong_answer_rate": self.wrong_answer_rate,
            "wrong": list(self.wrong_questions),
        }


def load_faq(path: Path) -> list[FaqItem]:
    """The items of a FAQ file; errors name the file and line."""
    items: list[FaqItem] = []
    for number, row, problem in json_lines(path):
        if problem or not isinstance(row, dict):
            raise KnowledgeError(f"{path}:{number}: {problem or 'expected an object'}")
        question, source = row.get("question"), row.get("source")
        facts = row.get("facts", [])
        if not isinstance(question, str) or not question.strip():
            raise KnowledgeError(f"{path}:{number}: question: must be a non-empty string")
        if source is not None and not isinstance(source, str):
            raise KnowledgeError(f"{path}:{number}: source: must be a path or null")
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
            raise KnowledgeError(f"{path}:{number}: facts: must be a list of strings")
        items.append(FaqItem(question, source, tuple(facts)))
    if not items:
        raise KnowledgeError(f"{path}: no questions")
    return items


def evaluate_faq(kb: KnowledgeBase, items: list[FaqItem], settings: Settings) -> FaqReport:
    """Answer every item offline and score the answers against the labels."""
    articles = {p.source: "" for p in kb.index.passages}
    for p in kb.index.passages:
        articles[p.source] += f" {p.title} {p.heading} {p.text}"
    answered = answered_answerable = grounded = 0
    wrong: list[str] = []
    for item in items:
        answer = kb.answer(item.question)
        if answer is None or answer.problems or by_confidence(answer.score, settings) not in _SENT:
            continue
        answered += 1
        cited = answer.citations[0].source
        article = articles.get(cited, "")
        if not ungrounded_claims(answer.text, [article]):
            grounded += 1
        right = (
            item.source is not None
            and cited == item.source
            and all(fact in article for fact in item.facts)
        )
        answered_answerable += item.source is not None
        if not right:
            wrong.append(item.question)
    return FaqReport(
        questions=len(items),
        answerable=sum(item.source is not None for item in items),
        answered=answered,
        answered_answerable=answered_answerable,
        grounded=grounded,
        wrong=len(wrong),
        wrong_questions=tuple(wrong),
    )
