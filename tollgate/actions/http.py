"""Declarative HTTP actions: a pack calls the company's own API without writing Python.

Declared in the pack's ``actions.yaml`` (see :mod:`tollgate.actions.pack`)::

    issue_refund:
      backend: http
      http:
        method: POST
        url: "${SHOP_API_URL}/orders/{order_id}/refunds"   # ${ENV} from the environment,
        headers: {Authorization: "Bearer ${SHOP_API_TOKEN}"}  # {param} from the action params
        body: {amount: "{amount}", customer: "{customer_id}"}
        timeout_s: 2
        retries: 2                       # on 5xx, 429 and connection errors
        max_retry_after_s: 5             # a longer Retry-After is not waited for
        response: {refund_id: id, refund_amount: amount.value}   # data key: dotted JSON path
        customer_field: customer.id      # the answer must be about the caller's customer

Contract of a call:

* the idempotency key goes in the ``Idempotency-Key`` header, so a retried or replayed call is
  done once by the API;
* ``{param}`` in the URL is percent-encoded; a body value that is exactly ``"{param}"`` keeps
  the param's type; ``${NAME}`` reads the environment at call time (secrets never sit in the
  pack, and a missing variable fails the call instead of sending an empty credential);
* 2xx with a JSON object → the mapped fields (a missing field is ``None``); 5xx, 429, timeouts
  and connection errors are retried ``retries`` times, waiting ``Retry-After`` (seconds) when
  the API sends one, then fail as ``unavailable``/``timeout`` (not remembered, a later delivery
  may try again); 404 → ``not_found``; other 4xx → ``rejected``; a body that is not a JSON
  object → ``invalid_result``; an answer about another customer → ``wrong_customer``.

The registry gives the action its whole budget (every attempt and wait) as its timeout and does
not retry it again (:attr:`~tollgate.actions.registry.ActionSpec.max_attempts`).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field

from tollgate.actions.errors import (
    ErrorCode,
    PermanentActionError,
    TransientActionError,
)
from tollgate.actions.registry import ActionContext, ActionFn

WRONG_CUSTOMER = "wrong_customer"
"""Error code of an API answer that names another customer than the caller."""
_ENV_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PARAM_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_BACKOFF_S = 0.05


class HttpActionSpec(BaseModel):
    """The ``http`` block of a declarative action."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "POST"
    url: str = Field(min_length=1)
    headers: dict[str, str] = Field(default_factory=dict)
    body: dict[str, Any] | None = None
    timeout_s: float = Field(default=2.0, gt=0, le=60)
    retries: int = Field(default=2, ge=0, le=10)
    max_retry_after_s: float = Field(default=5.0, ge=0, le=60)
    response: dict[str, str] = Field(default_factory=dict)
    customer_field: str | None = None

    @property
    def budget_s(self) -> float:
        """The longest a call can take: every attempt and every wait between attempts."""
        waits = self.retries * max(self.max_retry_after_s, _BACKOFF_S * 2**self.retries)
        return float((self.retries + 1) * self.timeout_s + waits + 1.0)

    def placeholders(self) -> set[str]:
        """The ``{param}`` names the URL, headers and body use."""
        texts = [self.url, *self.headers.values()]
        texts += [v for v in (self.body or {}).values() if isinstance(v, str)]
        return {name for text in texts for name in _PARAM_RE.findall(text)}


class HttpParams(BaseModel):
    """Params of an HTTP action: any scalars (the constraint stage has typed and checked them)."""

    model_config = ConfigDict(extra="allow", frozen=True)


