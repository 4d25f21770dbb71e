"""Conversation behaviour: a ticket is a turn of its session.

Pure functions over a :class:`~schemas.SessionState`; ``streams/session_stage.py`` runs them
and keeps the state. For each ticket, in order:

0. A detail a model proposed that the ticket text lacks is accepted only when the session's
   state holds that value (:func:`grounded_in_session`); otherwise it stays dropped.
1. A session owned by a human stays with that human: the ticket escalates to the owner's queue
   (with the conversation) until a reviewer sends Feedback ``handback``.
2. A ticket that fired a trigger is decided as it is (the cascade escalates it).
3. A pending request (the agent asked for details): a reply that clearly starts a new request
   (another known intent at draft confidence or more) drops it; a reply to a question older than
   ``pending_ttl_minutes`` escalates; any other reply continues it: its entities are merged
   with the known slots and the pending intent is checked again, so a clarify asks only for
   what is still missing, and the request completes once nothing is.
4. A reference ("it", "that order" — the domain's ``conversation.yaml``) fills a missing detail
   with the session's last entity of that kind.

After the decision, :func:`record` writes the turn: redacted text, the entities, the pending
request (kept only while the outcome is a clarify; ``max_clarify_rounds`` of them escalate),
the owner (an escalation hands the session to its queue), the draft, the processed ticket id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import yaml

from schemas import (
    AgentDecision,
    ConstraintVerdict,
    HeldDraft,
    HistoryEntry,
    Outcome,
    PendingRequest,
    Priority,
    SessionOwner,
    SessionState,
)
from streams.stage2_constraint import build_verdict
from streams.stage4_escalation import escalation_id
from tollgate.config import Settings
from tollgate.constraints.schema import ConstraintSchema
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.intent.entities import ENTITY_NAMES
from tollgate.intent.pack_entities import entity_kinds
from tollgate.textsafety.grounding import ground

VOCABULARY_FILE = "conversation.yaml"
_PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]


@cache
def reference_pattern(domain_dir: Path) -> re.Pattern[str] | None:
    """The domain's reference words as one whole-word pattern (None: the domain has none)."""
    path = domain_dir / VOCABULARY_FILE
    if not path.is_file():
        return None
    words = (yaml.safe_load(path.read_text()) or {}).get("references") or []
    if not words:
        return None
    alternatives = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\b(?:{alternatives})\b", re.I)


@dataclass(frozen=True)
class Turn:
    """A ticket made ready for the decision stage in the light of its session."""

    verdict: ConstraintVerdict
    """What to decide (the pending request completed with this reply, or the ticket as is)."""
    escalate: tuple[str, str, Priority] | None = None
    """(reason, queue, priority) when the ticket goes to a human without deciding."""
    continues: PendingRequest | None = None


@dataclass(frozen=True)
class Rules:
    settings: Settings
    schema: ConstraintSchema

    def queue(self, name: str | None) -> str:
        return name if name in self.settings.escalation_queues else "general"


def prepare(verdict: ConstraintVerdict, state: SessionState, rules: Rules, now: datetime) -> Turn:
    """Steps 0–4 of the module docstring."""
    settings = rules.settings
    verdict = grounded_in_session(verdict, state, rules)
    intent = verdict.intent
    if state.owner is not None:
        priority = max(
            (t.priority for t in verdict.triggers),
            key=_PRIORITY_ORDER.index,
            default=Priority.NORMAL,
        )
        reason = f"session is with a human: queue {state.owner.queue}, {state.owner.escalation_id}"
        return Turn(verdict, escalate=(reason, state.owner.queue, priority))
    if verdict.triggers:
        return Turn(verdict)
    pending = state.pending
    if pending is not None and not _new_request(verdict, pending, rules):
        if pending.asked_at + timedelta(minutes=settings.pending_ttl_minutes) < now:
            reason = f"the question about {pending.intent} expired unanswered"
            return Turn(verdict, escalate=(reason, "general", Priority.NORMAL))
        merged = intent.model_copy(
            update={
                "intent": pending.intent,
                "confidence": pending.confidence,
                "entities": {**pending.slots, **_known(intent.entities)},
                "reasoning": f"continues {pending.intent} (asked in {pending.ticket_id})",
            }
        )
        verdict = build_verdict(merged, verdict.triggers, rules.schema, verdict.trigger_doubts)
        return Turn(_resolve(verdict, state, rules), continues=pending)
    return Turn(_resolve(verdict, state, rules))


