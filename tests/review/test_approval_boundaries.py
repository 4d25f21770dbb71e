"""Issue 17.3 and 17.6 on the real broker, through the real stages: what a signed reviewer
approves or edits is checked again by the worker that acts on it.

* An edit that tries to slip past the output guard (an amount in words, a lower-case date,
  another customer's order number, another demo customer's name or address) goes back to the
  reviewers with the guard's reasons and is never sent; a legitimate edit is sent as written.
* A draft offered under one constraint schema and approved after the worker restarted with a
  stricter one (the refund limit lowered below the draft's amount) does not run its action: the
  ticket escalates with the reason.
* ``agent_feedback.reason_code`` says what the worker did with each feedback (applied,
  guard_refused, schema_changed, unsigned, unknown_reviewer, bad_signature); a forgery that
  reuses a reviewer's feedback id never replaces the reviewer's row; ``agent_feedback.reviewer``
  names the signer of the applied approval.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemas import Feedback, FeedbackKind
from streams.services import build_services
from tests.console.harness import collect, publish_until_drafted
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.reviewers import sign_feedback
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

TOKEN = "ann-review-token-1"
LIMIT = "amount: {type: float, min: 0.01, max: 100}"
# Edits a reviewer (or whoever holds a reviewer's token) might try: each must be refused.
BYPASSES = {
    "words": ("Sorry for the trouble, we have credited fifty euros to your card.", "amount"),
    "date": ("Sorry for the trouble, your refund will arrive by monday.", "date"),
    "other": ("Sorry for the trouble, your order 77700001 has been refunded.", "other_customer"),
    # another demo customer's name and address, from the backend's customer directory
    "name": ("Thank you, Priya Natarajan, we have looked at order 30000003.", "other_customer"),
    "address": ("Thank you, order 30000003 went to Gartenweg 7, 10115 Berlin.", "other_customer"),
}
LEGIT = "Thank you, Dana Whitcombe, a colleague has looked at your request for order 30000003."
"""Names the ticket's own customer (cust-1 in the demo directory): sent."""

Seen = list[tuple[str, dict[str, Any]]]


def _stricter(settings: Settings, tmp_path: Path) -> Path:
    """The pack's constraint schema with the refund limit lowered from 100 to 50."""
    text = settings.constraints_path.read_text()
    assert LIMIT in text
    path = tmp_path / "constraints.yaml"
    path.write_text(text.replace(LIMIT, LIMIT.replace("max: 100", "max: 50")))
    return path


