"""A local OpenAI-compatible chat-completions server for tests and benchmarks.

It runs an aiohttp app on ``127.0.0.1`` (a free port) in a background thread with its own event
loop, so it serves hundreds of concurrent requests while the caller's loop does the client side.
Behaviour is chosen per server and can be switched at runtime (:meth:`FakeLLMServer.set_mode`),
scripted for the next requests (:meth:`FakeLLMServer.queue_modes`) or set per requested model
name (``model_modes``, e.g. to fail a primary model and serve its fallback). ``requests`` counts
the requests answered, ``max_in_flight`` the most that were open at once::

    with FakeLLMServer(mode="good", latency_ms=0) as srv:
        ...  # litellm model "openai/fake-model", api_base=srv.base_url

Modes: ``good`` (valid JSON for the requested schema; the intent comes from ``mapping`` or simple
keyword rules), ``slow`` (the same after ``latency_ms``), ``malformed`` (broken JSON),
``schema_invalid`` (JSON with an unknown intent and confidence out of range), ``429``, ``500``,
``timeout`` (hangs ``hang_s``, longer than any client timeout) and ``down`` (the port is closed and
open connections are dropped).

A request whose schema has the single property ``text`` (a customer response, see
:mod:`tollgate.responses.llm`) is answered in ``good``/``slow`` mode with ``{"text": reply}``:
``reply_fn(last user message)`` when set, else the ``reference_answer`` of that message's JSON.
An intent schema with ``triggers`` gets ``triggers_fn(text)`` (default: no triggers).
"""

from __future__ import annotations

import asyncio
import collections
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal, Self, get_args

from aiohttp import web

from tollgate.intent.entities import extract_entities
from tollgate.testing.local_server import LocalServer

FakeMode = Literal["good", "slow", "malformed", "schema_invalid", "429", "500", "timeout", "down"]
MODES: frozenset[str] = frozenset(get_args(FakeMode))

# Ordered keyword rules for the shop domain: the first rule with a matching keyword wins.
KEYWORD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("speak_to_human", ("human", "real person", "manager", "speak to someone", "call me")),
    ("unsubscribe_marketing", ("unsubscribe", "newsletter", "marketing")),
    ("account_access", ("password", "log in", "login", "locked out", "sign in", "two-factor")),
    ("update_shipping_address", ("address",)),
    ("apply_discount_code", ("discount", "promo", "coupon", "voucher")),
    ("request_refund", ("refund", "money back")),
    ("cancel_order", ("cancel",)),
    ("process_return", ("return",)),
    ("delivery_problem", ("damaged", "lost", "never arrived", "missing", "late", "broken")),
    ("check_order_status", ("where is", "order status", "tracking", "track my", "arrive")),
    ("billing_question", ("invoice", "charged", "receipt", "vat", "bill")),
    ("payment_issue", ("payment", "declined", "checkout")),
    ("product_availability", ("in stock", "available", "restock", "sizes")),
    ("shipping_options", ("shipping", "ship to", "express delivery")),
    ("update_account_details", ("change my email", "account details", "my name")),
    ("complaint", ("terrible", "awful", "disappointed", "worst", "unacceptable")),
    ("thanks", ("thank", "cheers", "goodbye")),
    ("greeting", ("hello", "good morning", "good evening", "hey", "hi")),
)

_TAGGED = re.compile(r"<([A-Za-z_][\w-]*)>\n?(.*?)\n?</\1>", re.S)
_TAGGED_ID = re.compile(r'<([A-Za-z_][\w-]*) id="(\d+)">\n?(.*?)\n?</\1>', re.S)


def keyword_intent(text: str) -> str:
    """The intent the keyword rules pick for ``text`` (``out_of_scope`` when none matches)."""
    lowered = text.lower()
    for intent, keywords in KEYWORD_RULES:
        for keyword in keywords:
            if re.search(rf"\b{re.escape(keyword)}", lowered):
                return intent
    return "out_of_scope"


