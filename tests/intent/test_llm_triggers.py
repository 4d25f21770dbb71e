"""The LLM's trigger check: asked in the same structured call as the intent, it adds triggers
the local layer missed and never removes one it found (fake OpenAI-compatible server)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from streams.inline import InlineResult, run_inline
from tests.intent.conftest import llm_settings
from tollgate.constraints.schema import LANGUAGE_TRIGGERS
from tollgate.testing import FakeLLMServer


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache for the module: the local intent model is trained once."""
    return tmp_path_factory.mktemp("models")


QUIET_THREAT = "Lovely weather. Shame if your van got stuck somewhere dark tonight."
RULE_THREAT = "I will kill your courier."


def run(
    srv: FakeLLMServer, models: Path, texts: list[str], **overrides: object
) -> list[InlineResult]:

    settings = llm_settings(srv, data_dir=models, trigger_model="off", **overrides)
    return asyncio.run(run_inline(texts, settings))


def test_the_intent_call_asks_for_triggers(srv: FakeLLMServer, models: Path) -> None:
    run(srv, models, ["where is my order #A12345?"])
    body = srv.received[-1]
    schema = body["response_format"]["json_schema"]["schema"]
    assert "triggers" in schema["properties"] and "triggers" in schema["required"]
    prompt = body["messages"][0]["content"]
    assert all(name in prompt for name in LANGUAGE_TRIGGERS)


def test_llm_adds_a_trigger_the_local_layer_missed(srv: FakeLLMServer, models: Path) -> None:
    srv.triggers_fn = lambda text: ["threat_language"] if "van" in text else []
    quiet, plain = run(srv, models, [QUIET_THREAT, "where is my order #A12345?"])
    assert quiet.triggers == ["threat_language"] and quiet.outcome == "escalate"
    assert plain.triggers == []


def test_llm_cannot_remove_a_local_trigger(srv: FakeLLMServer, models: Path) -> None:
    srv.triggers_fn = lambda text: []  # the LLM sees nothing
    [result] = run(srv, models, [RULE_THREAT])
    assert "threat_language" in result.triggers and result.outcome == "escalate"


def test_llm_triggers_outside_the_language_set_are_refused(
    srv: FakeLLMServer, models: Path
) -> None:
    srv.triggers_fn = lambda text: ["forbidden_action"]  # not in the schema's enum
    [result] = run(srv, models, ["where is my order #A12345?"])
    assert "forbidden_action" not in result.triggers
