"""The response-generator interface and its offline default, the templates.

A generator turns a :class:`ResponseRequest` into a :class:`GeneratedResponse`. It never raises:
a generator that cannot answer returns ``text=None`` with ``error`` set. Whatever it writes is
checked by the output guard before anyone sees it
(:class:`~tollgate.responses.responder.Responder`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from schemas import ActionResult
from tollgate.responses.templates import render_response

TEMPLATE_SOURCE = "template"
"""``source`` of a response rendered from the templates."""


@dataclass(frozen=True, slots=True)
class ResponseRequest:
    """What a generator may use: redacted text, intent, entities and the action's result.

    ``reference`` is the template answer for the same facts (filled in by the responder), a
    grounded wording a model may rephrase. ``grounding`` set: a knowledge answer; ``reference``
    is the passage answer, and every claim of a written answer must be in these passages.
    """

    intent: str
    text: str
    action_result: ActionResult | None
    entities: Mapping[str, str] = field(default_factory=dict)
    reference: str = ""
    customer_id: str | None = None
    """The ticket's customer (any other known customer's id in a response is rejected)."""
    grounding: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class GeneratedResponse:
    """One generator's answer (``text=None``: it had none, ``error`` says why)."""

    text: str | None
    source: str
    error: str | None = None
    tokens: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0


class ResponseGenerator(Protocol):
    """Anything that writes a customer response. ``name`` is recorded as the response source."""

    name: str

    async def generate(self, request: ResponseRequest) -> GeneratedResponse:
        """The response for ``request``; never raises."""
        ...


class TemplateGenerator:
    """The offline default: :func:`~tollgate.responses.templates.render_response`."""

    name = TEMPLATE_SOURCE

    def render(self, request: ResponseRequest) -> str:
        return render_response(request.intent, request.action_result, request.entities)

    async def generate(self, request: ResponseRequest) -> GeneratedResponse:
        return GeneratedResponse(text=self.render(request), source=self.name)
