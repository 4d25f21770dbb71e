"""The learned trigger model: a multi-label classifier beside the phrase rules.

It covers the open-vocabulary triggers (:data:`MODELLED`); the structural ones (filtered
content, chaos input, forbidden actions) stay rules only. Training data is the domain pack's
``triggers/examples.jsonl`` (one ``{"text", "triggers": [...]}`` a line, ``[]`` = an ordinary
request) plus the pack's intent examples, which count as ordinary requests.

Training (:func:`fit_trigger_model`), on the same local stack as the intent model:

1. Features: TF-IDF word 1–2-grams + character 2–5-grams of the normalised, look-alike-folded
   text (:func:`tollgate.constraints.text.views`) with capitalised names outside the pack's
   vocabulary masked (:mod:`tollgate.constraints.namemask`, the same in training and
   inference), plus the MiniLM sentence vector when an
   encoder is configured (the ``embeddings`` extra, :mod:`tollgate.intent.embeddings`).
2. One logistic regression per trigger (one-vs-rest, balanced class weights).
3. Thresholds: every example is scored by a model fitted without it (k-fold, fixed seed); per
   trigger the threshold is the lowest that keeps the share of ordinary requests scoring above it
   at or under ``max_false_rate`` (recall at a bounded false-trigger rate), never below
   ``min_threshold``.
4. The heads are refitted on all examples; their weights are stacked into one matrix so a
   ticket costs one sparse product.

A trigger fires when its rule fires *or* its score reaches the threshold
(:func:`tollgate.constraints.triggers.detect_triggers`, evidence ``"model:0.93"``).

5. A doubt cut-off per trigger, chosen the same way at ``doubt_false_rate`` (never below
   ``min_doubt``, never above the threshold): a score between the two does not fire the trigger,
   but the ticket is in doubt (:class:`TriggerScores`), and the decision stage lets no reply go
   out without a human (:func:`streams.cascade.doubt_gate`). The agent never guesses: a near
   miss costs a reviewer's click, a miss costs an automated reply to a threat.

Models are cached as ``cache_dir/triggers/<key>.pkl``, keyed by the examples' content hash, the
configuration, :data:`MODEL_FORMAT` and the encoder files' digest, signed like the intent model
(:func:`tollgate.intent.local.save_signed`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from tollgate.constraints.namemask import mask_names, pack_vocabulary
from tollgate.constraints.schema import LANGUAGE_TRIGGERS, TRIGGER_NAMES, load_constraints
from tollgate.constraints.shopnames import builtin_first_names
from tollgate.constraints.text import WORD_RE, views
from tollgate.intent.embeddings import Encoder, load_encoder, resolve
from tollgate.intent.local import load_signed, save_signed

log = structlog.get_logger(__name__)

MODELLED: tuple[str, ...] = tuple(LANGUAGE_TRIGGERS)
"""Triggers the model scores (open vocabulary); the others are rules only."""
MODEL_FORMAT = 6
"""Bumped whenever training changes, so older cache files are not reused."""
TRIGGER_EXAMPLES = Path("triggers") / "examples.jsonl"
"""The labelled trigger set, relative to a domain folder."""

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


class TriggerDataError(ValueError):
    """A labelled trigger file is unreadable or names an unknown trigger."""


@dataclass(frozen=True)
class TriggerExample:
    """One labelled text: the triggers it must fire (empty: an ordinary request)."""

    text: str
    triggers: tuple[str, ...] = ()


def jsonl_lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, line)`` of a JSON Lines file's non-blank lines. Lines end at ``"\n"``
    only: a text may hold U+2028, which ``str.splitlines`` would break at (real chat text does)."""
    lines = enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
    return [(number, line) for number, line in lines if line.strip()]


def load_trigger_examples(path: Path) -> list[TriggerExample]:
    """``{"text", "triggers": [...]}`` lines (other keys ignored); trigger names must exist."""
    out = []
    for number, line in jsonl_lines(path):
        try:
            row = json.loads(line)
            text, triggers = row["text"], tuple(row.get("triggers") or ())
        except (ValueError, KeyError, TypeError) as exc:
            raise TriggerDataError(f"{path}:{number}: {exc}") from None
        unknown = set(triggers) - set(TRIGGER_NAMES)
        if not isinstance(text, str) or unknown:
            raise TriggerDataError(f"{path}:{number}: unknown triggers {sorted(unknown)}")
        out.append(TriggerExample(text, triggers))
    return out


