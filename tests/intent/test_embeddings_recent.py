"""The process-wide sentence-vector cache: a text encoded by one encoder is not encoded again by
another on the same files (the intent and trigger models read the same cleaned text)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from tollgate.intent import embeddings
from tollgate.intent.embeddings import Encoder, EncoderSpec, FloatArray


class Counting(Encoder):
    """An encoder whose vectors are a function of the text; counts the texts it encodes."""

    def __init__(self, digest: str) -> None:
        super().__init__(EncoderSpec(Path("m.onnx"), Path("t.json"), digest))
        self.encoded: list[str] = []

    def _encode(self, texts: Sequence[str]) -> FloatArray:
        self.encoded += texts
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "RECENT", embeddings._Recent(size=3))


def test_vectors_are_shared_between_encoders_on_the_same_files() -> None:
    intent, triggers, other = Counting("same"), Counting("same"), Counting("other")
    first = intent.encode(["banana", "kiwi"])
    again = triggers.encode(["kiwi", "apple", "banana"])
    assert triggers.encoded == ["apple"]  # the two others came from the cache
    np.testing.assert_array_equal(again[[0, 2]], first[[1, 0]])
    other.encode(["kiwi"])
    assert other.encoded == ["kiwi"]  # other files: other vectors


def test_the_cache_keeps_the_most_recent_texts_and_copies() -> None:
    enc = Counting("d")
    out = enc.encode(["a", "bb", "ccc", "dddd"])  # size 3: "a" falls out
    out[:] = 0  # a caller changing its array does not change the cache
    enc.encoded.clear()
    again = enc.encode(["bb", "a"])
    assert enc.encoded == ["a"]
    assert again[0, 0] == 2.0
    assert enc.encode([]).shape[0] == 0
