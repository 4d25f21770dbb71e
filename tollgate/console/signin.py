"""Signing in and out, and the gate in front of every route: a session cookie for pages, the
CSRF token for every POST, security headers on every answer (see :mod:`tollgate.console.auth`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from tollgate.console import auth
from tollgate.console.base import LIVE, REVIEWER, SETTINGS, render
from tollgate.reviewers import reviewer_for_token

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _reviewer(request: web.Request) -> str | None:
    live = request.app[LIVE]
    return auth.session_reviewer(request.cookies.get(auth.COOKIE), live.tokens)


@web.middleware
async def security(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Headers on every answer (redirects and errors too); sign-in for everything but /login,
    /static and /healthz; the CSRF token on every POST."""
    try:
        _check_access(request, await request.post() if request.method == "POST" else None)
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


def _check_access(request: web.Request, form: Mapping[str, object] | None) -> None:
    """Raise 303 to /login (pages) or 401 (fragments, POSTs) without a session, 403 for a POST
    without the session's CSRF token; remember the signed-in reviewer on the request."""
    if request.path in ("/login", "/healthz") or request.path.startswith("/static/"):
        return
    reviewer = _reviewer(request)
    if reviewer is None:
        if request.method == "GET" and request.headers.get("HX-Request") != "true":
            raise web.HTTPSeeOther("/login")
        raise web.HTTPUnauthorized(text="sign in first")
    request[REVIEWER] = reviewer
    if form is not None:
        given = form.get(auth.CSRF_FIELD)
        cookie = request.cookies[auth.COOKIE]
        if not isinstance(given, str) or not auth.csrf_ok(cookie, request.app[LIVE].tokens, given):
            raise web.HTTPForbidden(text="missing or wrong CSRF token")


async def login_page(request: web.Request) -> web.Response:
    return render("login.html", reviewer="", csrf="", error="")


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    token = form.get("token")
    tokens = request.app[LIVE].tokens
    name = reviewer_for_token(tokens, token) if isinstance(token, str) else None
    if name is None:
        return render("login.html", status=401, reviewer="", csrf="", error="Unknown token.")
    settings = request.app[SETTINGS]
    response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(
        auth.COOKIE,
        auth.issue_session(name, tokens[name], settings.console_session_hours),
        max_age=int(settings.console_session_hours * 3600),
        httponly=True,
        secure=True,
        samesite="Strict",
        path="/",
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    response = web.Response(status=303, headers={"Location": "/login"})
    response.del_cookie(auth.COOKIE, path="/")
    return response
