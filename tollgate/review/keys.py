"""Keystroke → command → Feedback, as pure functions.

``feedback_id`` is ``f"{ticket_id}:{kind}"``: pressing the same key twice (or in two sessions)
writes the same id, which the ReplacingMergeTree keeps once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import yaml

from schemas import Feedback, FeedbackKind
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.review.items import ItemKind, ReviewItem
from tollgate.review.reasons import reason_for


class Command(StrEnum):
    APPROVE = "approve"
    EDIT = "edit"
    REJECT = "reject"
    OK = "ok"
    WRONG = "wrong"
    MISSED = "missed escalation"
    APPROPRIATE = "appropriate"
    INAPPROPRIATE = "inappropriate"
    LABEL = "label intent"
    HANDBACK = "hand back"
    SKIP = "skip"
    QUIT = "quit"


_COMMON = {"l": Command.LABEL, "s": Command.SKIP, "q": Command.QUIT}
KEYMAP: dict[ItemKind, dict[str, Command]] = {
    ItemKind.DRAFT: {"a": Command.APPROVE, "e": Command.EDIT, "r": Command.REJECT, **_COMMON},
    ItemKind.RESPONSE: {"k": Command.OK, "w": Command.WRONG, "m": Command.MISSED, **_COMMON},
    ItemKind.ESCALATION: {
        "y": Command.APPROPRIATE,
        "n": Command.INAPPROPRIATE,
        "h": Command.HANDBACK,
        **_COMMON,
    },
}
"""The keys each kind of item accepts."""

_DRAFT_DECISIONS = frozenset(
    {FeedbackKind.DRAFT_APPROVED, FeedbackKind.DRAFT_EDITED, FeedbackKind.DRAFT_REJECTED}
)
_KINDS: dict[Command, FeedbackKind] = {
    Command.APPROVE: FeedbackKind.DRAFT_APPROVED,
    Command.EDIT: FeedbackKind.DRAFT_EDITED,
    Command.REJECT: FeedbackKind.DRAFT_REJECTED,
    Command.OK: FeedbackKind.INTENT_LABEL,
    Command.WRONG: FeedbackKind.RESPONSE_WRONG,
    Command.MISSED: FeedbackKind.MISSED_ESCALATION,
    Command.APPROPRIATE: FeedbackKind.ESCALATION_APPROPRIATE,
    Command.INAPPROPRIATE: FeedbackKind.ESCALATION_INAPPROPRIATE,
    Command.LABEL: FeedbackKind.INTENT_LABEL,
    Command.HANDBACK: FeedbackKind.HANDBACK,
}


def resolve(kind: ItemKind, key: str) -> Command | None:
    """The command a key means for this kind of item; None for keys it does not take."""
    return KEYMAP[kind].get(key[:1].lower()) if key else None


def key_help(kind: ItemKind) -> str:
    """``[a] approve  [e] edit  ...`` for the prompt line."""
    return "  ".join(f"[{k}] {c.value}" for k, c in KEYMAP[kind].items())


def feedback_id(ticket_id: str, kind: FeedbackKind, offered_at: datetime | None = None) -> str:
    """Deterministic, so a re-sent decision counts once; a draft's decisions also name the
    draft they answer (``offered_at``), since a draft can be offered again (a changed action
    result) and the reviewer's new decision must not look like a copy of the first."""
    if offered_at is not None and kind in _DRAFT_DECISIONS:
        return f"{ticket_id}:{kind.value}:{offered_at:%Y%m%dT%H%M%S%f}"
    return f"{ticket_id}:{kind.value}"


def feedback_for(
    item: ReviewItem,
    command: Command,
    reviewer: str,
    *,
    edited_response: str | None = None,
    correct_intent: str | None = None,
    labelled: bool = False,
) -> Feedback | None:
    """The Feedback a command publishes, or None when it publishes nothing.

    ``ok`` on a response confirms the detected intent (an ``intent_label``), unless the reviewer
    labelled the item already (``labelled``): the confirmation must not overwrite that label.
    ``edit`` needs ``edited_response`` and ``label`` needs ``correct_intent``. The reason code
    is the kind's default (:mod:`tollgate.review.reasons`); the console lets the reviewer choose.
    """
    if command in (Command.SKIP, Command.QUIT) or command not in KEYMAP[item.kind].values():
        return None
    kind = _KINDS[command]
    extra: dict[str, str] = {}
    if command is Command.OK:
        if labelled:
            return None
        extra = {"correct_intent": item.intent, "comment": "response ok"}
    elif command is Command.LABEL:
        if not correct_intent:
            return None
        extra = {"correct_intent": correct_intent}
    elif command is Command.EDIT:
        if not edited_response or not edited_response.strip():
            return None
        extra = {"edited_response": edited_response.strip()}
    return Feedback(
        feedback_id=feedback_id(item.ticket_id, kind, item.at),
        ticket_id=item.ticket_id,
        session_id=item.session_id,
        kind=kind,
        reviewer=reviewer,
        reason_code=reason_for(kind, None),
        **extra,
    )


def load_intents(domain_dir: Path) -> list[str]:
    """The domain's intent names (from ``intents.yaml``), plus ``out_of_scope``."""
    data = yaml.safe_load((domain_dir / "intents.yaml").read_text(encoding="utf-8")) or {}
    names = [str(name) for name in data.get("intents") or {}]
    return [*names, OUT_OF_SCOPE] if OUT_OF_SCOPE not in names else names


def parse_intent_choice(answer: str, intents: Sequence[str]) -> str | None:
    """A 1-based number from the shown list, or an intent name (a unique prefix is enough)."""
    text = answer.strip().lower()
    if not text:
        return None
    if text.isdigit():
        index = int(text) - 1
        return intents[index] if 0 <= index < len(intents) else None
    if text in intents:
        return text
    matches = [name for name in intents if name.startswith(text)]
    return matches[0] if len(matches) == 1 else None
