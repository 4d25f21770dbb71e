"""A review item as plain text for the terminal (pure; no colour, no I/O).

Customer text is untrusted: control characters (terminal escape sequences) are replaced before
anything reaches the reviewer's screen.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from tollgate.review.items import ItemKind, ReviewItem
from tollgate.review.keys import key_help

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 1500
WIDTH = 96


def safe(text: object, limit: int = MAX_TEXT) -> str:
    """Printable text: control and bidi-override characters become '?', long text is cut."""
    value = _CONTROL.sub("?", str(text))
    return value if len(value) <= limit else value[:limit] + f"… [{len(value) - limit} more chars]"


def _block(label: str, text: str) -> list[str]:
    lines = []
    for paragraph in safe(text).splitlines() or [""]:
        lines += textwrap.wrap(paragraph, WIDTH - 4) or [""]
    return [f"{label}:", *(f"    {line}" for line in lines)]


def render_item(item: ReviewItem, position: int, total: int) -> str:
    """Everything a reviewer needs about one item, one fact per line."""
    title = f"[{position}/{total}] {item.kind.value.upper()}  ticket {safe(item.ticket_id, 128)}"
    lines = [
        "=" * WIDTH,
        title,
        f"session {safe(item.session_id, 128)}   outcome {safe(item.outcome, 32)}"
        + (f"   queue {safe(item.queue, 64)}" if item.queue else "")
        + f"   priority {item.priority.value}"
        + (f"   SLA {item.deadline:%Y-%m-%d %H:%M} UTC" if item.deadline else ""),
        "-" * WIDTH,
        *_block("Text", item.text),
        f"Intent: {safe(item.intent, 64)}  (confidence {item.confidence:.2f})",
    ]
    if item.intent_reasoning:
        lines += _block("Intent reasoning", item.intent_reasoning)
    if item.reasoning:
        lines += _block("Decision", item.reasoning)
    if item.triggers:
        lines.append("Triggers:")
        lines += [
            f"    - {safe(t.name, 64)} ({t.priority.value}, queue {safe(t.queue, 64)}): "
            f"{safe(t.evidence, 200)}"
            for t in item.triggers
        ]
    if item.violations:
        lines.append("Violations:")
        lines += [f"    - {safe(v, 300)}" for v in item.violations]
    if item.proposed_action:
        params = ", ".join(f"{safe(k, 64)}={safe(v, 200)}" for k, v in item.action_params.items())
        lines.append(f"Proposed action: {safe(item.proposed_action, 64)}({params})")
    if item.action_result is not None:
        r = item.action_result
        status = "ok" if r.success else f"FAILED: {safe(r.error or '', 300)}"
        lines.append(f"Action result: {safe(r.name, 64)} {status} (attempts {r.attempts})")
    if item.response:
        label = "Response" if item.kind is ItemKind.RESPONSE else "Draft response"
        lines += _block(label, item.response)
    if item.history:
        lines.append("History:")
        lines += [
            f"    {h.at:%Y-%m-%d %H:%M} {safe(h.intent, 64)} → {safe(h.outcome, 32)}: "
            f"{safe(h.text, 160)}"
            for h in item.history
        ]
    lines += ["-" * WIDTH, key_help(item.kind)]
    return "\n".join(lines)


def render_intents(intents: Sequence[str]) -> str:
    """The numbered intent list shown before labelling, in columns."""
    cells = [f"{i:>2}. {name}" for i, name in enumerate(intents, 1)]
    width = max(len(c) for c in cells) + 2 if cells else 0
    per_row = max(1, WIDTH // max(width, 1))
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    return "\n".join("".join(c.ljust(width) for c in row).rstrip() for row in rows)
