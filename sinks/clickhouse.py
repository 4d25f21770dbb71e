"""One ClickHouse connection per process, the same code path for embedded chdb and a server.

chdb is synchronous and allows one engine per process, so every call runs on a single
dedicated thread; async callers ``await store.run(fn)``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sinks.ddl import SCHEMA_VERSION, statements
from tollgate.logs import get_logger

T = TypeVar("T")
log = get_logger(component="clickhouse")

_stores: dict[str, ClickHouseStore] = {}
_stores_lock = threading.Lock()


class ClickHouseStore:
    """A ClickHouse client plus the thread it must be used from."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clickhouse")
        self._client: Any = None
        self._insert_contexts: dict[tuple[str, tuple[str, ...]], Any] = {}

    # -- connection ---------------------------------------------------------------------------
    def _connect(self) -> Any:
        if self._client is None:
            import clickhouse_connect

            if self.url.startswith("chdb://"):
                Path(self.url.removeprefix("chdb://")).mkdir(parents=True, exist_ok=True)
            scheme = urlsplit(self.url).scheme
            # clickhouse-connect picks TLS from the port (443/8443) and ignores the scheme:
            # pass it, so an https DSN is never sent in clear on another port.
            interface = scheme if scheme in ("http", "https") else None
            self._client = clickhouse_connect.get_client(dsn=self.url, interface=interface)
        return self._client

    def call(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(client)`` on the ClickHouse thread and wait for it (sync callers)."""
        return self._executor.submit(lambda: fn(self._connect())).result()

    async def run(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(client)`` on the ClickHouse thread without blocking the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._connect()))

    # -- helpers ------------------------------------------------------------------------------
    def apply_ddl(self) -> None:
        """Create tables and views if missing; safe to run on every start."""

        def apply(client: Any) -> None:
            for statement in statements():
                client.command(statement)
            client.insert("tollgate_schema", [[SCHEMA_VERSION]], column_names=["version"])

        self.call(apply)
        log.info("clickhouse schema applied", version=SCHEMA_VERSION)

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Parameterised query returning rows."""
        rows: list[tuple[Any, ...]] = self.call(
            lambda c: c.query(sql, parameters=parameters or {}).result_rows
        )
        return rows

    def query_dicts(
        self, sql: str, parameters: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Parameterised query returning one dict per row."""

        def run(client: Any) -> list[dict[str, Any]]:
            result = client.query(sql, parameters=parameters or {})
            return [dict(zip(result.column_names, row, strict=True)) for row in result.result_rows]

        return self.call(run)

    def insert(self, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> None:
        self.call(lambda c: c.insert(table, list(rows), column_names=list(columns)))

    async def insert_columns(
        self, table: str, columns: list[list[Any]], column_names: Sequence[str]
    ) -> None:
        """Column-oriented insert (one list per column, in ``column_names`` order).

        The insert context (column types) is built once per table and reused, so a batch costs
        one statement; it is dropped after a failure and rebuilt on the next attempt.
        """
        key = (table, tuple(column_names))

        def insert(client: Any) -> None:
            context = self._insert_contexts.get(key)
            if context is None:
                context = client.create_insert_context(
                    table, column_names=list(column_names), column_oriented=True
                )
                self._insert_contexts[key] = context
            try:
                context.data = columns
                client.insert(context=context)
            except BaseException:
                self._insert_contexts.pop(key, None)
                raise
            finally:
                context.data = None  # do not keep the batch alive between inserts

        await self.run(insert)

    def close(self) -> None:
        self._executor.shutdown(wait=True)


def get_store(url: str) -> ClickHouseStore:
    """The process-wide store for ``url`` (chdb allows only one engine per process)."""
    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = ClickHouseStore(url)
        return store
