"""Issue 17 item 7: a session's state stays under the broker's message size. Old data and turn
texts go first; drafts and a pending request are never dropped; a state that still cannot fit
refuses the ticket that would grow it (dead-lettered by the pump), and the stage goes on."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from schemas import DeadLetter, HistoryEntry, PendingRequest, SessionState, Stage
from streams.pump import Pump
from streams.session_stage import SessionInput
from streams.sessions import TURN_TEXT_KEEP, SessionTooLarge, bounded, fitted
from tests.streams.fake_kafka import FakeBroker, Record
from tests.streams.keyword_model import KeywordModel
from tollgate.config import load_settings
from tollgate.fitting import MARKER
from tollgate.testing.sessions import Harness

CAP = 8192
REFUND = "refund 30 euros for order #10000001 please"  # drafts (the refund intent's 0.6)


def _size(state: SessionState) -> int:
    return len(state.model_dump_json().encode())


def _turn(n: int, text: str) -> HistoryEntry:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return HistoryEntry(ticket_id=f"T{n}", text=text, intent="greeting", outcome="respond", at=at)


def test_turn_texts_are_cut_with_the_marker_when_nothing_older_is_left() -> None:
    pending = PendingRequest(intent="request_refund", confidence=0.6, ticket_id="T0")
    state = SessionState(session_id="s", partition=0, pending=pending, turns=[_turn(0, "ä" * 6000)])
    assert _size(state) > CAP  # 6000 characters, 12000 bytes
    cut = bounded(state, CAP)
    assert _size(cut) <= CAP
    [turn] = cut.turns
    assert turn.text == "ä" * TURN_TEXT_KEEP + MARKER.format(n=6000 - TURN_TEXT_KEEP)
    assert cut.pending == pending


def test_a_session_at_the_message_size_keeps_its_drafts_and_refuses_the_next_ticket() -> None:
    h = Harness(load_settings(kafka_max_message_bytes=CAP), KeywordModel())
    held = 0
    with pytest.raises(SessionTooLarge) as refused:
        for n in range(30):
            h.say("S", f"R{n}", REFUND)
            held = len(h.state("S").drafts)
            assert held == n + 1  # every draft kept while it fits
            assert _size(h.state("S")) <= CAP
    assert 1 <= held < 30
    assert f"with {held + 1} drafts held" in str(refused.value)
    assert len(h.state("S").drafts) == held  # nothing dropped, the state before stays
    assert h.decisions(f"R{held}") == []  # no output for the refused ticket
    # the same check guards any other writer of the session state
    state = h.state("S")
    with pytest.raises(SessionTooLarge):
        fitted(state, load_settings(kafka_max_message_bytes=4096))


def test_the_pump_dead_letters_the_refused_ticket_and_decides_the_others() -> None:
    settings = load_settings(kafka_max_message_bytes=CAP, stage_max_attempts=2)
    h = Harness(settings, KeywordModel())
    with pytest.raises(SessionTooLarge):  # fill the session until a draft no longer fits
        for n in range(30):
            h.say("S", f"R{n}", REFUND)
    held = len(h.state("S").drafts)
    items = asyncio.run(h.items([("S", "BIG", REFUND), ("OTHER", "O1", "hello")]))
    records = [
        Record(item.source.topic, item.source.partition, item.source.offset, v)
        for item in items
        if (v := item.value.model_dump_json().encode())
    ]
    broker = FakeBroker()
    pump: Pump[SessionInput] = Pump(
        stage=Stage.DECISION,
        settings=h.settings,
        model=SessionInput,
        handle=h.stage.handle,
        send=broker.send_many,
    )
    asyncio.run(pump.run(records))  # returns: no crash, no crash loop

    letters = [
        DeadLetter.model_validate_json(v)
        for topic, _k, v in broker.acked
        if topic == settings.topic_deadletter
    ]
    [letter] = letters
    assert letter.ticket_id == "BIG" and "SessionTooLarge" in letter.error
    assert letter.reason == "decision stage failed after 2 attempts"
    assert h.decisions("BIG") == [] and len(h.decisions("O1")) == 1
    assert len(h.state("S").drafts) == held


def test_outputs_too_large_for_the_outbox_go_out_before_the_state() -> None:
    """A ticket whose outputs alone come near the message size cannot keep them in its
    session's outbox: they are produced before the state (as before the outbox: at-least-once),
    the state is written without them, and the ticket is decided, not refused."""
    h = Harness(load_settings(kafka_max_message_bytes=CAP), KeywordModel())
    text = "Where is my order 10000001? " + "It was a present for my nephew. " * 90
    decision = h.say("S", "T1", text)
    assert decision.ticket_id == "T1"
    state = h.state("S")
    assert "ticket:T1" not in state.outbox and "T1" in state.processed
    topics = [o.topic for o in h.produced]
    first_state = topics.index(h.settings.topic_sessions)
    assert h.settings.topic_decision in topics[:first_state]  # the outputs went out first
    h.say("S", "T2", "thanks")  # a small one keeps its entry again
    assert "ticket:T2" in h.state("S").outbox
