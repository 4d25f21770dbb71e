"""Actions the agent may take: the pluggable registry and the embedded demo backend."""

from tollgate.actions.catalog import INTENT_ACTIONS, REFUND_LIMIT
from tollgate.actions.demo_backend import default_registry
from tollgate.actions.errors import (
    ActionError,
    ErrorCode,
    PermanentActionError,
    TransientActionError,
    error_code,
)
from tollgate.actions.idempotency import (
    IdempotencyRecord,
    IdempotencyStore,
    MemoryIdempotencyStore,
)
from tollgate.actions.registry import (
    ENTRY_POINT_GROUP,
    ActionContext,
    ActionRegistry,
    ActionSpec,
    params_model_of,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "INTENT_ACTIONS",
    "REFUND_LIMIT",
    "ActionContext",
    "ActionError",
    "ActionRegistry",
    "ActionSpec",
    "ErrorCode",
    "IdempotencyRecord",
    "IdempotencyStore",
    "MemoryIdempotencyStore",
    "PermanentActionError",
    "TransientActionError",
    "default_registry",
    "error_code",
    "params_model_of",
]
