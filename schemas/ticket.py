"""`Ticket`: what upstream systems publish on ``tickets.inbound``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from schemas.base import Contract, utcnow

MAX_TEXT_CHARS = 200_000
"""Hard ceiling on ticket text: larger tickets are dead-lettered; hygiene caps the rest."""

ScalarValue = str | int | float | bool | None


class Ticket(Contract):
    """A support request. ``session_id`` defaults to ``ticket_id`` (a one-message conversation)."""

    schema_version: Literal[1] = 1
    ticket_id: str = Field(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")
    session_id: str = Field(default="", max_length=128)
    customer_id: str | None = Field(default=None, max_length=128)
    channel: str = Field(default="api", max_length=32)
    text: str = Field(max_length=MAX_TEXT_CHARS)
    metadata: dict[str, ScalarValue] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _default_session(self) -> Ticket:
        if not self.session_id:
            self.session_id = self.ticket_id
        return self
