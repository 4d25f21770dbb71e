"""The Kafka security settings become the right aiokafka options, and the SASL password stays a
secret everywhere except the option aiokafka needs it in."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import structlog

from tollgate.config import ConfigError, Settings, load_settings
from tollgate.embedded.broker import TlsFiles, self_signed_tls
from tollgate.kafka import client_kwargs, consumer_kwargs
from tollgate.logs import configure_logging, get_logger

PASSWORD = "kafka-pw-3c9e71d2aa"  # a planted test secret
SERVERS = "k1.internal:9093,k2.internal:9093"
SASL_KEYS = {"sasl_mechanism", "sasl_plain_username", "sasl_plain_password"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    try:
        return self_signed_tls(tmp_path_factory.mktemp("tls"))
    except RuntimeError as exc:
        pytest.skip(f"cannot make a test CA: {exc}")


def _settings(**overrides: Any) -> Settings:
    return load_settings(kafka_bootstrap_servers=SERVERS, **overrides)


def _sasl(protocol: str, **overrides: Any) -> Settings:
    return _settings(
        kafka_security_protocol=protocol,
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="tollgate-app",
        kafka_sasl_password=PASSWORD,
        **overrides,
    )


def _ca_names(context: ssl.SSLContext) -> set[str]:
    """Common names of the CAs the context trusts (those loaded from files)."""
    names: set[str] = set()
    for cert in context.get_ca_certs():
        subject = cast(tuple[tuple[tuple[str, str], ...], ...], cert["subject"])
        names.update(value for rdn in subject for key, value in rdn if key == "commonName")
    return names


def test_plaintext_has_neither_tls_nor_sasl() -> None:
    assert client_kwargs(_settings()) == {
        "bootstrap_servers": ["k1.internal:9093", "k2.internal:9093"],
        "security_protocol": "PLAINTEXT",
    }


def test_ssl_verifies_the_broker_against_the_configured_ca(tls: TlsFiles) -> None:
    kwargs = client_kwargs(_settings(kafka_security_protocol="SSL", kafka_ssl_cafile=tls.cafile))

    assert set(kwargs) == {"bootstrap_servers", "security_protocol", "ssl_context"}
    assert kwargs["security_protocol"] == "SSL"
    context = kwargs["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert "tollgate-test-ca" in _ca_names(context)


def test_ssl_without_a_ca_file_still_verifies_the_broker() -> None:
    context = client_kwargs(_settings(kafka_security_protocol="SSL"))["ssl_context"]

    assert context.verify_mode == ssl.CERT_REQUIRED  # against the system trust store
    assert context.check_hostname is True


def test_sasl_plaintext_passes_mechanism_user_and_the_secret_password() -> None:
    kwargs = client_kwargs(_sasl("SASL_PLAINTEXT"))

    assert "ssl_context" not in kwargs
    assert kwargs["security_protocol"] == "SASL_PLAINTEXT"
    assert kwargs["sasl_mechanism"] == "SCRAM-SHA-512"
    assert kwargs["sasl_plain_username"] == "tollgate-app"
    assert kwargs["sasl_plain_password"] == PASSWORD
    assert isinstance(kwargs["sasl_plain_password"], str)  # unwrapped from the SecretStr


def test_sasl_ssl_has_both_tls_and_sasl(tls: TlsFiles) -> None:
    kwargs = client_kwargs(_sasl("SASL_SSL", kafka_ssl_cafile=tls.cafile))

    assert set(kwargs) >= SASL_KEYS
    assert kwargs["sasl_plain_password"] == PASSWORD
    assert "tollgate-test-ca" in _ca_names(kwargs["ssl_context"])


def test_sasl_options_only_with_a_sasl_protocol(tls: TlsFiles) -> None:
    # credentials configured but the protocol has no SASL: they must not be sent
    for protocol, cafile in (("PLAINTEXT", None), ("SSL", tls.cafile)):
        settings = _settings(
            kafka_security_protocol=protocol,
            kafka_ssl_cafile=cafile,
            kafka_sasl_username="tollgate-app",
            kafka_sasl_password=PASSWORD,
        )
        assert not SASL_KEYS & set(client_kwargs(settings)), protocol


def test_consumers_get_the_same_security_options(tls: TlsFiles) -> None:
    settings = _sasl("SASL_SSL", kafka_ssl_cafile=tls.cafile)
    kwargs = consumer_kwargs(settings, group_id="g")

    assert kwargs["group_id"] == "g"
    for key in ("security_protocol", *SASL_KEYS):
        assert kwargs[key] == client_kwargs(settings)[key]
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)


def test_password_from_the_environment_is_masked_in_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOLLGATE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("TOLLGATE_KAFKA_SASL_USERNAME", "tollgate-app")
    monkeypatch.setenv("TOLLGATE_KAFKA_SASL_PASSWORD", PASSWORD)
    settings = load_settings()

    assert settings.kafka_sasl_password.get_secret_value() == PASSWORD
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert PASSWORD not in shown
        assert "tollgate-app" in shown  # the user name is not a secret
    assert client_kwargs(settings)["sasl_plain_password"] == PASSWORD


@pytest.fixture
def json_logs() -> Iterator[None]:
    """configure_logging for one test, then the previous logging setup back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    library_levels = {n: logging.getLogger(n).level for n in ("aiokafka", "faust", "mode")}
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, lib_level in library_levels.items():
        logging.getLogger(name).setLevel(lib_level)


