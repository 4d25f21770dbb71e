"""Choose the customer response: the LLM's when configured and safe, else the template's.

:meth:`Responder.respond` always renders the template answer (it is the LLM's reference and the
fallback), then, with an LLM generator configured and its circuit breaker closed, asks the LLM.
Every candidate passes the output guard against the action's result:

* LLM answer passes → it is the response (``source`` ``llm:<model>``);
* LLM answer rejected by the guard, LLM error/timeout, breaker open → the template answer, with
  ``note`` saying why (``source`` ``template``);
* the template fails the guard too → ``problems`` is set and the caller must not send it (the
  decision stage turns the ticket into a draft or an escalation).

The LLM's text is never returned unless the guard passed it. Only transport failures and unusable
output count against the breaker; a guard rejection means the LLM is up (it answered). At most
``concurrency`` LLM calls run at once, and the breaker is asked once a call's turn has come, so a
batch queued behind a dying LLM goes to the templates as soon as the breaker opens.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import structlog

from tollgate.actions.demo_orders import other_customers as demo_other_customers
from tollgate.actions.registry import CustomerDirectory
from tollgate.config import Settings
from tollgate.intent.breaker import CircuitBreaker
from tollgate.litellm_calls import loop_semaphore
from tollgate.responses.generator import (
    TEMPLATE_SOURCE,
    GeneratedResponse,
    ResponseGenerator,
    ResponseRequest,
    TemplateGenerator,
)
from tollgate.responses.guard import guard_response, secret_values_from_env

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ComposedResponse:
    """The chosen response. ``problems`` non-empty: the guard rejected it, do not send."""

    text: str
    source: str
    problems: list[str] = field(default_factory=list)
    note: str = ""
    tokens: int = 0
    cost: float = 0.0


class Responder:
    """Template answer, optionally an LLM answer in front of it, both guarded."""

    def __init__(
        self,
        generator: ResponseGenerator | None = None,
        *,
        secrets: Sequence[str] | None = None,
        breaker: CircuitBreaker | None = None,
        concurrency: int = 64,
        other_customers: CustomerDirectory = demo_other_customers,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self.generator = generator
        self.concurrency = concurrency
        self._semaphores: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
        self.template = TemplateGenerator()
        # read once: the environment does not change while the process runs
        self.secrets = list(secret_values_from_env() if secrets is None else secrets)
        self.breaker = breaker or CircuitBreaker()
        self.other_customers = other_customers
        """The backend's customer directory (``ActionRegistry.other_customers``): what
        identifies customers other than the ticket's; the guard rejects replies naming them."""

    @property
    def name(self) -> str:
        return self.generator.name if self.generator is not None else TEMPLATE_SOURCE

    def guard(self, text: str, request: ResponseRequest) -> list[str]:
        others = self.other_customers(request.customer_id)
        if request.grounding is not None:
            # imported here: tollgate.knowledge builds on this package's guard
            from tollgate.knowledge.grounding import guard_knowledge_answer

            return guard_knowledge_answer(
                text,
                request.grounding,
                entities=request.entities,
                secrets=self.secrets,
                scan_env=False,
                other_customer_ids=others,
            )
        return guard_response(
            text,
            action_result=request.action_result,
            entities=request.entities,
            secrets=self.secrets,
            other_customer_ids=others,
            scan_env=False,
        )

    async def respond(self, request: ResponseRequest) -> ComposedResponse:
        """The response to send for ``request`` (see the module docstring). Never raises."""
        reference = request.reference if request.grounding else self.template.render(request)
        tokens, cost, note = 0, 0.0, ""
        if self.generator is not None:
            generated: GeneratedResponse | None = None
            async with self._semaphore():  # the breaker is asked when this call's turn comes
                if self.breaker.allow():
                    generated = await self._generate(replace(request, reference=reference))
                    if generated.text is None:
                        self.breaker.record_failure()
                    else:
                        self.breaker.record_success()
            if generated is None:
                note = f"{self.generator.name} skipped: circuit breaker open"
            else:
                tokens, cost = generated.tokens, generated.cost
                if generated.text is None:
                    note = f"{self.generator.name} failed: {generated.error}"
                else:
                    problems = self.guard(generated.text, request)
                    if not problems:
                        return ComposedResponse(
                            text=generated.text,
                            source=generated.source,
                            tokens=tokens,
                            cost=cost,
                        )
                    note = f"{generated.source} answer rejected by the output guard: " + "; ".join(
                        problems
                    )
                    log.info("llm_response_rejected", model=generated.source, problems=problems)
            note += "; template used"
        return ComposedResponse(
            text=reference,
            source=TEMPLATE_SOURCE,
            problems=self.guard(reference, request),
            note=note,
            tokens=tokens,
            cost=cost,
        )

    def _semaphore(self) -> asyncio.Semaphore:
        return loop_semaphore(self._semaphores, self.concurrency)

    async def _generate(self, request: ResponseRequest) -> GeneratedResponse:
        assert self.generator is not None
        try:
            return await self.generator.generate(request)
        except Exception as exc:  # a plug-in generator broke its contract: treat as a failure
            log.error("response_generator_crashed", generator=self.name, error=type(exc).__name__)
            return GeneratedResponse(text=None, source=self.name, error=type(exc).__name__)


def build_responder(
    settings: Settings, *, other_customers: CustomerDirectory = demo_other_customers
) -> Responder:
    """The responder ``settings`` ask for: templates only, or ``TOLLGATE_RESPONSE_MODEL`` first;
    ``other_customers`` is the backend's customer directory (the action registry's).

    Templates are the default even when the intent model is an LLM: they are deterministic,
    instant, free and state exactly the action's facts; an LLM writer is opted into separately.
    """
    secrets = secret_values_from_env()
    breaker = CircuitBreaker(settings.breaker_failure_threshold, settings.breaker_cooldown_s)
    generator: ResponseGenerator | None = None
    if settings.response_model:
        from tollgate.responses.llm import LLMResponseGenerator

        generator = LLMResponseGenerator(settings, secrets=secrets)
    return Responder(
        generator,
        secrets=secrets,
        breaker=breaker,
        concurrency=settings.llm_max_concurrency,
        other_customers=other_customers,
    )
