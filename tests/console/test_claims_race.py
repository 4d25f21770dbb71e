"""Two console processes' queue readers claim the same item at once: both agree on one holder."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from schemas import Claim
from tollgate.config import Settings
from tollgate.console.live import LiveQueue

pytestmark = pytest.mark.integration
TOKENS = {"ann": "ann-console-token-1", "bo": "bo-console-token-22"}


def test_simultaneous_claims_have_one_winner_everywhere(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()

    async def scenario() -> list[tuple[str | None, str | None]]:
        one, two = LiveQueue(settings, TOKENS), LiveQueue(settings, TOKENS)
        await one.start()
        await two.start()
        try:
            await asyncio.gather(one.ready(), two.ready())
            holders = []
            for n in range(5):
                ticket = f"T{n}"
                await asyncio.gather(
                    one.publish(settings.topic_claims, ticket, Claim.make(ticket, "ann", 15)),
                    two.publish(settings.topic_claims, ticket, Claim.make(ticket, "bo", 15)),
                )
                # a later message on the same key (a third claim, which loses): once each reader
                # has seen it, it has seen both claims
                late = Claim.make(ticket, "sync", 15)
                await one.publish(settings.topic_claims, ticket, late)
                await two.publish(settings.topic_claims, ticket, late)
                a, b = one.claims.holder(ticket), two.claims.holder(ticket)
                holders.append((a.reviewer if a else None, b.reviewer if b else None))
            return holders
        finally:
            await one.stop()
            await two.stop()

    for seen_by_one, seen_by_two in asyncio.run(scenario()):
        assert seen_by_one == seen_by_two and seen_by_one in ("ann", "bo")
