"""A JSONL file of tickets, checked line by line against the ``Ticket`` contract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from schemas import Ticket


@dataclass(frozen=True)
class TicketLine:
    """One non-empty line: its 1-based number in the file, its bytes, and why it is invalid."""

    number: int
    raw: bytes
    problem: str | None


def check_line(raw: bytes) -> str | None:
    """``None`` when ``raw`` is a valid ``Ticket``; otherwise the first problem, one line."""
    try:
        Ticket.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"])
        if err["type"] == "json_invalid":
            return "not JSON"
        return f"{where}: {err['msg']}" if where else err["msg"]
    return None


def read_ticket_lines(path: Path) -> list[TicketLine]:
    """Every non-empty line of ``path`` (bytes as-is), numbered as an editor numbers them."""
    return [
        TicketLine(number, raw, check_line(raw))
        for number, raw in enumerate(path.read_bytes().splitlines(), start=1)
        if raw.strip()
    ]