def domain_trigger_examples(domain_dir: Path) -> list[TriggerExample]:
    """The pack's labelled trigger set plus its intent examples (as the domain loader finds
    them) as ordinary requests."""
    from tollgate.intent.domain import load_domain

    examples = load_trigger_examples(domain_dir / TRIGGER_EXAMPLES)
    return examples + [TriggerExample(e.text) for e in load_domain(domain_dir).examples]


def model_text(clean: str) -> str:
    """What the model reads: the normalised, look-alike-folded view of the cleaned text."""
    return views(clean)[0]


def _preprocess(text: str) -> str:
    return "".join("0" if ch.isdigit() else ch for ch in text.lower())


@dataclass(frozen=True)
class TriggerModelConfig:
    """Training knobs (the defaults are the ones measured in ``bench/TRIGGERS_RESULTS.md``)."""

    embeddings: str = ""
    """Sentence encoder (``""`` none, ``"minilm"``, or a folder), as for the intent model."""
    c: float = 10.0
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    folds: int = 5
    max_false_rate: float = 0.004
    """Per trigger, the share of ordinary validation requests allowed to score above threshold."""
    min_threshold: float = 0.5
    doubt_false_rate: float = 0.02
    """Per trigger, the share of ordinary validation requests allowed to score in doubt or above
    (a near miss: the reply waits for a human's approval). Chosen in round 12 before part v12
    was written, leaving each of the development parts v9–v11 out of training in turn: of the
    5 trigger cases that fired nothing, 0.005 held 2 (ordinary requests held 6 of 648), 0.01
    held 2 (17 of 648), 0.02 held 5 (36 of 648)."""
    min_doubt: float = 0.2
    seed: int = 0
    embedding_weight: float = 0.5
    """The sentence vector's weight beside the (unit-length) TF-IDF block. Round 8, leave one
    development part out (train without it, measure on it): 1.0 → 0.5 took the false-trigger
    rate on part v7 from 0.032 to 0.019 (v6: 0.014 both) at equal or higher recall."""


@dataclass(frozen=True)
class TriggerHeadInfo:
    """What threshold selection measured for one trigger (out-of-fold scores)."""

    threshold: float
    positives: int
    validation_recall: float
    validation_false_rate: float
    doubt: float = 1.0
    """Scores from here up to ``threshold`` are near misses (see :class:`TriggerScores`)."""
    validation_doubt_rate: float = 0.0
    """Share of ordinary validation requests scoring at or above ``doubt``."""


@dataclass(frozen=True)
class TriggerModelInfo:
    """What training learned and measured, for ``tollgate train-triggers`` and the logs."""

    examples_hash: str
    examples: int
    ordinary: int
    features: int
    seconds: float
    heads: dict[str, TriggerHeadInfo] = field(default_factory=dict)


class _Features:
    """TF-IDF word + character n-grams, plus sentence vectors when an encoder is given."""

    def __init__(
        self,
        config: TriggerModelConfig,
        encoder: Encoder | None,
        vocabulary: frozenset[str] = frozenset(),
    ) -> None:
        self.vocabulary = vocabulary
        self.vectorizer = FeatureUnion(
            [
                ("word", TfidfVectorizer(preprocessor=_preprocess, ngram_range=config.word_ngrams,
                                         sublinear_tf=True)),
                ("char", TfidfVectorizer(preprocessor=_preprocess, analyzer="char_wb",
                                         ngram_range=config.char_ngrams, sublinear_tf=True)),
            ]
        )  # fmt: skip
        self.encoder = encoder
        self.weight = config.embedding_weight

    def masked(self, texts: Sequence[str]) -> list[str]:
        """What the TF-IDF part reads: ``texts`` with unknown names masked."""
        return [mask_names(text, self.vocabulary) for text in texts]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        matrix = normalize(self.vectorizer.transform(self.masked(texts))).tocsr()
        if self.encoder is None:
            return matrix
        vectors = self.encoder.encode(list(texts)) * self.weight
        return sparse.hstack([matrix, sparse.csr_matrix(vectors)]).tocsr()


