"""The local intent model: held-out accuracy, out-of-scope recognition, calibration signals,
determinism, the IntentModel protocol and the signed model cache."""

from __future__ import annotations

import asyncio
import importlib
import pickle
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sklearn.preprocessing import normalize

from tests.intent.shop_examples import small_shop_examples
from tollgate.config import DEFAULT_DOMAIN_DIR, load_settings
from tollgate.intent import local
from tollgate.intent.base import OUT_OF_SCOPE, IntentModel
from tollgate.intent.domain import Example, load_domain, load_examples
from tollgate.intent.local import (
    LocalIntentModel,
    fit_local_model,
    load_model,
    load_or_train,
    train_local_model,
)

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / ".." / "shared" / "datasets"
OOS_FILE = Path(__file__).parent / "data" / "oos_shop.jsonl"


def _split(examples: Sequence[Example], every: int = 5) -> tuple[list[Example], list[Example]]:
    """Every ``every``-th example of each intent is held out (deterministic, stratified)."""
    seen: dict[str, int] = {}
    train: list[Example] = []
    held: list[Example] = []
    for example in examples:
        n = seen[example.intent] = seen.get(example.intent, 0) + 1
        (held if n % every == 0 else train).append(example)
    return train, held


@pytest.fixture(scope="module")
def shop() -> tuple[LocalIntentModel, list[Example]]:
    """A model fitted on 80% of the shop examples, and the 20% it never saw."""
    train, held = _split(load_domain(DEFAULT_DOMAIN_DIR).examples)
    return fit_local_model(train), held


@pytest.fixture(scope="module")
def small() -> list[Example]:
    """A few intents of the shop domain: fast to fit, for determinism and cache tests."""
    return small_shop_examples()


def test_held_out_shop_examples_are_classified(
    shop: tuple[LocalIntentModel, list[Example]],
) -> None:
    model, held = shop
    predictions = model.predict_batch([e.text for e in held])
    right = [p.intent == e.intent for p, e in zip(predictions, held, strict=True)]
    wrong_intent = [
        p.intent not in (e.intent, OUT_OF_SCOPE) for p, e in zip(predictions, held, strict=True)
    ]
    assert np.mean(right) >= 0.7, "open-set accuracy on held-out in-scope examples"
    assert np.mean(wrong_intent) <= 0.1, "confidently wrong intents"
    assert model.info.validation_accuracy >= 0.8, "closed-set accuracy on the validation part"


def test_out_of_domain_requests_are_out_of_scope(
    shop: tuple[LocalIntentModel, list[Example]],
) -> None:
    model, _ = shop
    oos = load_examples(OOS_FILE)
    predictions = model.predict_batch([e.text for e in oos])
    assert np.mean([p.intent == OUT_OF_SCOPE for p in predictions]) >= 0.8


def test_confidence_separates_right_from_wrong(
    shop: tuple[LocalIntentModel, list[Example]],
) -> None:
    model, held = shop
    oos = load_examples(OOS_FILE)
    data = held + oos
    predictions = model.predict_batch([e.text for e in data])
    right: list[float] = []
    wrong: list[float] = []
    for p, e in zip(predictions, data, strict=True):
        ok = p.intent == OUT_OF_SCOPE if e.intent == "oos" else p.intent == e.intent
        (right if ok else wrong).append(p.confidence)
        assert 0.0 <= p.confidence <= 1.0
    assert wrong, "a perfect score would make this test meaningless"
    assert np.mean(right) > np.mean(wrong) + 0.1
    # answers the cascade would send without a human must be rarely wrong
    confident = [c for c in right + wrong if c >= 0.9]
    assert sum(c >= 0.9 for c in wrong) <= 0.1 * len(confident)


def test_predictions_carry_the_protocol_fields(
    shop: tuple[LocalIntentModel, list[Example]],
) -> None:
    model, _ = shop
    assert isinstance(model, IntentModel)
    texts = ["where is my order #A12345", "what's the weather in Paris tomorrow?", ""]
    predictions = asyncio.run(model.classify_batch(texts))
    assert len(predictions) == 3
    assert predictions[0].intent == "check_order_status"
    assert predictions[1].intent == OUT_OF_SCOPE
    for p in predictions:
        assert p.model == model.name == "local"
        assert p.entities == {} and p.error is None and p.reasoning
    assert asyncio.run(model.classify_batch([])) == []


def test_classify_batch_never_raises(
    shop: tuple[LocalIntentModel, list[Example]], monkeypatch: pytest.MonkeyPatch
) -> None:
    model, _ = shop

    def broken(texts: Sequence[str], vectors: object = None) -> None:
        raise MemoryError("boom")

    monkeypatch.setattr(model._classifier, "predict", broken)
    predictions = asyncio.run(model.classify_batch(["hi", "cancel my order"]))
    assert [p.intent for p in predictions] == [OUT_OF_SCOPE, OUT_OF_SCOPE]
    assert all(p.error and "MemoryError" in p.error and p.confidence == 0.0 for p in predictions)


