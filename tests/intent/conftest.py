"""Shared fixtures for the LLM tests: one fake OpenAI-compatible server per module."""

from __future__ import annotations

from typing import Any

from tests.fake_llm_fixtures import FAKE_MODEL, fake_llm_settings, server, srv
from tollgate.config import Settings
from tollgate.testing.fake_llm import FakeLLMServer

__all__ = ["llm_settings", "server", "srv"]  # server, srv: the fake LLM fixtures, by name


def llm_settings(srv: FakeLLMServer, **overrides: Any) -> Settings:
    """Settings pointing the LLM path at the fake server."""
    values: dict[str, Any] = {
        "intent_model": FAKE_MODEL,
        "llm_timeout_s": 3.0,  # generous for answers; hanging-server tests pass a short one
        **overrides,
    }
    return fake_llm_settings(srv, **values)