def _fit_heads(matrix: sparse.csr_matrix, labels: np.ndarray[Any, Any], c: float) -> FloatArray:
    """One balanced logistic regression per column of ``labels``; rows: [weights..., bias]."""
    rows = []
    for column in range(labels.shape[1]):
        head = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear")
        head.fit(matrix, labels[:, column])
        rows.append(np.append(head.coef_[0], head.intercept_[0]))
    return np.vstack(rows)


def _scores(matrix: sparse.csr_matrix, heads: FloatArray) -> FloatArray:
    logits = matrix @ heads[:, :-1].T + heads[:, -1]
    return 1.0 / (1.0 + np.exp(-np.asarray(logits)))  # type: ignore[no-any-return]


def _cut(ordinary: FloatArray, rate: float, floor: float) -> float:
    """The lowest cut-off keeping the share of ``ordinary`` scores at or above it within
    ``rate``, never below ``floor``."""
    allowed = int(rate * len(ordinary))
    ranked = np.sort(ordinary)[::-1]
    cut = float(np.nextafter(ranked[allowed], 1.0)) if allowed < len(ranked) else 0.0
    return max(cut, floor)


def _threshold(
    positive: FloatArray, ordinary: FloatArray, config: TriggerModelConfig
) -> TriggerHeadInfo:
    """The firing cut-off (``max_false_rate``) and the doubt cut-off (``doubt_false_rate``)."""
    cut = _cut(ordinary, config.max_false_rate, config.min_threshold)
    doubt = min(_cut(ordinary, config.doubt_false_rate, config.min_doubt), cut)
    return TriggerHeadInfo(
        threshold=cut,
        positives=len(positive),
        validation_recall=float((positive >= cut).mean()) if len(positive) else 0.0,
        validation_false_rate=float((ordinary >= cut).mean()) if len(ordinary) else 0.0,
        doubt=doubt,
        validation_doubt_rate=float((ordinary >= doubt).mean()) if len(ordinary) else 0.0,
    )


MIN_WORDS = 3
"""Fewer words than this give the model nothing to read but a word's letters: a customer's
"No" or "I forget" answering the agent's question fired prompt_injection (0.59 and 0.90 on the
round-32 model, from "no longer…" and "forget your instructions"), and "I don't know" sat in
the threat doubt band. Such tickets are left to the rules, which read fragments ("Solicitor.",
"Negotiable?"); of the pack's 244 labelled lines under three words, 4 are trigger cases, and
the rules catch all of them (round 33)."""


@dataclass(frozen=True)
class TriggerScores:
    """What the model says of one ticket: the triggers that fire (score ≥ threshold) and the
    near misses (doubt ≤ score < threshold), each with its best score over the ticket's views."""

    fired: dict[str, float]
    doubted: dict[str, float]


