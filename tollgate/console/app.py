"""The review console: an aiohttp application, server-rendered with Jinja2 (autoescaped) and
htmx (vendored under ``static/``, no build step).

Routes: ``/login`` (form field ``token``), ``/logout``, ``/`` (queues), ``/rows`` (the queue
table, polled by htmx), ``/item/{ticket_id}`` (+ ``/claim``, ``/act``), ``/metrics``,
``/healthz``. Without a valid session cookie pages redirect to ``/login`` and fragments answer
401; every POST needs the session's CSRF token. Customer text is only ever rendered escaped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web

from schemas import FeedbackKind, utcnow
from sinks.clickhouse import ClickHouseStore
from tollgate.actions.pack import customer_directory
from tollgate.config import Settings
from tollgate.console.base import (
    CUSTOMERS,
    HERE,
    INTENTS,
    LIVE,
    REVIEWER,
    SETTINGS,
    STORE,
    page_context,
    render,
)
from tollgate.console.claims import Claim
from tollgate.console.live import LiveQueue
from tollgate.console.metrics import RANGES, load_metrics
from tollgate.console.pages import (
    BUTTONS,
    LABEL_BUTTON,
    QUEUE_LABELS,
    Filters,
    Row,
    button_for,
    deadline_of,
    queue_page,
    session_turns,
)
from tollgate.console.signin import login, login_page, logout, security
from tollgate.review.approval import edit_problems
from tollgate.review.items import ItemKind, ReviewItem
from tollgate.review.keys import Command, feedback_for, load_intents
from tollgate.review.reasons import reason_for
from tollgate.reviewers import reviewer_tokens, sign_feedback


def _queue_context(request: web.Request) -> dict[str, Any]:
    live, settings = request.app[LIVE], request.app[SETTINGS]
    reviewer = request[REVIEWER]
    filters = Filters.parse(dict(request.query))
    now = utcnow()
    page = queue_page(live.items(), live.claims, settings, filters, reviewer, now)
    query = {
        k: v for k, v in request.query.items() if k in ("queue", "equeue", "intent", "q", "mine")
    }
    return {
        **page_context(request, reviewer),
        "page": page,
        "filters": filters,
        "queue_labels": QUEUE_LABELS,
        "query": urlencode(query),
        "done": request.query.get("done", "")[:200],
    }


async def queues(request: web.Request) -> web.Response:
    return render("queues.html", **_queue_context(request))


async def rows(request: web.Request) -> web.Response:
    return render("rows.html", **_queue_context(request))


def _find(request: web.Request) -> ReviewItem | None:
    return request.app[LIVE].item(request.match_info["ticket_id"])


def _item_page(
    request: web.Request,
    item: ReviewItem,
    status: int = 200,
    problems: list[str] | None = None,
    edited: str | None = None,
) -> web.Response:
    live, settings = request.app[LIVE], request.app[SETTINGS]
    reviewer = request[REVIEWER]
    now = utcnow()
    claim = live.claims.holder(item.ticket_id, now)
    row = Row(item, deadline_of(item, settings), claim)
    draft = live.state.drafts.get(item.ticket_id)
    decision = draft or live.state.flagged.get(item.ticket_id)
    return render(
        "item.html",
        status=status,
        **page_context(request, reviewer),
        item=item,
        row=row,
        kind_draft=item.kind is ItemKind.DRAFT,
        buttons=BUTTONS[item.kind],
        label_button=LABEL_BUTTON,
        intents=request.app[INTENTS],
        problems=problems or [],
        edited=edited if edited is not None else (item.response or ""),
        redactions=draft.verdict.intent.redactions if draft else [],
        citations=decision.citations if decision is not None else [],
        turns=session_turns(live.state, item.session_id, item.ticket_id),
        claimed_by_other=claim is not None and claim.reviewer != reviewer,
    )


async def item_page(request: web.Request) -> web.Response:
    item = _find(request)
    if item is None:
        return render("gone.html", status=404, **page_context(request, request[REVIEWER]))
    return _item_page(request, item)


async def _claim(request: web.Request, item: ReviewItem) -> Claim | None:
    """Claim ``item`` for the signed-in reviewer (renewing their own claim); None when another
    reviewer holds it — decided by the order of the claims topic, not by this process."""
    live, settings = request.app[LIVE], request.app[SETTINGS]
    reviewer = request[REVIEWER]
    held = live.claims.holder(item.ticket_id)
    if held is not None and held.reviewer != reviewer:
        return None
    claim = Claim.make(item.ticket_id, reviewer, settings.console_claim_minutes)
    await live.publish(settings.topic_claims, item.ticket_id, claim)
    held = live.claims.holder(item.ticket_id)
    return held if held is not None and held.reviewer == reviewer else None


def _claimed_elsewhere(request: web.Request, item: ReviewItem) -> web.Response:
    return _item_page(request, item, status=409)


async def claim(request: web.Request) -> web.StreamResponse:
    item = _find(request)
    if item is None:
        raise web.HTTPSeeOther("/?" + urlencode({"done": "that item is no longer in the queue"}))
    if await _claim(request, item) is None:
        return _claimed_elsewhere(request, item)
    raise web.HTTPSeeOther(f"/item/{quote(item.ticket_id, safe='')}")


async def act(request: web.Request) -> web.StreamResponse:
    """Publish the reviewer's signed judgement on the item (claiming it first)."""
    live, settings = request.app[LIVE], request.app[SETTINGS]
    reviewer = request[REVIEWER]
    item = _find(request)
    if item is None:
        raise web.HTTPSeeOther("/?" + urlencode({"done": "that item is no longer in the queue"}))
    form = await request.post()
    button = button_for(item.kind, str(form.get("command", "")))
    if button is None:
        raise web.HTTPBadRequest(text="no such action for this item")
    edited = str(form.get("edited_response", "")).strip() or None
    intent = str(form.get("correct_intent", "")) or None
    if intent is not None and intent not in request.app[INTENTS]:
        return _item_page(request, item, status=422, problems=[f"unknown intent {intent[:64]!r}"])
    if button.command is Command.EDIT:
        draft = live.state.drafts.get(item.ticket_id)
        problems = ["empty: write the response to send"] if not edited else []
        if edited and draft is not None:
            problems = edit_problems(draft, edited, request.app[CUSTOMERS])
        if problems:  # the output guard's reasons go back to the reviewer, nothing is sent
            return _item_page(request, item, status=422, problems=problems, edited=edited)
    if await _claim(request, item) is None:
        return _claimed_elsewhere(request, item)
    feedback = feedback_for(
        item, button.command, reviewer, edited_response=edited, correct_intent=intent
    )
    if feedback is None:
        return _item_page(request, item, status=422, problems=["nothing to publish"])
    code = reason_for(feedback.kind, str(form.get("reason_code", "")))
    feedback = feedback.model_copy(update={"reason_code": code})
    signed = sign_feedback(feedback, reviewer, live.tokens[reviewer])
    await live.publish(settings.topic_feedback, item.session_id, signed)
    if button.command is Command.LABEL and live.item(item.ticket_id) is not None:
        raise web.HTTPSeeOther(f"/item/{quote(item.ticket_id, safe='')}")  # label, then judge
    await live.publish(
        settings.topic_claims, item.ticket_id, Claim.release(item.ticket_id, reviewer)
    )
    done = f"{feedback.kind.value} · {item.ticket_id}"
    if feedback.kind is FeedbackKind.DRAFT_APPROVED or feedback.kind is FeedbackKind.DRAFT_EDITED:
        done += " · sent to the agent for delivery"
    raise web.HTTPSeeOther("/?" + urlencode({"done": done}))


