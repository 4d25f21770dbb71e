"""Stage 1 — intent: clean the text, then name what the user wants and how sure we are."""

from __future__ import annotations

from collections.abc import Sequence

from schemas import MAX_TEXT_CHARS, IntentResult, InteractionEvent, SourceRef, Stage, Ticket
from streams.services import Services
from tollgate.hygiene import CleanText, clean
from tollgate.intent.pack_entities import entity_kinds
from tollgate.logs import secret_values
from tollgate.textsafety.grounding import ground
from tollgate.textsafety.redaction import redact_text


class IntentStage:
    stage = Stage.INTENT

    def __init__(self, services: Services) -> None:
        self.services = services
        self.secrets = secret_values()  # environment secrets never reach a model or a store

    def _unsecret(self, text: str) -> str:
        for value in self.secrets:
            if value in text:
                text = text.replace(value, "<PII:SECRET>")
        return text

    def _clean(self, text: str) -> CleanText:
        return clean(self._unsecret(text), max_chars=self.services.settings.max_text_chars)

    def _raw(self, ticket: Ticket) -> Ticket:
        """The ticket as it travels on: its raw text (which the trigger detectors judge for
        invisible characters, floods, length) with credentials and personal data redacted, so
        the original stays on ``tickets.inbound`` only."""
        text = redact_text(self._unsecret(ticket.text))[:MAX_TEXT_CHARS]
        return ticket if text == ticket.text else ticket.model_copy(update={"text": text})

    async def process(
        self, tickets: Sequence[Ticket], sources: Sequence[SourceRef | None] = ()
    ) -> list[IntentResult]:
        model = self.services.intent_model
        if model is None:
            raise RuntimeError("these services were built without an intent model")
        cleaned = [self._clean(t.text) for t in tickets]
        kinds = entity_kinds(self.services.settings.domain_dir)
        predictions = await model.classify_batch([c.text for c in cleaned])
        refs = list(sources) or [None] * len(tickets)
        results = []
        for ticket, ref, text, pred in zip(tickets, refs, cleaned, predictions, strict=True):
            # A model's entities count only if the customer wrote them (else the cascade asks);
            # the rest travel apart, and the decision stage accepts one only when the session's
            # state holds that value (``streams/conversation.py``).
            proposed, dropped = ground(pred.entities, [text.text, text.address_view], kinds=kinds)
            entities = {**proposed, **self.services.entities(text.text)}  # regex wins over LLM
            ungrounded = {n: v for n in dropped if n not in entities and (v := pred.entities[n])}
            if text.address_view:  # the new address itself is redacted in the text
                address = self.services.entities(text.address_view).get("new_address")
                if address:
                    entities["new_address"] = address
            results.append(
                IntentResult(
                    ticket=self._raw(ticket),
                    source=ref,
                    clean_text=text.text,
                    redactions=list(text.redactions),
                    intent=pred.intent,
                    confidence=pred.confidence,
                    reasoning=pred.reasoning,
                    entities=entities,
                    model=pred.model,
                    fallback=pred.fallback,
                    error=pred.error,
                    tokens=pred.tokens,
                    cost=pred.cost,
                    latency_ms=pred.latency_ms,
                    llm_triggers=list(pred.triggers),
                    ungrounded=ungrounded,
                )
            )
        return results


def intent_event(result: IntentResult) -> InteractionEvent:
    ticket = result.ticket
    return InteractionEvent(
        event_id=InteractionEvent.make_id(ticket.ticket_id, Stage.INTENT),
        ticket_id=ticket.ticket_id,
        session_id=ticket.session_id,
        stage=Stage.INTENT,
        user_input=result.clean_text,
        intent_detected=result.intent,
        confidence_score=result.confidence,
        success=result.error is None,
        model=result.model,
        tokens=result.tokens,
        cost=result.cost,
        error=result.error or "",
        response_time_ms=result.latency_ms,
    )
