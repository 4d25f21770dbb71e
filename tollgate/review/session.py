"""The review loop: show an item, read keys, publish feedback. I/O is injected, so the loop
runs the same against a terminal, a script on stdin, or a test double."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from schemas import Feedback
from tollgate.review.items import ReviewItem
from tollgate.review.keys import Command, feedback_for, key_help, parse_intent_choice, resolve
from tollgate.review.render import render_intents, render_item

Publish = Callable[[Feedback, str], None]
"""Send one Feedback, keyed by the item's session id."""


class ReviewIO(Protocol):
    """How the loop talks to the reviewer."""

    def show(self, text: str) -> None:
        """Print a block of text."""

    def key(self, prompt: str) -> str:
        """One command (a keystroke, or one line when scripted); '' at end of input."""

    def line(self, prompt: str, initial: str = "") -> str | None:
        """A line of free text (``initial`` pre-filled where the terminal allows); None at end
        of input."""


@dataclass
class Summary:
    """What a session did."""

    total: int = 0
    reviewed: int = 0
    skipped: int = 0
    quit: bool = False
    published: list[Feedback] = field(default_factory=list)

    def text(self) -> str:
        left = self.total - self.reviewed - self.skipped
        return (
            f"reviewed {self.reviewed}, skipped {self.skipped}, left {left} of {self.total}; "
            f"published {len(self.published)} feedback message(s)"
        )


def review(
    items: Sequence[ReviewItem],
    io: ReviewIO,
    publish: Publish,
    *,
    reviewer: str,
    intents: Sequence[str],
) -> Summary:
    """Walk the queue until it is empty, the reviewer quits, or input ends."""
    summary = Summary(total=len(items))
    if not items:
        io.show("Nothing to review.")
        return summary
    try:
        for position, item in enumerate(items, 1):
            io.show(render_item(item, position, len(items)))
            if not _review_one(item, io, publish, reviewer, intents, summary):
                summary.quit = True
                break
    except KeyboardInterrupt:  # Ctrl-C: what was published stays published
        summary.quit = True
        io.show("interrupted")
    return summary


def _review_one(
    item: ReviewItem,
    io: ReviewIO,
    publish: Publish,
    reviewer: str,
    intents: Sequence[str],
    summary: Summary,
) -> bool:
    """Handle keys for one item; False when the session should end."""
    labelled = False
    while True:
        key = io.key("> ")
        if not key:
            return False
        command = resolve(item.kind, key)
        if command is None:
            io.show(f"unknown key {key[:8]!r} — {key_help(item.kind)}")
            continue
        if command is Command.QUIT:
            return False
        if command is Command.SKIP:
            summary.skipped += 1
            return True
        edited = intent = None
        if command is Command.EDIT:
            edited = io.line("New response: ", item.response or "")
            if edited is None:
                return False
            if not edited.strip():
                io.show("edit cancelled (empty text)")
                continue
        if command is Command.LABEL:
            io.show(render_intents(intents))
            answer = io.line("Correct intent (number or name): ")
            if answer is None:
                return False
            intent = parse_intent_choice(answer, intents)
            if intent is None:
                io.show(f"no such intent: {answer.strip()[:64]!r}")
                continue
        feedback = feedback_for(
            item,
            command,
            reviewer,
            edited_response=edited,
            correct_intent=intent,
            labelled=labelled,
        )
        if feedback is not None:
            publish(feedback, item.session_id)
            summary.published.append(feedback)
            detail = f" {feedback.correct_intent}" if feedback.correct_intent else ""
            io.show(f"→ {feedback.kind.value}{detail}")
        if command is Command.LABEL:  # a label adds to the judgement: stay on the item
            labelled = True
            continue
        summary.reviewed += 1
        return True
