"""Where the knowledge base enters the decision: the retrieval score goes through the cascade.

:func:`knowledge_step` is asked by the decision stage before any action runs. It returns
``None`` when the knowledge base has nothing to say about the ticket (the ordinary action/template
flow goes on), else the outcome the answer earns:

* triggers, forbidden actions, an intent-model error: never answered from the knowledge base;
  an intent that always goes to a human only when ``knowledge.yaml`` lists it (its general
  questions, "How do I cancel?", have a cited answer; "Cancel my plan" still goes to a human);
* a question the pack routes to the knowledge base and a passage scoring at least the draft
  threshold: the answer, with the outcome :func:`~streams.cascade.by_confidence` gives the
  retrieval score (so a weak match is a draft or a review, never a confident guess);
* an answer the grounding check rejects: a draft;
* a knowledge intent (``knowledge.yaml`` ``intents``) without a good passage: a draft of the
  template answer, for a human to complete: never an autonomous guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import ConstraintVerdict, Outcome
from streams.cascade import by_confidence
from tollgate.config import Settings
from tollgate.knowledge.answer import KnowledgeAnswer, KnowledgeBase

KNOWLEDGE_SOURCE = "knowledge"
"""``response_source`` of an offline knowledge answer."""


@dataclass(frozen=True, slots=True)
class KnowledgeStep:
    """The outcome the knowledge base gives a ticket; ``answer`` None: no answer to send."""

    outcome: Outcome
    reasoning: str
    answer: KnowledgeAnswer | None


def knowledge_step(
    kb: KnowledgeBase | None, verdict: ConstraintVerdict, settings: Settings
) -> KnowledgeStep | None:
    """The knowledge base's say on ``verdict`` (``None``: none, go on as usual)."""
    intent = verdict.intent
    if kb is None or verdict.triggers or verdict.violations or intent.error:
        return None
    personal = {k: v for k, v in intent.entities.items() if k != "customer_id"}
    if not kb.wants(intent.intent, intent.clean_text, personal):
        return None
    answer = kb.answer(intent.clean_text, entities=intent.entities)
    outcome = by_confidence(answer.score, settings) if answer else Outcome.ESCALATE
    if answer is None or outcome is Outcome.ESCALATE:
        if intent.intent not in kb.config.intents:
            return None
        best = f"{answer.score:.2f}" if answer else "none"
        return KnowledgeStep(
            Outcome.DRAFT, f"knowledge: no passage good enough (best {best})", None
        )
    cited = ", ".join(c.source for c in answer.citations)
    if answer.problems:
        return KnowledgeStep(
            Outcome.DRAFT, "knowledge answer check: " + "; ".join(answer.problems), answer
        )
    return KnowledgeStep(outcome, f"knowledge: {cited} at score {answer.score:.2f}", answer)
