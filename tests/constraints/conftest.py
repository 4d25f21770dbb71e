"""Fixtures for the constraint tests: the shop schema and a helper running the detectors as the
pipeline does (raw text plus hygiene output)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tollgate.constraints.schema import ConstraintSchema, default_constraints_path, load_constraints
from tollgate.constraints.triggers import detect_triggers
from tollgate.hygiene import clean


@pytest.fixture(scope="session")
def shop() -> ConstraintSchema:
    return load_constraints(default_constraints_path())


@pytest.fixture(scope="session")
def fired(shop: ConstraintSchema) -> Callable[[str], set[str]]:
    def run(text: str) -> set[str]:
        return {hit.name for hit in detect_triggers(text, clean(text).text, shop)}

    return run
