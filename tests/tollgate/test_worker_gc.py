"""The worker's garbage-collector settings (``TOLLGATE_GC_THRESHOLD``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tollgate.config import load_settings
from tollgate.worker import tune_gc


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_tune_gc_sets_the_young_generation_and_keeps_the_older_ones() -> None:
    older = gc.get_threshold()[1:]
    tune_gc(load_settings(gc_threshold=12_345))
    assert gc.get_threshold() == (12_345, *older)
    assert gc.get_freeze_count() > 0  # start-up objects left the collector's generations


def test_zero_keeps_pythons_threshold() -> None:
    before = gc.get_threshold()
    tune_gc(load_settings(gc_threshold=0))
    assert gc.get_threshold() == before


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_GC_THRESHOLD", "700")
    assert load_settings().gc_threshold == 700
    monkeypatch.setenv("TOLLGATE_GC_THRESHOLD", "-1")
    with pytest.raises(Exception, match="TOLLGATE_GC_THRESHOLD"):
        load_settings()
