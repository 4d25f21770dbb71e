"""The offline intent classifier: TF-IDF word + character n-grams, logistic regression, and a
learned out-of-scope gate.

Nothing here is hard-coded to a domain. Training (:func:`fit_local_model`):

1. Split the examples into a training and a validation part (stratified, fixed seed), unless a
   validation set is given.
2. Open-set simulation: the intents are dealt into folds; for each fold a model is fitted
   without those intents, and the validation texts are scored by it, the fold's intents playing
   the unknown ("out of scope") requests. Each scored text yields a few open-set features: max
   probability, top-2 log ratio, entropy, similarity to the nearest training text and to the
   predicted intent's centroid, the share of unseen words and the length.
3. Two small logistic regressions are fitted on those simulated rows: one estimates
   P(in scope), the other P(right intent | in scope). The out-of-scope cut-off on P(in scope)
   is the one that maximises the balanced open-set accuracy of the simulation (mean of
   out-of-scope recall and in-scope accepted-and-right rate).
4. The intent classifier itself is fitted on the training part (and refitted on everything
   when the validation part was split off).

With a sentence encoder (``LocalModelConfig.embeddings``, the optional extra, see
:mod:`tollgate.intent.embeddings`) each text's unit sentence vector is appended to its TF-IDF
vector for the classifier, and four more open-set features come from it: cosine to the nearest
training text, mean cosine to the five nearest, to the predicted intent's centroid and to the
nearest centroid. Vectors are encoded once per fit and stored for the training texts only.

A prediction's ``confidence`` is P(answer is right) = P(in scope) · P(right intent | in scope)
for an intent (without the gate, ``open_set=False``: P(right intent | in scope)), and
P(out of scope) for an ``out_of_scope`` answer, so the cascade reads calibrated numbers.

Models are cached as ``cache_dir/<key>.pkl`` (``cache_dir`` is ``settings.data_dir / "models"``),
keyed by the examples' content hash, the training configuration and the encoder files'
digest (:func:`load_or_train`).
Cache files are signed with a per-cache HMAC key; a file whose signature does not match is
never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import math
import os
import pickle
import re
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import structlog
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import StandardScaler, normalize

from tollgate.intent.base import OUT_OF_SCOPE, IntentPrediction
from tollgate.intent.domain import Example, content_hash
from tollgate.intent.embeddings import Encoder, load_encoder, resolve

log = structlog.get_logger(__name__)

MODEL_FORMAT = 3
"""Bumped whenever training changes, so older cache files are not reused."""
MODEL_NAME = "local"
_MAGIC = b"TOLLGATE-LOCAL-MODEL\x00"
_DIGITS = re.compile(r"\d")

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
VectorArray = np.ndarray[Any, np.dtype[np.float32]]
"""Sentence vectors (rows of unit length)."""


@dataclass(frozen=True)
class LocalModelConfig:
    """Training knobs; the defaults are the ones measured in ``bench/INTENT_RESULTS.md``."""

    c: float = 20.0
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    validation_fraction: float = 0.2
    unknown_fraction: float = 0.25
    oos_weight: float = 0.5
    """Weight of out-of-scope recall against in-scope accepted-and-right rate for the cut-off."""
    refit: bool = True
    """Refit on all examples after learning the gate (when the validation part was split off)."""
    open_set: bool = True
    """False: never answer out_of_scope (closed-set use); confidence is still calibrated."""
    seed: int = 0
    max_iter: int = 3000
    solver: str = "newton-cg"
    embeddings: str = ""
    """Sentence encoder adding features (``""``: none, TF-IDF only; ``"minilm"``; or a folder
    with ``model.onnx`` + ``tokenizer.json``): see :mod:`tollgate.intent.embeddings`."""
    embedding_weight: float = 1.0
    """Scale of the (unit-length) sentence vector next to the (unit-length) TF-IDF vector."""


@dataclass(frozen=True)
class TrainingInfo:
    """What training learned and measured, for ``tollgate train`` and the logs."""

    examples_hash: str
    n_train: int
    n_validation: int
    intents: int
    oos_threshold: float
    validation_accuracy: float
    simulated_open_accuracy: float
    simulated_oos_recall: float
    seconds: float
    features: int = 0
    extra: dict[str, float] = field(default_factory=dict)
    per_intent: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Intent → (held-out examples predicted right, held-out examples)."""


