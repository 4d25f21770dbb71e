"""What a support lead asks of a window, read from ClickHouse: tickets per intent and per queue,
the escalations with their reasons, and example tickets per intent.

Reasons are rebuilt from what the interaction events store (triggers, the failed action's error,
the intent and its confidence): the escalation package's own text and the agent's replies are
not kept in ClickHouse (a reply can carry personal data; ``tollgate tail tickets.responses``
shows them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sinks.metrics import METRIC_EXPRESSIONS

if TYPE_CHECKING:
    from sinks.clickhouse import ClickHouseStore

WINDOW = "created_at >= {start:DateTime64(3)} AND created_at < {end:DateTime64(3)}"
"""Every report query's window ``[start, end)``, as query parameters."""
BREAKDOWN = ("tickets", "automation_rate", "escalations", "avg_confidence", "intent_accuracy")
ALWAYS_HUMAN = "speak_to_human"
ESCALATIONS_SHOWN = 100
EXAMPLES_PER_INTENT = 2


def _breakdown_sql(dimension: str) -> str:
    metrics = ", ".join(f"{METRIC_EXPRESSIONS[name]} AS {name}" for name in BREAKDOWN)
    extra = " AND queue != ''" if dimension == "queue" else ""
    return (
        f"SELECT {dimension} AS key, {metrics}\nFROM ticket_facts\nWHERE {WINDOW}{extra}\n"
        f"GROUP BY key\nORDER BY tickets DESC, key"
    )


ESCALATIONS_SQL = (
    "SELECT e.ticket_id, e.created_at, e.queue, e.intent_detected, e.confidence_score,\n"  # noqa: S608
    "    e.triggers, d.error\n"
    "FROM (SELECT * FROM agent_interactions FINAL WHERE stage = 'escalation'\n"
    f"      AND outcome = 'escalate' AND {WINDOW}) AS e\n"
    "LEFT JOIN (SELECT ticket_id, error FROM agent_interactions FINAL\n"
    "           WHERE stage = 'decision') AS d ON d.ticket_id = e.ticket_id\n"
    f"ORDER BY e.created_at DESC, e.ticket_id\nLIMIT {ESCALATIONS_SHOWN}"
)
EXAMPLES_SQL = (
    "SELECT intent_detected, ticket_id, outcome, user_input\n"
    "FROM agent_interactions FINAL\n"
    f"WHERE stage = 'escalation' AND user_input != '' AND {WINDOW}\n"
    f"ORDER BY intent_detected, created_at\nLIMIT {EXAMPLES_PER_INTENT} BY intent_detected"
)


@dataclass(frozen=True)
class EscalationRow:
    ticket_id: str
    at: datetime
    queue: str
    intent: str
    confidence: float
    reason: str


@dataclass(frozen=True)
class Example:
    ticket_id: str
    outcome: str
    text: str
    """The ticket's text as the pipeline stored it (PII-redacted)."""


@dataclass(frozen=True)
class LeadView:
    by_intent: list[dict[str, Any]] = field(default_factory=list)
    by_queue: list[dict[str, Any]] = field(default_factory=list)
    escalations: list[EscalationRow] = field(default_factory=list)
    examples: dict[str, list[Example]] = field(default_factory=dict)


def escalation_reason(
    intent: str, confidence: float, triggers: list[str], error: str | None, draft_below: float
) -> str:
    """Why a ticket went to a person, from the stored facts (first that applies)."""
    if triggers:
        return "trigger: " + ", ".join(triggers)
    if error:
        return f"action failed: {error}"
    if intent == ALWAYS_HUMAN:
        return "the customer asked for a person"
    if intent == "out_of_scope":
        return "outside what the agent handles"
    if confidence < draft_below:
        return f"low confidence ({confidence:.2f} < {draft_below:.2f})"
    return f"intent {intent} at confidence {confidence:.2f} (constraint or policy)"


def _clean(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value  # NaN → None


def load_lead_view(
    store: ClickHouseStore, start: datetime, end: datetime, *, draft_below: float = 0.5
) -> LeadView:
    """The support lead's tables for ``[start, end)``."""
    params = {"start": start, "end": end}

    def breakdown(dimension: str) -> list[dict[str, Any]]:
        rows = store.query_dicts(_breakdown_sql(dimension), params)
        return [{k: _clean(v) for k, v in row.items()} for row in rows]

    escalations = [
        EscalationRow(
            ticket_id=str(tid),
            at=at,
            queue=str(queue),
            intent=str(intent),
            confidence=float(conf),
            reason=escalation_reason(str(intent), float(conf), list(triggers), error, draft_below),
        )
        for tid, at, queue, intent, conf, triggers, error in store.query(ESCALATIONS_SQL, params)
    ]
    examples: dict[str, list[Example]] = {}
    for intent, tid, outcome, text in store.query(EXAMPLES_SQL, params):
        examples.setdefault(str(intent), []).append(Example(str(tid), str(outcome), str(text)))
    return LeadView(breakdown("intent"), breakdown("queue"), escalations, examples)
