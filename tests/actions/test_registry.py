from __future__ import annotations

import asyncio
from collections.abc import Mapping
from importlib.metadata import EntryPoint

import pytest
from pydantic import BaseModel, Field

from schemas import ActionResult
from tollgate.actions import (
    ENTRY_POINT_GROUP,
    ActionContext,
    ActionRegistry,
    ErrorCode,
    IdempotencyRecord,
    PermanentActionError,
    TransientActionError,
    error_code,
)

HERE = __name__
"""This module's import name, whatever pytest chose: dotted paths below point into it."""


class EchoParams(BaseModel):
    word: str
    times: int = 1


async def echo(params: EchoParams, ctx: ActionContext) -> dict[str, str | int]:
    return {"echo": params.word * params.times, "attempt": ctx.attempt}


async def untyped(params, ctx):  # type: ignore[no-untyped-def]
    return {}


def not_async(params: EchoParams, ctx: ActionContext) -> dict[str, str]:
    return {}


class OrderParams(BaseModel):
    order_id: str = Field(pattern=r"^[A-Z0-9]{4,}$")


class Recorder:
    """An action whose behaviour per attempt is scripted; records every call."""

    def __init__(self, *script: BaseException | float | None) -> None:
        self.script = list(script)
        self.calls: list[ActionContext] = []

    async def __call__(self, params: OrderParams, ctx: ActionContext) -> dict[str, str | int]:
        self.calls.append(ctx)
        step = self.script[len(self.calls) - 1] if len(self.calls) <= len(self.script) else None
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, float):
            await asyncio.sleep(step)
        return {"order_id": params.order_id, "attempt": ctx.attempt}


def make(*script: BaseException | float | None) -> tuple[ActionRegistry, Recorder]:
    recorder = Recorder(*script)

    async def act(params: OrderParams, ctx: ActionContext) -> dict[str, str | int]:
        return await recorder(params, ctx)

    registry = ActionRegistry()
    registry.register("lookup", act, OrderParams)
    return registry, recorder


def run(
    registry: ActionRegistry,
    params: Mapping[str, object] | None = None,
    *,
    key: str = "t1:lookup",
    name: str = "lookup",
    **kw: float,
) -> ActionResult:
    options = {"timeout_s": 0.2, "max_attempts": 3, "backoff_s": 0.0, **kw}
    return asyncio.run(
        registry.execute(
            name,
            params if params is not None else {"order_id": "A1234"},
            idempotency_key=key,
            timeout_s=options["timeout_s"],
            max_attempts=int(options["max_attempts"]),
            backoff_s=options["backoff_s"],
        )
    )


def test_success_records_data_and_first_try() -> None:
    registry, recorder = make()
    result = run(registry)
    assert result.success and result.error is None
    assert result.data == {"order_id": "A1234", "attempt": 1}
    assert (result.attempts, result.first_try) == (1, True)
    assert (result.name, result.idempotency_key) == ("lookup", "t1:lookup")
    assert [c.idempotency_key for c in recorder.calls] == ["t1:lookup"]


def test_invalid_params_fail_without_calling_and_without_echoing_input() -> None:
    registry, recorder = make()
    result = run(registry, {"order_id": "drop table; sk-live-abcdef"})
    assert not result.success
    assert error_code(result) == ErrorCode.INVALID_PARAMS
    assert "order_id" in (result.error or "")
    assert "sk-live" not in (result.error or "")
    assert result.attempts == 0 and not result.first_try
    assert recorder.calls == []
    assert error_code(run(registry, {}, key="t2")) == ErrorCode.INVALID_PARAMS


def test_unknown_action() -> None:
    registry, _ = make()
    result = run(registry, name="nope")
    assert error_code(result) == ErrorCode.UNKNOWN_ACTION
    assert result.attempts == 0


def test_empty_idempotency_key_is_rejected() -> None:
    registry, recorder = make()
    assert error_code(run(registry, key="")) == ErrorCode.INVALID_PARAMS
    assert recorder.calls == []


