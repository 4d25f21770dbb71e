"""Where the registry remembers what an idempotency key already did.

The registry only needs :class:`IdempotencyStore`. The decision stage's store is the session
state (``streams/session_stage.py``, ``SessionActions``), a :class:`WriteAheadStore` on the
sessions changelog that every worker restores: the stores below serve other callers.
:class:`MemoryIdempotencyStore` (bounded LRU with a TTL) is the registry's default and serves
in-process runs; :class:`SqliteIdempotencyStore` keeps the records on disk, so a ticket
re-delivered after a worker crash or restart finds its action's outcome and does not run a
side-effecting action twice.

Why a SQLite file under ``TOLLGATE_DATA_DIR`` (``actions/<app_id>.sqlite3``):

* no new infrastructure: ``sqlite3`` is in the standard library and the data dir already holds
  per-worker state (the embedded default and the compose/k8s volumes mount it);
* the record exists as soon as the action returned, before the decision is produced. Recovering
  from the ``tollgate.decision`` topic (as :mod:`streams.recovery` does for drafts) would miss
  the crash window that matters most: action done, decision not yet written;
* WAL mode with ``synchronous=NORMAL``: a commit is durable against a process crash (the data
  is in the OS) without an fsync per action; only a power loss may drop the last commits;
* bounded: rows expire after ``ttl_s`` (wall clock, so expiry survives restarts) and at most
  ``max_entries`` are kept, pruned every ``prune_every`` writes, oldest first.

Scope: tickets are keyed by ``session_id``, so a re-delivered ticket lands on the same partition.
A worker that gets its partitions back after a restart finds its records; two workers on one host
sharing the data dir (docker compose) share the file, SQLite locking makes that safe. If a crash
moves a partition to a worker with another disk (k8s ``emptyDir`` per pod), the new owner has no
record of it: the action runs again with the same idempotency key, which the backend receives in
:class:`~tollgate.actions.registry.ActionContext` to deduplicate on its side. Records hold
action results (order data, no secrets) on the worker's own disk, like the rest of its state.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import structlog
from pydantic import BaseModel, ValidationError

from schemas import ActionResult

log = structlog.get_logger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS idempotency ("
    "key TEXT PRIMARY KEY, written_at REAL NOT NULL, expires_at REAL NOT NULL, "
    "record TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idempotency_written_at ON idempotency (written_at)",
)


class IdempotencyRecord(BaseModel):
    """A call: what was asked (``fingerprint`` of action name + params) and its result
    (``None``: the call started, see :class:`WriteAheadStore`, and its outcome is unknown)."""

    fingerprint: str
    result: ActionResult | None = None


@runtime_checkable
class IdempotencyStore(Protocol):
    """Key → record store. Implementations must be safe to call from one event loop."""

    async def get(self, key: str) -> IdempotencyRecord | None: ...

    async def put(self, key: str, record: IdempotencyRecord) -> None: ...


@runtime_checkable
class WriteAheadStore(IdempotencyStore, Protocol):
    """A store that also records that a call *started*, durably, before the call.

    The registry awaits :meth:`begin` before it calls the action and :meth:`put` as soon as the
    action returned. A later :meth:`get` of a key that began and has no result returns a record
    with ``result=None``: a worker died between the two writes, so the backend may or may not
    have acted. The registry then never guesses: it calls again with the same key only for an
    action declared idempotent by key (the backend returns the first call's result and acts
    once), and otherwise answers ``outcome_unknown`` without calling
    (:meth:`~tollgate.actions.registry.ActionRegistry.execute`). A store whose :meth:`begin`
    raises fails the call before the action runs."""

    async def begin(self, key: str, fingerprint: str) -> None: ...


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


class SqliteIdempotencyStore:
    """Records in a SQLite file that outlives the process (see the module docstring).

    The file is opened on first use, so building a store costs nothing until an action runs.
    Calls are short (one indexed row) and run on the caller's thread; a lock makes the store safe
    to share between threads. ``clock`` is wall-clock time: expiry must survive a restart.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        max_entries: int = 1_000_000,
        ttl_s: float = 7 * 24 * 3600.0,
        prune_every: int = 1_000,
        busy_timeout_s: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be >= 1")
        if ttl_s <= 0:
            raise ValueError("ttl_s must be > 0")
        if prune_every < 1:
            raise ValueError("prune_every must be >= 1")
        self.path = Path(path)
        self._max = max_entries
        self._ttl = ttl_s
        self._prune_every = prune_every
        self._busy_timeout_s = busy_timeout_s
        self._clock = clock
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._writes = 0

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout_s,
                isolation_level=None,  # autocommit: every put is its own committed transaction
                check_same_thread=False,  # guarded by self._lock
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                conn.execute(statement)
            self._conn = conn
        return self._conn

    def __len__(self) -> int:
        """Rows on disk, expired ones not yet pruned included."""
        with self._lock:
            row = self._connection().execute("SELECT count(*) FROM idempotency").fetchone()
        return int(row[0])

    async def get(self, key: str) -> IdempotencyRecord | None:
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT expires_at, record FROM idempotency WHERE key = ?", (key,))
                .fetchone()
            )
        if row is None or float(row[0]) <= self._clock():
            return None
        try:
            return IdempotencyRecord.model_validate_json(row[1])
        except ValidationError:  # unreadable row (e.g. written by an incompatible version)
            log.warning("idempotency.unreadable_record", idempotency_key=key)
            return None

    async def put(self, key: str, record: IdempotencyRecord) -> None:
        now = self._clock()
        with self._lock:
            conn = self._connection()
            conn.execute(
                "INSERT OR REPLACE INTO idempotency (key, written_at, expires_at, record) "
                "VALUES (?, ?, ?, ?)",
                (key, now, now + self._ttl, record.model_dump_json()),
            )
            self._writes += 1
            if self._writes % self._prune_every == 0:
                self._prune(conn, now)

    def prune(self) -> int:
        """Delete expired rows and the oldest beyond ``max_entries``; returns rows deleted."""
        with self._lock:
            return self._prune(self._connection(), self._clock())

    def _prune(self, conn: sqlite3.Connection, now: float) -> int:
        expired = conn.execute("DELETE FROM idempotency WHERE expires_at <= ?", (now,)).rowcount
        over = conn.execute(
            "DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency "
            "ORDER BY written_at, rowid LIMIT max((SELECT count(*) FROM idempotency) - ?, 0))",
            (self._max,),
        ).rowcount
        return int(expired) + int(over)

    def close(self) -> None:
        """Close the file (it is reopened if the store is used again)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