def grounded_in_session(
    verdict: ConstraintVerdict, state: SessionState, rules: Rules
) -> ConstraintVerdict:
    """Step 0: a model-proposed entity the ticket text lacks (``IntentResult.ungrounded``)
    becomes a detail only when the session's state holds that value (its stored entities, the
    pending request's slots, or its earlier turns' redacted text), by the one grounding rule;
    the others stay dropped, so the cascade asks for them. The field is cleared either way: an
    ungrounded value never travels past this stage."""
    intent = verdict.intent
    if not intent.ungrounded:
        return verdict
    known = {**state.entities, **(state.pending.slots if state.pending else {})}
    sources = [*known.values(), *(t.text for t in state.turns)]
    accepted, _dropped = ground(
        _known(intent.ungrounded),
        sources,
        known=known,
        kinds=entity_kinds(rules.settings.domain_dir),
    )
    held = {n: v for n, v in accepted.items() if n not in intent.entities}
    update = {"entities": {**intent.entities, **held}, "ungrounded": {}}
    result = intent.model_copy(update=update)
    if not held:
        return verdict.model_copy(update={"intent": result})
    return build_verdict(result, verdict.triggers, rules.schema, verdict.trigger_doubts)


def _new_request(verdict: ConstraintVerdict, pending: PendingRequest, rules: Rules) -> bool:
    intent = verdict.intent
    return (
        intent.intent not in (OUT_OF_SCOPE, pending.intent)
        and intent.intent in rules.schema.intent_actions
        and intent.confidence >= rules.settings.threshold_draft
    )


def _known(entities: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in entities.items() if k in ENTITY_NAMES}


def _resolve(verdict: ConstraintVerdict, state: SessionState, rules: Rules) -> ConstraintVerdict:
    """Fill missing details the reply refers to ("it", "that order") from the session."""
    fillable = {m: state.entities[m] for m in verdict.missing if m in state.entities}
    pattern = reference_pattern(rules.settings.domain_dir)
    if not fillable or pattern is None or not pattern.search(verdict.intent.clean_text):
        return verdict
    intent = verdict.intent
    resolved = intent.model_copy(update={"entities": {**intent.entities, **fillable}})
    return build_verdict(resolved, verdict.triggers, rules.schema, verdict.trigger_doubts)


def over_rounds(turn: Turn, decision: AgentDecision, rules: Rules) -> str | None:
    """Why a clarify must escalate instead (too many rounds), or None."""
    rounds = turn.continues.rounds if turn.continues else 0
    if decision.outcome is Outcome.CLARIFY and rounds >= rules.settings.max_clarify_rounds:
        missing = ", ".join(decision.verdict.missing)
        return f"still missing {missing} after {rounds} clarifying question(s)"
    return None


def with_conversation(decision: AgentDecision, state: SessionState, size: int) -> AgentDecision:
    """The decision carrying the session's earlier turns (redacted)."""
    earlier = [t for t in state.turns if t.ticket_id != decision.ticket_id][-size:] if size else []
    return decision.model_copy(update={"conversation": earlier})


def record(
    state: SessionState,
    turn: Turn,
    decision: AgentDecision,
    source: str,
    rules: Rules,
    now: datetime,
) -> SessionState:
    """The session after ``decision`` (see the module docstring)."""
    settings = rules.settings
    verdict = decision.verdict
    intent = verdict.intent
    turns = state.turns
    if settings.history_size:
        entry = HistoryEntry(
            ticket_id=decision.ticket_id,
            text=intent.clean_text[:500],
            intent=intent.intent,
            outcome=decision.outcome.value,
            at=decision.decided_at,
        )
        turns = [*turns, entry][-settings.history_size :]
    pending = None
    if decision.outcome is Outcome.CLARIFY:
        first = turn.continues
        pending = PendingRequest(
            intent=intent.intent,
            confidence=intent.confidence,
            slots=_known(intent.entities),
            missing=list(verdict.missing),
            asked_at=now,
            rounds=first.rounds + 1 if first else 1,
            ticket_id=first.ticket_id if first else decision.ticket_id,
        )
    update: dict[str, object] = {
        "turns": turns,
        "pending": pending,
        "entities": {**state.entities, **_known(intent.entities)},
        "processed": {**state.processed, decision.ticket_id: source},
        "updated_at": now,
    }
    return with_outcome(state.model_copy(update=update), decision, rules, now)


def with_outcome(
    state: SessionState, decision: AgentDecision, rules: Rules, now: datetime
) -> SessionState:
    """Who owns the session and which drafts wait after ``decision``."""
    if decision.outcome is Outcome.ESCALATE:
        owner = SessionOwner(
            queue=rules.queue(decision.queue),
            escalation_id=escalation_id(decision.ticket_id),
            since=now,
        )
        return state.model_copy(update={"owner": owner, "pending": None, "updated_at": now})
    if decision.outcome is Outcome.DRAFT:
        deadline = now + timedelta(minutes=rules.settings.draft_sla_minutes)
        drafts = {
            **state.drafts,
            decision.ticket_id: HeldDraft(decision=decision, deadline=deadline),
        }
        return state.model_copy(update={"drafts": drafts, "updated_at": now})
    return state
