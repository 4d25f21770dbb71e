"""The review loop with scripted input: what gets published, when it stops, what it reports."""

from __future__ import annotations

import io
import os
import pty
import termios
import tty
from collections.abc import Sequence

import pytest

from schemas import Feedback, FeedbackKind, Outcome
from tests.review.builders import decision, escalation
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.review.items import ItemKind, ReviewItem, item_from_decision, item_from_escalation
from tollgate.review.keys import load_intents
from tollgate.review.session import Summary, review
from tollgate.review.terminal import LineIO, TtyIO, make_io

INTENTS = load_intents(DEFAULT_DOMAIN_DIR)
ITEMS: list[ReviewItem] = [
    item_from_decision(decision("D1", Outcome.DRAFT), ItemKind.DRAFT),
    item_from_escalation(escalation("E1")),
    item_from_decision(decision("R1", Outcome.RESPOND_REVIEW), ItemKind.RESPONSE),
]


def run(
    script: str, items: Sequence[ReviewItem] = ITEMS
) -> tuple[Summary, list[tuple[Feedback, str]], str]:
    out = io.StringIO()
    sent: list[tuple[Feedback, str]] = []
    summary = review(
        items,
        LineIO(io.StringIO(script), out),
        lambda fb, key: sent.append((fb, key)),
        reviewer="ann",
        intents=INTENTS,
    )
    return summary, sent, out.getvalue()


def test_one_judgement_per_item_keyed_by_session() -> None:
    summary, sent, _ = run("a\ny\nw\n")
    assert [(f.ticket_id, f.kind) for f, _ in sent] == [
        ("D1", FeedbackKind.DRAFT_APPROVED),
        ("E1", FeedbackKind.ESCALATION_APPROPRIATE),
        ("R1", FeedbackKind.RESPONSE_WRONG),
    ]
    assert [key for _, key in sent] == ["s-D1", "s-E1", "s-R1"]
    assert all(f.reviewer == "ann" for f, _ in sent)
    assert (summary.reviewed, summary.skipped, summary.quit) == (3, 0, False)
    assert summary.published == [f for f, _ in sent]


def test_label_stays_on_the_item_and_ok_keeps_the_label() -> None:
    refund = str(INTENTS.index("request_refund") + 1)
    _, sent, out = run(f"l\ncancel_order\na\nl\n{refund}\nn\nl\nbilling\nk\n")
    assert [(f.ticket_id, f.kind, f.correct_intent) for f, _ in sent] == [
        ("D1", FeedbackKind.INTENT_LABEL, "cancel_order"),
        ("D1", FeedbackKind.DRAFT_APPROVED, None),
        ("E1", FeedbackKind.INTENT_LABEL, "request_refund"),
        ("E1", FeedbackKind.ESCALATION_INAPPROPRIATE, None),
        ("R1", FeedbackKind.INTENT_LABEL, "billing_question"),  # 'k' did not overwrite it
    ]
    assert "check_order_status" in out  # the numbered intent list was shown


def test_ok_alone_confirms_the_detected_intent() -> None:
    _, sent, _ = run("k\n", ITEMS[2:])
    [(feedback, _)] = sent
    assert feedback.kind is FeedbackKind.INTENT_LABEL
    assert feedback.correct_intent == "check_order_status"
    assert feedback.feedback_id == "R1:intent_label"


def test_edit_publishes_the_new_text_and_empty_edits_are_cancelled() -> None:
    _, sent, out = run("e\n\ne\nShipped today, tracking 1Z999.\n", ITEMS[:1])
    [(feedback, _)] = sent
    assert feedback.kind is FeedbackKind.DRAFT_EDITED
    assert feedback.edited_response == "Shipped today, tracking 1Z999."
    assert "edit cancelled" in out


def test_unknown_keys_and_bad_intents_are_refused_then_the_item_waits() -> None:
    _, sent, out = run("y\nl\nnot_an_intent\nr\n", ITEMS[:1])
    assert [f.kind for f, _ in sent] == [FeedbackKind.DRAFT_REJECTED]
    assert "unknown key 'y'" in out and "no such intent" in out


def test_skip_quit_and_end_of_input() -> None:
    summary, sent, out = run("s\nq\n")
    assert sent == [] and (summary.reviewed, summary.skipped, summary.quit) == (0, 1, True)
    assert "[2/3] ESCALATION" in out and "[3/3]" not in out
    assert "left 2 of 3" in summary.text()

    summary, sent, _ = run("\n\na\n")  # blank lines are ignored; input ends after D1
    assert [f.ticket_id for f, _ in sent] == ["D1"] and summary.quit

    summary, sent, out = run("", [])
    assert "Nothing to review." in out and summary.total == 0


def test_interrupt_keeps_what_was_published() -> None:
    class Interrupting(LineIO):
        calls = 0

        def key(self, prompt: str) -> str:
            self.calls += 1
            if self.calls > 1:
                raise KeyboardInterrupt
            return "a"

    out = io.StringIO()
    sent: list[Feedback] = []
    summary = review(
        ITEMS,
        Interrupting(io.StringIO(), out),
        lambda fb, _key: sent.append(fb),
        reviewer="",
        intents=INTENTS,
    )
    assert [f.ticket_id for f in sent] == ["D1"] and summary.quit
    assert "interrupted" in out.getvalue()


def test_a_pipe_reads_lines_and_a_terminal_reads_keys() -> None:
    assert isinstance(make_io(io.StringIO("a\n"), io.StringIO()), LineIO)

    class FakeTty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(make_io(FakeTty(), io.StringIO()), TtyIO)


@pytest.mark.timeout(20)
def test_a_real_terminal_takes_single_keystrokes_without_enter() -> None:
    master, slave = pty.openpty()
    with os.fdopen(slave, "r") as tty_in:
        out = io.StringIO()
        assert isinstance(make_io(tty_in, out), TtyIO)
        terminal = TtyIO(tty_in, out, discard_typeahead=False)  # keys are typed ahead here
        before = termios.tcgetattr(slave)
        os.write(master, b"a")  # no newline: cooked mode would block here
        assert terminal.key("> ") == "a"
        os.write(master, b"\x1b[A")  # an arrow key arrives whole and is no command
        assert terminal.key("> ") == "\x1b[A"
        assert termios.tcgetattr(slave) == before  # the terminal mode is restored
        assert out.getvalue().startswith("> a\n")
        tty.setcbreak(slave)  # Ctrl-D typed while a key is awaited ends the session
        os.write(master, b"\x04")
        assert terminal.key("> ") == ""
    os.close(master)