def test_password_from_the_environment_never_reaches_a_log_line(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], json_logs: None
) -> None:
    monkeypatch.setenv("TOLLGATE_KAFKA_SASL_PASSWORD", PASSWORD)
    settings = load_settings(kafka_security_protocol="SASL_SSL")
    configure_logging("debug", "json")

    get_logger(component="test").info("kafka", settings=settings, note=f"pw={PASSWORD}")
    get_logger(component="test").error("failed", error=RuntimeError(f"auth {PASSWORD}"))
    # aiokafka logs through the stdlib; at debug it prints request structs with SASL bytes
    logging.getLogger("aiokafka.conn").debug("Request: %s", f"b'\\x00app\\x00{PASSWORD}'")

    err = capfd.readouterr().err
    assert err.count("\n") >= 3  # the lines were written
    assert PASSWORD not in err
    assert "<secret>" in err


def test_password_inside_a_logged_dict_is_scrubbed(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], json_logs: None
) -> None:
    monkeypatch.setenv("TOLLGATE_KAFKA_SASL_PASSWORD", PASSWORD)
    settings = load_settings(kafka_security_protocol="SASL_PLAINTEXT")
    configure_logging("info", "json")

    get_logger(component="test").info("connecting", options=client_kwargs(settings))

    err = capfd.readouterr().err
    assert "connecting" in err
    assert PASSWORD not in err


def test_a_missing_ca_file_fails_at_load_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TOLLGATE_KAFKA_SSL_CAFILE"):
        _settings(kafka_security_protocol="SSL", kafka_ssl_cafile=tmp_path / "absent.pem")


def test_mutual_tls_loads_the_client_certificate(
    tls: TlsFiles, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = _settings(
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=tls.cafile,
        kafka_ssl_certfile=tls.certfile,
        kafka_ssl_keyfile=tls.keyfile,
    )
    assert isinstance(client_kwargs(settings)["ssl_context"], ssl.SSLContext)
    other = self_signed_tls(tmp_path_factory.mktemp("other"))
    mismatched = _settings(
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=tls.cafile,
        kafka_ssl_certfile=tls.certfile,
        kafka_ssl_keyfile=other.keyfile,  # the key of another certificate
    )
    with pytest.raises(ssl.SSLError):
        client_kwargs(mismatched)
