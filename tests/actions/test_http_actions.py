"""Declarative HTTP actions against a local HTTP server started by the test."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from schemas import ActionResult
from tollgate.actions import ActionRegistry, ErrorCode, error_code
from tollgate.actions.errors import OWNERSHIP_REFUSALS
from tollgate.actions.http import WRONG_CUSTOMER, HttpActionSpec, HttpParams, http_action
from tollgate.actions.pack import ActionsError, pack_registry
from tollgate.testing.local_server import http_server


class _Api(BaseHTTPRequestHandler):
    """Behaviour by path: /ok, /missing, /down, /flaky, /busy, /slow, /bad-json, /other."""

    calls: ClassVar[dict[str, int]] = {}
    seen: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        path = self.path.split("?")[0]
        route = path.split("/")[1]
        _Api.calls[route] = _Api.calls.get(route, 0) + 1
        _Api.seen.append({"path": path, "headers": dict(self.headers), "body": body})
        n = _Api.calls[route]
        good = {"id": "R-1", "amount": {"value": 12.5}, "customer": {"id": "C-1"}}
        if route == "ok":
            self._answer(200, good)
        elif route == "missing":
            self._answer(404, {"error": "no such order"})
        elif route == "down":
            self._answer(503, {"error": "down"})
        elif route == "flaky":
            self._answer(500, {}) if n == 1 else self._answer(200, good)
        elif route == "busy":
            self._answer(429, {}, {"Retry-After": "0.3"}) if n == 1 else self._answer(200, good)
        elif route == "slow":
            time.sleep(0.5)
            self._answer(200, good)
        elif route == "bad-json":
            self._answer(200, b"<html>oops</html>")
        elif route == "other":
            self._answer(200, {**good, "customer": {"id": "C-2"}})
        else:
            self._answer(400, {"error": "bad request"})


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    with http_server(_Api) as url:
        yield url


@pytest.fixture(autouse=True)
def _fresh_api(monkeypatch: pytest.MonkeyPatch) -> None:
    _Api.calls.clear()
    _Api.seen.clear()
    monkeypatch.setenv("SHOP_API_TOKEN", "tok-123456789")


def _call(api: str, route: str, key: str = "T1:refund", **http: Any) -> ActionResult:
    spec = HttpActionSpec(
        method="POST",
        url=api + "/" + route + "/{order_id}",
        headers={"Authorization": "Bearer ${SHOP_API_TOKEN}"},
        body={"amount": "{amount}", "customer": "{customer_id}", "note": "order {order_id}"},
        response={"refund_id": "id", "refund_amount": "amount.value", "absent": "x.y"},
        customer_field="customer.id",
        **{"timeout_s": 1.0, "retries": 2, **http},
    )
    registry = ActionRegistry()
    registry.register(
        "refund", http_action(spec), HttpParams, timeout_s=spec.budget_s, max_attempts=1
    )
    params = {"order_id": "A 1/2", "amount": 12.5, "customer_id": "C-1"}
    return asyncio.run(registry.execute("refund", params, idempotency_key=key, timeout_s=0.01))


def test_success_maps_fields_and_sends_key_secret_body_and_encoded_url(api: str) -> None:
    result = _call(api, "ok")
    assert result.success, result.error
    assert result.data == {"refund_id": "R-1", "refund_amount": 12.5, "absent": None}
    (request,) = _Api.seen
    assert request["path"] == "/ok/A%201%2F2"
    assert request["headers"]["Idempotency-Key"] == "T1:refund"
    assert request["headers"]["Authorization"] == "Bearer tok-123456789"
    assert request["body"] == {"amount": 12.5, "customer": "C-1", "note": "order A 1/2"}


def test_4xx_is_a_permanent_failure_with_its_code(api: str) -> None:
    missing = _call(api, "missing")
    assert error_code(missing) == ErrorCode.NOT_FOUND and missing.attempts == 1
    rejected = _call(api, "nope")
    assert error_code(rejected) == ErrorCode.REJECTED
    assert _Api.calls == {"missing": 1, "nope": 1}


def test_5xx_is_retried_then_reported_unavailable(api: str) -> None:
    flaky = _call(api, "flaky")
    assert flaky.success and _Api.calls["flaky"] == 2
    down = _call(api, "down")
    assert error_code(down) == ErrorCode.UNAVAILABLE
    assert _Api.calls["down"] == 3  # 1 + retries, the registry does not retry again
    keys = {s["headers"]["Idempotency-Key"] for s in _Api.seen if s["path"].startswith("/down")}
    assert keys == {"T1:refund"}


def test_429_waits_for_retry_after(api: str) -> None:
    started = time.monotonic()
    result = _call(api, "busy")
    assert result.success
    assert time.monotonic() - started >= 0.3
    assert _Api.calls["busy"] == 2


def test_timeout_and_slow_answers(api: str) -> None:
    timed_out = _call(api, "slow", timeout_s=0.1, retries=1)
    assert error_code(timed_out) == ErrorCode.TIMEOUT
    assert _Api.calls["slow"] == 2
    slow_but_in_time = _call(api, "slow", key="T2:refund", timeout_s=2.0)
    assert slow_but_in_time.success


def test_malformed_json_and_wrong_customer_are_refused(api: str) -> None:
    assert error_code(_call(api, "bad-json")) == ErrorCode.INVALID_RESULT
    other = _call(api, "other")
    assert not other.success and error_code(other) == WRONG_CUSTOMER
    assert "C-2" not in (other.error or "")


def test_missing_secret_fails_without_calling(api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOP_API_TOKEN")
    result = _call(api, "ok")
    assert not result.success and "SHOP_API_TOKEN" in (result.error or "")
    assert _Api.seen == []


def test_pack_actions_yaml_registers_http_demo_and_checks_backends(
    api: str, tmp_path: Path
) -> None:
    (tmp_path / "actions.yaml").write_text(
        "actions:\n"
        "  lookup_order: {backend: demo}\n"
        f"  refund: {{backend: http, http: {{url: '{api}/ok/{{order_id}}'}}}}\n"
    )
    registry = pack_registry(tmp_path)
    assert registry.names() == ["lookup_order", "refund"]
    result = asyncio.run(registry.execute("refund", {"order_id": "A1"}, idempotency_key="k"))
    assert result.success
    (tmp_path / "actions.yaml").write_text("actions:\n  fly_to_moon: {backend: demo}\n")
    with pytest.raises(ActionsError, match=r"actions.fly_to_moon.backend: the demo backend"):
        pack_registry(tmp_path)
    (tmp_path / "actions.yaml").write_text("actions:\n  x: {backend: http}\n")
    with pytest.raises(ActionsError, match=r"actions.yaml: actions.x: .*http"):
        pack_registry(tmp_path)
    (tmp_path / "actions.yaml").write_text("actions:\n  plugin_x: {backend: entry_point}\n")
    with pytest.raises(ActionsError, match="no installed entry point 'plugin_x'"):
        pack_registry(tmp_path)


async def plugin_action(params: HttpParams, ctx: object) -> dict[str, object]:
    return {"echo": str((params.model_extra or {}).get("word"))}


def test_entry_point_actions_load_when_the_pack_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    entry = metadata.EntryPoint(
        name="echo_plugin", value=f"{__name__}:plugin_action", group="tollgate.actions"
    )
    found = metadata.EntryPoints([entry])
    monkeypatch.setattr(
        "tollgate.actions.pack.metadata.entry_points",
        lambda group, name=None: found.select(group=group, **({"name": name} if name else {})),
    )
    (tmp_path / "actions.yaml").write_text(
        "actions:\n  echo: {backend: entry_point, entry_point: echo_plugin}\n"
    )
    registry = pack_registry(tmp_path)
    result = asyncio.run(registry.execute("echo", {"word": "hi"}, idempotency_key="k"))
    assert result.data == {"echo": "hi"}


def test_entry_point_actions_load_when_the_setting_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    entry = metadata.EntryPoint(
        name="lookup_order", value=f"{__name__}:plugin_action", group="tollgate.actions"
    )
    monkeypatch.setattr(
        "tollgate.actions.pack.metadata.entry_points",
        lambda group, name=None: metadata.EntryPoints([entry]).select(group=group),
    )
    from tollgate.config import DEFAULT_DOMAIN_DIR

    plain = pack_registry(DEFAULT_DOMAIN_DIR)
    assert plain.get("lookup_order").source.startswith("path:")  # type: ignore[union-attr]
    named = pack_registry(DEFAULT_DOMAIN_DIR, entry_points=["lookup_order"])
    assert named.get("lookup_order").source == f"entry_point:{__name__}:plugin_action"  # type: ignore[union-attr]
    result = asyncio.run(named.execute("lookup_order", {"word": "x"}, idempotency_key="k"))
    assert result.data == {"echo": "x"}


def test_the_ticket_customer_is_sent_and_wins_over_params(api: str) -> None:
    spec = HttpActionSpec(
        method="POST",
        url=api + "/ok/{order_id}",
        body={"customer": "{customer_id}"},
        response={"refund_id": "id"},
        customer_field="customer.id",
    )
    registry = ActionRegistry()
    registry.register("refund", http_action(spec), HttpParams, max_attempts=1)
    params = {"order_id": "A1", "customer_id": "C-9"}  # a customer named in the text: ignored
    result = asyncio.run(
        registry.execute("refund", params, idempotency_key="T3:refund", customer_id="C-1")
    )
    assert result.success, result.error
    (request,) = _Api.seen
    assert request["headers"]["X-Customer-Id"] == "C-1"
    assert request["body"] == {"customer": "C-1"}
    assert WRONG_CUSTOMER in OWNERSHIP_REFUSALS
