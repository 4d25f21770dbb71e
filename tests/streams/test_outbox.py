"""The session state's outbox (issue 16 items 1 and 4): a batch's new states, with the outputs
they lead to, are acknowledged before the outputs; a crash at either point redelivers the batch,
and the redelivered inputs produce the recorded outputs again (identical) instead of deciding
again. In process: a produce that raises stands for the crash, the changelog records produced
so far are what the next worker restores."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest
from aiokafka import TopicPartition

from schemas import AgentDecision, FeedbackKind, Outcome, SessionState, utcnow
from streams.pump import Item, Out
from streams.session_stage import SessionInput, SessionStage
from streams.sessions import bounded
from tests.streams.keyword_model import KeywordModel
from tollgate.config import load_settings
from tollgate.testing.sessions import Harness


class Crash(Exception):
    """The worker dies here."""


@pytest.fixture
def h() -> Harness:
    return Harness(load_settings(topic_partitions=4), KeywordModel())


def crash_at_outputs(h: Harness) -> None:
    """The worker dies when the batch's outputs are produced (after its state was written)."""
    keep = h.stage.produce
    assert keep is not None

    async def produce(outs: Sequence[Out]) -> None:
        if any(o.topic == h.settings.topic_decision for o in outs):
            raise Crash
        await keep(outs)

    h.stage.produce = produce


def restart(h: Harness) -> None:
    """A new worker: the latest state of each session as written to the changelog, no commits
    known, the harness's produce."""
    found: dict[int, dict[str, SessionState]] = {p: {} for p in range(4)}
    for out in h.produced:
        if out.topic == h.settings.topic_sessions and isinstance(out.value, SessionState):
            found[out.value.partition][out.key] = out.value
    for partition, states in found.items():
        h.store.adopt(partition, states)
    stage = SessionStage(h.stage.decision, h.store)
    stage.produce, stage.dead_letter = h._produce, h.stage.dead_letter
    h.stage = stage


def handled_without_commit(h: Harness, items: Sequence[Item[SessionInput]]) -> None:
    """The batch is handled, outputs acknowledged, and the worker dies before the commit."""
    asyncio.run(h.stage.handle(items))


def encoded(decisions: Sequence[AgentDecision]) -> set[str]:
    return {d.model_dump_json() for d in decisions}


def test_crash_after_the_state_write_before_the_outputs_produces_them_once(h: Harness) -> None:
    items = asyncio.run(h.items([("S1", "T1", "Where is my order 10000001?")]))
    crash_at_outputs(h)
    with pytest.raises(Crash):
        asyncio.run(h.handle(items))
    assert h.decisions("T1") == []  # nothing went out
    written = h.state("S1").outbox["ticket:T1"]
    restart(h)
    asyncio.run(h.handle(items))  # redelivered
    [decision] = h.decisions("T1")
    assert decision.outcome is Outcome.RESPOND
    replayed = [o for o in h.produced if o.topic != h.settings.topic_sessions]
    assert [(o.topic, o.key, o.value.model_dump_json()) for o in replayed] == [
        (m.topic, m.key, m.value) for m in written.messages
    ]
    assert [t.ticket_id for t in h.state("S1").turns] == ["T1"]  # decided once


def test_crash_after_the_outputs_before_the_commit_produces_identical_copies(
    h: Harness,
) -> None:
    items = asyncio.run(h.items([("S2", "T1", "Where is my order?"), ("S3", "U1", "Hi")]))
    handled_without_commit(h, items)
    first = {t: h.decisions(t) for t in ("T1", "U1")}
    restart(h)
    asyncio.run(h.handle(items))  # redelivered from the last committed offset
    for ticket_id, [decision] in first.items():
        copies = h.decisions(ticket_id)
        assert len(copies) == 2  # at-least-once: a copy ...
        assert encoded(copies) == {decision.model_dump_json()}  # ... identical, same decided_at
    assert [t.ticket_id for t in h.state("S2").turns] == ["T1"]
    pending = h.state("S2").pending
    assert pending is not None and pending.rounds == 1


def test_an_approval_redelivered_at_each_crash_point_is_applied_once(h: Harness) -> None:
    draft = h.say("S4", "T1", "refund 30 for order #10000001")
    assert draft.outcome is Outcome.DRAFT  # showing the reply a successful refund sends
    approval = h.feedback_item("S4", "T1", FeedbackKind.DRAFT_APPROVED, feedback_id="T1:ok")
    crash_at_outputs(h)
    with pytest.raises(Crash):  # crash after the state write
        asyncio.run(h.handle([approval]))
    assert "T1" not in h.state("S4").drafts
    restart(h)
    handled_without_commit(h, [approval])  # crash after the outputs
    restart(h)
    asyncio.run(h.handle([approval]))
    sent = [d for d in h.decisions("T1") if d.outcome is not Outcome.DRAFT]
    assert len(sent) == 2 and len(encoded(sent)) == 1  # one response, delivered twice
    assert sent[0].outcome is Outcome.RESPOND and sent[0].response == draft.response
    assert sent[0].action_result is not None and sent[0].action_result.success
    assert len({d.decided_at for d in sent}) == 1
    # the offsets are committed now: the entry is retired with the session's next write
    h.say("S4", "T2", "thanks")
    assert set(h.state("S4").outbox) == {"ticket:T2"}


