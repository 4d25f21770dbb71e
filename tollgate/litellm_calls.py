"""What every litellm-backed client here needs around a call: a lazy, quiet import of litellm,
one retry step after a failed attempt, token and cost accounting, secret-free error text and
unwrapping a fenced JSON answer.

litellm is never imported at module import time (it takes seconds and ~160 MiB): only
:func:`import_litellm` does, with ``LITELLM_LOCAL_MODEL_COST_MAP=True`` set first so it never
fetches the price list at run time.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

import structlog

log = structlog.get_logger(__name__)

BACKOFF_S = 0.05
_URL_USERINFO = re.compile(r"://[^/\s@]+@")
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def import_litellm() -> Any:
    """Import and quiet litellm once (never at module import time)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    _warm_up_openai_sdk()
    return litellm


def _warm_up_openai_sdk() -> None:
    """Load the OpenAI SDK's lazily imported resources now (~1 s), not inside the first call.

    Otherwise the first request blocks the event loop on imports and blows its time limit.
    """
    try:
        import openai

        client = openai.AsyncOpenAI(api_key="warm-up", base_url="http://127.0.0.1:9", max_retries=0)
        _ = client.chat.completions.with_raw_response
    except Exception:  # best effort: a provider without the OpenAI SDK path still works
        log.debug("openai_sdk_warm_up_skipped")


async def after_failed_attempt(
    exc: Exception,
    *,
    litellm: Any,
    attempt: int,
    max_retries: int,
    timeout_s: float,
    describe: Callable[[BaseException], str],
) -> tuple[str, bool]:
    """The error text for a call that raised ``exc``, and whether to stop trying.

    A time-out (ours or litellm's) stops: retrying a hung backend only stalls the stream longer.
    Any other error backs off exponentially before the next attempt, if there is one.
    """
    if isinstance(exc, TimeoutError):
        return f"timeout: no answer within {timeout_s:g}s", True
    error = describe(exc)
    if isinstance(exc, litellm.Timeout):
        return error, True
    if attempt < max_retries:
        await asyncio.sleep(BACKOFF_S * 2**attempt)
    return error, False


def usage_and_cost(litellm: Any, response: Any) -> tuple[int, float]:
    """Total tokens and cost (finite, >= 0; 0.0 when unknown) of one completion."""
    usage = getattr(response, "usage", None)
    tokens = int(getattr(usage, "total_tokens", 0) or 0)
    hidden = getattr(response, "_hidden_params", None) or {}
    cost = hidden.get("response_cost") if isinstance(hidden, dict) else None
    if cost is None:
        try:
            cost = litellm.completion_cost(completion_response=response)
        except Exception:
            cost = 0.0
    try:
        value = float(cost or 0.0)
    except (TypeError, ValueError):
        value = 0.0
    return tokens, value if math.isfinite(value) and value >= 0 else 0.0


def describe_exception(exc: BaseException, secrets: Sequence[str], mask: str) -> str:
    """A short description of ``exc``: its first line, ``secrets`` replaced by ``mask``, URL
    credentials hidden, at most 240 characters of text."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for secret in secrets:
        if secret:
            text = text.replace(secret, mask)
    text = _URL_USERINFO.sub("://***@", text)
    return f"{type(exc).__name__}: {text[:240]}"


def strip_fences(content: str) -> str:
    """Models without native JSON mode sometimes wrap the object in a Markdown code fence."""
    match = _FENCE.match(content)
    return match.group(1) if match else content