class TriggerModel:
    """Scores texts for the :data:`MODELLED` triggers; :meth:`fired` applies the thresholds."""

    def __init__(
        self,
        features: _Features,
        heads: FloatArray,
        thresholds: dict[str, float],
        info: TriggerModelInfo,
    ) -> None:
        self.features = features
        self.heads = heads
        self.weights = np.ascontiguousarray(heads[:, :-1].T)  # features × triggers
        self.thresholds = thresholds
        self.doubts = {name: head.doubt for name, head in info.heads.items()}
        """Per trigger, the doubt cut-off (never above the threshold: :func:`_threshold`)."""
        self.info = info

    def scores(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities, one row per text, one column per :data:`MODELLED` trigger."""
        if not texts:
            return np.zeros((0, len(MODELLED)))
        logits = self.features.transform(texts) @ self.weights + self.heads[:, -1]
        return 1.0 / (1.0 + np.exp(-np.asarray(logits)))  # type: ignore[no-any-return]

    def fired(self, texts: Sequence[str]) -> dict[str, float]:
        """Triggers whose best score over ``texts`` (views of one ticket) reaches the
        threshold, with that score."""
        return self.fired_many([texts])[0]

    def fired_many(self, groups: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """:meth:`fired` for many tickets in one pass."""
        return [scores.fired for scores in self.assess_many(groups)]

    def assess_many(self, groups: Sequence[Sequence[str]]) -> list[TriggerScores]:
        """Fired triggers and near misses for many tickets (views of one ticket a group) in one
        pass (one transform and product for all: about 20 times cheaper per ticket than one call
        per ticket). A ticket none of whose views holds :data:`MIN_WORDS` words gets neither:
        the rules alone judge it (see :data:`MIN_WORDS`)."""
        flat = [text for group in groups for text in group]
        scores = self.scores(flat)
        out: list[TriggerScores] = []
        start = 0
        for group in groups:
            rows = scores[start : start + len(group)]
            start += len(group)
            if max((len(WORD_RE.findall(text)) for text in group), default=0) < MIN_WORDS:
                out.append(TriggerScores({}, {}))
                continue
            best = rows.max(axis=0) if len(group) else np.zeros(len(MODELLED))
            named = [(name, float(score)) for name, score in zip(MODELLED, best, strict=True)]
            fired = {name: score for name, score in named if score >= self.thresholds[name]}
            doubted = {
                name: score
                for name, score in named
                if self.doubts[name] <= score < self.thresholds[name]
            }
            out.append(TriggerScores(fired, doubted))
        return out


def fit_trigger_model(
    examples: Sequence[TriggerExample],
    config: TriggerModelConfig | None = None,
    known_words: Sequence[str] = (),
) -> TriggerModel:
    """Fit the heads, choose thresholds on out-of-fold scores, refit on everything.

    ``known_words``: capitalised words that are no name (the pack's ``not_names``), never masked.
    """
    config = config or TriggerModelConfig()
    started = time.perf_counter()
    texts = [model_text(e.text) for e in examples]
    vocabulary = pack_vocabulary(texts, known_words)
    labels = np.array([[name in e.triggers for name in MODELLED] for e in examples], dtype=int)
    ordinary = labels.sum(axis=1) == 0
    encoder = load_encoder(config.embeddings)
    features = _Features(config, encoder, vocabulary)
    held_out = np.zeros(labels.shape)
    folds = KFold(n_splits=config.folds, shuffle=True, random_state=config.seed)
    vectors = encoder.encode(texts) if encoder is not None else None
    for train, test in folds.split(texts):
        fold = _Features(config, None, vocabulary)
        fold.vectorizer.fit(fold.masked([texts[i] for i in train]))
        train_m, test_m = (
            _with_vectors(fold, texts, train, vectors, config),
            _with_vectors(fold, texts, test, vectors, config),
        )
        held_out[test] = _scores(test_m, _fit_heads(train_m, labels[train], config.c))
    heads_info = {
        name: _threshold(held_out[labels[:, k] == 1, k], held_out[ordinary, k], config)
        for k, name in enumerate(MODELLED)
    }
    features.vectorizer.fit(features.masked(texts))
    matrix = _with_vectors(features, texts, np.arange(len(texts)), vectors, config)
    heads = _fit_heads(matrix, labels, config.c)
    info = TriggerModelInfo(
        examples_hash=examples_hash(examples),
        examples=len(examples),
        ordinary=int(ordinary.sum()),
        features=matrix.shape[1],
        seconds=time.perf_counter() - started,
        heads=heads_info,
    )
    return TriggerModel(features, heads, {n: h.threshold for n, h in heads_info.items()}, info)


def _with_vectors(
    features: _Features,
    texts: Sequence[str],
    rows: np.ndarray[Any, Any],
    vectors: np.ndarray[Any, Any] | None,
    config: TriggerModelConfig,
) -> sparse.csr_matrix:
    """Features of ``texts[rows]`` reusing sentence vectors encoded once per fit."""
    matrix = normalize(features.vectorizer.transform(features.masked([texts[i] for i in rows])))
    matrix = matrix.tocsr()
    if vectors is None:
        return matrix
    extra = sparse.csr_matrix(vectors[rows] * config.embedding_weight)
    return sparse.hstack([matrix, extra]).tocsr()


def examples_hash(examples: Sequence[TriggerExample]) -> str:
    """A stable hash of the labelled examples (order-sensitive)."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.text, list(example.triggers)]).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _model_path(
    examples: Sequence[TriggerExample],
    cache_dir: Path,
    config: TriggerModelConfig,
    known_words: Sequence[str],
) -> Path:
    spec = resolve(config.embeddings)
    known = hashlib.sha256("\n".join(sorted(known_words)).encode()).hexdigest()[:16]
    key = f"{examples_hash(examples)}|{MODEL_FORMAT}|{config!r}|{spec.digest if spec else ''}"
    key += f"|{known}"
    return cache_dir / "triggers" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.pkl"


def train_trigger_model(
    examples: Sequence[TriggerExample],
    cache_dir: Path,
    config: TriggerModelConfig | None = None,
    known_words: Sequence[str] = (),
) -> TriggerModel:
    """Fit on ``examples`` and store the model in the cache."""
    config = config or TriggerModelConfig()
    model = fit_trigger_model(examples, config, known_words)
    path = _model_path(examples, cache_dir, config, known_words)
    save_signed(model, path)
    log.info(
        "trigger_model_trained",
        path=str(path),
        examples=len(examples),
        seconds=round(model.info.seconds, 2),
        thresholds={k: round(v, 3) for k, v in model.thresholds.items()},
        doubts={k: round(v, 3) for k, v in model.doubts.items()},
    )
    return model


def load_or_train_triggers(
    examples: Sequence[TriggerExample],
    cache_dir: Path,
    config: TriggerModelConfig | None = None,
    known_words: Sequence[str] | None = None,
) -> TriggerModel:
    """The cached model for exactly these examples, configuration and ``known_words`` (default:
    the shop pack's, :func:`pack_known_words`), trained on first use."""
    config = config or TriggerModelConfig()
    known_words = pack_known_words(None) if known_words is None else known_words
    model = load_signed(_model_path(examples, cache_dir, config, known_words))
    if isinstance(model, TriggerModel):
        if config.embeddings:  # same files (the key has their digest), maybe in another place
            model.features.encoder = load_encoder(config.embeddings)
        return model
    return train_trigger_model(examples, cache_dir, config, known_words)


def pack_known_words(domain_dir: Path | None) -> list[str]:
    """The capitalised words of a pack the name mask keeps: its ``competitor_context``
    ``not_names``, ``own_names`` and people's ``first_names`` (a person is not masked as a shop
    would be; round 9, leave one part out: v8 FTR 0.009 → 0.005 default, 0.014 → 0.009 MiniLM,
    v7 unchanged) (``domain_dir`` ``None``: the shop pack's)."""
    domain_dir = domain_dir or Path(__file__).resolve().parents[1] / "domains" / "shop"
    path = domain_dir / "constraints.yaml"
    if not path.is_file():
        return []
    context = load_constraints(path).competitor_context
    names = sorted(builtin_first_names() | {n.lower() for n in context.first_names})
    return [*context.not_names, *context.own_names, *names]


def trigger_model_for(settings: object) -> TriggerModel | None:
    """The domain's trigger model per the settings (``trigger_model``: ``local`` or ``off``;
    features follow ``intent_embeddings``), or ``None`` when off or the pack has no labelled
    trigger set."""
    if str(getattr(settings, "trigger_model", "local")) == "off":
        return None
    domain_dir = Path(getattr(settings, "domain_dir"))  # noqa: B009 - any settings-like object
    if not (domain_dir / TRIGGER_EXAMPLES).is_file():
        return None
    config = TriggerModelConfig(embeddings=str(getattr(settings, "intent_embeddings", "") or ""))
    cache_dir = Path(getattr(settings, "data_dir")) / "models"  # noqa: B009
    return load_or_train_triggers(
        domain_trigger_examples(domain_dir), cache_dir, config, pack_known_words(domain_dir)
    )
