"""What a reviewer's approval or edit must pass before the agent acts on it.

The same two checks run in the console (to show the reviewer at once) and in the feedback
stage (which acts, so it never trusts the console):

* :func:`edit_problems` — an edited response passes the output guard
  (:func:`tollgate.responses.guard.guard_response`) against what the draft knows (its action
  result and the customer's entities), before any action runs;
* :func:`action_problems` — the draft's proposed action is still what the *current* constraint
  schema allows for its intent, with parameters inside the schema's limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import AgentDecision, Feedback, FeedbackKind, utcnow
from tollgate.actions.registry import CustomerDirectory, no_other_customers
from tollgate.constraints.check import validate_proposal
from tollgate.constraints.schema import ConstraintSchema
from tollgate.responses.guard import guard_response


def edit_problems(
    draft: AgentDecision,
    edited_response: str,
    other_customers: CustomerDirectory = no_other_customers,
) -> list[str]:
    """The output guard's reasons to refuse ``edited_response`` for this draft (empty = OK);
    ``other_customers`` is the backend's customer directory (``ActionRegistry.other_customers``,
    or :func:`tollgate.actions.pack.customer_directory` of the pack)."""
    return guard_response(
        edited_response,
        action_result=draft.action_result,
        entities=draft.verdict.intent.entities,
        other_customer_ids=other_customers(draft.verdict.intent.ticket.customer_id),
    )


def action_problems(draft: AgentDecision, schema: ConstraintSchema) -> list[str]:
    """Why the draft's proposed action may not run under ``schema`` now (empty = allowed)."""
    verdict = draft.verdict
    action = verdict.proposed_action
    if not action:
        return []
    rule = schema.intent_actions.get(verdict.intent.intent)
    if rule is None:
        return [f"intent {verdict.intent.intent!r} is no longer in the constraint schema"]
    if rule.action != action:
        return [f"intent {verdict.intent.intent!r} no longer maps to action {action!r}"]
    if rule.always_escalate:
        return [f"intent {verdict.intent.intent!r} now always escalates"]
    return validate_proposal(action, dict(verdict.action_params), schema)


@dataclass(frozen=True)
class Refusal:
    """An approval or edit the feedback stage will not carry out."""

    reasons: list[str]
    back_to_reviewer: bool
    """True: the draft goes back to the queue (a guard-rejected edit); False: it escalates."""

    def returned_draft(self, draft: AgentDecision, feedback: Feedback) -> AgentDecision:
        """The draft as it returns to the reviewers, the guard's reasons in its reasoning."""
        return draft.model_copy(
            update={
                "reasoning": f"edit by {feedback.reviewer} refused by the output guard: "
                + "; ".join(self.reasons),
                "decided_at": utcnow(),
            }
        )


def check_approval(
    draft: AgentDecision,
    feedback: Feedback,
    schema: ConstraintSchema,
    other_customers: CustomerDirectory = no_other_customers,
) -> Refusal | None:
    """None when an approved/edited draft may be sent; else why not and where it goes
    (``other_customers``: see :func:`edit_problems`)."""
    if feedback.kind is FeedbackKind.DRAFT_EDITED and feedback.edited_response:
        problems = edit_problems(draft, feedback.edited_response, other_customers)
        if problems:
            return Refusal(problems, back_to_reviewer=True)
    problems = action_problems(draft, schema)
    if problems:
        return Refusal(
            [f"approved action no longer allowed: {'; '.join(problems)}"], back_to_reviewer=False
        )
    return None
