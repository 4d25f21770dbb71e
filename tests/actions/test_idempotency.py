from __future__ import annotations

import asyncio

import pytest

from schemas import ActionResult
from tollgate.actions import IdempotencyRecord, IdempotencyStore, MemoryIdempotencyStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def record(tag: str) -> IdempotencyRecord:
    result = ActionResult(name="lookup_order", idempotency_key=tag, success=True)
    return IdempotencyRecord(fingerprint=f"fp-{tag}", result=result)


def test_memory_store_satisfies_the_protocol() -> None:
    assert isinstance(MemoryIdempotencyStore(), IdempotencyStore)


def test_entries_expire_after_ttl() -> None:
    clock = Clock()
    store = MemoryIdempotencyStore(ttl_s=10, clock=clock)

    async def scenario() -> list[IdempotencyRecord | None]:
        await store.put("k", record("k"))
        seen = [await store.get("k")]
        clock.now += 9.9
        seen.append(await store.get("k"))
        clock.now += 0.2
        seen.append(await store.get("k"))
        return seen

    fresh, still, expired = asyncio.run(scenario())
    assert fresh == record("k") and still == record("k")
    assert expired is None and len(store) == 0


def test_least_recently_used_entry_is_evicted() -> None:
    store = MemoryIdempotencyStore(max_entries=2)

    async def scenario() -> tuple[bool, bool, bool]:
        await store.put("a", record("a"))
        await store.put("b", record("b"))
        await store.get("a")  # 'a' is now the most recently used
        await store.put("c", record("c"))
        return (
            await store.get("a") is not None,
            await store.get("b") is not None,
            await store.get("c") is not None,
        )

    assert asyncio.run(scenario()) == (True, False, True)
    assert len(store) == 2


@pytest.mark.parametrize("kwargs", [{"max_entries": 0}, {"ttl_s": 0}])
def test_invalid_limits_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        MemoryIdempotencyStore(**kwargs)  # type: ignore[arg-type]
