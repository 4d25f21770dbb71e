"""What every console page shares: the application's keys, the templates (Jinja2 with
autoescaping: customer text is only ever rendered escaped) and the context of a signed-in page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from schemas import utcnow
from sinks.clickhouse import ClickHouseStore
from tollgate.actions.registry import CustomerDirectory
from tollgate.config import Settings
from tollgate.console import auth
from tollgate.console.live import LiveQueue

HERE = Path(__file__).resolve().parent
LIVE: web.AppKey[LiveQueue] = web.AppKey("live", LiveQueue)
SETTINGS: web.AppKey[Settings] = web.AppKey("settings", Settings)
STORE: web.AppKey[Callable[[], ClickHouseStore]] = web.AppKey("store")
INTENTS: web.AppKey[list[str]] = web.AppKey("intents")
CUSTOMERS: web.AppKey[CustomerDirectory] = web.AppKey("customers")
"""The pack's customer directory: an edit naming another customer goes back to the reviewer."""
REVIEWER: web.RequestKey[str] = web.RequestKey("reviewer", str)

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def render(name: str, status: int = 200, **context: Any) -> web.Response:
    html = _templates.get_template(name).render(**context)
    return web.Response(text=html, status=status, content_type="text/html")


def page_context(request: web.Request, reviewer: str) -> dict[str, Any]:
    cookie = request.cookies[auth.COOKIE]
    return {
        "reviewer": reviewer,
        "csrf": auth.csrf_token(cookie, request.app[LIVE].tokens),
        "now": utcnow(),
    }
