"""The console beside a running worker (``tollgate demo --console``): until Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal

from pydantic import SecretStr

from tollgate.config import Settings
from tollgate.console import start_console

DEMO_THRESHOLDS = {"threshold_respond": 0.995, "threshold_review": 0.97, "threshold_draft": 0.5}
"""``tollgate demo --console`` sends more tickets to people, so the queues have work in them."""


def with_demo_reviewer(settings: Settings) -> tuple[Settings, str | None]:
    """Settings for the console demo: stricter confidence thresholds (:data:`DEMO_THRESHOLDS`)
    and, when no reviewers are configured, a reviewer ``demo`` with a fresh token (returned so
    it can be shown once; None when the configured tokens stay)."""
    update: dict[str, object] = dict(DEMO_THRESHOLDS)
    token = None
    if not settings.reviewer_tokens.get_secret_value().strip():
        token = secrets.token_urlsafe(18)
        update["reviewer_tokens"] = SecretStr(f"demo:{token}")
    return settings.model_copy(update=update), token


async def serve_until_interrupted(
    settings: Settings, host: str, port: int, token: str | None = None
) -> None:
    """Serve the console on ``host:port`` until SIGINT/SIGTERM, then stop it. ``token`` is a
    generated demo token to show the user (see :func:`with_demo_reviewer`)."""
    runner = await start_console(settings, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    print(f"\nReview console: http://{host}:{port}/", flush=True)
    if token:
        print(
            f"Sign in with the token {token} (reviewer 'demo'; TOLLGATE_REVIEWER_TOKENS sets yours)"
        )
    else:
        print("Sign in with your token from TOLLGATE_REVIEWER_TOKENS.")
    print("Approve a draft, then open Metrics. Ctrl-C stops the demo.", flush=True)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runner.cleanup()
