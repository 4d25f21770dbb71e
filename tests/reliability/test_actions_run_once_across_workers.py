"""A counting action backend: each action runs once per ticket across workers, kills and
rebalances (issue 16).

The pack's ``lookup_order`` calls a server this test runs, as a declarative HTTP action
(idempotent by key) or as a ``path`` action that is not (``counting_action.py``). The server
is the backend each declaration describes. HTTP: it honours ``Idempotency-Key`` as the contract
asks: the first request of a key acts (an effect, numbered) and answers; a repeated key gets
the first answer and no second effect. Path: it ignores the key, as a backend not idempotent by
key does: every request that reaches it acts (an effect per request, each numbered). It counts
requests and effects per key, so across all worker processes the test sees:

* effects: exactly one per ticket answered, and the result its response carries is that
  effect's (the ``tracking`` number the server made for it). Path: the effect count is not
  deduplicated, so a repeated call is a second effect and fails the test; a ticket escalated
  ``outcome_unknown`` has at most one (its call may have reached the backend before the kill).
  HTTP: the server deduplicates by key (the backend's side of the contract); the test asserts
  that every effect is under the ticket's own key and every ticket answered has one;
* requests: one per key, except for calls a SIGKILLed worker had started (written ahead to the
  changelog) without recording their result. Bound asserted: at most one decision batch
  (``batch_size``) of such calls per SIGKILL. HTTP: the next owner repeats them with the same
  key (``action.called_again``), so at most 2 requests per key, every repeat matched by that
  log line. Path: never repeated (at most 1 request per key); the ticket escalates with the
  result ``outcome_unknown`` (``action.outcome_unknown``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import shutil
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from schemas import Ticket
from tests.reliability.counting_action import RESPONSE, URL_ENV, lookup_order
from tests.reliability.test_crash_and_rebalance import _until as until
from tests.reliability.test_sessions_multiworker import Landings, _watch
from tollgate.actions.demo_orders import DEMO_CUSTOMER_ID
from tollgate.clients import publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings
from tollgate.testing.local_server import http_server
from tollgate.testing.worker_process import WorkerProcess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

N = 150
CALL_S = 0.05
"""How long the backend takes to act: a SIGKILL finds calls in flight."""


class _CountingApi(BaseHTTPRequestHandler):
    """The company's order API: answers orders of the customer in ``X-Customer-Id``, acts once
    per ``Idempotency-Key`` (``honours_key``) or on every request, and counts requests and
    effects by key (the test resets them)."""

    honours_key: ClassVar[bool] = True

    requests: ClassVar[Counter[str]] = Counter()
    effects: ClassVar[Counter[str]] = Counter()
    first: ClassVar[dict[str, bytes]] = {}
    refused: ClassVar[list[dict[str, str]]] = []
    lock: ClassVar[threading.Lock] = threading.Lock()
    numbers: ClassVar[Iterator[int]] = itertools.count(1)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        key = self.headers.get("Idempotency-Key")
        customer = self.headers.get("X-Customer-Id")
        if key is None or customer != DEMO_CUSTOMER_ID:
            with _CountingApi.lock:
                _CountingApi.refused.append(dict(self.headers))
            self._answer(403, json.dumps({"error": "not your order"}).encode())
            return
        with _CountingApi.lock:
            _CountingApi.requests[key] += 1
            raw = _CountingApi.first.get(key) if _CountingApi.honours_key else None
            if raw is None:  # the first request of this key acts, or every one
                _CountingApi.effects[key] += 1
                raw = self._order(customer, next(_CountingApi.numbers))
                _CountingApi.first.setdefault(key, raw)
        if _CountingApi.effects[key] == 1 and _CountingApi.requests[key] == 1:
            time.sleep(CALL_S)
        self._answer(200, raw)

    def _order(self, customer: str, number: int) -> bytes:
        order_id = self.path.split("?")[0].rsplit("/", 1)[-1]
        return json.dumps(
            {
                "id": order_id,
                "state": "shipped",
                "carrier": "DHL",
                "tracking": f"TRK-{number}",  # names the effect that answered
                "eta": "2026-12-24",
                "items": "1 x mug",
                "total": 12.5,
                "currency": "EUR",
                "delivered_on": None,
                "placed_on": "2026-12-01",
                "customer": {"id": customer},
            }
        ).encode()

    def _answer(self, status: int, raw: bytes) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a SIGKILLed caller
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)


@pytest.fixture
def api() -> Iterator[str]:
    for counts in (_CountingApi.requests, _CountingApi.effects, _CountingApi.first):
        counts.clear()
    _CountingApi.refused.clear()
    with http_server(_CountingApi) as url:
        yield url


def _pack(tmp_path: Path, api: str, backend: str) -> Path:
    """The shop pack with ``lookup_order`` served by the counting API: an ``http`` action
    (idempotent by key) or a ``path`` action that is not."""
    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_DOMAIN_DIR, pack)
    decls = yaml.safe_load((pack / "actions.yaml").read_text())
    returns = decls["actions"]["lookup_order"]["returns"]
    decls["actions"]["lookup_order"] = (
        {
            "backend": "http",
            "http": {
                "method": "GET",
                "url": api + "/orders/{order_id}",
                "timeout_s": 5,
                "retries": 0,
                "response": RESPONSE,
                "customer_field": "customer.id",
            },
        }
        if backend == "http"
        else {
            "backend": "path",
            "path": f"{lookup_order.__module__}:lookup_order",
            "returns": returns,
        }
    )
    (pack / "actions.yaml").write_text(yaml.safe_dump(decls, sort_keys=False))
    return pack


def _ticket(ticket_id: str) -> bytes:
    return (
        Ticket(
            ticket_id=ticket_id,
            session_id=f"{ticket_id}-s",
            customer_id=DEMO_CUSTOMER_ID,
            text="Where is my order 10000001?",
        )
        .model_dump_json()
        .encode()
    )


def _logged(event: str, logs: list[Path]) -> Counter[str]:
    """The idempotency keys of the workers' ``event`` log lines (``action.called_again``: a
    started call without a result called again; ``action.outcome_unknown``: not called)."""
    pattern = re.compile(re.escape(event) + r".*?idempotency_key\W+([\w.:-]+)")
    return Counter(
        m.group(1) for log in logs for m in pattern.finditer(log.read_text(errors="replace"))
    )


@pytest.mark.parametrize("backend", ["http", "path"])
def test_each_action_runs_once_across_workers_kills_and_rebalances(
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    api: str,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(URL_ENV, api)  # the path action's address, inherited by the workers
    monkeypatch.setattr(_CountingApi, "honours_key", backend == "http")
    settings = make_settings(
        intent_model_class="tests.streams.keyword_model:KeywordModel",
        topic_partitions=4,
        batch_size=10,
        domain_dir=_pack(tmp_path, api, backend),
        trigger_model="off",  # the phrase rules suffice here; training costs a minute per clone
    )
    ids = [f"{settings.app_id}-{i}" for i in range(N)]
    first, second = ids[: N // 2], ids[N // 2 :]
    logs = [tmp_path / f"w{i}.log" for i in range(3)]

    def landed(some: list[str], at_least: int) -> bool:
        return sum(1 for t in some if landings[t]) >= at_least

    landings: Landings = defaultdict(list)
    at_kill: list[int] = []

    async def scenario() -> None:
        stop = asyncio.Event()
        watcher = asyncio.create_task(_watch(settings, landings, stop))
        workers = [WorkerProcess(settings, logs[i], log_level="info").start() for i in range(2)]
        try:
            await publish(settings, [_ticket(t) for t in first])
            # a worker that refuses the pack fails the test at once, not as a timeout
            assert await until(
                lambda: landed(first, N // 6) or not all(w.alive for w in workers), 150
            ), "no progress"
            assert all(w.alive for w in workers), logs[0].read_text()[-2000:]
            at_kill.append(sum(1 for t in ids if landings[t]))
            workers[0].kill()  # mid-stream: its partitions' uncommitted tickets come again
            workers[0] = WorkerProcess(settings, logs[2], log_level="info").start()  # joins
            await publish(settings, [_ticket(t) for t in second])
            assert await until(lambda: landed(ids, N), 150), (
                f"lost: {[t for t in ids if not landings[t]][:10]}"
            )
        finally:
            for worker in workers:
                worker.terminate()
            stop.set()
            watcher.cancel()

    asyncio.run(scenario())

    assert _CountingApi.refused == []  # every call named the ticket's customer and had a key
    keys = {t: f"{t}:lookup_order" for t in ids}
    again = _logged("action.called_again", logs)
    unknown = _logged("action.outcome_unknown", logs)
    for ticket_id, key in keys.items():
        places = {(x["topic"], x["outcome"]) for x in landings[ticket_id]}
        # exactly one terminal place; several copies of that same place are at-least-once
        # delivery (a SIGKILLed stage 4 publishes the same decision again), not a second run
        assert len(places) == 1, (ticket_id, places)
        results = {json.dumps(x["action_result"], sort_keys=True) for x in landings[ticket_id]}
        assert len(results) == 1, (ticket_id, results)  # copies carry the same result
        result = landings[ticket_id][0]["action_result"]
        assert result["name"] == "lookup_order" and result["idempotency_key"] == key, result
        if key in unknown:  # started by the killed worker, not idempotent by key: a human checks
            assert places == {(settings.escalation_topic("general"), "escalate")}, places
            assert not result["success"] and result["error"].startswith("outcome_unknown")
            continue
        assert places == {(settings.topic_responses, "respond")}, (ticket_id, places)
        assert result["success"], result
        # the result delivered is the one effect's answer, whichever worker called
        first_answer = json.loads(_CountingApi.first[key])
        assert result["data"]["tracking_number"] == first_answer["tracking"], (key, result)
    answered = set(keys.values()) - set(unknown)
    # effects: one for every ticket answered, never for another key
    assert answered <= set(_CountingApi.effects) <= set(keys.values())
    if backend == "path":  # every request acts: a repeated call would be a second effect
        assert all(_CountingApi.effects[k] == 1 for k in answered), _CountingApi.effects
        assert all(_CountingApi.effects[k] <= 1 for k in unknown), _CountingApi.effects
    repeated = {k: n for k, n in _CountingApi.requests.items() if n > 1}
    copies = sum(len(landings[t]) - 1 for t in ids)
    print(f"{backend}: {N} tickets, {at_kill[0]} terminal at the SIGKILL; copies: {copies}")
    print(f"requests {sum(_CountingApi.requests.values())} for {len(_CountingApi.requests)} keys")
    print(
        f"repeated: {sorted(repeated)}; called again: {sorted(again)}; unknown: {sorted(unknown)}"
    )
    # requests: only the killed worker's decision batch can hold started calls without a result
    assert len(again) + len(unknown) <= settings.batch_size, (again, unknown)
    if backend == "http":  # idempotent by key: such a call is repeated with the same key
        assert unknown == Counter()
        assert all(n <= 2 for n in _CountingApi.requests.values()), repeated
        # every repeat is the next owner's call of a started call (a started call that never
        # left the killed worker is called again too, but reaches the backend once)
        assert all(n - 1 <= again[k] for k, n in repeated.items()), (repeated, again)
        assert all(n == 1 for n in again.values()), again
    else:  # not idempotent by key: called at most once, escalated when the outcome is unknown
        assert again == Counter() and repeated == {}, (again, repeated)
