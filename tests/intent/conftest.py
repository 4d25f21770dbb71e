"""Shared fixtures for the LLM tests: one fake OpenAI-compatible server per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tollgate.config import Settings, load_settings
from tollgate.testing.fake_llm import FakeLLMServer


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as srv:
        yield srv


@pytest.fixture
def srv(server: FakeLLMServer) -> FakeLLMServer:
    server.reset()
    return server


def llm_settings(srv: FakeLLMServer, **overrides: Any) -> Settings:
    """Settings pointing the LLM path at the fake server."""
    values: dict[str, Any] = {
        "intent_model": "openai/fake-model",
        "llm_api_base": srv.base_url,
        "llm_timeout_s": 3.0,  # generous for answers; hanging-server tests pass a short one
        **overrides,
    }
    return load_settings(**values)
