"""``tollgate console``: the web page where reviewers approve drafts, judge escalations and
label intents (issue 18). See :mod:`tollgate.console.app` for the routes."""

from __future__ import annotations

import asyncio

from aiohttp import web

from tollgate.config import Settings
from tollgate.console.app import build_app
from tollgate.logs import get_logger
from tollgate.reviewers import reviewer_tokens

__all__ = ["build_app", "run_console", "start_console"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
log = get_logger(component="console")


async def start_console(settings: Settings, host: str, port: int) -> web.AppRunner:
    """Serve the console in the running event loop; ``await runner.cleanup()`` stops it."""
    runner = web.AppRunner(build_app(settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def run_console(
    settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> None:
    """Serve the console until cancelled (``tollgate console``, ``tollgate up``). Without
    reviewer tokens nobody could sign in: it logs why and returns without serving."""
    if not reviewer_tokens(settings):
        log.warning("review console not started: TOLLGATE_REVIEWER_TOKENS is empty")
        return
    runner = await start_console(settings, host, port)
    log.info("review console started", url=f"http://{host}:{port}/")
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
