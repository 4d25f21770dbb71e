"""pytest fixtures for tests against the fake LLM server (one per test module, reset for each
test) and :class:`~tollgate.config.Settings` pointed at it. Import them into a conftest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tollgate.config import Settings, load_settings
from tollgate.testing.fake_llm import FakeLLMServer

FAKE_MODEL = "openai/fake-model"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as srv:
        yield srv


@pytest.fixture
def srv(server: FakeLLMServer) -> FakeLLMServer:
    server.reset()
    return server


def fake_llm_settings(srv: FakeLLMServer, /, **values: Any) -> Settings:
    """Settings whose LLM calls go to ``srv``; ``values`` set the rest (model names, limits)."""
    return load_settings(**{"llm_api_base": srv.base_url, **values})
