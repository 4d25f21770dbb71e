"""Turn topic payloads into ClickHouse rows (column order from sinks.ddl)."""

from __future__ import annotations

import uuid
from typing import Any

from schemas import Feedback, InteractionEvent

_ID_NAMESPACE = uuid.UUID("6f1b8f4e-6c1d-4a63-9d4e-0b8f1f3c2a77")


def interaction_row(event: InteractionEvent) -> list[Any]:
    """A row for ``agent_interactions``; ``id`` is derived from ``event_id`` so it is stable."""
    return [
        uuid.uuid5(_ID_NAMESPACE, event.event_id),
        event.event_id,
        event.ticket_id,
        event.session_id,
        event.stage.value,
        event.user_input,
        event.intent_detected,
        event.confidence_score,
        event.action_taken,
        event.success,
        event.escalated,
        event.outcome,
        list(event.triggers),
        event.model,
        max(0, event.tokens),
        event.cost,
        event.error,
        max(0, min(event.attempts, 65535)),
        event.first_try,
        event.queue,
        event.response_time_ms,
        event.created_at,
    ]


def feedback_row(feedback: Feedback) -> list[Any]:
    """A row for ``agent_feedback``."""
    return [
        feedback.feedback_id,
        feedback.ticket_id,
        feedback.kind.value,
        feedback.correct_intent or "",
        feedback.edited_response or "",
        feedback.reviewer,
        feedback.comment,
        feedback.created_at,
    ]
