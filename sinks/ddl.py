"""ClickHouse DDL, declared once and applied idempotently at startup.

Tables are ReplacingMergeTree keyed by a deterministic event id; every view reads through
``FINAL`` so re-delivered events never change a number.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES: dict[str, str] = {
    "agent_interactions": """
CREATE TABLE IF NOT EXISTS agent_interactions (
    id UUID,
    event_id String,
    ticket_id String,
    session_id String,
    stage LowCardinality(String),
    user_input String,
    intent_detected LowCardinality(String),
    confidence_score Float64,
    action_taken LowCardinality(String),
    success Bool,
    escalated Bool,
    outcome LowCardinality(String),
    triggers Array(LowCardinality(String)),
    model LowCardinality(String),
    tokens UInt32,
    cost Float64,
    error String,
    attempts UInt16,
    first_try Bool,
    queue LowCardinality(String),
    citations Array(String),
    reply String,
    response_time_ms Float64,
    created_at DateTime64(3, 'UTC'),
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(inserted_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY event_id
""",
    "agent_feedback": """
CREATE TABLE IF NOT EXISTS agent_feedback (
    feedback_id String,
    ticket_id String,
    kind LowCardinality(String),
    correct_intent LowCardinality(String),
    edited_response String,
    reviewer String,
    comment String,
    reason_code LowCardinality(String),
    reviewer_reason LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(inserted_at)
ORDER BY feedback_id
""",
    "tollgate_schema": """
CREATE TABLE IF NOT EXISTS tollgate_schema (
    version UInt32,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version
""",
}

MIGRATIONS: tuple[str, ...] = (
    # Knowledge-answer citations (issue 20): tables made before the column existed gain it.
    "ALTER TABLE agent_interactions ADD COLUMN IF NOT EXISTS citations Array(String) AFTER queue",
    # The customer-facing reply, sent or drafted (issue 19): redacted and bounded by the decision
    # stage; the support-lead report shows it per intent.
    "ALTER TABLE agent_interactions ADD COLUMN IF NOT EXISTS reply String AFTER citations",
    # Why the decision stage applied or refused each feedback (issue 17: applied, unsigned,
    # unknown_reviewer, bad_signature, guard_refused, schema_changed), and the reviewer's own
    # reason code; rows written before have '' in both.
    "ALTER TABLE agent_feedback ADD COLUMN IF NOT EXISTS reason_code LowCardinality(String)"
    " AFTER comment",
    "ALTER TABLE agent_feedback ADD COLUMN IF NOT EXISTS reviewer_reason LowCardinality(String)"
    " AFTER reason_code",
)
"""Idempotent column additions, applied after the tables and before the views."""

VIEWS: dict[str, str] = {
    # One row per ticket: its final outcome (the escalation stage's event, or the dead letter).
    "ticket_outcomes": """
CREATE OR REPLACE VIEW ticket_outcomes AS
SELECT * FROM agent_interactions FINAL
WHERE stage = 'escalation' OR outcome = 'dead_letter'
""",
    # The seed's daily view.
    "agent_metrics": """
CREATE OR REPLACE VIEW agent_metrics AS
SELECT
    toDate(created_at) AS date,
    count() AS total_interactions,
    avg(confidence_score) AS avg_confidence,
    avg(success) AS success_rate,
    avg(escalated) AS escalation_rate
FROM ticket_outcomes
GROUP BY date
ORDER BY date
""",
}

INTERACTION_COLUMNS: tuple[str, ...] = (
    "id",
    "event_id",
    "ticket_id",
    "session_id",
    "stage",
    "user_input",
    "intent_detected",
    "confidence_score",
    "action_taken",
    "success",
    "escalated",
    "outcome",
    "triggers",
    "model",
    "tokens",
    "cost",
    "error",
    "attempts",
    "first_try",
    "queue",
    "citations",
    "reply",
    "response_time_ms",
    "created_at",
)

FEEDBACK_COLUMNS: tuple[str, ...] = (
    "feedback_id",
    "ticket_id",
    "kind",
    "correct_intent",
    "edited_response",
    "reviewer",
    "comment",
    "reason_code",
    "reviewer_reason",
    "created_at",
)


def statements() -> list[str]:
    """Every DDL statement, tables before views, in the order they must run."""
    from sinks.metrics import metric_views

    views = {**VIEWS, **metric_views()}
    tables = [s.strip() for s in TABLES.values()]
    return [*tables, *MIGRATIONS, *(s.strip() for s in views.values())]