class FakeLLMServer(LocalServer):
    """OpenAI-compatible ``POST /v1/chat/completions`` with switchable failure modes."""

    def __init__(
        self,
        mode: FakeMode = "good",
        *,
        latency_ms: float = 0.0,
        mapping: Mapping[str, str] | None = None,
        confidence: float = 0.95,
        hang_s: float = 30.0,
        intent_fn: Callable[[str], str] | None = None,
        model_modes: Mapping[str, FakeMode] | None = None,
        port: int = 0,
    ) -> None:
        self._check_mode(mode)
        self._mode: str = mode
        self.latency_ms = latency_ms
        self.mapping = dict(mapping or {})
        self.confidence = confidence
        self.hang_s = hang_s
        self.intent_fn = intent_fn or keyword_intent
        self.reply_fn: Callable[[str], str] | None = None
        # Entities the "model" proposes on top of what the text holds (tests invent some).
        self.entities_fn: Callable[[str], dict[str, str]] | None = None
        # The escalation triggers answered for a text (schemas with "triggers"; default none).
        self.triggers_fn: Callable[[str], list[str]] | None = None
        # Several texts per request: rewrites the list of answers (tests drop, repeat, spoil...).
        self.answers_fn: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
        for value in (model_modes or {}).values():
            self._check_mode(value)
        self.model_modes: dict[str, str] = dict(model_modes or {})
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.received: collections.deque[dict[str, Any]] = collections.deque(maxlen=200)
        self._script: collections.deque[str] = collections.deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None
        self._requested_port = port  # 0: a free port
        self._port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        """Start the loop thread and listen (unless the mode is ``down``)."""
        if self._loop is not None:
            return self
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(
            target=loop.run_forever, name="fake-llm-server", daemon=True
        )
        self._thread.start()
        self._call(self._setup())
        return self

    def stop(self) -> None:
        """Close every connection and the loop thread. Safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            self._call(self._teardown(), timeout=10.0)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10.0)
            loop.close()
            self._loop = None
            self._thread = None

    # -- behaviour ---------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: FakeMode) -> None:
        """Switch behaviour for the following requests; ``down`` closes the port."""
        self._check_mode(mode)
        previous, self._mode = self._mode, mode
        if self._loop is None or (previous == "down") == (mode == "down"):
            return
        self._call(self._go_down() if mode == "down" else self._listen())

    def queue_modes(self, *modes: FakeMode) -> None:
        """Use these modes for the next requests, one each, before the server's mode again."""
        for mode in modes:
            self._check_mode(mode)
            if mode == "down":
                raise ValueError("'down' cannot be queued; use set_mode")
        with self._lock:
            self._script.extend(modes)

    def reset(self, mode: FakeMode = "good") -> None:
        """Back to ``mode`` with no latency, mapping, per-model modes, queued modes or counts."""
        self.set_mode(mode)
        self.latency_ms = 0.0
        self.mapping.clear()
        self.model_modes.clear()
        self.reply_fn = None
        self.entities_fn = None
        self.answers_fn = None
        self.triggers_fn = None
        with self._lock:
            self._script.clear()
        self.reset_counts()

    def reset_counts(self) -> None:
        """Zero ``requests`` and ``max_in_flight`` and forget the received bodies."""
        with self._lock:
            self.requests = 0
            self.max_in_flight = self.in_flight
            self.received.clear()

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _check_mode(mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {sorted(MODES)}")

    def _call(self, coro: Any, timeout: float = 10.0) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _setup(self) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/chat/completions", self._handle)
        app.router.add_get("/stats", self._stats)
        self._runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,  # a client that gave up frees its handler
            shutdown_timeout=0.5,
        )
        await self._runner.setup()
        sock = self._bind(self._requested_port)
        self._port = sock.getsockname()[1]
        if self._mode == "down":
            sock.close()
        else:
            await self._serve(sock)

    async def _teardown(self) -> None:
        if self._runner is not None:
            await self._drop_connections()
            await self._runner.cleanup()
            self._runner = None
            self._site = None
        current = asyncio.current_task()
        others = [task for task in asyncio.all_tasks() if task is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def _bind(self, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        return sock

    async def _serve(self, sock: socket.socket) -> None:
        assert self._runner is not None
        self._site = web.SockSite(self._runner, sock, backlog=2048)
        await self._site.start()

    async def _listen(self) -> None:
        if self._site is None:
            await self._serve(self._bind(self._port))

    async def _go_down(self) -> None:
        if self._site is not None:
            await self._site.stop()
            self._site = None
        await self._drop_connections()

    async def _drop_connections(self) -> None:
        server = self._runner.server if self._runner is not None else None
        for handler in list(server.connections if server is not None else []):
            handler.force_close()
            if handler.transport is not None:
                handler.transport.abort()

    def _next_mode(self) -> str:
        with self._lock:
            return self._script.popleft() if self._script else self._mode

    async def _stats(self, request: web.Request) -> web.Response:
        with self._lock:
            counts = {
                "requests": self.requests,
                "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight,
            }
        return web.json_response(counts)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        mode = self._next_mode()
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return _error(400, "invalid JSON body", "invalid_request_error")
        if not isinstance(body, dict):
            return _error(400, "body must be an object", "invalid_request_error")
        mode = self.model_modes.get(str(body.get("model")), mode)
        if mode == "down":  # the server is going down, or this model is: drop the connection
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=503)
        with self._lock:
            self.requests += 1
            self.received.append(body)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._respond(body, mode)
        finally:
            with self._lock:
                self.in_flight -= 1

    async def _respond(self, body: dict[str, Any], mode: str) -> web.StreamResponse:
        if self.latency_ms > 0:
            await asyncio.sleep(self.latency_ms / 1000)
        if mode == "timeout":
            await asyncio.sleep(self.hang_s)
            return _error(504, "fake upstream timeout", "timeout")
        if mode == "429":
            return _error(429, "Rate limit reached (fake)", "rate_limit_error", retry_after="1")
        if mode == "500":
            return _error(500, "The server had an error (fake)", "server_error")
        return web.json_response(self._completion(body, mode))

    def _completion(self, body: dict[str, Any], mode: str) -> dict[str, Any]:
        text = _user_text(body.get("messages"))
        if mode == "malformed":
            content = '{"intent": "check_order_status", "confidence": 0.9, "reasoning": "cut'
        elif mode == "schema_invalid":
            content = json.dumps(
                {"intent": "launch_rockets", "confidence": 7.5, "reasoning": "", "entities": {}}
            )
        elif "answers" in _schema(body).get("properties", {}):  # several texts per request
            content = json.dumps(self._answers(body))
        else:
            content = json.dumps(self._answer(text, _schema(body)))
        prompt_tokens = max(1, sum(len(str(m)) for m in body.get("messages") or []) // 4)
        completion_tokens = max(1, len(content) // 4)
        return {
            "id": f"chatcmpl-fake-{self.requests}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(body.get("model", "fake-model")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    def _answers(self, body: dict[str, Any]) -> dict[str, Any]:
        """``{"answers": [...]}``: one answer per ``<tag id="N">`` block of the last user turn."""
        schema = _schema(body)
        item = _resolve(schema["properties"]["answers"].get("items", {}), schema)
        answers = [
            {**self._answer(text, item, root=schema), "id": int(n)}
            for n, text in _id_blocks(body.get("messages"))
        ]
        return {"answers": self.answers_fn(answers) if self.answers_fn else answers}

    def _answer(
        self, text: str, schema: dict[str, Any], root: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if set(schema.get("properties", {})) == {"text"}:  # a customer response
            return {"text": (self.reply_fn or reference_reply)(text)}
        lowered = text.lower()
        intent = next((v for k, v in self.mapping.items() if k.lower() in lowered), None)
        if intent is None:
            intent = self.intent_fn(text)
        props = schema.get("properties", {})
        allowed = props.get("intent", {}).get("enum")
        if allowed and intent not in allowed:
            intent = "out_of_scope"
        answer: dict[str, Any] = {
            "intent": intent,
            "confidence": self.confidence,
            "reasoning": f"fake rule picked {intent}",
            "entities": {},
        }
        entity_props = _resolve(props.get("entities", {}), root or schema).get("properties")
        if entity_props:
            found = extract_entities(text)
            answer["entities"] = {name: found.get(name) for name in entity_props}
            if self.entities_fn is not None:
                answer["entities"].update(self.entities_fn(text))
        if "triggers" in props:
            answer["triggers"] = self.triggers_fn(text) if self.triggers_fn else []
        for name in props:
            answer.setdefault(name, None)
        return answer


def reference_reply(prompt: str) -> str:
    """The ``reference_answer`` of a JSON prompt (a grounded reply), or a plain thank-you."""
    try:
        data = json.loads(prompt)
    except ValueError:
        data = None
    reference = data.get("reference_answer") if isinstance(data, dict) else None
    return reference if isinstance(reference, str) else "Thank you for your message."


def _error(status: int, message: str, kind: str, retry_after: str | None = None) -> web.Response:
    headers = {"Retry-After": retry_after} if retry_after else None
    payload = {"error": {"message": message, "type": kind, "code": kind}}
    return web.json_response(payload, status=status, headers=headers)


def _user_text(messages: object) -> str:
    """The last user message; the inside of its last ``<tag>…</tag>`` block when it has one."""
    if not isinstance(messages, list):
        return ""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # content parts
                content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
            content = str(content or "")
            blocks = _TAGGED.findall(content)
            return str(blocks[-1][1]) if blocks else content
    return ""


def _id_blocks(messages: object) -> list[tuple[str, str]]:
    """``(id, text)`` of every ``<tag id="N">…</tag>`` block in the last user message."""
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user":
            return [(n, text) for _, n, text in _TAGGED_ID.findall(str(message.get("content")))]
    return []


def _schema(body: dict[str, Any]) -> dict[str, Any]:
    fmt = body.get("response_format")
    if isinstance(fmt, dict):
        inner = fmt.get("json_schema")
        if isinstance(inner, dict) and isinstance(inner.get("schema"), dict):
            return dict(inner["schema"])
    return {}


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (and a single-branch ``anyOf``) inside ``root``."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return dict(target) if isinstance(target, dict) else {}
    return node
