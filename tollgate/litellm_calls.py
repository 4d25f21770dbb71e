"""What every litellm-backed client here needs around its calls: a lazy, quiet import of litellm,
bounded attempts with retries until an answer parses, token and cost accounting, secret-free
error text and the JSON text of an answer (Markdown fence removed).

litellm is never imported at module import time (it takes seconds and ~160 MiB): only
:func:`import_litellm` does, with ``LITELLM_LOCAL_MODEL_COST_MAP=True`` set first so it never
fetches the price list at run time.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog
from pydantic import ValidationError

log = structlog.get_logger(__name__)

BACKOFF_S = 0.05
_T = TypeVar("_T")
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


class LLMOutputError(ValueError):
    """The model answered, but not with a usable answer."""


@dataclass(frozen=True)
class Outcome(Generic[_T]):
    """What the attempts for one request came to: a parsed value, or the last error."""

    value: _T | None
    error: str
    tokens: int
    cost: float
    invalid: bool = False  # the model answered, but not validly (as opposed to no answer)


async def call_until_parsed(
    call: Callable[[int], Awaitable[Any]],
    parse: Callable[[Any], _T],
    *,
    litellm: Any,
    max_retries: int,
    timeout_s: float,
    describe: Callable[[BaseException], str],
    retry_invalid: bool = True,
) -> Outcome[_T]:
    """Await ``call(attempt)`` until ``parse`` accepts a completion.

    ``call`` bounds its own wait: it raises :class:`TimeoutError` after ``timeout_s``. Up to
    ``max_retries`` more attempts follow an error (after an exponential back-off) or, when
    ``retry_invalid``, an answer ``parse`` rejects with :class:`LLMOutputError`. A time-out
    (ours or litellm's) stops: retrying a hung backend only stalls the stream longer. Tokens
    and cost add up over all attempts.
    """
    tokens, cost = 0, 0.0
    error = "no attempt made"
    for attempt in range(max_retries + 1):
        try:
            response = await call(attempt)
        except TimeoutError:
            error = f"timeout: no answer within {timeout_s:g}s"
            break
        except Exception as exc:
            error = describe(exc)
            if isinstance(exc, litellm.Timeout):
                break
            if attempt < max_retries:
                await asyncio.sleep(BACKOFF_S * 2**attempt)
            continue
        used, spent = usage_and_cost(litellm, response)
        tokens += used
        cost += spent
        try:
            return Outcome(parse(response), "", tokens, cost)
        except LLMOutputError as exc:
            error = f"invalid output: {exc}"
            if not retry_invalid:
                return Outcome(None, error, tokens, cost, invalid=True)
    return Outcome(None, error, tokens, cost, invalid=error.startswith("invalid output"))


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


def message_content(response: Any) -> str:
    """The message content of a chat completion, without a Markdown code fence."""
    try:
        content = response.choices[0].message.content
    except (AttributeError, IndexError, TypeError) as exc:
        raise LLMOutputError("no message content") from exc
    if not isinstance(content, str) or not content.strip():
        raise LLMOutputError("empty content")
    return strip_fences(content)


def validation_summary(exc: ValidationError) -> str:
    """``location: error type`` of the first error, for an :class:`LLMOutputError`."""
    errors = exc.errors()
    where = ".".join(str(p) for p in errors[0]["loc"]) if errors else ""
    kind = errors[0]["type"] if errors else "invalid"
    return f"{where or 'json'}: {kind}"


def strip_fences(content: str) -> str:
    """Models without native JSON mode sometimes wrap the object in a Markdown code fence."""
    match = _FENCE.match(content)
    return match.group(1) if match else content


def loop_semaphore(
    cache: dict[asyncio.AbstractEventLoop, asyncio.Semaphore], value: int
) -> asyncio.Semaphore:
    """The semaphore of the running event loop in ``cache`` (one per loop: a client may outlive
    the loop it was first used on, as in tests and CLI commands); closed loops are dropped."""
    loop = asyncio.get_running_loop()
    sem = cache.get(loop)
    if sem is None:
        for old in [lp for lp in cache if lp.is_closed()]:
            del cache[old]
        sem = cache[loop] = asyncio.Semaphore(value)
    return sem
