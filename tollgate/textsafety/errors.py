"""Error descriptions that never carry input fragments.

A ``pydantic.ValidationError`` prints the offending input (customer text, tokens...); here it is
reduced to field locations and messages. Any other exception's text goes through the redactor.
"""

from __future__ import annotations

from pydantic import ValidationError

from tollgate.textsafety.redaction import redact_text

__all__ = ["describe_error", "describe_validation"]


def describe_validation(exc: ValidationError) -> str:
    """Field locations and messages only: input values may be customer text."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "<input>"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def describe_error(exc: BaseException, limit: int = 2000) -> str:
    """A bounded description of ``exc`` without input fragments or personal data."""
    if isinstance(exc, ValidationError):
        text = f"{exc.error_count()} validation error(s) for {exc.title}: " + describe_validation(
            exc
        )
    else:
        text = f"{type(exc).__name__}: {exc}"
    return redact_text(text[:limit])
