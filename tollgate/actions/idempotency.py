"""Where the registry remembers what an idempotency key already did.

The registry only needs :class:`IdempotencyStore`; :class:`MemoryIdempotencyStore` is the
embedded default (bounded LRU with a TTL). A durable store (ClickHouse, Redis, a compacted
Kafka topic) can be plugged in later by implementing the two methods.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from schemas import ActionResult


class IdempotencyRecord(BaseModel):
    """A finished call: what was asked (``fingerprint`` of action name + params) and its result."""

    fingerprint: str
    result: ActionResult


@runtime_checkable
class IdempotencyStore(Protocol):
    """Key → record store. Implementations must be safe to call from one event loop."""

    async def get(self, key: str) -> IdempotencyRecord | None: ...

    async def put(self, key: str, record: IdempotencyRecord) -> None: ...


class MemoryIdempotencyStore:
    """In-process LRU store whose entries expire ``ttl_s`` seconds after they were written."""

    def __init__(
        self,
        *,
        max_entries: int = 100_000,
        ttl_s: float = 24 * 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be >= 1")
        if ttl_s <= 0:
            raise ValueError("ttl_s must be > 0")
        self._max = max_entries
        self._ttl = ttl_s
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, IdempotencyRecord]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    async def get(self, key: str) -> IdempotencyRecord | None:
        entry = self._items.get(key)
        if entry is None:
            return None
        expires_at, record = entry
        if expires_at <= self._clock():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return record

    async def put(self, key: str, record: IdempotencyRecord) -> None:
        self._items[key] = (self._clock() + self._ttl, record)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)
