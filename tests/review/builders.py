"""Review items built with the real pydantic contracts (the raw ticket text carries PII that
must never be shown; ``clean_text`` is the redacted version)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from schemas import (
    ActionResult,
    AgentDecision,
    ConstraintVerdict,
    Escalation,
    HistoryEntry,
    IntentResult,
    Outcome,
    Priority,
    Ticket,
    Trigger,
)

RAW_EMAIL = "jane.doe@example.com"
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def decision(
    ticket_id: str,
    outcome: Outcome,
    *,
    intent: str = "check_order_status",
    confidence: float = 0.6,
    response: str | None = "Your order A12345 is on its way.",
    minutes: int = 0,
    triggers: list[Trigger] | None = None,
) -> AgentDecision:
    ticket = Ticket(
        ticket_id=ticket_id,
        session_id=f"s-{ticket_id}",
        text=f"where is my order #A12345? mail me at {RAW_EMAIL}",
    )
    result = IntentResult(
        ticket=ticket,
        clean_text="where is my order #A12345? mail me at <PII:EMAIL>",
        redactions=["email"],
        intent=intent,
        confidence=confidence,
        reasoning="keywords: order, where",
        entities={"order_id": "A12345"},
    )
    verdict = ConstraintVerdict(
        intent=result,
        proposed_action="lookup_order",
        action_params={"order_id": "A12345"},
        allowed=True,
        triggers=triggers or [],
    )
    action = {"respond": "respond", "respond_review": "respond", "draft": "respond"}.get(
        outcome.value, "escalate"
    )
    return AgentDecision(
        ticket_id=ticket_id,
        session_id=ticket.session_id,
        action=action,
        outcome=outcome,
        confidence=confidence,
        reasoning=f"confidence {confidence:.2f} → {outcome.value}",
        response=response,
        action_result=ActionResult(
            name="lookup_order", idempotency_key=f"{ticket_id}:lookup_order", success=True
        )
        if outcome is not Outcome.DRAFT
        else None,
        verdict=verdict,
        decided_at=T0 + timedelta(minutes=minutes),
    )


def escalation(
    ticket_id: str,
    *,
    priority: Priority = Priority.NORMAL,
    queue: str = "general",
    minutes: int = 0,
) -> Escalation:
    return Escalation(
        escalation_id=f"esc:{ticket_id}",
        ticket_id=ticket_id,
        session_id=f"s-{ticket_id}",
        queue=queue,
        priority=priority,
        sla_deadline=T0 + timedelta(hours=4, minutes=minutes),
        reason="trigger legal_language fired",
        text="I will sue you, my lawyer has the letter",
        intent="complaint",
        confidence=0.82,
        intent_reasoning="angry tone",
        triggers=[Trigger(name="legal_language", evidence="sue", queue="legal")],
        proposed_action=None,
        draft_response="We are sorry to hear that.",
        history=[
            HistoryEntry(
                ticket_id=f"{ticket_id}-prev",
                text="my parcel never came",
                intent="delivery_problem",
                outcome="respond",
                at=T0 - timedelta(days=1),
            )
        ],
        created_at=T0 + timedelta(minutes=minutes),
    )
