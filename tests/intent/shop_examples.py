"""Small slices of the bundled shop domain, shared by the local-model tests."""

from __future__ import annotations

from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.intent.domain import Example, load_domain

SMALL_INTENTS = frozenset({"greeting", "cancel_order", "request_refund", "check_order_status"})


def small_shop_examples(per_intent: int = 20) -> list[Example]:
    """The first ``per_intent`` examples of four shop intents: fast to fit."""
    seen: dict[str, int] = {}
    subset = []
    for e in load_domain(DEFAULT_DOMAIN_DIR).examples:
        seen[e.intent] = seen.get(e.intent, 0) + 1
        if e.intent in SMALL_INTENTS and seen[e.intent] <= per_intent:
            subset.append(e)
    return subset
