"""The SQLite idempotency store: action outcomes survive a restart (issue #6)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from pydantic import BaseModel

from schemas import ActionResult
from tollgate.actions import ActionContext, ActionRegistry, ErrorCode, PermanentActionError
from tollgate.actions.errors import error_code
from tollgate.actions.idempotency import (
    IdempotencyRecord,
    IdempotencyStore,
    SqliteIdempotencyStore,
)


class RefundParams(BaseModel):
    order_id: str
    amount: float


class Backend:
    """A side-effecting backend that counts the refunds it actually issued."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def refund(self, params: RefundParams, ctx: ActionContext) -> dict[str, object]:
        self.calls.append((ctx.idempotency_key, params.order_id))
        if params.order_id == "GONE":
            raise PermanentActionError("no such order", code=ErrorCode.NOT_FOUND)
        return {"refund_id": f"R-{len(self.calls)}", "refund_amount": params.amount}


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def registry(backend: Backend) -> ActionRegistry:
    reg = ActionRegistry()
    reg.register("issue_refund", backend.refund, RefundParams)
    return reg


def refund(
    reg: ActionRegistry,
    store: SqliteIdempotencyStore,
    key: str,
    order_id: str = "A1",
    amount: float = 20.0,
) -> ActionResult:
    params = {"order_id": order_id, "amount": amount}
    return asyncio.run(
        reg.execute("issue_refund", params, idempotency_key=key, store=store, backoff_s=0.0)
    )


def record(tag: str) -> IdempotencyRecord:
    return IdempotencyRecord(
        fingerprint=f"fp-{tag}",
        result=ActionResult(name="lookup_order", idempotency_key=tag, success=True),
    )


def test_sqlite_store_satisfies_the_protocol(tmp_path: Path) -> None:
    assert isinstance(SqliteIdempotencyStore(tmp_path / "s.sqlite3"), IdempotencyStore)


def test_a_replayed_key_after_a_restart_does_not_call_the_backend_again(tmp_path: Path) -> None:
    path = tmp_path / "actions" / "group.sqlite3"
    backend = Backend()
    store = SqliteIdempotencyStore(path)
    first = refund(registry(backend), store, "T1:issue_refund")
    store.close()  # the worker dies; a new one builds its registry and store from disk

    restarted = SqliteIdempotencyStore(path)
    again = refund(registry(backend), restarted, "T1:issue_refund")
    other = refund(registry(backend), restarted, "T2:issue_refund")

    assert first.success and again == first
    assert backend.calls == [("T1:issue_refund", "A1"), ("T2:issue_refund", "A1")]
    assert other.success and other.data["refund_id"] == "R-2"


def test_permanent_failures_are_remembered_across_restarts_too(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    backend = Backend()
    failed = refund(registry(backend), SqliteIdempotencyStore(path), "T3:x", order_id="GONE")
    again = refund(registry(backend), SqliteIdempotencyStore(path), "T3:x", order_id="GONE")
    assert not failed.success and error_code(failed) == ErrorCode.NOT_FOUND
    assert again == failed and len(backend.calls) == 1


def test_same_key_other_params_after_a_restart_is_a_conflict_not_a_second_refund(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite3"
    backend = Backend()
    refund(registry(backend), SqliteIdempotencyStore(path), "T4:issue_refund", amount=20.0)
    clash = refund(registry(backend), SqliteIdempotencyStore(path), "T4:issue_refund", amount=90.0)
    assert not clash.success and error_code(clash) == ErrorCode.IDEMPOTENCY_CONFLICT
    assert len(backend.calls) == 1


def test_the_file_is_only_created_when_first_used(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "s.sqlite3"
    store = SqliteIdempotencyStore(path)
    assert not path.exists()
    asyncio.run(store.put("k", record("k")))
    assert path.exists()


def test_records_expire_by_wall_clock_even_after_a_restart(tmp_path: Path) -> None:
    path, clock = tmp_path / "s.sqlite3", Clock()
    asyncio.run(SqliteIdempotencyStore(path, ttl_s=60, clock=clock).put("k", record("k")))
    reopened = SqliteIdempotencyStore(path, ttl_s=60, clock=clock)
    clock.now += 59
    assert asyncio.run(reopened.get("k")) == record("k")
    clock.now += 2
    assert asyncio.run(reopened.get("k")) is None
    assert reopened.prune() == 1 and len(reopened) == 0


def test_pruning_keeps_the_newest_max_entries(tmp_path: Path) -> None:
    clock = Clock()
    store = SqliteIdempotencyStore(
        tmp_path / "s.sqlite3", max_entries=3, prune_every=5, clock=clock
    )

    async def fill() -> None:
        for i in range(5):  # the fifth write prunes
            clock.now += 1
            await store.put(f"k{i}", record(f"k{i}"))

    asyncio.run(fill())
    assert len(store) == 3
    kept = [k for k in ("k0", "k1", "k2", "k3", "k4") if asyncio.run(store.get(k)) is not None]
    assert kept == ["k2", "k3", "k4"]


def test_an_unreadable_row_is_treated_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SqliteIdempotencyStore(path)
    asyncio.run(store.put("k", record("k")))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE idempotency SET record = '{\"broken\": 1}' WHERE key = 'k'")
    assert asyncio.run(store.get("k")) is None


def test_a_store_that_cannot_be_written_still_reports_the_result(tmp_path: Path) -> None:
    class ReadOnly(SqliteIdempotencyStore):
        async def put(self, key: str, record: IdempotencyRecord) -> None:
            raise sqlite3.OperationalError("attempt to write a readonly database")

    backend = Backend()
    result = refund(registry(backend), ReadOnly(tmp_path / "s.sqlite3"), "T5:issue_refund")
    assert result.success and backend.calls == [("T5:issue_refund", "A1")]


def test_a_store_that_cannot_be_read_never_runs_the_action(tmp_path: Path) -> None:
    class Broken(SqliteIdempotencyStore):
        async def get(self, key: str) -> IdempotencyRecord | None:
            raise sqlite3.OperationalError("disk I/O error")

    backend = Backend()
    result = refund(registry(backend), Broken(tmp_path / "s.sqlite3"), "T6:issue_refund")
    assert not result.success and error_code(result) == ErrorCode.INTERNAL
    assert backend.calls == []


@pytest.mark.parametrize("kwargs", [{"max_entries": 0}, {"ttl_s": 0}, {"prune_every": 0}])
def test_invalid_limits_are_rejected(tmp_path: Path, kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        SqliteIdempotencyStore(tmp_path / "s.sqlite3", **kwargs)  # type: ignore[arg-type]
