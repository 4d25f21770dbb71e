-- Generated from sinks/ddl.py by `tollgate clickhouse ddl`; do not edit by hand.
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
    response_time_ms Float64,
    created_at DateTime64(3, 'UTC'),
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(inserted_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS agent_feedback (
    feedback_id String,
    ticket_id String,
    kind LowCardinality(String),
    correct_intent LowCardinality(String),
    edited_response String,
    reviewer String,
    comment String,
    created_at DateTime64(3, 'UTC'),
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(inserted_at)
ORDER BY feedback_id;

CREATE TABLE IF NOT EXISTS tollgate_schema (
    version UInt32,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version;

CREATE OR REPLACE VIEW ticket_outcomes AS
SELECT * FROM agent_interactions FINAL
WHERE stage = 'escalation' OR outcome = 'dead_letter';

CREATE OR REPLACE VIEW agent_metrics AS
SELECT
    toDate(created_at) AS date,
    count() AS total_interactions,
    avg(confidence_score) AS avg_confidence,
    avg(success) AS success_rate,
    avg(escalated) AS escalation_rate
FROM ticket_outcomes
GROUP BY date
ORDER BY date;