def _preprocess(text: str) -> str:
    return _DIGITS.sub("0", text.lower())


class _Classifier:
    """TF-IDF features (plus sentence vectors, when given) + multinomial logistic regression,
    and the open-set features."""

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        config: LocalModelConfig,
        vectors: VectorArray | None = None,
    ):
        self.vectorizer = FeatureUnion(
            [
                (
                    "word",
                    TfidfVectorizer(
                        preprocessor=_preprocess, ngram_range=config.word_ngrams, sublinear_tf=True
                    ),
                ),
                (
                    "char",
                    TfidfVectorizer(
                        preprocessor=_preprocess,
                        analyzer="char_wb",
                        ngram_range=config.char_ngrams,
                        sublinear_tf=True,
                    ),
                ),
            ]
        )
        self.weight = config.embedding_weight
        matrix = normalize(self.vectorizer.fit_transform(texts)).tocsr()
        y = np.asarray(labels)
        self.model = LogisticRegression(C=config.c, max_iter=config.max_iter, solver=config.solver)
        self.model.fit(self._design(matrix, vectors), y)
        self.classes: list[str] = [str(c) for c in self.model.classes_]
        self.train_matrix = matrix
        rows = [matrix[np.flatnonzero(y == c)].mean(axis=0) for c in self.classes]
        self.centroids = sparse.csr_matrix(normalize(np.vstack([np.asarray(r) for r in rows])))
        self.train_vectors = vectors
        if vectors is not None:
            means = np.vstack([vectors[y == c].mean(axis=0) for c in self.classes])
            self.vector_centroids = normalize(means).astype(np.float32)
        word: TfidfVectorizer = self.vectorizer.transformer_list[0][1]
        self.vocabulary = frozenset(word.vocabulary_)
        self.tokenize = word.build_analyzer()

    def _design(self, matrix: sparse.csr_matrix, vectors: VectorArray | None) -> Any:
        if vectors is None:
            return matrix
        return sparse.hstack([matrix, sparse.csr_matrix(self.weight * vectors)]).tocsr()

    def predict(
        self, texts: Sequence[str], vectors: VectorArray | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """Class probabilities (n × classes) and open-set features (n × 7, or n × 11 with
        sentence vectors)."""
        if (vectors is None) != (self.train_vectors is None):
            raise ValueError("sentence vectors must be given exactly when the model has them")
        matrix = normalize(self.vectorizer.transform(texts)).tocsr()
        probs: FloatArray = self.model.predict_proba(self._design(matrix, vectors))
        best = probs.argmax(axis=1)
        rows = np.arange(len(texts))
        top = np.sort(probs, axis=1)[:, ::-1]
        second = top[:, 1] if top.shape[1] > 1 else np.zeros(len(texts))
        entropy = -(probs * np.log(probs + 1e-12)).sum(axis=1) / math.log(max(2, probs.shape[1]))
        nearest = self._nearest_train_text(matrix)
        centroids = self._derived("_centroid_columns", lambda: self.centroids.T.tocsr())
        centroid = (matrix @ centroids).toarray()[rows, best]
        unseen, length = [], []
        for text in texts:
            tokens = [t for t in self.tokenize(text) if " " not in t]
            length.append(math.log1p(len(tokens)))
            unseen.append(sum(t not in self.vocabulary for t in tokens) / max(1, len(tokens)))
        columns = [
            np.log(top[:, 0] + 1e-12),
            np.log(top[:, 0] + 1e-12) - np.log(second + 1e-12),
            entropy,
            nearest,
            centroid,
            np.asarray(unseen),
            np.asarray(length),
        ]
        if vectors is not None and self.train_vectors is not None:
            columns += self._vector_features(vectors, best)
        return probs, np.column_stack(columns)

    _DERIVED = ("_train_columns", "_centroid_columns", "_train_vectors_t")
    """Transposed copies of fitted matrices, built on first use (not pickled): transposing
    on every call cost more than the products themselves for small batches."""

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in self._DERIVED:
            state.pop(name, None)
        return state

    def _derived(self, name: str, build: Callable[[], Any]) -> Any:
        value = self.__dict__.get(name)
        if value is None:
            value = self.__dict__[name] = build()
        return value

    def _nearest_train_text(self, matrix: sparse.csr_matrix) -> FloatArray:
        """Cosine of each row to its nearest training text (TF-IDF), in blocks of 256 rows.

        Each block's products go to a dense array: the sparse product's own max() would sort
        its indices first.
        """
        columns = self._derived("_train_columns", lambda: self.train_matrix.T.tocsr())
        nearest = np.zeros(matrix.shape[0])
        for start in range(0, matrix.shape[0], 256):
            block = (matrix[start : start + 256] @ columns).toarray()
            if block.shape[1]:
                nearest[start : start + 256] = block.max(axis=1)
        return nearest

    def _vector_features(
        self, vectors: VectorArray, best: np.ndarray[Any, Any]
    ) -> list[FloatArray]:
        """Cosine to the nearest training text, mean of the 5 nearest, to the predicted
        intent's centroid and to the nearest centroid."""
        train = self.train_vectors
        assert train is not None
        train_t = self._derived("_train_vectors_t", lambda: np.ascontiguousarray(train.T))
        k = min(5, len(train))
        nearest = np.empty(len(vectors))
        nearest_k = np.empty(len(vectors))
        for start in range(0, len(vectors), 256):  # bounded memory: 256 × n_train at a time
            sims = vectors[start : start + 256] @ train_t
            part = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
            nearest[start : start + 256] = part.max(axis=1)
            nearest_k[start : start + 256] = part.mean(axis=1)
        to_centroids = vectors @ self.vector_centroids.T
        return [
            nearest,
            nearest_k,
            to_centroids[np.arange(len(vectors)), best],
            to_centroids.max(axis=1),
        ]


class _OneBlasThread:
    """While a prediction runs, BLAS (numpy's OpenBLAS) uses the calling thread only.

    Its idle worker threads busy-wait after each multi-threaded call and so burn a core while
    the sentence encoder runs next (Banking77, MiniLM, batches of 8: 13.4 → 7.3 ms CPU per
    ticket, same wall time). The limit is process-wide (it is a library setting), so nested or
    concurrent predictions share one: the first to enter sets it, the last to leave restores.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._limit: Any = None
        self._controller: Any = None

    def __enter__(self) -> None:
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                if self._controller is None:  # scikit-learn's own dependency; typed as Any
                    module = importlib.import_module("threadpoolctl")
                    self._controller = module.ThreadpoolController()
                self._limit = self._controller.limit(limits=1, user_api="blas")

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._limit is not None:
                self._limit.restore_original_limits()
                self._limit = None


_ONE_BLAS_THREAD = _OneBlasThread()


class LocalIntentModel:
    """An :class:`~tollgate.intent.base.IntentModel` that runs in process, without network."""

    def __init__(
        self,
        classifier: _Classifier,
        in_scope: Any,
        correct: Any,
        threshold: float,
        info: TrainingInfo,
        *,
        open_set: bool = True,
        encoder: Encoder | None = None,
    ) -> None:
        self.name = MODEL_NAME
        self._classifier = classifier
        self._encoder = encoder
        self._in_scope = in_scope
        self._correct = correct
        self.threshold = threshold
        self.open_set = open_set
        self.info = info

    @property
    def intents(self) -> list[str]:
        return list(self._classifier.classes)

    def predict_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """Classify a batch synchronously (the fast path for evaluation)."""
        if not texts:
            return []
        started = time.perf_counter()
        texts = list(texts)
        with _ONE_BLAS_THREAD:
            vectors = self._encoder.encode(texts) if self._encoder is not None else None
            probs, features = self._classifier.predict(texts, vectors)
            p_in = self._in_scope.predict_proba(features)[:, 1]
            p_right = self._correct.predict_proba(features)[:, 1]
        if self.open_set:  # right = in scope and the right intent
            p_right = p_in * p_right
        latency = (time.perf_counter() - started) * 1000 / len(texts)
        classes = self._classifier.classes
        predictions = []
        for i in range(len(texts)):
            order = np.argsort(-probs[i])[:2]
            best = classes[order[0]]
            top = ", ".join(f"{classes[j]} {probs[i, j]:.2f}" for j in order)
            reasoning = f"local: {top}; in scope {p_in[i]:.2f}"
            if p_in[i] < self.threshold:
                intent, confidence = OUT_OF_SCOPE, 1.0 - float(p_in[i])
                reasoning += f" < cut-off {self.threshold:.2f}"
            else:
                intent, confidence = best, float(p_right[i])
            predictions.append(
                IntentPrediction(
                    intent=intent,
                    confidence=min(1.0, max(0.0, confidence)),
                    reasoning=reasoning,
                    model=self.name,
                    latency_ms=latency,
                )
            )
        return predictions

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """The protocol method: never raises; a failure escalates every text with ``error``."""
        try:
            return self.predict_batch(texts)
        except Exception as exc:
            log.exception("local_model_failed")
            error = f"local model failed: {type(exc).__name__}"
            return [
                IntentPrediction(intent=OUT_OF_SCOPE, confidence=0.0, model=self.name, error=error)
                for _ in texts
            ]


def fit_local_model(
    examples: Sequence[Example],
    validation: Sequence[Example] | None = None,
    config: LocalModelConfig | None = None,
    *,
    encoder: Encoder | None = None,
) -> LocalIntentModel:
    """Fit the classifier and learn the out-of-scope gate (see the module docstring).

    ``encoder`` stands in for the one ``config.embeddings`` names (the benchmark passes one
    that remembers vectors across fits).
    """
    config = config or LocalModelConfig()
    started = time.perf_counter()
    intents = sorted({e.intent for e in examples})
    if len(intents) < 2:
        raise ValueError("the local model needs examples of at least two intents")
    if validation is None:
        train, held = _split(examples, config.validation_fraction, config.seed)
    else:
        train, held = list(examples), list(validation)
    if not held:
        raise ValueError("no validation examples: give at least 5 examples per intent")
    held = [e for e in held if e.intent in intents]
    encoder = encoder or load_encoder(config.embeddings)
    vectors = _Vectors(encoder, [e.text for e in [*examples, *held]])

    rows, labels, right = _simulate(train, held, intents, config, vectors)
    in_scope = _meta_model(rows, labels)
    p_in = in_scope.predict_proba(rows)[:, 1]
    threshold, sim_open, sim_recall = _cut_off(p_in, labels, right, config.oos_weight)
    if not config.open_set:
        threshold = 0.0
    correct = _meta_model(rows[labels], right[labels])

    base = _fit_classifier(train, config, vectors)
    probs, _ = base.predict([e.text for e in held], vectors.of(held))
    predicted = np.asarray(base.classes)[probs.argmax(axis=1)]
    gold = np.asarray([e.intent for e in held])
    accuracy = float(np.mean(predicted == gold))
    per_intent = {
        intent: (int(np.sum((gold == intent) & (predicted == intent))), int(np.sum(gold == intent)))
        for intent in intents
    }
    refit = validation is None and config.refit
    if refit:
        base = _fit_classifier(examples, config, vectors)
    info = TrainingInfo(
        examples_hash=content_hash(examples),
        n_train=len(examples) if refit else len(train),
        n_validation=len(held),
        intents=len(intents),
        oos_threshold=threshold,
        validation_accuracy=accuracy,
        simulated_open_accuracy=sim_open,
        simulated_oos_recall=sim_recall,
        seconds=time.perf_counter() - started,
        features=len(base.vectorizer.get_feature_names_out()),
        per_intent=per_intent,
    )
    return LocalIntentModel(
        base, in_scope, correct, threshold, info, open_set=config.open_set, encoder=encoder
    )


class _Vectors:
    """Sentence vectors of the training texts, encoded once per fit (none without encoder)."""

    def __init__(self, encoder: Encoder | None, texts: Sequence[str]) -> None:
        unique = sorted(set(texts))
        self.index = {text: i for i, text in enumerate(unique)}
        self.table = encoder.encode(unique) if encoder is not None and unique else None

    def of(self, examples: Sequence[Example]) -> VectorArray | None:
        if self.table is None:
            return None
        rows: VectorArray = self.table[[self.index[e.text] for e in examples]]
        return rows


def _fit_classifier(
    examples: Sequence[Example], config: LocalModelConfig, vectors: _Vectors
) -> _Classifier:
    texts, labels = [e.text for e in examples], [e.intent for e in examples]
    return _Classifier(texts, labels, config, vectors.of(examples))


def _split(
    examples: Sequence[Example], fraction: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """Stratified split; intents with fewer than 5 examples stay wholly in training."""
    rng = np.random.default_rng(seed)
    by_intent: dict[str, list[int]] = {}
    for index, example in enumerate(examples):
        by_intent.setdefault(example.intent, []).append(index)
    held: set[int] = set()
    for intent in sorted(by_intent):
        indices = by_intent[intent]
        if len(indices) >= 5:
            chosen = rng.permutation(indices)[: max(1, round(fraction * len(indices)))]
            held.update(int(i) for i in chosen)
    train = [e for i, e in enumerate(examples) if i not in held]
    return train, [e for i, e in enumerate(examples) if i in held]


def _simulate(
    train: list[Example],
    held: list[Example],
    intents: list[str],
    config: LocalModelConfig,
    vectors: _Vectors,
) -> tuple[FloatArray, np.ndarray[Any, np.dtype[np.bool_]], np.ndarray[Any, np.dtype[np.bool_]]]:
    """Open-set features of the validation texts under models that miss a fold of intents."""
    rng = np.random.default_rng(config.seed + 1)
    folds = max(2, min(len(intents), round(1 / config.unknown_fraction)))
    order = [intents[i] for i in rng.permutation(len(intents))]
    texts = [e.text for e in held]
    gold = np.asarray([e.intent for e in held])
    all_rows, all_in, all_right = [], [], []
    for fold in range(folds):
        unknown = set(order[fold::folds])
        kept = [e for e in train if e.intent not in unknown]
        if len({e.intent for e in kept}) < 2:
            continue
        model = _fit_classifier(kept, config, vectors)
        probs, features = model.predict(texts, vectors.of(held))
        predicted = np.asarray(model.classes)[probs.argmax(axis=1)]
        known = ~np.isin(gold, list(unknown))
        all_rows.append(features)
        all_in.append(known)
        all_right.append(known & (predicted == gold))
    return np.vstack(all_rows), np.concatenate(all_in), np.concatenate(all_right)


class _Constant:
    """Stands in for a meta model when the simulation has one class only."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, rows: FloatArray) -> FloatArray:
        return np.tile([1.0 - self.p, self.p], (len(rows), 1))


def _meta_model(rows: FloatArray, labels: np.ndarray[Any, np.dtype[np.bool_]]) -> Any:
    """P(label) from the open-set features: scaled logistic regression."""
    if len(set(labels.tolist())) < 2:
        return _Constant(float(labels.mean()) if len(labels) else 0.0)
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(
        rows, labels
    )


def _cut_off(
    p_in: FloatArray,
    known: np.ndarray[Any, np.dtype[np.bool_]],
    right: np.ndarray[Any, np.dtype[np.bool_]],
    oos_weight: float,
) -> tuple[float, float, float]:
    """The P(in scope) cut-off maximising the weighted open-set accuracy of the simulation.

    Returns (cut-off, simulated open accuracy, simulated out-of-scope recall).
    """
    candidates = np.unique(np.concatenate([[0.0], p_in]))
    best = (-1.0, 0.0, 0.0, 0.0)
    n_out, n_in = max(1, int((~known).sum())), max(1, int(known.sum()))
    for t in candidates:
        accept = p_in >= t
        recall = float((~accept & ~known).sum()) / n_out
        kept = float((accept & right).sum()) / n_in
        score = oos_weight * recall + (1 - oos_weight) * kept
        if score > best[0]:
            open_accuracy = float(((~accept & ~known) | (accept & right)).mean())
            best = (score, float(t), open_accuracy, recall)
    return best[1], best[2], best[3]


# --- caching ---------------------------------------------------------------------------------


def _cache_key(examples: Sequence[Example], config: LocalModelConfig) -> str:
    spec = resolve(config.embeddings)  # the encoder's files are part of the model
    text = f"{content_hash(examples)}|{MODEL_FORMAT}|{config!r}|{spec.digest if spec else ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _signing_key(folder: Path) -> bytes:
    """The cache's HMAC key, created (mode 0600) on first use."""
    path = folder / ".key"
    for _ in range(50):
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            break
        if len(key) == 32:
            return key
        time.sleep(0.02)  # another process is writing it
    else:
        raise RuntimeError(f"{path}: not a model cache key")
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race
        return _signing_key(folder)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def _model_path(examples: Sequence[Example], cache_dir: Path, config: LocalModelConfig) -> Path:
    return cache_dir / f"{_cache_key(examples, config)}.pkl"


def save_model(model: LocalIntentModel, path: Path) -> None:
    """Write a signed model file atomically."""
    save_signed(model, path)


def save_signed(model: object, path: Path) -> None:
    """Pickle ``model`` to ``path`` atomically, signed with the cache folder's HMAC key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    signature = hmac.new(_signing_key(path.parent), payload, hashlib.sha256).digest()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(_MAGIC + signature + payload)
    os.replace(tmp, path)


def load_model(path: Path) -> LocalIntentModel | None:
    """Read a model file written by :func:`save_model`; ``None`` when absent, foreign or stale."""
    model = load_signed(path)
    return model if isinstance(model, LocalIntentModel) else None


def load_signed(path: Path) -> object | None:
    """Unpickle a file written by :func:`save_signed`; ``None`` when absent or its signature
    does not match (such a file is never unpickled)."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    head = len(_MAGIC)
    signature, payload = blob[head : head + 32], blob[head + 32 :]
    expected = hmac.new(_signing_key(path.parent), payload, hashlib.sha256).digest()
    if not blob.startswith(_MAGIC) or not hmac.compare_digest(signature, expected):
        log.warning("local_model_cache_rejected", path=str(path), reason="bad signature")
        return None
    # Safe: the payload carries this cache's HMAC, so this process family wrote it.
    model: object = pickle.loads(payload)  # noqa: S301
    return model


def config_for(settings: object, embeddings: str | None = None) -> LocalModelConfig:
    """The training configuration selected by the settings (``intent_embeddings``: the
    sentence encoder, ``""`` = none; ``intent_open_set``: the out-of-scope gate);
    ``embeddings`` overrides the setting when given."""
    if embeddings is None:
        embeddings = str(getattr(settings, "intent_embeddings", "") or "")
    open_set = bool(getattr(settings, "intent_open_set", True))
    return LocalModelConfig(embeddings=embeddings, open_set=open_set)


def train_local_model(
    examples: Sequence[Example], cache_dir: Path, config: LocalModelConfig | None = None
) -> LocalIntentModel:
    """Fit on ``examples`` and store the model in the cache (replacing any earlier one)."""
    config = config or LocalModelConfig()
    model = fit_local_model(examples, config=config)
    path = _model_path(examples, cache_dir, config)
    save_model(model, path)
    log.info(
        "local_model_trained",
        path=str(path),
        examples=len(examples),
        seconds=round(model.info.seconds, 2),
        oos_threshold=round(model.threshold, 3),
    )
    return model


def load_or_train(
    examples: Sequence[Example], cache_dir: Path, config: LocalModelConfig | None = None
) -> LocalIntentModel:
    """The cached model for exactly these examples, trained on first use."""
    config = config or LocalModelConfig()
    model = load_model(_model_path(examples, cache_dir, config))
    if model is not None:
        if config.embeddings:  # same files (the key has their digest), maybe in another place
            model._encoder = load_encoder(config.embeddings)
        return model
    return train_local_model(examples, cache_dir, config)
