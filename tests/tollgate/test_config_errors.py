"""Issue 19 item 5: one-line configuration errors, comma lists, unknown names with a hint."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.cli import main
from tollgate.config import ConfigError, load_settings


def test_list_settings_accept_commas_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_ESCALATION_QUEUES", "general, legal")
    monkeypatch.setenv("TOLLGATE_INTENT_FALLBACK_MODELS", "openai/a,openai/b")
    settings = load_settings()
    assert settings.escalation_queues == ["general", "legal"]
    assert settings.intent_fallback_models == ["openai/a", "openai/b"]
    monkeypatch.setenv("TOLLGATE_ESCALATION_QUEUES", '["general","billing"]')
    assert load_settings().escalation_queues == ["general", "billing"]


def test_unknown_name_in_environment_names_the_closest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_THRESHOLD_RESPONSE", "0.999")
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "TOLLGATE_THRESHOLD_RESPONSE" in message
    assert "did you mean TOLLGATE_THRESHOLD_RESPOND?" in message
    assert "\n" not in message


def test_unknown_name_in_dotenv_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("TOLLGATE_WEB_PORTT=7000\n")
    with pytest.raises(ConfigError, match=r"TOLLGATE_WEB_PORTT: unknown setting in \.env"):
        load_settings()


def test_cli_config_error_is_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(
        main, ["topics", "list"], env={"TOLLGATE_WEB_PORT": "abc", "TOLLGATE_LOG_LEVELL": "x"}
    )
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "TOLLGATE_WEB_PORT:" in lines[0] and "TOLLGATE_LOG_LEVEL?" in lines[0]
    assert "Traceback" not in result.output


def test_worker_stages_variable_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_WORKER_STAGES", "intent")
    load_settings()  # read by the worker command's option, not a Settings field


def test_unreachable_kafka_is_one_line_and_debug_shows_the_traceback() -> None:
    from tollgate.embedded.broker import free_port

    here = Path(__file__).with_name("tickets.jsonl")
    env = {"TOLLGATE_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}
    env["TOLLGATE_LOG_LEVEL"] = "error"
    runner = CliRunner()
    result = runner.invoke(main, ["publish", str(here)], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot reach Kafka at {env['TOLLGATE_KAFKA_BOOTSTRAP_SERVERS']} "
        "(start a local stack with `tollgate up`, or set TOLLGATE_KAFKA_BOOTSTRAP_SERVERS)"
    ]
    debug = runner.invoke(main, ["--debug", "publish", str(here)], env=env)
    assert debug.exit_code == 1
    assert debug.exception is not None and "KafkaConnectionError" in type(debug.exception).__name__
    assert os.environ.get("TOLLGATE_KAFKA_BOOTSTRAP_SERVERS") is None
