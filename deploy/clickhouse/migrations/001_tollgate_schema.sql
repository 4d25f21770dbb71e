-- Generated from sinks/ddl.py and sinks/metrics.py by `tollgate clickhouse ddl`; do not edit by hand.
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
ORDER BY event_id;

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
ORDER BY feedback_id;

CREATE TABLE IF NOT EXISTS tollgate_schema (
    version UInt32,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version;

ALTER TABLE agent_interactions ADD COLUMN IF NOT EXISTS citations Array(String) AFTER queue;

ALTER TABLE agent_interactions ADD COLUMN IF NOT EXISTS reply String AFTER citations;

ALTER TABLE agent_feedback ADD COLUMN IF NOT EXISTS reason_code LowCardinality(String) AFTER comment;

ALTER TABLE agent_feedback ADD COLUMN IF NOT EXISTS reviewer_reason LowCardinality(String) AFTER reason_code;

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

CREATE OR REPLACE VIEW ticket_facts AS
SELECT
    o.ticket_id AS ticket_id,
    o.created_at AS created_at,
    o.intent_detected AS intent,
    o.model AS model,
    o.queue AS queue,
    o.outcome AS outcome,
    o.escalated AS escalated,
    o.confidence_score AS confidence,
    o.cost AS cost,
    o.tokens AS tokens,
    o.response_time_ms AS latency_ms,
    o.action_taken AS action,
    o.first_try AS first_try,
    o.attempts AS attempts,
    f.label AS label,
    f.escalation_ok AS escalation_ok,
    f.escalation_bad AS escalation_bad,
    f.missed_escalation AS missed_escalation,
    f.response_wrong AS response_wrong,
    f.draft_ok AS draft_ok,
    f.draft_rejected AS draft_rejected
FROM ticket_outcomes AS o
LEFT JOIN (
    SELECT
        ticket_id,
        argMaxIf(correct_intent, created_at, kind = 'intent_label') AS label,
        max(kind = 'escalation_appropriate') AS escalation_ok,
        max(kind = 'escalation_inappropriate') AS escalation_bad,
        max(kind = 'missed_escalation') AS missed_escalation,
        max(kind = 'response_wrong') AS response_wrong,
        max(kind IN ('draft_approved', 'draft_edited')) AS draft_ok,
        max(kind = 'draft_rejected') AS draft_rejected
    FROM agent_feedback FINAL
    WHERE reason_code IN ('applied', '')
    GROUP BY ticket_id
) AS f ON f.ticket_id = o.ticket_id;

CREATE OR REPLACE VIEW metrics_hourly AS
SELECT
    toStartOfHour(created_at) AS period,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period
ORDER BY period;

CREATE OR REPLACE VIEW metrics_hourly_by_intent AS
SELECT
    toStartOfHour(created_at) AS period, intent,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, intent
ORDER BY period, intent;

CREATE OR REPLACE VIEW metrics_hourly_by_model AS
SELECT
    toStartOfHour(created_at) AS period, model,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, model
ORDER BY period, model;

CREATE OR REPLACE VIEW metrics_hourly_by_queue AS
SELECT
    toStartOfHour(created_at) AS period, queue,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, queue
ORDER BY period, queue;

CREATE OR REPLACE VIEW metrics_daily AS
SELECT
    toDate(created_at) AS period,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period
ORDER BY period;

CREATE OR REPLACE VIEW metrics_daily_by_intent AS
SELECT
    toDate(created_at) AS period, intent,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, intent
ORDER BY period, intent;

CREATE OR REPLACE VIEW metrics_daily_by_model AS
SELECT
    toDate(created_at) AS period, model,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, model
ORDER BY period, model;

CREATE OR REPLACE VIEW metrics_daily_by_queue AS
SELECT
    toDate(created_at) AS period, queue,
    count() AS tickets,
    countIf(label != '') AS labelled,
    countIf(label != '' AND label = intent) / nullIf(countIf(label != ''), 0) AS intent_accuracy,
    countIf(action != '') AS actions,
    countIf(action != '' AND first_try) / nullIf(countIf(action != ''), 0) AS action_success_rate,
    countIf(escalated) AS escalations,
    countIf(escalated AND (escalation_ok OR escalation_bad)) AS escalations_judged,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND (escalation_ok OR escalation_bad)), 0) AS escalation_precision,
    countIf(escalated AND escalation_ok) / nullIf(countIf(escalated AND escalation_ok) + countIf(NOT escalated AND missed_escalation), 0) AS escalation_recall,
    countIf(NOT escalated AND missed_escalation) AS missed_escalations,
    countIf(outcome IN ('respond', 'respond_review', 'clarify') AND NOT draft_ok) / count() AS automation_rate,
    countIf(draft_ok) / nullIf(countIf(draft_ok OR draft_rejected), 0) AS draft_approval_rate,
    countIf(outcome = 'dead_letter') / count() AS dead_letter_rate,
    avg(confidence) AS avg_confidence,
    sum(cost) / count() AS cost_per_ticket,
    sum(tokens) / count() AS tokens_per_ticket,
    quantile(0.5)(latency_ms) AS latency_p50_ms,
    quantile(0.95)(latency_ms) AS latency_p95_ms,
    quantile(0.99)(latency_ms) AS latency_p99_ms
FROM ticket_facts
GROUP BY period, queue
ORDER BY period, queue;
