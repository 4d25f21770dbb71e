"""The default pack's intent → action mapping (read from its ``constraints.yaml``).

The mapping is data of the domain pack; this module only exposes the default pack's for callers
that have no pack at hand. Intents not listed have no action.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.constraints.schema import load_constraints

INTENT_ACTIONS: Mapping[str, str] = MappingProxyType(
    {
        intent: rule.action
        for intent, rule in load_constraints(
            DEFAULT_DOMAIN_DIR / "constraints.yaml"
        ).intent_actions.items()
        if rule.action is not None
    }
)
"""Intent name → the action that serves it, in the default (shop) pack."""

REFUND_LIMIT = 100
"""Largest refund (in the order currency) the demo backend issues without a human."""