def test_transient_errors_are_retried_until_success() -> None:
    registry, recorder = make(TransientActionError("busy"), ConnectionResetError())
    result = run(registry)
    assert result.success
    assert (result.attempts, result.first_try) == (3, False)
    assert [c.attempt for c in recorder.calls] == [1, 2, 3]


def test_transient_errors_give_up_after_max_attempts() -> None:
    registry, recorder = make(*(TransientActionError("busy", code="rate_limited"),) * 5)
    result = run(registry, max_attempts=2)
    assert not result.success
    assert error_code(result) == "rate_limited"
    assert result.attempts == 2 and len(recorder.calls) == 2


def test_timeout_bounds_each_attempt_and_is_retried() -> None:
    registry, recorder = make(5.0, 5.0)
    result = run(registry, timeout_s=0.05, max_attempts=2)
    assert error_code(result) == ErrorCode.TIMEOUT
    assert result.attempts == 2 and len(recorder.calls) == 2


def test_timeout_then_success() -> None:
    registry, _ = make(5.0)
    result = run(registry, timeout_s=0.05)
    assert result.success and result.attempts == 2 and not result.first_try


def test_permanent_errors_are_not_retried() -> None:
    registry, recorder = make(PermanentActionError("no such order", code="not_found"))
    result = run(registry)
    assert not result.success
    assert result.error == "not_found: no such order"
    assert result.attempts == 1 and len(recorder.calls) == 1


def test_unexpected_exceptions_fail_without_retry_or_message() -> None:
    registry, recorder = make(KeyError("internal-detail-xyz"))
    result = run(registry)
    assert error_code(result) == ErrorCode.INTERNAL
    assert "KeyError" in (result.error or "")
    assert "internal-detail-xyz" not in (result.error or "")
    assert len(recorder.calls) == 1


def test_non_scalar_result_is_rejected() -> None:
    async def bad(params: OrderParams, ctx: ActionContext) -> dict[str, object]:
        return {"items": ["a", "b"]}

    registry = ActionRegistry()
    registry.register("bad", bad, OrderParams)
    assert error_code(run(registry, name="bad")) == ErrorCode.INVALID_RESULT


def test_same_key_returns_stored_result_without_calling_again() -> None:
    registry, recorder = make()

    async def twice() -> tuple[ActionResult, ActionResult]:
        first = await registry.execute("lookup", {"order_id": "A1234"}, idempotency_key="k")
        second = await registry.execute("lookup", {"order_id": "A1234"}, idempotency_key="k")
        return first, second

    first, second = asyncio.run(twice())
    assert first == second
    assert len(recorder.calls) == 1


def test_different_keys_call_again() -> None:
    registry, recorder = make()
    run(registry, key="a")
    run(registry, key="b")
    assert len(recorder.calls) == 2


def test_permanent_failures_are_remembered_transient_exhaustion_is_not() -> None:
    registry, recorder = make(PermanentActionError("over limit", code="over_limit"))
    assert error_code(run(registry, key="p")) == "over_limit"
    assert error_code(run(registry, key="p")) == "over_limit"
    assert len(recorder.calls) == 1

    registry, recorder = make(TransientActionError("down"), TransientActionError("down"))
    assert not run(registry, key="t", max_attempts=1).success
    retried = run(registry, key="t", max_attempts=1)
    assert len(recorder.calls) == 2
    assert not retried.success  # the script's second step still fails
    assert run(registry, key="t", max_attempts=1).success


def test_key_reused_with_other_params_is_a_conflict() -> None:
    registry, recorder = make()
    run(registry, {"order_id": "A1234"}, key="k")
    result = run(registry, {"order_id": "B5678"}, key="k")
    assert error_code(result) == ErrorCode.IDEMPOTENCY_CONFLICT
    assert len(recorder.calls) == 1


