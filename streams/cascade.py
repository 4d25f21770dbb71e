"""Confidence cascading: the one place the thresholds turn a confidence into an outcome."""

from __future__ import annotations

from schemas import AUTONOMOUS_OUTCOMES, ConstraintVerdict, Outcome
from tollgate.config import Settings
from tollgate.intent.base import OUT_OF_SCOPE


def by_confidence(confidence: float, settings: Settings) -> Outcome:
    """≥ respond → respond; ≥ review → respond_review; ≥ draft → draft; below → escalate."""
    if confidence >= settings.threshold_respond:
        return Outcome.RESPOND
    if confidence >= settings.threshold_review:
        return Outcome.RESPOND_REVIEW
    if confidence >= settings.threshold_draft:
        return Outcome.DRAFT
    return Outcome.ESCALATE


def escalation_reason(verdict: ConstraintVerdict) -> str | None:
    """Why this ticket must go to a human regardless of confidence, or None."""
    intent = verdict.intent
    if verdict.triggers:
        return "triggers: " + ", ".join(sorted({t.name for t in verdict.triggers}))
    if verdict.violations:
        return "forbidden: " + "; ".join(verdict.violations)
    if intent.error and intent.intent == OUT_OF_SCOPE:
        return f"intent model unavailable: {intent.error}"
    if intent.intent == OUT_OF_SCOPE:
        return "out of scope: outside the agent's competence"
    if verdict.always_escalate:
        return f"intent {intent.intent} always goes to a human"
    return None


def decide_outcome(verdict: ConstraintVerdict, settings: Settings) -> tuple[Outcome, str]:
    """The outcome before any action runs, with the reasoning."""
    reason = escalation_reason(verdict)
    if reason is not None:
        return Outcome.ESCALATE, reason
    confidence = verdict.intent.confidence
    outcome = by_confidence(confidence, settings)
    if outcome is Outcome.ESCALATE:
        return outcome, f"confidence {confidence:.2f} below {settings.threshold_draft}"
    if verdict.missing:
        return Outcome.CLARIFY, "missing details: " + ", ".join(verdict.missing)
    return outcome, f"intent {verdict.intent.intent} at confidence {confidence:.2f}"


def doubt_gate(verdict: ConstraintVerdict, outcome: Outcome, reasoning: str) -> tuple[Outcome, str]:
    """A near miss of a trigger (``verdict.trigger_doubts``) keeps the ticket from every
    autonomous outcome: a reply becomes a draft for a human's approval, a clarifying question an
    escalation (a draft's approval runs its action, and a clarify has no action to run)."""
    if not verdict.trigger_doubts or outcome not in AUTONOMOUS_OUTCOMES:
        return outcome, reasoning
    doubts = ", ".join(f"{t.name} ({t.evidence})" for t in verdict.trigger_doubts)
    gated = Outcome.ESCALATE if outcome is Outcome.CLARIFY else Outcome.DRAFT
    return gated, f"{reasoning}; possible trigger {doubts}: a human decides"
