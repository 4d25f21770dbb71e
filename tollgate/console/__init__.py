"""``tollgate console``: the web page where reviewers approve drafts, judge escalations and
label intents (issue 18). See :mod:`tollgate.console.app` for the routes."""

from __future__ import annotations

from aiohttp import web

from tollgate.config import Settings
from tollgate.console.app import build_app

__all__ = ["build_app", "run_console", "start_console"]


async def start_console(settings: Settings, host: str, port: int) -> web.AppRunner:
    """Serve the console in the running event loop; ``await runner.cleanup()`` stops it."""
    runner = web.AppRunner(build_app(settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def run_console(settings: Settings, host: str, port: int) -> None:
    """Serve the console until interrupted."""
    web.run_app(build_app(settings), host=host, port=port, access_log=None, print=None)
