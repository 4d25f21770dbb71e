"""Issue 17.3 on the real broker: only feedback a known reviewer signed is applied."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import pytest

from schemas import DeadLetter, Feedback, FeedbackKind
from streams.services import build_services
from tests.console.harness import collect, publish_until_drafted
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.reviewers import sign_feedback
from tollgate.worker import Worker

pytestmark = pytest.mark.integration
TOKEN = "ann-review-token-1"
FORGED = "We guarantee you a refund of EUR 500 by Monday"


def test_unsigned_and_tampered_feedback_is_dead_lettered_signed_feedback_is_applied(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(reviewer_tokens=f"ann:{TOKEN}")
    ids = {k: f"{settings.app_id}-{k}" for k in ("mallory", "tampered", "ok", "guard")}

    def edit(ticket_id: str, text: str, reviewer: str = "ann") -> Feedback:
        kind = FeedbackKind.DRAFT_EDITED
        return Feedback(
            feedback_id=f"{ticket_id}:{kind.value}",
            ticket_id=ticket_id,
            kind=kind,
            edited_response=text,
            reviewer=reviewer,
        )

    tampered = sign_feedback(edit(ids["tampered"], "Sorry for the delay."), "ann", TOKEN)
    feedback = [
        edit(ids["mallory"], FORGED, reviewer="mallory"),  # unsigned
        tampered.model_copy(update={"edited_response": FORGED}),  # signed, then changed
        # a signed edit goes out as written (an approval may come back for review when the
        # action's real result changes the reply; the console test approves one)
        sign_feedback(
            edit(ids["ok"], "Thank you, a colleague has looked at your request."), "ann", TOKEN
        ),
        sign_feedback(edit(ids["guard"], FORGED), "ann", TOKEN),  # signed, fails the guard
    ]
    services = build_services(settings, intent_model=KeywordModel())

    async def scenario() -> list[tuple[str, dict]]:
        async with Worker(settings, services=services, sink=False):
            await publish_until_drafted(
                settings, ids.values(), lambda _id: "refund 30 for order #30000003"
            )
            await publish(
                settings,
                [f.model_dump_json().encode() for f in feedback],
                settings.topic_feedback,
            )
            topics = [settings.topic_deadletter, settings.topic_responses, settings.topic_drafts]

            def complete(seen: list[tuple[str, dict]]) -> bool:
                """Every message asserted on below has been read (by ticket id)."""

                def on(topic: str, also: str = "") -> set[str]:
                    return {
                        p["ticket_id"] for t, p in seen if t == topic and also in p["reasoning"]
                    }

                letters = {p["ticket_id"] for t, p in seen if t == settings.topic_deadletter}
                return (
                    letters >= {ids["mallory"], ids["tampered"]}
                    and ids["ok"] in on(settings.topic_responses)
                    and ids["guard"] in on(settings.topic_drafts, "guard")
                )

            first = await collect(settings, topics, complete)
            await asyncio.sleep(1.0)  # anything sent late for the refused ones would show below
            again = await collect(settings, topics, lambda s: complete(s) and len(s) >= len(first))
            return again

    seen = asyncio.run(scenario())
    letters = {
        p["ticket_id"]: DeadLetter.model_validate(p)
        for t, p in seen
        if t == settings.topic_deadletter
    }
    assert "unsigned feedback (reviewer 'mallory')" in letters[ids["mallory"]].reason
    assert "bad signature for reviewer 'ann'" in letters[ids["tampered"]].reason
    assert ids["ok"] not in letters
    sent = {p["ticket_id"]: p for t, p in seen if t == settings.topic_responses}
    assert set(sent) == {ids["ok"]}  # mallory's and the tampered edit never reach a customer
    assert sent[ids["ok"]]["reviewed_by"] == "ann"
    assert FORGED not in json.dumps(list(sent.values()))
    [back] = [
        p
        for t, p in seen
        if t == settings.topic_drafts
        and p["ticket_id"] == ids["guard"]
        and "guard" in p["reasoning"]
    ]
    assert "refused by the output guard" in back["reasoning"] and "amount" in back["reasoning"]