def test_concurrent_calls_with_one_key_run_the_action_once() -> None:
    registry, recorder = make(0.02)

    async def race() -> list[ActionResult]:
        return list(
            await asyncio.gather(
                *(
                    registry.execute("lookup", {"order_id": "A1234"}, idempotency_key="same")
                    for _ in range(5)
                )
            )
        )

    results = asyncio.run(race())
    assert len(recorder.calls) == 1
    assert all(r == results[0] and r.success for r in results)


def test_execute_never_raises_even_if_the_store_breaks() -> None:
    class BrokenStore:
        async def get(self, key: str) -> IdempotencyRecord | None:
            raise RuntimeError("store down")

        async def put(self, key: str, record: IdempotencyRecord) -> None:
            raise RuntimeError("store down")

    registry = ActionRegistry(BrokenStore())
    registry.register("echo", echo, EchoParams)
    result = run(registry, {"word": "x"}, name="echo")
    assert not result.success and error_code(result) == ErrorCode.INTERNAL


def test_register_by_dotted_path_infers_the_params_model() -> None:
    registry = ActionRegistry()
    spec = registry.register_path("echo", f"{HERE}:echo")
    assert spec.params_model is EchoParams
    assert spec.source == f"path:{HERE}:echo"
    result = run(registry, {"word": "ab", "times": 2}, name="echo")
    assert result.success and result.data["echo"] == "abab"
    assert not run(registry, {"word": "ab", "times": "many"}, name="echo", key="x").success


def test_register_by_dotted_path_with_explicit_model_path() -> None:
    registry = ActionRegistry()
    spec = registry.register_path(
        "untyped",
        f"{HERE}:untyped",
        f"{HERE}:EchoParams",
    )
    assert spec.params_model is EchoParams
    with pytest.raises(TypeError):
        registry.register_path("untyped2", f"{HERE}:untyped")
    with pytest.raises(TypeError):
        registry.register_path("untyped3", f"{HERE}:untyped", f"{HERE}:echo")


def test_registration_rejects_bad_input() -> None:
    registry = ActionRegistry()
    registry.register_path("echo", f"{HERE}:echo")
    with pytest.raises(ValueError, match="already registered"):
        registry.register_path("echo", f"{HERE}:echo")
    registry.register_path("echo", f"{HERE}:echo", replace=True)
    with pytest.raises(ValueError, match="invalid action name"):
        registry.register_path("Bad Name", f"{HERE}:echo")
    with pytest.raises(TypeError, match="async"):
        registry.register_path("sync", f"{HERE}:not_async")
    with pytest.raises((ImportError, AttributeError)):
        registry.register_path("missing", f"{HERE}:missing")
    assert registry.names() == ["echo"] and "echo" in registry and len(registry) == 1


def test_entry_points_are_loaded_and_broken_ones_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake_entry_points(*, group: str) -> list[EntryPoint]:
        seen.append(group)
        return [
            EntryPoint(name="echo", value=f"{HERE}:echo", group=group),
            EntryPoint(name="broken", value=f"{HERE}:nope", group=group),
            EntryPoint(name="untyped", value=f"{HERE}:untyped", group=group),
        ]

    monkeypatch.setattr("importlib.metadata.entry_points", fake_entry_points)
    registry = ActionRegistry()
    assert registry.load_entry_points() == ["echo"]
    assert seen == [ENTRY_POINT_GROUP]
    spec = registry.get("echo")
    assert spec is not None and spec.source.startswith("entry_point:")
    assert run(registry, {"word": "hi"}, name="echo").data["echo"] == "hi"


def test_retries_with_backoff_pass_the_same_key_each_attempt() -> None:
    registry, recorder = make(TransientActionError("busy"), TransientActionError("busy"))
    result = run(registry, key="t9", backoff_s=0.01)
    assert result.success and result.attempts == 3
    assert {c.idempotency_key for c in recorder.calls} == {"t9"}
