"""The session stage's action path (in process): what a worker killed mid-call leaves to the
partition's next owner, and what that owner does with it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import BaseModel

from schemas import FeedbackKind, Outcome, SessionState
from streams.pump import Out, ProduceFailed
from tests.streams.keyword_model import KeywordModel
from tollgate.actions import ActionContext, ErrorCode, error_code
from tollgate.config import load_settings
from tollgate.testing.sessions import Harness

TEXT = "Where is my order 10000001?"
KEY = "T1:lookup_order"


def _harness() -> Harness:
    return Harness(load_settings(topic_partitions=4, trigger_model="off"), KeywordModel())


def _killed_mid_call() -> Harness:
    """A new owner whose changelog holds what a worker SIGKILLed during T1's lookup wrote:
    the call's started record, no result, no turn."""
    first = _harness()
    first.say("S1", "T1", TEXT)
    started = next(
        o.value
        for o in first.produced
        if isinstance(o.value, SessionState) and KEY in o.value.actions
    )
    assert started.actions[KEY].result is None and started.processed == {}
    owner = _harness()
    owner.store.adopt(owner.partition("S1"), {"S1": started})
    return owner


def _backend(h: Harness, *, idempotent_by_key: bool) -> list[str]:
    """Replaces lookup_order by a backend that notes the idempotency key of every call."""
    keys: list[str] = []

    async def lookup(params: BaseModel, ctx: ActionContext) -> dict[str, str]:
        keys.append(ctx.idempotency_key)
        return {"order_id": "10000001", "status": "shipped"}

    spec = h.stage.services.actions.get("lookup_order")
    assert spec is not None
    h.stage.services.actions.register(
        "lookup_order", lookup, spec.params_model, replace=True, idempotent_by_key=idempotent_by_key
    )
    return keys


def test_a_started_call_of_an_idempotent_action_is_called_again_with_the_same_key() -> None:
    h = _killed_mid_call()
    calls = _backend(h, idempotent_by_key=True)
    decision = h.say("S1", "T1", TEXT)  # the same ticket, redelivered to the new owner
    assert calls == [KEY]
    assert decision.outcome is Outcome.RESPOND and decision.action_result is not None
    assert decision.action_result.success and decision.action_result.idempotency_key == KEY
    assert h.state("S1").actions[KEY].result == decision.action_result


def test_a_started_call_of_an_action_not_idempotent_by_key_escalates_as_unknown() -> None:
    h = _killed_mid_call()
    calls = _backend(h, idempotent_by_key=False)
    decision = h.say("S1", "T1", TEXT)
    assert calls == []  # never a second call that may act twice
    assert decision.outcome is Outcome.ESCALATE
    assert error_code(decision.action_result) == ErrorCode.OUTCOME_UNKNOWN  # the evidence
    assert "outcome_unknown" in decision.reasoning
    assert h.state("S1").actions[KEY].result is None  # still unknown for any later redelivery


def test_a_finished_call_is_found_by_the_next_owner_not_called_again() -> None:
    first = _harness()
    first.say("S1", "T1", TEXT)
    done = next(
        o.value
        for o in first.produced
        if isinstance(o.value, SessionState) and (r := o.value.actions.get(KEY)) and r.result
    )
    assert done.processed == {}  # killed after the result's write, before the state's
    owner = _harness()
    owner.store.adopt(owner.partition("S1"), {"S1": done})
    calls = _backend(owner, idempotent_by_key=False)
    decision = owner.say("S1", "T1", TEXT)
    assert calls == [] and decision.outcome is Outcome.RESPOND
    assert decision.action_result == done.actions[KEY].result


def test_a_refused_action_write_stops_the_batch_before_any_output() -> None:
    h = _harness()

    async def refuse(outs: Sequence[Out]) -> None:
        if any(o.topic == h.settings.topic_sessions for o in outs):
            raise ProduceFailed("changelog refused")
        h.produced.extend(outs)

    h.stage.produce = refuse
    with pytest.raises(ProduceFailed):
        h.say("S1", "T1", TEXT)
    assert h.produced == []


OLD_STATE = Path(__file__).parent / "data" / "session_state_9df30e2.json"
"""A changelog record as commit 9df30e2 wrote it (before started calls existed): a session with
a lookup's result and a refund draft waiting for a reviewer."""


def test_a_draft_and_an_action_result_written_by_the_previous_version_survive_the_upgrade() -> None:
    old = SessionState.model_validate_json(OLD_STATE.read_bytes())  # as the restore reads it
    h = _harness()
    h.store.adopt(h.partition("S-old"), {"S-old": old})
    lookup = h.state("S-old").actions["T1:lookup_order"].result
    assert lookup is not None and lookup.success
    n = len(h.produced)
    asyncio.run(h.stage.handle(asyncio.run(h.items([("S-old", "T1", TEXT)]))))
    assert h.decisions("T1") == [] and len(h.produced) == n  # processed before the upgrade
    [again] = h.feedback("S-old", "T2", FeedbackKind.DRAFT_APPROVED)
    # the refund ran; its real result changes the reply the reviewer saw: back to the reviewer
    assert again.outcome is Outcome.DRAFT and again.action_result is not None
    assert again.response != old.drafts["T2"].decision.response
    assert h.feedback("S-old", "T2", FeedbackKind.DRAFT_APPROVED) == []  # applied once
    [sent] = h.feedback("S-old", "T2", FeedbackKind.DRAFT_APPROVED, feedback_id="T2:second")
    assert sent.outcome is Outcome.RESPOND and sent.response == again.response
    assert sent.action_result == again.action_result  # the refund ran once
    assert "T2" not in h.state("S-old").drafts
