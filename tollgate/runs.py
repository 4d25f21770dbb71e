"""One place for a run's data: ``<data_dir>/run.json`` says where the last run keeps it.

``tollgate demo`` and ``tollgate up`` write the pointer; ``tollgate metrics`` and ``tollgate
report`` read it when ``TOLLGATE_CLICKHOUSE_DSN`` is not set. While the process that wrote it is
alive and serves the web API, they ask that process (it holds the embedded ClickHouse: chdb
allows one engine per process); otherwise they open the ClickHouse the pointer names.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import utcnow
from tollgate.config import Settings

RUN_FILE = "run.json"


class RunInfo(BaseModel):
    """Where a run's data lives and who holds it."""

    kind: str
    clickhouse_url: str
    web_url: str | None = None
    pid: int | None = None
    kafka: str = ""
    recorded_at: datetime

    def alive(self) -> bool:
        """Whether the process that holds the data still runs."""
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def record_run(
    data_dir: Path,
    kind: str,
    clickhouse_url: str,
    *,
    web_url: str | None = None,
    pid: int | None = None,
    kafka: str = "",
) -> Path:
    """Write the pointer (atomically) and return its path."""
    info = RunInfo(
        kind=kind,
        clickhouse_url=clickhouse_url,
        web_url=web_url,
        pid=pid,
        kafka=kafka,
        recorded_at=utcnow(),
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / RUN_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(info.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)
    return path


def current_run(settings: Settings) -> RunInfo | None:
    """The pointer in the data dir; ``None`` when there is none, or when an explicit
    ``TOLLGATE_CLICKHOUSE_DSN`` names another ClickHouse than the run's."""
    run = read_run(settings.data_dir)
    explicit = settings.clickhouse_dsn.get_secret_value()
    if run is None or (explicit and run.clickhouse_url != settings.clickhouse_url):
        return None
    return run


def read_run(data_dir: Path) -> RunInfo | None:
    """The pointer in ``data_dir``, or ``None`` when there is none (or it is unreadable)."""
    path = data_dir / RUN_FILE
    if not path.is_file():
        return None
    try:
        return RunInfo.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def live_api(settings: Settings) -> str | None:
    """The web API of a live process holding this run's ClickHouse, if there is one."""
    run = current_run(settings)
    return run.web_url if run is not None and run.web_url and run.alive() else None


def clickhouse_url(settings: Settings) -> str:
    """The ClickHouse to read: the explicit DSN, else the last run's, else the default."""
    run = current_run(settings)
    return run.clickhouse_url if run is not None else settings.clickhouse_url


def ask(api: str, path: str, **params: str) -> Any:
    """GET ``api + path`` with query ``params`` and return the decoded JSON answer."""
    url = f"{api.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - http(s) from our pointer
        return json.loads(response.read())


def running_kafka(settings: Settings) -> str | None:
    """The broker of a live ``tollgate up`` in this data dir, when Kafka is not configured
    explicitly (so ``up --port N`` needs no setting in the other terminal either)."""
    if "kafka_bootstrap_servers" in settings.model_fields_set:
        return None
    run = read_run(settings.data_dir)
    if run is None or run.kind != "up" or not run.kafka or not run.alive():
        return None
    return run.kafka


@contextlib.contextmanager
def holding_run(settings: Settings, kind: str, kafka: str = "") -> Iterator[None]:
    """While the block runs, the pointer names this process as the holder of the run's data
    (and its web API, if enabled); afterwards it names the data only."""
    web = f"http://127.0.0.1:{settings.web_port}" if settings.web_enabled else None
    url = settings.clickhouse_url
    record_run(settings.data_dir, kind, url, web_url=web, pid=os.getpid(), kafka=kafka)
    try:
        yield
    finally:
        record_run(settings.data_dir, kind, url)