def test_a_resent_copy_at_another_offset_is_not_replayed(h: Harness) -> None:
    h.say("S5", "T1", "refund 30 for order #10000001")
    h.feedback("S5", "T1", FeedbackKind.DRAFT_EDITED, edited_response="Done.")
    assert h.feedback("S5", "T1", FeedbackKind.DRAFT_EDITED, edited_response="Done.") == []


def test_retired_entries_leave_idle_sessions_in_memory_at_the_sweep(h: Harness) -> None:
    h.say("S6", "T1", "Where is my order 10000001?")
    assert set(h.state("S6").outbox) == {"ticket:T1"}  # no later write of the session
    h.sweep(utcnow() + timedelta(seconds=1))
    assert h.state("S6").outbox == {}
    assert [t.ticket_id for t in h.state("S6").turns] == ["T1"]


def test_a_draft_past_its_sla_waits_for_the_commit_of_the_ticket_that_produced_it(
    h: Harness,
) -> None:
    """A new owner restored a draft whose ticket was not committed: the ticket comes again and
    its draft is produced again. Escalated before that, the escalation would be followed by a
    copy of the draft it replaced (seen in the multi-worker expiry test under load)."""
    items = asyncio.run(h.items([("S8", "T1", "refund 30 for order #10000001")]))
    handled_without_commit(h, items)
    restart(h)
    later = utcnow() + timedelta(minutes=h.settings.draft_sla_minutes + 1)
    assert h.sweep(later) == []  # its ticket may come again
    asyncio.run(h.handle(items))  # it does: the recorded draft again, then the commit
    [escalated] = h.sweep(later)
    assert "SLA" in escalated.reasoning
    assert [d.outcome for d in h.decisions("T1")] == [
        Outcome.DRAFT,
        Outcome.DRAFT,
        Outcome.ESCALATE,
    ]


def test_a_draft_whose_ticket_an_earlier_owner_committed_escalates_at_the_new_owner(
    h: Harness,
) -> None:
    items = asyncio.run(h.items([("S9", "T1", "refund 30 for order #10000001")]))
    asyncio.run(h.handle(items))  # decided and committed by the first owner
    restart(h)  # the new owner knows no commits ...
    later = utcnow() + timedelta(minutes=h.settings.draft_sla_minutes + 1)
    assert h.sweep(later) == []
    source = items[0].source  # ... until its runner reports the group's at assignment
    h.stage.committed({TopicPartition(source.topic, source.partition): source.offset + 1}, None)
    [escalated] = h.sweep(later)
    assert "SLA" in escalated.reasoning


def test_the_sweep_reads_the_commit_a_new_owner_did_not_learn_at_assignment(
    h: Harness,
) -> None:
    """The report at assignment can fail (the coordinator moving, a timeout): the sweep asks the
    runner for the committed offsets of the partitions its due drafts wait on, and escalates
    without waiting for a commit of its own on a partition that may see no input again (seen
    as "drafts not expired" in the multi-worker expiry test under load)."""
    items = asyncio.run(h.items([("S9", "T1", "refund 30 for order #10000001")]))
    asyncio.run(h.handle(items))  # decided and committed by the first owner
    restart(h)  # the new owner knows no commits: its report at assignment was lost
    source = items[0].source
    asked: list[set[tuple[str, int]]] = []

    async def read_committed(partitions: set[tuple[str, int]]) -> None:
        asked.append(partitions)
        h.stage.committed({TopicPartition(source.topic, source.partition): source.offset + 1}, None)

    h.stage.read_committed = read_committed
    assert h.sweep(utcnow()) == [] and asked == []  # nothing due: nothing asked
    [escalated] = h.sweep(utcnow() + timedelta(minutes=h.settings.draft_sla_minutes + 1))
    assert "SLA" in escalated.reasoning
    assert asked == [{(source.topic, source.partition)}]


def test_the_byte_cap_counts_the_outbox_and_never_cuts_it_a_draft_or_a_pending_request(
    h: Harness,
) -> None:
    h.say("S7", "T1", "refund 30 for order #10000001")  # a draft
    h.say("S7", "T2", "Where is my order?")  # a pending question
    state = h.state("S7")
    entry = next(iter(state.outbox.values()))
    big = {f"ticket:X{i}": entry for i in range(20)}
    processed = {f"X{i}": f"0:{i}" for i in range(500)}
    full = state.model_copy(update={"outbox": big, "processed": processed})
    cut = bounded(full, 8192)
    assert len(cut.processed) < len(processed) and len(cut.turns) == 1  # cut for it ...
    assert cut.outbox == big and cut.drafts == state.drafts and cut.pending == state.pending
