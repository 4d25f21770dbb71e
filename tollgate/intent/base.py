"""The one interface every intent model implements (local classifier, LLM, fallback chain)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

OUT_OF_SCOPE = "out_of_scope"
"""Intent name for requests outside the domain. The agent never guesses on these."""


class IntentPrediction(BaseModel):
    """What a model says about one text."""

    intent: str
    confidence: float = Field(ge=0.0, le=1.0)
    reasoning: str = ""
    entities: dict[str, str] = Field(default_factory=dict)
    model: str = ""
    fallback: bool = False
    error: str | None = None
    tokens: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0
    triggers: list[str] = Field(default_factory=list)
    """Escalation triggers an LLM saw in the text; they add to the local ones, never remove."""


@runtime_checkable
class IntentModel(Protocol):
    """Classifies a batch of already-cleaned texts.

    Implementations never raise for a single bad text or a failing backend: they return a
    prediction per text (an ``out_of_scope`` prediction with ``error`` set when nothing could
    answer), so a ticket is never lost to an exception.
    """

    name: str

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]: ...
