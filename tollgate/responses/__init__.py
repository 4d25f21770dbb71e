"""What the customer reads: templates, an optional LLM writer, and the output guard for both."""

from tollgate.responses.generator import (
    TEMPLATE_SOURCE,
    GeneratedResponse,
    ResponseGenerator,
    ResponseRequest,
    TemplateGenerator,
)
from tollgate.responses.guard import guard_response, secret_values_from_env
from tollgate.responses.responder import ComposedResponse, Responder, build_responder
from tollgate.responses.templates import render_clarify, render_holding, render_response

__all__ = [
    "TEMPLATE_SOURCE",
    "ComposedResponse",
    "GeneratedResponse",
    "Responder",
    "ResponseGenerator",
    "ResponseRequest",
    "TemplateGenerator",
    "build_responder",
    "guard_response",
    "render_clarify",
    "render_holding",
    "render_response",
    "secret_values_from_env",
]
