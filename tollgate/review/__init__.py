"""The human review queue: drafts, flagged responses and escalations → Feedback.

``tollgate review`` reads the queue topics until they go idle, shows each pending item with its
context and publishes the reviewer's judgement on the feedback topic.
"""

from __future__ import annotations

import asyncio
import getpass
from typing import TextIO

from schemas import Feedback
from tollgate.config import Settings
from tollgate.review.bus import FeedbackPublisher, load_state
from tollgate.review.items import QUEUES, ItemKind, QueueState, ReviewItem, build_queue
from tollgate.review.keys import Command, feedback_for, load_intents, resolve
from tollgate.review.session import ReviewIO, Summary, review
from tollgate.review.terminal import make_io
from tollgate.reviewers import reviewer_tokens, sign_feedback

__all__ = [
    "QUEUES",
    "Command",
    "FeedbackPublisher",
    "ItemKind",
    "QueueState",
    "ReviewIO",
    "ReviewItem",
    "ReviewerError",
    "Summary",
    "build_queue",
    "feedback_for",
    "load_intents",
    "load_state",
    "make_io",
    "resolve",
    "review",
    "run_review",
]


class ReviewerError(ValueError):
    """The reviewer cannot sign feedback (no token configured for the name)."""


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def run_review(
    settings: Settings,
    *,
    queue: str = "all",
    reviewer: str | None = None,
    idle_timeout_s: float = 2.0,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> Summary:
    """Load the queue, review it interactively (or from scripted stdin), publish feedback
    signed with the reviewer's token (:class:`ReviewerError` when the name has none)."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; one of {', '.join(QUEUES)}")
    name = _default_reviewer() if reviewer is None else reviewer
    token = reviewer_tokens(settings).get(name)
    if token is None:  # unsigned feedback would only be dead-lettered by the worker
        raise ReviewerError(
            f"reviewer {name!r} has no token in TOLLGATE_REVIEWER_TOKENS (name:token,...); "
            "feedback must be signed to be applied"
        )
    io = make_io(stdin, stdout)
    state = asyncio.run(load_state(settings, idle_timeout_s))
    if state.missing:
        io.show(f"(topics not created yet, skipped: {', '.join(state.missing)})")
    if state.malformed:
        io.show(f"({state.malformed} unreadable message(s) ignored)")
    items = state.items(queue)
    intents = load_intents(settings.domain_dir)
    with FeedbackPublisher(settings) as publisher:

        def publish(feedback: Feedback, key: str) -> None:
            publisher.publish(sign_feedback(feedback, name, token), key)

        summary = review(items, io, publish, reviewer=name, intents=intents)
    io.show(summary.text())
    return summary
