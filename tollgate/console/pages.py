"""What the console's pages show, computed from the live state (pure; no I/O, no HTML).

A queue row carries the item, its SLA deadline and countdown, and its claim; filters and counts
work on the same rows. Text is passed to the templates as is: Jinja2 escapes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas import FeedbackKind
from tollgate.config import Settings
from tollgate.console.claims import Claim, ClaimBook
from tollgate.review.items import QUEUES, ItemKind, QueueState, ReviewItem
from tollgate.review.keys import Command
from tollgate.review.reasons import REASONS, REASONS_BY_KIND

PAGE_ROWS = 200
"""Rows rendered per queue page (counts cover every item)."""

KIND_LABELS = {
    ItemKind.DRAFT: "Draft",
    ItemKind.RESPONSE: "Flagged answer",
    ItemKind.ESCALATION: "Escalation",
}
QUEUE_LABELS = {"all": "All", "drafts": "Drafts", "review": "Flagged", "escalations": "Escalations"}


@dataclass(frozen=True)
class Button:
    """One action form on the item page: the command posted, its label, the reasons offered."""

    command: Command
    label: str
    kind: FeedbackKind
    with_text: bool = False
    with_intent: bool = False

    @property
    def reasons(self) -> list[tuple[str, str]]:
        return [(code, REASONS[code]) for code in REASONS_BY_KIND[self.kind]]


BUTTONS: dict[ItemKind, tuple[Button, ...]] = {
    ItemKind.DRAFT: (
        Button(Command.APPROVE, "Approve and send", FeedbackKind.DRAFT_APPROVED),
        Button(Command.EDIT, "Edit and send", FeedbackKind.DRAFT_EDITED, with_text=True),
        Button(Command.REJECT, "Reject (escalate)", FeedbackKind.DRAFT_REJECTED),
    ),
    ItemKind.RESPONSE: (
        Button(Command.OK, "Answer was right", FeedbackKind.INTENT_LABEL),
        Button(Command.WRONG, "Wrong answer", FeedbackKind.RESPONSE_WRONG),
        Button(Command.MISSED, "Should have escalated", FeedbackKind.MISSED_ESCALATION),
    ),
    ItemKind.ESCALATION: (
        Button(Command.APPROPRIATE, "Appropriate", FeedbackKind.ESCALATION_APPROPRIATE),
        Button(Command.INAPPROPRIATE, "Not appropriate", FeedbackKind.ESCALATION_INAPPROPRIATE),
        Button(Command.HANDBACK, "Hand back to the agent", FeedbackKind.HANDBACK),
    ),
}
"""The buttons per item kind (every kind also has the correct-intent picker)."""
LABEL_BUTTON = Button(Command.LABEL, "Label intent", FeedbackKind.INTENT_LABEL, with_intent=True)


def button_for(kind: ItemKind, command: str) -> Button | None:
    """The button a posted ``command`` names, if this kind of item has it."""
    for button in (*BUTTONS[kind], LABEL_BUTTON):
        if button.command.value == command:
            return button
    return None


@dataclass(frozen=True)
class Row:
    item: ReviewItem
    deadline: datetime | None
    claim: Claim | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.item.kind]

    def countdown(self, now: datetime) -> str:
        """``12 min left`` / ``overdue 3 min`` / ``—``."""
        if self.deadline is None:
            return "—"
        minutes = int((self.deadline - now).total_seconds() // 60)
        if minutes < 0:
            return f"overdue {_span(-minutes)}"
        return f"{_span(minutes)} left"

    def overdue(self, now: datetime) -> bool:
        return self.deadline is not None and self.deadline < now


def _span(minutes: int) -> str:
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60:02d} min"


def deadline_of(item: ReviewItem, settings: Settings) -> datetime | None:
    """Escalations carry their SLA; a draft escalates ``draft_sla_minutes`` after it was made."""
    if item.kind is ItemKind.ESCALATION:
        return item.deadline
    if item.kind is ItemKind.DRAFT:
        return item.at + timedelta(minutes=settings.draft_sla_minutes)
    return None


@dataclass(frozen=True)
class Filters:
    queue: str = "all"
    escalation_queue: str = ""
    intent: str = ""
    text: str = ""
    mine: bool = False

    @classmethod
    def parse(cls, query: dict[str, str]) -> Filters:
        queue = query.get("queue", "all")
        return cls(
            queue=queue if queue in QUEUES else "all",
            escalation_queue=query.get("equeue", "")[:64],
            intent=query.get("intent", "")[:64],
            text=query.get("q", "")[:200],
            mine=query.get("mine") == "1",
        )

    def keep(self, row: Row, reviewer: str) -> bool:
        item = row.item
        if item.kind not in QUEUES[self.queue]:
            return False
        if self.escalation_queue and item.queue != self.escalation_queue:
            return False
        if self.intent and item.intent != self.intent:
            return False
        if self.text and self.text.lower() not in (item.text + " " + item.ticket_id).lower():
            return False
        return not self.mine or (row.claim is not None and row.claim.reviewer == reviewer)


@dataclass(frozen=True)
class QueuePage:
    rows: list[Row]
    shown: int
    matching: int
    counts: dict[str, int]
    escalation_counts: dict[str, int]
    intents: list[str]


def queue_page(
    items: Sequence[ReviewItem],
    claims: ClaimBook,
    settings: Settings,
    filters: Filters,
    reviewer: str,
    now: datetime,
) -> QueuePage:
    """The rows that match ``filters`` (first :data:`PAGE_ROWS`), with counts of every queue."""
    rows = [Row(i, deadline_of(i, settings), claims.holder(i.ticket_id, now)) for i in items]
    kinds = Counter(r.item.kind for r in rows)
    counts = {name: sum(kinds[k] for k in QUEUES[name]) for name in QUEUE_LABELS}
    escalation_counts = Counter(
        r.item.queue or "general" for r in rows if r.item.kind is ItemKind.ESCALATION
    )
    matching = [r for r in rows if filters.keep(r, reviewer)]
    return QueuePage(
        rows=matching[:PAGE_ROWS],
        shown=min(len(matching), PAGE_ROWS),
        matching=len(matching),
        counts=counts,
        escalation_counts={q: escalation_counts.get(q, 0) for q in settings.escalation_queues},
        intents=sorted({r.item.intent for r in rows}),
    )


@dataclass(frozen=True)
class Turn:
    """Another ticket of the same session, as the console has seen it."""

    at: datetime
    ticket_id: str
    intent: str
    outcome: str
    text: str


def session_turns(state: QueueState, session_id: str, exclude: str) -> list[Turn]:
    """The session's other tickets the queues have carried (drafts, flagged answers,
    escalations — answered ones too), oldest first: the conversation around an item."""
    turns = [
        Turn(
            d.decided_at,
            d.ticket_id,
            d.verdict.intent.intent,
            d.outcome.value,
            d.verdict.intent.clean_text,
        )
        for d in (*state.drafts.values(), *state.flagged.values())
        if d.session_id == session_id and d.ticket_id != exclude
    ]
    turns += [
        Turn(e.created_at, e.ticket_id, e.intent, e.outcome.value, e.text)
        for e in state.escalations.values()
        if e.session_id == session_id and e.ticket_id != exclude
    ]
    return sorted(turns, key=lambda t: t.at)
