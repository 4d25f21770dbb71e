"""The registry with a write-ahead store: a call is recorded before it starts and after it
returned; a started call without a result is repeated with the same key only for an action
idempotent by key, and otherwise answered ``outcome_unknown`` without calling it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from tollgate.actions import ActionContext, ActionRegistry, ErrorCode, error_code
from tollgate.actions.idempotency import IdempotencyRecord, WriteAheadStore
from tollgate.actions.pack import ACTIONS_FILE, pack_registry


class Params(BaseModel):
    order_id: str


class Journal:
    """A write-ahead store that journals every write (and can refuse ``begin``)."""

    def __init__(self, refuse_begin: bool = False) -> None:
        self.records: dict[str, IdempotencyRecord] = {}
        self.events: list[tuple[str, str]] = []
        self.refuse_begin = refuse_begin

    async def get(self, key: str) -> IdempotencyRecord | None:
        return self.records.get(key)

    async def begin(self, key: str, fingerprint: str) -> None:
        if self.refuse_begin:
            raise OSError("changelog refused")
        self.events.append(("begin", key))
        self.records[key] = IdempotencyRecord(fingerprint=fingerprint)

    async def put(self, key: str, record: IdempotencyRecord) -> None:
        self.events.append(("put", key))
        self.records[key] = record


def _registry(journal: Journal, *, idempotent_by_key: bool) -> ActionRegistry:
    registry = ActionRegistry()

    async def lookup(params: Params, ctx: ActionContext) -> dict[str, str]:
        journal.events.append(("call", ctx.idempotency_key))
        return {"order_id": params.order_id}

    registry.register("lookup", lookup, Params, idempotent_by_key=idempotent_by_key)
    return registry


def _run(registry: ActionRegistry, journal: Journal, key: str = "T1:lookup") -> object:
    params = {"order_id": "1"}
    return asyncio.run(registry.execute("lookup", params, idempotency_key=key, store=journal))


def test_the_journal_is_a_write_ahead_store() -> None:
    assert isinstance(Journal(), WriteAheadStore)


def test_a_call_is_recorded_before_it_starts_and_with_its_result_after() -> None:
    journal = Journal()
    result = _run(_registry(journal, idempotent_by_key=False), journal)
    assert journal.events == [("begin", "T1:lookup"), ("call", "T1:lookup"), ("put", "T1:lookup")]
    assert journal.records["T1:lookup"].result == result
    assert _run(_registry(journal, idempotent_by_key=False), journal) == result  # found
    assert [e for e, _k in journal.events].count("call") == 1


def _started(journal: Journal) -> None:
    """What a worker killed between ``begin`` and ``put`` leaves behind."""
    _run(_registry(journal, idempotent_by_key=True), journal)
    journal.records["T1:lookup"] = journal.records["T1:lookup"].model_copy(update={"result": None})
    journal.events.clear()


def test_a_started_call_of_an_action_not_idempotent_by_key_is_not_called_again() -> None:
    journal = Journal()
    _started(journal)
    result = _run(_registry(journal, idempotent_by_key=False), journal)
    assert journal.events == []  # not called, nothing written
    assert error_code(result) == ErrorCode.OUTCOME_UNKNOWN
    assert getattr(result, "attempts", None) == 0 and not getattr(result, "success", True)


def test_a_started_call_of_an_action_idempotent_by_key_is_called_again_with_the_same_key() -> None:
    journal = Journal()
    _started(journal)
    result = _run(_registry(journal, idempotent_by_key=True), journal)
    assert journal.events == [("call", "T1:lookup"), ("put", "T1:lookup")]
    assert getattr(result, "success", False)
    assert journal.records["T1:lookup"].result == result


def test_a_started_call_with_other_params_is_a_conflict_not_a_call() -> None:
    journal = Journal()
    _started(journal)
    registry = _registry(journal, idempotent_by_key=True)
    other = asyncio.run(
        registry.execute("lookup", {"order_id": "2"}, idempotency_key="T1:lookup", store=journal)
    )
    assert error_code(other) == ErrorCode.IDEMPOTENCY_CONFLICT and journal.events == []


@pytest.mark.parametrize("idempotent_by_key", [True, False])
def test_a_store_that_cannot_record_the_start_fails_the_call_before_it_runs(
    idempotent_by_key: bool,
) -> None:
    journal = Journal(refuse_begin=True)
    result = _run(_registry(journal, idempotent_by_key=idempotent_by_key), journal)
    assert journal.events == [] and error_code(result) == ErrorCode.INTERNAL


async def _echo_order(params: Params, ctx: ActionContext) -> dict[str, str]:
    return {"order_id": params.order_id}


def test_the_pack_says_which_actions_are_idempotent_by_key(tmp_path: Path) -> None:
    """http and demo always; path/entry_point only when declared (default: called once)."""
    (tmp_path / ACTIONS_FILE).write_text(
        yaml.safe_dump(
            {
                "actions": {
                    "lookup_order": {"backend": "demo"},
                    "refund": {"backend": "http", "http": {"url": "http://127.0.0.1:9/r"}},
                    "plain": {"backend": "path", "path": f"{__name__}:_echo_order"},
                    "keyed": {
                        "backend": "path",
                        "path": f"{__name__}:_echo_order",
                        "idempotent_by_key": True,
                    },
                }
            }
        )
    )
    registry = pack_registry(tmp_path)
    flags = {n: s.idempotent_by_key for n in registry.names() if (s := registry.get(n))}
    assert flags == {"lookup_order": True, "refund": True, "plain": False, "keyed": True}
