"""Answer a question from the pack's knowledge base, offline, with citations.

The pack's ``knowledge.yaml`` says which questions go to the knowledge base::

    intents: [shipping_options, payment_issue]   # always answered from the KB first
    questions: [process_return, request_refund]  # action intents: a general question (no
                                                 # personal detail) is answered from the KB
    personal: ["my order", "my parcel"]          # phrases that make a question about one case
    personal_entities: [order_id]                # so do these entities (default: any entity)
    ignore_words: [shop]                         # words that carry no meaning for retrieval
    answer: "$passage (From our help centre: $title.)"

The offline answer is the best passage, lightly templated (``answer``; placeholders
``$passage``, ``$title``, ``$url``). The retrieval score decides how far the answer may go
(the same thresholds as intent confidence: see :func:`streams.cascade.by_confidence`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import yaml

from schemas import Citation
from tollgate.knowledge.articles import KnowledgeError, load_passages
from tollgate.knowledge.grounding import guard_knowledge_answer
from tollgate.knowledge.index import Hit, KnowledgeIndex
from tollgate.responses.guard import secret_values_from_env

CONFIG_FILE = "knowledge.yaml"
DEFAULT_ANSWER = "$passage\n\n(From our help centre: $title.)"
_SECOND_PASSAGE = 0.8
"""A second passage of the same article joins the answer when it ranks this close to the best,"""
_RELATED = 0.5
"""or when it ranks at least this close and answers more of the question (the score is then
that of both passages together)."""
_QUESTION_START = re.compile(
    r"^\s*(?:how|what|which|when|where|who|why|do|does|did|can|could|is|are|will|would|should|"
    r"may|if)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KnowledgeConfig:
    """The routing part of ``knowledge.yaml``."""

    intents: frozenset[str] = frozenset()
    questions: frozenset[str] = frozenset()
    personal: tuple[str, ...] = ()
    personal_entities: frozenset[str] | None = None
    """Entities that make a question about one case (``None``: every entity found)."""
    ignore_words: frozenset[str] = frozenset()
    answer: str = DEFAULT_ANSWER


@dataclass(frozen=True, slots=True)
class KnowledgeAnswer:
    """A written answer, the passages it came from, and what the check found."""

    text: str
    score: float
    citations: list[Citation]
    problems: list[str] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    """The passage texts (and title) the answer may state: what a rewording is checked against."""


def is_question(text: str) -> bool:
    """Question-shaped: a question mark, or starting with a question word."""
    return "?" in text or bool(_QUESTION_START.match(text))


class KnowledgeBase:
    """A pack's passages, their index and routing rules."""

    def __init__(self, index: KnowledgeIndex, config: KnowledgeConfig) -> None:
        self.index = index
        self.config = config
        self.secrets = secret_values_from_env()  # read once: the environment does not change

    def wants(self, intent: str, text: str, entities: Mapping[str, str] | None = None) -> bool:
        """Whether a ticket of ``intent`` saying ``text`` is a question for the knowledge base.

        A question naming details of one case (an extracted entity such as an order number, or a
        ``personal`` phrase) is about that case, not about the policy.
        """
        lowered = text.lower()
        wanted = self.config.personal_entities
        case = {k for k in entities or {} if wanted is None or k in wanted}
        if case or any(marker in lowered for marker in self.config.personal):
            return False
        if intent in self.config.intents:
            return True
        return is_question(text) and intent in self.config.questions

    def search(self, question: str) -> list[Hit]:
        return self.index.search(question)

    def answer(
        self, question: str, *, entities: Mapping[str, str] | None = None
    ) -> KnowledgeAnswer | None:
        """The offline answer from the best passage (``None``: nothing retrieved)."""
        hits = self.search(question)
        if not hits:
            return None
        best = hits[0]
        score = best.score
        used = [best]
        related = [
            hit
            for hit in hits[1:]
            if hit.passage.source == best.passage.source and hit.bm25 >= _RELATED * best.bm25
        ]
        if related:
            together, second = max(
                ((self.index.coverage(question, [best.doc, h.doc]), h) for h in related),
                key=lambda pair: pair[0],
            )
            if together > score:
                used, score = [best, second], together
            elif related[0].bm25 >= _SECOND_PASSAGE * best.bm25:
                used = [best, related[0]]
        passage = best.passage
        text = Template(self.config.answer).safe_substitute(
            passage=" ".join(h.passage.text for h in used), title=passage.title, url=passage.url
        )
        sources = [h.passage.text for h in used] + [passage.title]
        problems = guard_knowledge_answer(
            text, sources, entities=entities, secrets=self.secrets, scan_env=False
        )
        # every passage used comes from the best passage's article: one citation
        citations = [Citation(source=passage.source, title=passage.title, score=score)]
        return KnowledgeAnswer(
            text=text,
            score=score,
            citations=citations,
            problems=problems,
            sources=tuple(sources),
        )


def load_config(pack_dir: Path) -> KnowledgeConfig:
    """``<pack>/knowledge.yaml`` (absent: no routing, only the defaults)."""
    path = pack_dir / CONFIG_FILE
    if not path.is_file():
        return KnowledgeConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path}: expected a mapping")

    def words(key: str) -> list[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise KnowledgeError(f"{path}: {key}: expected a list of strings")
        return value

    answer = raw.get("answer", DEFAULT_ANSWER)
    if not isinstance(answer, str) or "$passage" not in answer:
        raise KnowledgeError(f"{path}: answer: must be a string containing $passage")
    personal_entities = raw.get("personal_entities")
    return KnowledgeConfig(
        personal_entities=None
        if personal_entities is None
        else frozenset(words("personal_entities")),
        intents=frozenset(words("intents")),
        questions=frozenset(words("questions")),
        personal=tuple(p.lower() for p in words("personal")),
        ignore_words=frozenset(words("ignore_words")),
        answer=answer,
    )


def load_knowledge(pack_dir: Path, cache_dir: Path | None = None) -> KnowledgeBase | None:
    """The pack's knowledge base, or ``None`` when it has no articles."""
    passages = load_passages(pack_dir)
    if not passages:
        return None
    config = load_config(pack_dir)
    index = KnowledgeIndex(passages, ignore=config.ignore_words, cache_dir=cache_dir)
    return KnowledgeBase(index, config)