async def metrics(request: web.Request) -> web.Response:
    since = request.query.get("since", "24h")
    since = since if since in RANGES else "24h"
    page = await asyncio.to_thread(load_metrics, request.app[STORE](), since)
    return render("metrics.html", **page_context(request, request[REVIEWER]), m=page, ranges=RANGES)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "items": len(request.app[LIVE].items())})


def build_app(
    settings: Settings, store: Callable[[], ClickHouseStore] | None = None
) -> web.Application:
    """The console application; its queue reader starts and stops with the app."""
    from sinks import get_store

    tokens = reviewer_tokens(settings)
    if not tokens:
        raise ValueError("TOLLGATE_REVIEWER_TOKENS is empty: nobody could sign in")
    app = web.Application(middlewares=[security])
    app[SETTINGS] = settings
    app[LIVE] = LiveQueue(settings, tokens)
    app[STORE] = store or (lambda: _prepared(get_store(settings.clickhouse_url)))
    app[INTENTS] = load_intents(settings.domain_dir)
    app[CUSTOMERS] = customer_directory(settings.domain_dir)

    async def lifecycle(app: web.Application) -> Any:
        await app[LIVE].start()
        await app[LIVE].ready()
        yield
        await app[LIVE].stop()

    app.cleanup_ctx.append(lifecycle)
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/", queues)
    app.router.add_get("/rows", rows)
    app.router.add_get("/item/{ticket_id}", item_page)
    app.router.add_post("/item/{ticket_id}/claim", claim)
    app.router.add_post("/item/{ticket_id}/act", act)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static/", HERE / "static")
    return app


_ddl_applied: set[int] = set()


def _prepared(store: ClickHouseStore) -> ClickHouseStore:
    """The store with the tables and metric views created (once per store)."""
    if id(store) not in _ddl_applied:
        store.apply_ddl()
        _ddl_applied.add(id(store))
    return store