def test_approvals_and_edits_are_checked_again_by_the_worker(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings(reviewer_tokens=f"ann:{TOKEN}")
    restarted = settings.model_copy(update={"constraints_file": _stricter(settings, tmp_path)})
    prefix = settings.app_id
    ids = {k: f"{prefix}-{k}" for k in (*BYPASSES, "ok", "schema")}
    texts = {k: "refund 30 for order #30000003" for k in ids} | {
        "schema": "refund 60 for order #30000003"
    }

    def feedback(key: str, kind: FeedbackKind, text: str | None = None) -> bytes:
        judged = Feedback(
            feedback_id=f"{ids[key]}:{kind.value}",
            ticket_id=ids[key],
            kind=kind,
            edited_response=text,
        )
        return sign_feedback(judged, "ann", TOKEN).model_dump_json().encode()

    unsigned = Feedback(
        feedback_id=f"{ids['schema']}:{FeedbackKind.DRAFT_APPROVED.value}",  # the real one's id
        ticket_id=ids["schema"],
        kind=FeedbackKind.DRAFT_APPROVED,
        reviewer="ann",
    )
    unknown = sign_feedback(
        Feedback(
            feedback_id=f"{ids['ok']}:x", ticket_id=ids["ok"], kind=FeedbackKind.DRAFT_APPROVED
        ),
        "mallory",
        "mallory-token-123",
    )
    tampered = Feedback.model_validate_json(feedback("words", FeedbackKind.DRAFT_EDITED, LEGIT))
    tampered = tampered.model_copy(update={"edited_response": BYPASSES["words"][0]})
    judgements = [
        *(f.model_dump_json().encode() for f in (unsigned, unknown, tampered)),
        *(feedback(k, FeedbackKind.DRAFT_EDITED, text) for k, (text, _) in BYPASSES.items()),
        feedback("ok", FeedbackKind.DRAFT_EDITED, LEGIT),
        feedback("schema", FeedbackKind.DRAFT_APPROVED),
    ]

    def returned(seen: Seen) -> dict[str, dict[str, Any]]:
        return {
            p["ticket_id"]: p
            for t, p in seen
            if t == settings.topic_drafts and "output guard" in p["reasoning"]
        }

    def by_topic(seen: Seen, topic: str) -> dict[str, dict[str, Any]]:
        return {p["ticket_id"]: p for t, p in seen if t == topic}

    def escalated(seen: Seen) -> dict[str, dict[str, Any]]:
        return {
            p["ticket_id"]: p for t, p in seen if t.startswith(settings.topic_escalations_prefix)
        }

    def refused(seen: Seen) -> dict[str, str]:
        """ticket id → reason of each feedback refused at the door (its dead letter)."""
        return {
            p["ticket_id"]: p["reason"]
            for t, p in seen
            if t == settings.topic_deadletter and p["reason"].startswith("feedback refused")
        }

    def complete(seen: Seen) -> bool:
        # the refusals' dead letters are waited for too: topics are read in no fixed order, so
        # a read that ended on the other topics alone could stop before the dead-letter topic
        return (
            set(returned(seen)) >= {ids[k] for k in BYPASSES}
            and ids["ok"] in by_topic(seen, settings.topic_responses)
            and ids["schema"] in escalated(seen)
            and set(refused(seen)) >= {ids["schema"], ids["ok"], ids["words"]}
        )

    async def scenario() -> tuple[Seen, list[tuple[str, str, str, str]]]:
        text = {ids[k]: texts[k] for k in ids}
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services, sink=False):
            await publish_until_drafted(settings, ids.values(), text.__getitem__)
        # the product's way to change the schema: a worker restarted with another schema file
        services = build_services(restarted, intent_model=KeywordModel())
        async with Worker(restarted, services=services) as worker:
            await publish(settings, judgements, settings.topic_feedback)
            first = await collect(settings, settings.terminal_topics, complete, 120.0)
            await asyncio.sleep(1.0)  # anything sent late for a refused one shows below
            # a second read from the beginning: it ends once it holds as much as the first and
            # is complete itself (topics are read in no fixed order, so a count alone can end
            # it before a topic the first read had reached)
            seen = await collect(
                settings, settings.terminal_topics, lambda s: complete(s) and len(s) >= len(first)
            )
            assert worker.sink is not None
            sql = (
                "SELECT feedback_id, ticket_id, reason_code, reviewer FROM agent_feedback FINAL"
                " WHERE ticket_id LIKE {p:String} ORDER BY feedback_id"
            )
            async with asyncio.timeout(60):
                while len(rows := worker.sink.store.query(sql, {"p": prefix + "-%"})) < 10:
                    await asyncio.sleep(0.2)
        return seen, [(r[0], r[1], r[2], r[3]) for r in rows]

    seen, rows = asyncio.run(scenario())
    sent = by_topic(seen, settings.topic_responses)
    assert set(sent) == {ids["ok"]}, sorted(sent)  # no refused edit, no unchecked approval
    assert sent[ids["ok"]]["response"] == LEGIT and sent[ids["ok"]]["reviewed_by"] == "ann"
    back = returned(seen)
    for key, (text, reason) in BYPASSES.items():
        assert f"{reason}:" in back[ids[key]]["reasoning"], back[ids[key]]["reasoning"]
        assert back[ids[key]]["response"] != text  # the draft returns as it was, not as edited
    # Nothing refused reaches a customer or a reviewer's queue; the tampered edit is kept, as
    # written, only in its dead letter (for whoever audits the refusal).
    delivered = [(t, p) for t, p in seen if t != settings.topic_deadletter]
    assert not any(text in json.dumps(p) for text, _ in BYPASSES.values() for _t, p in delivered)
    letters = refused(seen)
    assert "unsigned" in letters[ids["schema"]], letters
    assert "unknown reviewer 'mallory'" in letters[ids["ok"]], letters
    assert "bad signature" in letters[ids["words"]], letters
    package = escalated(seen)[ids["schema"]]
    assert "approved action no longer allowed" in package["reason"]
    assert "amount" in package["reason"]
    assert package["action_result"] is None  # the refund never ran
    codes = {(ticket, code) for _id, ticket, code, _who in rows}
    assert codes == {
        (ids["words"], "guard_refused"),
        (ids["date"], "guard_refused"),
        (ids["other"], "guard_refused"),
        (ids["name"], "guard_refused"),
        (ids["address"], "guard_refused"),
        (ids["ok"], "applied"),
        (ids["schema"], "schema_changed"),
        (ids["schema"], "unsigned"),
        (ids["ok"], "unknown_reviewer"),
        (ids["words"], "bad_signature"),
    }, rows
    by_id = {feedback_id: code for feedback_id, _t, code, _who in rows}
    applied = [who for _id, ticket, code, who in rows if code == "applied"]
    assert applied == ["ann"], rows  # the signer of the applied approval, recorded
    assert by_id[unsigned.feedback_id] == "schema_changed"  # the forgery did not replace it
