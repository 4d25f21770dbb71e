"""Settings: environment names are contracts; bad values fail fast naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tollgate.config import ConfigError, load_settings, setting_names


def test_contract_variable_names_exist() -> None:
    names = set(setting_names())
    for contract in (
        "TOLLGATE_KAFKA_BOOTSTRAP_SERVERS",
        "TOLLGATE_CLICKHOUSE_DSN",
        "TOLLGATE_INTENT_MODEL",
        "TOLLGATE_DATA_DIR",
        "TOLLGATE_WEB_PORT",
    ):
        assert contract in names


def test_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_KAFKA_BOOTSTRAP_SERVERS", "a:1, b:2")
    monkeypatch.setenv("TOLLGATE_DATA_DIR", "/tmp/tg")
    settings = load_settings()
    assert settings.kafka_servers == ["a:1", "b:2"]
    assert settings.data_dir == Path("/tmp/tg")
    assert settings.clickhouse_url == "chdb:///tmp/tg/clickhouse"


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("TOLLGATE_KAFKA_BOOTSTRAP_SERVERS", "no-port"),
        ("TOLLGATE_KAFKA_BOOTSTRAP_SERVERS", "host:99999"),
        ("TOLLGATE_WEB_PORT", "abc"),
        ("TOLLGATE_CLICKHOUSE_DSN", "mysql://x"),
        ("TOLLGATE_THRESHOLD_RESPOND", "1.5"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert var in str(err.value)


def test_cascade_thresholds_must_be_ordered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_THRESHOLD_DRAFT", "0.95")
    with pytest.raises(ConfigError, match="THRESHOLD"):
        load_settings()


def test_clickhouse_dsn_secret_is_not_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOLLGATE_CLICKHOUSE_DSN", "https://user:hunter2-secret@ch:8443/db")
    settings = load_settings()
    assert "hunter2-secret" not in repr(settings)
    assert settings.clickhouse_url.startswith("https://user:hunter2-secret@")


def test_unknown_queue_falls_back_to_general() -> None:
    settings = load_settings()
    assert settings.escalation_topic("nope") == "tickets.escalations.general"
    assert settings.escalation_topic("legal") == "tickets.escalations.legal"
