"""Shared fixtures: a real Tansu broker and one embedded ClickHouse per test session."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from tollgate.config import Settings, load_settings, prefixed_topics
from tollgate.embedded.broker import EmbeddedBroker

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's TOLLGATE_* environment or .env file."""
    for name in list(os.environ):
        if name.startswith("TOLLGATE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_file=log) as running:
        yield running


@pytest.fixture(scope="session")
def clickhouse_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """chdb allows one engine (one path) per process: every test shares this one."""
    return f"chdb://{tmp_path_factory.mktemp('clickhouse')}"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture
def make_settings(
    broker: EmbeddedBroker, clickhouse_url: str, model_cache: Path
) -> Callable[..., Settings]:
    """Settings isolated per call: own app id and topic names on the shared broker."""

    def make(**overrides: Any) -> Settings:
        n = next(_counter)
        prefix = f"t{os.getpid()}x{n}"
        topics = prefixed_topics(prefix)
        values: dict[str, Any] = {
            "kafka_bootstrap_servers": broker.bootstrap_servers,
            "clickhouse_dsn": clickhouse_url,
            "data_dir": model_cache,
            "app_id": prefix,
            "web_enabled": False,
            "kafka_rebalance_timeout_s": 1.0,
            "topic_partitions": 4,
            **topics,
        }
        values.update(overrides)
        return load_settings(**values)

    return make


def datasets_dir() -> Path:
    return DATASETS


requires_datasets = pytest.mark.skipif(
    not (DATASETS / "banking77").is_dir(), reason="../shared/datasets/banking77 is absent"
)
