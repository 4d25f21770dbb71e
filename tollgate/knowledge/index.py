"""BM25 retrieval over passages (``bm25s``), with a [0, 1] score a cascade can use.

Ranking is BM25. The score of a hit is the IDF-weighted share of the question's content words
that the passage contains (stemmed): 1.0 when every word of the question is in the passage,
low when the question is about something the passage does not mention ("Do you ship to Mars?"
against a shipping article that never says Mars). Words unknown to the whole knowledge base weigh
as much as the rarest known word, so a question about an unknown topic never scores high.

The index is built once per content hash and kept in memory (and, given ``cache_dir``, on disk
under ``knowledge-<hash>``), so a restart with unchanged articles does not rebuild it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bm25s  # type: ignore[import-untyped]
import Stemmer  # type: ignore[import-not-found]
from bm25s.stopwords import STOPWORDS_EN  # type: ignore[import-untyped]

from tollgate.knowledge.articles import Passage

# Function words of questions ("how many days do I have..."): English, not domain vocabulary.
QUESTION_WORDS = frozenset(
    [
        "a",
        "about",
        "am",
        "an",
        "any",
        "anything",
        "are",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "hello",
        "hi",
        "how",
        "i",
        "i'm",
        "if",
        "is",
        "it",
        "me",
        "much",
        "many",
        "my",
        "need",
        "of",
        "our",
        "please",
        "so",
        "some",
        "something",
        "tell",
        "thank",
        "thanks",
        "the",
        "there",
        "to",
        "us",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "know",
        "let",
        "like",
        "also",
        "still",
        "able",
        "possible",
        "really",
        "way",
        "ok",
        "okay",
        "just",
    ]
)
# Words that help rank ("how LONG does a refund take") but say too little to count as covered.
WEAK_WORDS = frozenset(
    ("long", "much", "many", "take", "takes", "use", "different", "other", "keep", "keeps")
)
_STEMMER = Stemmer.Stemmer("english")
logging.getLogger("bm25s").setLevel(logging.WARNING)
_WORD_RE = re.compile(r"(?u)\b\w\w+\b")
"""bm25s's default token pattern: words of two or more characters."""
_PARAMS_FILE = "params.index.json"
_INDEXES: dict[str, tuple[bm25s.BM25, dict[str, float]]] = {}


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved passage: ``score`` in [0, 1] (question coverage), ``bm25`` the raw rank score."""

    passage: Passage
    score: float
    bm25: float
    doc: int
    """The passage's position in the index."""


@lru_cache(maxsize=64)
def _stop_words(ignore: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The stop words and their stems."""
    stop = (QUESTION_WORDS - WEAK_WORDS) | frozenset(STOPWORDS_EN) | ignore
    return stop, frozenset(_STEMMER.stemWords(sorted(stop)))


def tokens(texts: Sequence[str], ignore: frozenset[str] = frozenset()) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed word lists (one per text); a word whose stem is a stop
    word's stem ("getting" → "get") is dropped too."""
    stop, stems = _stop_words(ignore)
    result = []
    for text in texts:
        words = [w for w in _WORD_RE.findall(text.lower()) if w not in stop]
        result.append([s for s in _STEMMER.stemWords(words) if s not in stems])
    return result


def content_hash(passages: Sequence[Passage]) -> str:
    """A stable hash of the passages (source, heading, text), the index cache key."""
    digest = hashlib.sha256()
    for p in passages:
        digest.update(json.dumps([p.source, p.title, p.heading, p.searchable]).encode())
    return digest.hexdigest()[:16]


class KnowledgeIndex:
    """Passages searchable by question. Raises ``ValueError`` when given no passages."""

    def __init__(
        self,
        passages: Sequence[Passage],
        *,
        ignore: frozenset[str] = frozenset(),
        cache_dir: Path | None = None,
    ) -> None:
        if not passages:
            raise ValueError("a knowledge index needs at least one passage")
        self.passages = list(passages)
        self.ignore = frozenset(w.lower() for w in ignore)
        self.hash = (
            content_hash(self.passages)
            + hashlib.sha256(" ".join(sorted(self.ignore)).encode()).hexdigest()[:4]
        )
        self._words = [set(t) for t in tokens([p.searchable for p in self.passages], self.ignore)]
        self._bm25, self._idf = self._load_or_build(cache_dir)
        self._max_idf = max(self._idf.values(), default=1.0)
        self._weak = frozenset(_STEMMER.stemWords(sorted(WEAK_WORDS)))

    def _load_or_build(self, cache_dir: Path | None) -> tuple[bm25s.BM25, dict[str, float]]:
        folder = cache_dir / f"knowledge-{self.hash}" if cache_dir is not None else None
        cached = _INDEXES.get(self.hash)
        if cached is None:
            if folder is not None and (folder / _PARAMS_FILE).is_file():
                retriever = bm25s.BM25.load(str(folder))
            else:
                retriever = bm25s.BM25()
                texts = [p.searchable for p in self.passages]
                retriever.index(tokens(texts, self.ignore), show_progress=False)
            n = len(self._words)
            df = Counter(word for words in self._words for word in words)
            idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
            cached = _INDEXES[self.hash] = (retriever, idf)
        if folder is not None and not (folder / _PARAMS_FILE).is_file():
            folder.mkdir(parents=True, exist_ok=True)
            cached[0].save(str(folder))
        return cached

    def search(self, question: str, k: int = 3) -> list[Hit]:
        """The BM25 top ``k`` passages for ``question``, best coverage score first."""
        query = tokens([question], self.ignore)[0]
        if not query:
            return []
        known = [w for w in query if w in self._idf]
        if not known:
            return []
        k = min(k, len(self.passages))
        docs, scores = self._bm25.retrieve([known], k=k, show_progress=False, n_threads=0)
        hits = [
            Hit(self.passages[int(i)], self._coverage(query, [int(i)]), float(s), int(i))
            for i, s in zip(docs[0], scores[0], strict=True)
            if float(s) > 0
        ]
        # best coverage first; equal coverage keeps the BM25 order (sorted is stable)
        return sorted(hits, key=lambda h: -h.score)

    def coverage(self, question: str, docs: Sequence[int]) -> float:
        """The score of passages ``docs`` taken together for ``question``."""
        return self._coverage(tokens([question], self.ignore)[0], docs)

    def _coverage(self, query: list[str], docs: Sequence[int]) -> float:
        weights = {w: self._idf.get(w, self._max_idf) for w in query if w not in self._weak}
        total = sum(weights.values())
        words = set().union(*(self._words[d] for d in docs))
        covered = sum(weight for w, weight in weights.items() if w in words)
        return round(covered / total, 4) if total else 0.0
