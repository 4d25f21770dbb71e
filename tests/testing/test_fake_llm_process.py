"""FakeLLMProcess: the fake OpenAI-compatible server in a child process."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import pytest
import yaml

from tollgate.config import DEFAULT_DOMAIN_DIR, load_settings
from tollgate.intent.llm import LLMIntentModel
from tollgate.testing.fake_llm_process import (
    MODULE,
    FakeLLMProcess,
    FakeLLMProcessError,
    parse_args,
)


def chat(base_url: str, text: str, model: str = "fake-model") -> tuple[int, dict[str, Any]]:
    body = {
        "model": model,
        "messages": [
            {"role": "user", "content": f"<customer_message>\n{text}\n</customer_message>"}
        ],
    }
    request = urllib.request.Request(
        f"{base_url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_answers_from_another_process_and_counts_requests() -> None:
    with FakeLLMProcess(model_modes={"fake-broken": "500"}) as srv:
        assert srv.pid is not None and srv.pid != os.getpid()
        assert srv.base_url == f"http://127.0.0.1:{srv.port}/v1"
        assert srv.stats()["requests"] == 0
        status, answer = chat(srv.base_url, "where is my order #A12345")
        assert status == 200
        content = json.loads(answer["choices"][0]["message"]["content"])
        assert content["intent"] == "check_order_status"
        assert answer["usage"]["total_tokens"] > 0
        status, _ = chat(srv.base_url, "hello", model="fake-broken")
        assert status == 500
        stats = srv.stats()
        assert stats["requests"] == 2
        assert stats["max_in_flight"] >= 1
        assert (srv.requests, srv.max_in_flight) == (2, stats["max_in_flight"])
        pid = srv.pid
    assert not alive(pid)
    assert srv.pid is None
    srv.stop()  # twice is fine


def test_mode_is_passed_to_the_child() -> None:
    with FakeLLMProcess(mode="429") as srv:
        status, answer = chat(srv.base_url, "hello")
    assert status == 429
    assert answer["error"]["type"] == "rate_limit_error"


def test_child_exits_when_its_parent_goes_away() -> None:
    """End of file on stdin (the parent died) stops the server: no orphans on the machine."""
    proc = subprocess.Popen(
        [sys.executable, "-m", MODULE, "--port", "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        ready = json.loads(proc.stdout.readline())
        assert ready["pid"] == proc.pid
        assert chat(ready["base_url"], "thanks a lot")[0] == 200
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_child_that_cannot_listen_is_an_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        srv = FakeLLMProcess(port=taken.getsockname()[1], startup_timeout_s=20)
        with pytest.raises(FakeLLMProcessError, match="exited") as raised:
            srv.start()
    assert "Address already in use" in str(raised.value)  # the child's stderr, for diagnosis
    assert srv.pid is None


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="down"):
        FakeLLMProcess(mode="down")
    with pytest.raises(ValueError, match="unknown mode"):
        FakeLLMProcess(model_modes={"x": "exploding"})  # type: ignore[dict-item]
    with pytest.raises(SystemExit):
        parse_args(["--model-mode", "no-equals-sign"])
    args = parse_args(["--latency-ms", "200", "--model-mode", "fake-a=429"])
    assert (args.latency_ms, args.model_mode) == (200.0, [("fake-a", "429")])


def test_the_llm_intent_model_classifies_against_the_child() -> None:
    intents = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())["intents"]
    texts = ["where is my order #A12345", "please cancel my order", "thank you!"]
    with FakeLLMProcess() as srv:
        settings = load_settings(
            intent_model="openai/fake-model", llm_api_base=srv.base_url, llm_timeout_s=10.0
        )
        for k in (1, 2):
            model = LLMIntentModel(settings, intents, texts_per_request=k)
            preds = asyncio.run(model.classify_batch(texts))
            assert [p.intent for p in preds] == ["check_order_status", "cancel_order", "thanks"]
            assert preds[0].entities == {"order_id": "A12345"}
        assert srv.requests == 3 + 2
