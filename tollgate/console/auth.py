"""Console sign-in without server-side sessions: any console process can check any cookie.

The session cookie is ``<name>|<expires epoch>|<mac>``, the MAC an HMAC-SHA256 keyed by a key
derived from the reviewer's token (``TOLLGATE_REVIEWER_TOKENS``), so only someone who knows the
token can mint it and every console process with the same settings can verify it. The CSRF
token of a form is an HMAC of the session cookie under the same key: it changes with every
sign-in and cannot be read by another site (the cookie is HttpOnly, SameSite=Strict).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

COOKIE = "tollgate_session"
CSRF_FIELD = "csrf"


def _key(token: str) -> bytes:
    return hmac.new(token.encode(), b"tollgate-console-session-v1", hashlib.sha256).digest()


def _mac(token: str, message: str) -> str:
    return hmac.new(_key(token), message.encode(), hashlib.sha256).hexdigest()


def issue_session(name: str, token: str, hours: float, now: float | None = None) -> str:
    """A cookie value that names ``name`` until ``hours`` from now."""
    expires = int((time.time() if now is None else now) + hours * 3600)
    payload = f"{name}|{expires}"
    return f"{payload}|{_mac(token, payload)}"


def session_reviewer(
    cookie: str | None, tokens: Mapping[str, str], now: float | None = None
) -> str | None:
    """The signed-in reviewer of a cookie, or None (absent, expired, forged, unknown name)."""
    if not cookie or cookie.count("|") != 2:
        return None
    name, expires, mac = cookie.split("|")
    token = tokens.get(name)
    if token is None or not expires.isdigit():
        return None
    if int(expires) < (time.time() if now is None else now):
        return None
    return name if hmac.compare_digest(mac, _mac(token, f"{name}|{expires}")) else None


def csrf_token(cookie: str, tokens: Mapping[str, str]) -> str:
    """The CSRF token for forms shown to the holder of a (valid) session cookie."""
    name = cookie.split("|", 1)[0]
    return _mac(tokens[name], f"csrf|{cookie}")


def csrf_ok(cookie: str, tokens: Mapping[str, str], given: str | None) -> bool:
    """True when ``given`` is the CSRF token of this valid session."""
    if not given or session_reviewer(cookie, tokens) is None:
        return False
    return hmac.compare_digest(given, csrf_token(cookie, tokens))
