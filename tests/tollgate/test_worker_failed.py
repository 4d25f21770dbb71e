"""Worker.failed: which loops a worker watches for a failure (no broker: stand-in runners)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from tollgate.config import load_settings
from tollgate.worker import Worker


class StandInRunner:
    """Has a runner's ``failed()``: returns once ``fail`` was called."""

    def __init__(self) -> None:
        self.failure: BaseException | None = None
        self._failed = asyncio.Event()

    def fail(self, exc: BaseException) -> None:
        self.failure = exc
        self._failed.set()

    async def failed(self) -> BaseException:
        await self._failed.wait()
        assert self.failure is not None
        return self.failure


def test_a_sink_started_late_is_watched_too() -> None:
    """While ClickHouse is down the sink's start is retried in the background: a failure of
    the sink's runner after it finally started still stops the worker."""

    async def scenario() -> tuple[bool, bool, BaseException, bool]:
        worker = Worker(load_settings(), stages=False, sink=True)
        runner = StandInRunner()
        sink: Any = SimpleNamespace(runner=None)
        worker.sink = sink
        available = asyncio.Event()

        async def start_when_available() -> None:
            await available.wait()
            sink.runner = runner

        worker._sink_start = asyncio.create_task(start_when_available())
        watching = asyncio.create_task(worker.failed())
        await asyncio.sleep(0.02)
        before_start = watching.done()
        available.set()
        await asyncio.sleep(0.02)
        after_start = watching.done()
        refused = RuntimeError("broker refused the dead letters")
        runner.fail(refused)
        async with asyncio.timeout(5):
            failure = await watching
        return before_start, after_start, failure, worker._sink_start.cancelled()

    before_start, after_start, failure, start_cancelled = asyncio.run(scenario())
    assert not before_start and not after_start
    assert str(failure) == "broker refused the dead letters"
    assert not start_cancelled  # watching never cancels the sink's start
