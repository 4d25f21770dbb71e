"""A ClickHouse server DSN (``http(s)://user:pass@host:port/db``) gives clickhouse-connect the
user, password, database and TLS choice, and the password shows up in no log or error.

No server: clickhouse-connect's HTTP client class is replaced by a recorder, so the DSN goes
through the library's own parsing and only the connection is skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from sinks.clickhouse import ClickHouseStore
from tollgate.config import load_settings
from tollgate.embedded.broker import free_port

PASSWORD = "ch-pw-8e21b7f04c"  # a planted test secret


class _Recorder:
    """Stands in for clickhouse_connect's HttpClient and keeps what it was built with."""

    calls: ClassVar[list[dict[str, Any]]] = []

    def __init__(
        self,
        interface: str,
        host: str,
        port: int,
        username: str,
        password: str,
        database: str | None,
        access_token: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.calls.append(
            {
                "interface": interface,
                "host": host,
                "port": port,
                "username": username,
                "password": password,
                "database": database,
                **kwargs,
            }
        )


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Connect a store to a DSN; returns the client arguments clickhouse-connect chose."""
    monkeypatch.setattr("clickhouse_connect.driver.HttpClient", _Recorder)
    _Recorder.calls = []
    stores: list[ClickHouseStore] = []

    def run(dsn: str) -> dict[str, Any]:
        store = ClickHouseStore(dsn)
        stores.append(store)
        store.call(lambda client: client)
        assert len(_Recorder.calls) == 1
        return _Recorder.calls.pop()

    yield run
    for store in stores:
        store.close()


def test_user_password_and_database_come_from_the_dsn(connect: Any) -> None:
    # a reserved character in the password is percent-encoded in the DSN
    args = connect("http://tollgate:ch-pw-8e21b7f04c%40x@ch.internal:8123/analytics")

    assert args["interface"] == "http"
    assert (args["host"], args["port"]) == ("ch.internal", 8123)
    assert args["username"] == "tollgate"
    assert args["password"] == PASSWORD + "@x"
    assert args["database"] == "analytics"


def test_https_on_the_tls_port_uses_tls_and_the_given_ca(connect: Any) -> None:
    args = connect(f"https://tollgate:{PASSWORD}@ch.internal:8443/analytics?ca_cert=/etc/ch/ca.pem")

    assert args["interface"] == "https"
    assert args["port"] == 8443
    assert args["password"] == PASSWORD
    assert args["ca_cert"] == "/etc/ch/ca.pem"
    assert "verify" not in args  # certificate verification stays on (the client's default)


@pytest.mark.parametrize(
    "dsn",
    [
        f"https://tollgate:{PASSWORD}@ch.internal:8123/analytics",
        f"https://tollgate:{PASSWORD}@ch.internal/analytics",
    ],
    ids=["port-8123", "default-port"],
)
def test_an_https_dsn_always_uses_tls(connect: Any, dsn: str) -> None:
    assert connect(dsn)["interface"] == "https"


def test_a_refused_connection_shows_the_password_nowhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every library logger, raw records
    port = free_port()  # nothing listens there: the real client fails at its first request
    store = ClickHouseStore(f"http://tollgate:{PASSWORD}@127.0.0.1:{port}/analytics")
    try:
        with pytest.raises(Exception) as failure:  # whatever the client raises
            store.call(lambda client: client)
    finally:
        store.close()

    assert f"127.0.0.1:{port}" in str(failure.value)  # the error does name the server
    assert PASSWORD not in str(failure.value)
    assert PASSWORD not in repr(failure.value)
    assert caplog.records  # the client logged its attempt
    assert PASSWORD not in caplog.text


def test_settings_mask_the_dsn_but_hand_it_to_the_store() -> None:
    dsn = f"https://tollgate:{PASSWORD}@ch.internal:8443/analytics"
    settings = load_settings(clickhouse_dsn=dsn)

    assert settings.clickhouse_url == dsn  # what get_store receives
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert PASSWORD not in shown
