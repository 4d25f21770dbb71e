"""What the customer reads: offline templates and the output guard every response must pass."""

from tollgate.responses.guard import guard_response, secret_values_from_env
from tollgate.responses.templates import render_clarify, render_holding, render_response

__all__ = [
    "guard_response",
    "render_clarify",
    "render_holding",
    "render_response",
    "secret_values_from_env",
]