def _env(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = os.environ.get(name)
        if not found:
            raise PermanentActionError(f"environment variable {name} is not set", code="config")
        return found

    return _ENV_RE.sub(value, text)


def _fill(text: str, params: Mapping[str, object], *, encode: bool) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params or params[name] is None:
            raise PermanentActionError(f"no value for {{{name}}}", code=ErrorCode.INVALID_PARAMS)
        raw = str(params[name])
        return quote(raw, safe="") if encode else raw

    return _PARAM_RE.sub(value, _env(text))


def _body_value(value: object, params: Mapping[str, object]) -> object:
    if isinstance(value, str):
        whole = _PARAM_RE.fullmatch(value)
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        return _fill(value, params, encode=False)
    return value


def _pick(document: object, path: str) -> object:
    for part in path.split("."):
        if not isinstance(document, Mapping) or part not in document:
            return None
        document = document[part]
    return document if isinstance(document, str | int | float | bool) or document is None else None


def _retry_after(response: httpx.Response, limit: float) -> float | None:
    """Seconds the API asked to wait (``None``: it did not say, or asked for more than limit)."""
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        return None
    return max(0.0, seconds) if seconds <= limit else None


def http_action(spec: HttpActionSpec, *, client: httpx.AsyncClient | None = None) -> ActionFn:
    """The action function calling the API as ``spec`` says (``client``: shared connection pool)."""

    async def call(params: HttpParams, ctx: ActionContext) -> Mapping[str, object]:
        values: dict[str, object] = dict(params.model_extra or {})
        if ctx.customer_id is not None:  # the ticket's customer, never one named in the text
            values["customer_id"] = ctx.customer_id
        if ctx.session_id is not None:
            values.setdefault("session_id", ctx.session_id)
        url = _fill(spec.url, values, encode=True)
        headers = {k: _fill(v, values, encode=False) for k, v in spec.headers.items()}
        headers["Idempotency-Key"] = ctx.idempotency_key
        if ctx.customer_id is not None:
            headers["X-Customer-Id"] = ctx.customer_id  # the API checks ownership with it
        body = (
            {k: _body_value(v, values) for k, v in spec.body.items()}
            if spec.body is not None
            else None
        )
        owner = client or httpx.AsyncClient()
        try:
            response = await _send(owner, spec, url, headers, body, ctx.name)
        finally:
            if client is None:
                await owner.aclose()
        return _result(spec, response, values.get("customer_id"))

    return call


async def _send(
    client: httpx.AsyncClient,
    spec: HttpActionSpec,
    url: str,
    headers: dict[str, str],
    body: dict[str, object] | None,
    name: str,
) -> httpx.Response:
    for attempt in range(spec.retries + 1):
        last = attempt == spec.retries
        wait = _BACKOFF_S * 2**attempt
        try:
            response = await client.request(
                spec.method, url, headers=headers, json=body, timeout=spec.timeout_s
            )
        except httpx.TimeoutException:
            if last:
                raise TimeoutError(f"{name}: no answer within {spec.timeout_s:g}s") from None
        except httpx.TransportError as exc:
            if last:
                raise TransientActionError(f"{name}: {type(exc).__name__}") from None
        else:
            if response.status_code not in _RETRY_STATUS:
                return response
            if last:
                raise TransientActionError(f"{name}: HTTP {response.status_code}")
            asked = _retry_after(response, spec.max_retry_after_s)
            wait = asked if asked is not None else wait
        await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _result(
    spec: HttpActionSpec, response: httpx.Response, customer_id: object
) -> Mapping[str, object]:
    status = response.status_code
    if status == 404:
        raise PermanentActionError("HTTP 404", code=ErrorCode.NOT_FOUND)
    if status >= 400:
        raise PermanentActionError(f"HTTP {status}", code=ErrorCode.REJECTED)
    try:
        document = response.json() if response.content else {}
    except ValueError:
        raise PermanentActionError(
            "the answer is not JSON", code=ErrorCode.INVALID_RESULT
        ) from None
    if not isinstance(document, Mapping):
        raise PermanentActionError("the answer is not a JSON object", code=ErrorCode.INVALID_RESULT)
    if spec.customer_field is not None:
        owner = _pick(document, spec.customer_field)
        if customer_id is None or owner is None or str(owner) != str(customer_id):
            raise PermanentActionError("the answer is about another customer", code=WRONG_CUSTOMER)
    return {key: _pick(document, path) for key, path in spec.response.items()}
