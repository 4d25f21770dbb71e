"""`tollgate up`'s console hook starts the console (with reviewers) and stops it on cancel."""

from __future__ import annotations

import asyncio
import contextlib
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from tollgate.config import Settings
from tollgate.console import DEFAULT_PORT
from tollgate.localstack import console_task
from tollgate.testing.worker_process import free_port

pytestmark = pytest.mark.integration


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_up_serves_the_console_until_cancelled(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    assert DEFAULT_PORT == 8080  # what `tollgate up` uses; a free port here
    monkeypatch.setattr("tollgate.console.run_console.__defaults__", ("127.0.0.1", port))
    settings = make_settings(reviewer_tokens="ann:ann-console-token-1")

    async def scenario() -> tuple[bool, bool]:
        task = console_task(settings)
        assert task is not None
        up = False
        for _ in range(100):
            if await asyncio.to_thread(_healthy, port):
                up = True
                break
            await asyncio.sleep(0.2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return up, await asyncio.to_thread(_healthy, port)

    assert asyncio.run(scenario()) == (True, False)


def test_up_without_reviewers_leaves_the_console_off(
    make_settings: Callable[..., Settings],
) -> None:
    async def scenario() -> None:
        task = console_task(make_settings())
        assert task is not None
        await asyncio.wait_for(task, 5)  # returns at once: nobody could sign in

    asyncio.run(scenario())
