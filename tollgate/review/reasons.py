"""The fixed taxonomy of reason codes a reviewer gives with a judgement.

Every Feedback the console publishes carries one ``reason_code`` from :data:`REASONS`, allowed
for its kind by :data:`REASONS_BY_KIND` (the first is the default). The codes are a contract:
add new ones, never rename (they land in ``agent_feedback.reviewer_reason`` and in topics).
"""

from __future__ import annotations

from schemas import FeedbackKind

REASONS: dict[str, str] = {
    "correct": "The agent's answer or action was right as proposed",
    "tone": "Right content, wording changed for tone or clarity",
    "factual_fix": "A fact, amount or date in the answer was wrong",
    "missing_info": "The answer left out something the customer needs",
    "wrong_intent": "The agent misread what the customer wants",
    "policy": "The answer or action is against policy",
    "unsafe": "The answer or action could harm the customer or the business",
    "needs_human": "The case needs a person (judgement, empathy, complexity)",
    "not_needed": "A human was not needed; the agent could have handled it",
    "resolved": "The human part is done; the agent may continue the conversation",
    "label": "The reviewer labelled the intent",
}
"""code → meaning (shown in the console, documented in the README)."""

REASONS_BY_KIND: dict[FeedbackKind, tuple[str, ...]] = {
    FeedbackKind.DRAFT_APPROVED: ("correct",),
    FeedbackKind.DRAFT_EDITED: ("tone", "factual_fix", "missing_info"),
    FeedbackKind.DRAFT_REJECTED: ("wrong_intent", "policy", "unsafe", "needs_human"),
    FeedbackKind.ESCALATION_APPROPRIATE: ("needs_human", "policy", "unsafe"),
    FeedbackKind.ESCALATION_INAPPROPRIATE: ("not_needed", "wrong_intent"),
    FeedbackKind.RESPONSE_WRONG: ("factual_fix", "wrong_intent", "missing_info", "tone"),
    FeedbackKind.MISSED_ESCALATION: ("needs_human", "policy", "unsafe"),
    FeedbackKind.INTENT_LABEL: ("label", "correct"),
    FeedbackKind.HANDBACK: ("resolved",),
}
"""Which codes each feedback kind accepts; the first is the default."""


def reason_for(kind: FeedbackKind, code: str | None) -> str:
    """``code`` if the kind accepts it, else the kind's default (never an unknown code)."""
    allowed = REASONS_BY_KIND[kind]
    return code if code in allowed else allowed[0]
