"""``tollgate up``: a local stack to run your own tickets against.

The embedded Tansu broker on a documented port (default 9092, where every command looks by
default), one worker (four stages + the ClickHouse sink, health and the run API on
``TOLLGATE_WEB_PORT``) and, once it exists, the review console; data under ``TOLLGATE_DATA_DIR``
(``.tollgate/``: embedded ClickHouse, models, action idempotency store, broker log). The broker
keeps its topics in memory: they start empty on every ``up``; ClickHouse keeps every run.

Runs until SIGINT/SIGTERM (Ctrl-C), then stops the worker, the console and the broker, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import importlib.util
import socket
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from tollgate.config import Settings, load_settings
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.runs import holding_run

if TYPE_CHECKING:
    from tollgate.worker import Worker

DEFAULT_PORT = 9092
CONSOLE_MODULE = "tollgate.console"
CONSOLE_ENTRY = "run_console"
"""Issue 18: ``tollgate.console.run_console(settings) -> Awaitable[None]`` runs the console
until cancelled; ``up`` starts it when the module exists (see :func:`console_task`)."""


class PortBusyError(RuntimeError):
    """The broker port is taken (another ``tollgate up``, or a Kafka broker)."""


def port_free(port: int) -> bool:
    """Whether nothing listens on ``port`` (connections lingering in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def banner(settings: Settings) -> str:
    """What a person needs to use the stack from another terminal."""
    kafka = settings.kafka_bootstrap_servers
    lines = [
        f"Tollgate is up: Kafka at {kafka}, data in {settings.data_dir}/",
        f"  health  http://127.0.0.1:{settings.web_port}/health/ready"
        if settings.web_enabled
        else "  health  (web server disabled)",
        "In another terminal:",
    ]
    lines += [
        "  tollgate publish my_tickets.jsonl",
        "  tollgate tail tickets.responses",
        "  tollgate metrics",
        "  tollgate report --html report.html",
        "Ctrl-C stops it.",
    ]
    return "\n".join(lines)


def console_task(settings: Settings) -> asyncio.Task[None] | None:
    """CONSOLE HOOK (issue 18): start the review console beside the worker, if it exists."""
    if importlib.util.find_spec(CONSOLE_MODULE) is None:
        return None
    entry: Callable[[Settings], Awaitable[Any]] | None = getattr(
        importlib.import_module(CONSOLE_MODULE), CONSOLE_ENTRY, None
    )
    if entry is None:
        return None

    async def run() -> None:
        await entry(settings)

    return asyncio.create_task(run(), name="console")


async def serve(settings: Settings, *, announce: Callable[[str], None]) -> int:
    """Run the worker (and console) until a stop signal; the broker runs around it. Returns
    the worker's exit code (0 after a signal)."""
    from tollgate.worker import Worker, run_forever

    worker = Worker(settings)
    console = console_task(settings)
    announcer = asyncio.create_task(announce_when_ready(worker, lambda: announce(banner(settings))))
    try:
        return await run_forever(worker)
    finally:
        for task in (console, announcer):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def announce_when_ready(worker: Worker, announce: Callable[[], None]) -> None:
    """Call ``announce`` once the worker has started (models trained, stages subscribed)."""
    while not worker.ready:  # noqa: ASYNC110 - a plain flag the worker sets; polled, not owned
        await asyncio.sleep(0.2)
    announce()


def up(port: int, *, announce: Callable[[str], None] = print) -> int:
    """Start broker + worker (+ console) and block until stopped (see the module docstring);
    returns the exit code."""
    if not port_free(port):
        raise PortBusyError(
            f"port {port} is in use (another `tollgate up`, or a Kafka broker?); "
            "choose another with --port"
        )
    base = load_settings()
    base.data_dir.mkdir(parents=True, exist_ok=True)
    with EmbeddedBroker(log_file=base.data_dir / "broker.log", port=port) as broker:
        settings = load_settings(kafka_bootstrap_servers=broker.bootstrap_servers)
        with holding_run(settings, "up", kafka=broker.bootstrap_servers):
            return asyncio.run(serve(settings, announce=announce))
