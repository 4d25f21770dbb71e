"""Failures an action can report, and the error codes carried in ``ActionResult.error``.

``ActionResult.error`` is always ``"<code>: <detail>"``. The code is a stable, machine-readable
token (templates pick the customer-facing sentence from it); the detail is for humans and logs.
"""

from __future__ import annotations

from enum import StrEnum

from schemas import ActionResult


class ErrorCode(StrEnum):
    """Stable error codes. Backends may use others; consumers treat unknown codes generically."""

    # Set by the registry
    UNKNOWN_ACTION = "unknown_action"
    INVALID_PARAMS = "invalid_params"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"
    REJECTED = "rejected"
    INTERNAL = "internal"
    INVALID_RESULT = "invalid_result"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    OUTCOME_UNKNOWN = "outcome_unknown"
    """A call started on a worker that stopped before its result was recorded."""
    # Business outcomes reported by backends
    NOT_FOUND = "not_found"
    ALREADY_SHIPPED = "already_shipped"
    NOT_SHIPPED = "not_shipped"
    OVER_LIMIT = "over_limit"
    EXCEEDS_TOTAL = "exceeds_total"
    INVALID_CODE = "invalid_code"
    EXPIRED_CODE = "expired_code"
    FORBIDDEN_RESOURCE = "forbidden_resource"
    """The resource (an order...) is not the ticket's customer's: refused, escalated to security."""


class ActionError(Exception):
    """Base of the failures an action raises on purpose. ``code`` goes into the result."""

    default_code: str = ErrorCode.INTERNAL

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = str(code or self.default_code)


class TransientActionError(ActionError):
    """A failure worth retrying (backend busy, connection reset, lock contention)."""

    default_code = ErrorCode.UNAVAILABLE


class PermanentActionError(ActionError):
    """A definitive answer that retrying cannot change (not found, over limit, invalid code)."""

    default_code = ErrorCode.REJECTED


OWNERSHIP_REFUSALS = frozenset({ErrorCode.FORBIDDEN_RESOURCE.value, "wrong_customer"})
"""Error codes meaning "not this customer's": the demo backend's ``forbidden_resource`` and an
HTTP action's ``wrong_customer`` (an API answer about someone else). Such a ticket escalates to
the security queue."""


def format_error(code: str, detail: str) -> str:
    """The ``ActionResult.error`` text for a code and a human detail."""
    return f"{code}: {detail}" if detail else code


def error_code(result: ActionResult | None) -> str | None:
    """The code part of a failed result's error; ``None`` for success or no result."""
    if result is None or result.success:
        return None
    if not result.error:
        return ErrorCode.INTERNAL.value
    return result.error.split(":", 1)[0].strip() or ErrorCode.INTERNAL.value