def test_training_is_deterministic(small: list[Example]) -> None:
    texts = ["cancel it please", "hello!", "where's my refund", "tell me a joke", "#A12345"]
    first = fit_local_model(small)
    second = fit_local_model(small)
    assert first.threshold == second.threshold
    assert [p.model_dump(exclude={"latency_ms"}) for p in first.predict_batch(texts)] == [
        p.model_dump(exclude={"latency_ms"}) for p in second.predict_batch(texts)
    ]


def test_needs_two_intents() -> None:
    with pytest.raises(ValueError, match="at least two intents"):
        fit_local_model([Example(f"hello {i}", "greeting") for i in range(10)])


def test_cache_is_reused_for_the_same_examples(
    small: list[Example], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = train_local_model(small, tmp_path)
    [path] = tmp_path.glob("*.pkl")

    def no_fit(*args: object, **kwargs: object) -> LocalIntentModel:
        raise AssertionError("should have been loaded from the cache")

    monkeypatch.setattr(local, "fit_local_model", no_fit)
    loaded = load_or_train(list(small), tmp_path)
    assert loaded.info == trained.info
    texts = ["cancel my order", "hi"]
    assert [p.intent for p in loaded.predict_batch(texts)] == [
        p.intent for p in trained.predict_batch(texts)
    ]
    assert list(tmp_path.glob("*.pkl")) == [path]


def test_changed_examples_train_a_new_model(small: list[Example], tmp_path: Path) -> None:
    first = load_or_train(small, tmp_path)
    changed = [*small, Example("yo, cancel that order", "cancel_order")]
    second = load_or_train(changed, tmp_path)
    assert second.info.examples_hash != first.info.examples_hash
    assert second.info.n_train == len(changed)
    assert len(list(tmp_path.glob("*.pkl"))) == 2


def test_files_we_did_not_write_are_never_loaded(small: list[Example], tmp_path: Path) -> None:
    train_local_model(small, tmp_path)
    [path] = tmp_path.glob("*.pkl")
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0xFF  # tampered payload: the signature no longer matches
    path.write_bytes(bytes(blob))
    assert load_model(path) is None
    path.write_bytes(b"not a model at all")
    assert load_model(path) is None
    # a valid file signed with another cache's key is foreign too
    other = tmp_path / "other"
    model = train_local_model(small, other)
    [foreign] = other.glob("*.pkl")
    path.write_bytes(foreign.read_bytes())
    assert load_model(path) is None
    # load_or_train replaces the rejected file with a fresh, loadable one
    retrained = load_or_train(small, tmp_path)
    assert retrained.info.examples_hash == model.info.examples_hash
    assert load_model(path) is not None
    assert (tmp_path / ".key").stat().st_mode & 0o077 == 0


@pytest.mark.dataset
def test_banking77_subset(tmp_path: Path) -> None:
    """A quick look at real data: six Banking77 intents, scored on their test lines."""
    folder = DATASETS / "banking77"
    if not folder.is_dir():
        pytest.skip("../shared/datasets/banking77 is absent")
    keep = {
        "card_arrival",
        "lost_or_stolen_card",
        "exchange_rate",
        "top_up_failed",
        "pin_blocked",
        "age_limit",
    }
    subset = [e for e in load_examples(folder / "train.tsv") if e.intent in keep]
    dev = [e for e in load_examples(folder / "dev.tsv") if e.intent in keep]
    test = [e for e in load_examples(folder / "test.tsv") if e.intent in keep]
    model = fit_local_model(subset, dev)
    predictions = model.predict_batch([e.text for e in test])
    accuracy = np.mean([p.intent == e.intent for p, e in zip(predictions, test, strict=True)])
    assert accuracy >= 0.85


def test_nearest_training_text_is_the_best_cosine(
    shop: tuple[LocalIntentModel, list[Example]],
) -> None:
    """The blocked nearest-neighbour feature equals a plain max over all cosines, across block
    boundaries, and its cached transposed matrix is not pickled."""
    classifier = shop[0]._classifier
    texts = [e.text for e in shop[1]] * 3  # > 256 rows: several blocks
    matrix = normalize(classifier.vectorizer.transform(texts)).tocsr()
    expected = (matrix @ classifier.train_matrix.T).toarray().max(axis=1)
    assert len(texts) > 256
    np.testing.assert_allclose(classifier._nearest_train_text(matrix), expected, atol=1e-12)
    assert "_train_columns" in classifier.__dict__
    assert not set(classifier._DERIVED) & set(pickle.loads(pickle.dumps(classifier)).__dict__)


def _blas_threads() -> list[int]:
    info = importlib.import_module("threadpoolctl").threadpool_info()
    return [int(lib["num_threads"]) for lib in info if lib["user_api"] == "blas"]


def test_predictions_run_blas_on_one_thread_and_restore_it() -> None:
    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library reports its threads")
    guard = local._OneBlasThread()
    with guard:
        assert _blas_threads() == [1] * len(before)
        with guard:  # nested (or concurrent) predictions share the limit
            assert _blas_threads() == [1] * len(before)
        assert _blas_threads() == [1] * len(before)  # still inside the outer one
    assert _blas_threads() == before


def test_config_follows_the_open_set_setting() -> None:
    assert local.config_for(load_settings()).open_set is True
    assert local.config_for(load_settings(intent_open_set=False)).open_set is False
