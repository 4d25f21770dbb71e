"""Who works which queue item, as messages on the claims topic (``tickets.claims``).

A claim is kept on Kafka, keyed by ticket id (so all claims on an item share a partition and
an order). Every console process folds the same log in the same order with :class:`ClaimBook`,
so they agree on the holder: the first claim that arrives while no other reviewer's claim is
live wins; later claims by others are ignored until it expires or is released (a claim whose
``expires_at`` is its ``created_at``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from schemas import Claim, utcnow

__all__ = ["Claim", "ClaimBook"]


@dataclass
class ClaimBook:
    """The live claim per ticket, folded from the claims topic in log order."""

    held: dict[str, Claim] = field(default_factory=dict)

    def add(self, claim: Claim) -> None:
        current = self.held.get(claim.ticket_id)
        if (
            current is not None
            and current.reviewer != claim.reviewer
            and current.expires_at > claim.created_at
        ):
            return  # someone else holds it: this claim lost the race
        self.held[claim.ticket_id] = claim

    def holder(self, ticket_id: str, now: datetime | None = None) -> Claim | None:
        """The unexpired claim on ``ticket_id``, if any."""
        claim = self.held.get(ticket_id)
        if claim is None or claim.expires_at <= (now or utcnow()):
            return None
        return claim
