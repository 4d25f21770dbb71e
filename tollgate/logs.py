"""Structured logging: structlog, JSON in production, bound to ticket_id/stage, scrubbed.

A processor removes secret values (from the environment), credentials and personal data (the one
redactor, :mod:`tollgate.textsafety.redaction`) from every line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

from tollgate.textsafety.credentials import env_secrets
from tollgate.textsafety.redaction import redact_text

_MIN_ENV_SECRET = 6
"""Environment secrets shorter than this are not searched for (they would match words)."""


def secret_values() -> list[str]:
    """Values of environment variables whose names look secret (at least 6 characters long)."""
    return [value for _, value in env_secrets(min_length=_MIN_ENV_SECRET)]


def scrub(text: str, secrets: list[str] | None = None) -> str:
    """Remove secret values (``<secret>``), credentials and personal data (``<PII:KIND>``, by
    :func:`tollgate.textsafety.redaction.redact`) from a string."""
    for value in secrets if secrets is not None else secret_values():
        if value in text:
            text = text.replace(value, "<secret>")
    return redact_text(text)


_SECRETS: list[str] = []
"""Secret values from the environment, read once by :func:`configure_logging`."""


def _scrub_processor(
    _logger: Any, _name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in list(event_dict.items()):
        event_dict[key] = _scrub_value(value, _SECRETS)
    return event_dict


def _scrub_value(value: Any, secrets: list[str]) -> Any:
    """Strings scrubbed; exceptions as scrubbed reprs; containers walked; other values as is."""
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, BaseException):
        return scrub(repr(value), secrets)
    if isinstance(value, Mapping):
        return {k: _scrub_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub_value(v, secrets) for v in value]
    if isinstance(value, bytes | bytearray):
        return scrub(bytes(value).decode("utf-8", "replace"), secrets)
    return value


class _Stderr:
    """Writes to whatever ``sys.stderr`` is at the time of writing (it may be swapped)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(level: str = "info", fmt: str = "console") -> None:
    """Configure structlog and the stdlib root logger (faust/aiokafka log through it)."""
    _SECRETS[:] = secret_values()  # once, not on every log line
    numeric = logging.getLevelName(level.upper())
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        _scrub_processor,
    ]
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(_Stderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(_Stderr())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processor=renderer,
            foreign_pre_chain=[*shared[:-2], structlog.stdlib.add_logger_name, _scrub_processor],
        )
    )
    root = logging.getLogger()
    from tollgate.health import RepeatThrottle  # repeats (a broker outage) kept to a trickle

    handler.addFilter(RepeatThrottle())
    root.handlers[:] = [handler]
    root.setLevel(max(numeric, logging.WARNING) if numeric < logging.WARNING else numeric)
    # Libraries are chatty at INFO; keep them at WARNING unless debugging.
    for name in ("faust", "mode", "aiokafka", "LiteLLM", "litellm", "httpx"):
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )


def get_logger(**bound: Any) -> Any:
    """A structlog logger with context bound (e.g. ``stage="intent"``)."""
    return structlog.get_logger("tollgate", **bound)  # lazy: follows later configuration
