"""What a stage does with one batch of Kafka records, with an explicit ack policy.

:meth:`Pump.run` never raises for a bad record: each record ends as its outputs or as a dead
letter, and every produce is awaited until the broker confirmed it; only then does ``run``
return and the caller (:class:`streams.runner.StageRunner`) mark the offsets done. Processing
is retried per policy; a poison record is isolated and dead-lettered alone. If the broker
refuses the outputs for good, ``run`` raises :class:`ProduceFailed`: the runner then stops
without marking the batch done, and the worker exits in order with a failure code
(at-least-once: the batch is redelivered after restart).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from schemas import Contract, DeadLetter, InteractionEvent, Outcome, SourceRef, Stage
from streams.latency import Histogram
from tollgate.config import Settings
from tollgate.logs import get_logger
from tollgate.textsafety.errors import describe_error
from tollgate.textsafety.redaction import redact_text, redacted_preview

In = TypeVar("In", bound=Contract)
SendMany = Callable[[Sequence[tuple[str, bytes | None, bytes]]], Awaitable[None]]
"""Produces (topic, key, value) messages and returns once the broker acknowledged all of them."""


@dataclass(frozen=True)
class Out:
    """One message to produce."""

    topic: str
    key: str
    value: Contract


@dataclass(frozen=True)
class Item(Generic[In]):
    """A decoded input and where it came from."""

    value: In
    source: SourceRef
    raw: bytes = b""


PRODUCE_ATTEMPTS = 7
"""Sends of one batch's outputs before the broker is taken to refuse them for good."""
PRODUCE_FIRST_BACKOFF_S = 0.1
PRODUCE_MAX_BACKOFF_S = 5.0


class ProduceFailed(RuntimeError):
    """The broker refused a batch's outputs for good: the batch must not be acknowledged, and
    the worker stops (its exit code says so); the batch is redelivered after restart."""


INVALID_MESSAGE = "invalid message"
"""The reason of a dead letter whose message did not parse as the stage's input."""
ORIGINAL_LIMIT = 256 * 1024
"""Bytes of the original kept in a dead letter: a 1 MB message must not make a too-large letter."""

Handler = Callable[[Sequence[Item[In]]], Awaitable[list[list[Out]]]]
"""Processes items and returns, per item and in order, the messages to produce."""


def source_of(record: Any) -> SourceRef:
    """Where a Kafka record (anything with ``topic``, ``partition``, ``offset``) came from.

    Built without validation: the fields come from the Kafka client, not from the message."""
    return SourceRef.model_construct(
        topic=record.topic, partition=record.partition, offset=record.offset
    )


def guess_ticket_id(raw: bytes | None) -> str | None:
    """Best effort: the ticket_id of a message that failed validation, for the dead letter
    (redacted: a malformed message's id is untrusted text)."""
    try:
        data: Any = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    while isinstance(data, dict):  # stage payloads nest it: verdict.intent.ticket.ticket_id
        value = data.get("ticket_id")
        if isinstance(value, str | int) and not isinstance(value, bool):
            return redact_text(str(value)[:128])  # a malformed message's id is untrusted text
        data = next(
            (data[k] for k in ("ticket", "intent", "verdict") if isinstance(data.get(k), dict)),
            None,
        )
    return None


class Pump(Generic[In]):
    """Runs one stage over a batch of Kafka records."""

    def __init__(
        self,
        *,
        stage: Stage,
        settings: Settings,
        model: type[In],
        handle: Handler[In],
        send: SendMany,
    ) -> None:
        self.stage = stage
        self.settings = settings
        self.model = model
        self.handle = handle
        self.send = send
        self.log = get_logger(stage=stage.value)
        self.processed = 0
        self.dead_lettered = 0
        self.batches = 0
        self.busy_s = 0.0
        self.produced: dict[str, int] = {}
        self.latency_ms = Histogram()
        """Per record: from its produce time (broker timestamp) until its outputs were acked."""
        self.failure: ProduceFailed | None = None
        """Set when the broker refused outputs for good (also outputs produced outside a batch,
        e.g. by a timer): the runner of this pump then stops."""

    async def run(self, records: Sequence[Any]) -> None:
        """Process, then produce every output and wait for the broker's acknowledgements."""
        started = time.perf_counter()
        items: list[Item[In]] = []
        outs: list[Out] = []
        for record in records:
            source = source_of(record)
            raw = record.value
            try:
                items.append(Item(self.model.model_validate_json(raw), source, raw))
            except (ValidationError, ValueError, TypeError) as exc:
                outs += self.dead_letter(raw, source, INVALID_MESSAGE, exc)
        if items:
            outs += await self._process(items)
        await self.produce(outs)
        now_ms = time.time() * 1000
        self.latency_ms.observe_many(
            now_ms - r.timestamp for r in records if isinstance(r.timestamp, int)
        )
        self.processed += len(records)
        self.batches += 1
        self.busy_s += time.perf_counter() - started
        for out in outs:
            self.produced[out.topic] = self.produced.get(out.topic, 0) + 1

    async def _process(self, items: Sequence[Item[In]]) -> list[Out]:
        attempts = self.settings.stage_max_attempts
        delay = 0.05
        for attempt in range(1, attempts + 1):
            try:
                return [out for per_item in await self.handle(items) for out in per_item]
            except ProduceFailed:  # the broker refused a handler's own produce: stop, no retry
                raise
            except Exception as exc:
                self.log.warning("stage batch failed", attempt=attempt, error=repr(exc)[:300])
                if attempt < attempts:
                    await asyncio.sleep(delay)
                    delay *= 2
        # Isolate the poison item(s): process one by one, dead-letter what still fails.
        outs: list[Out] = []
        for item in items:
            try:
                outs += [out for per_item in await self.handle([item]) for out in per_item]
            except ProduceFailed:
                raise
            except Exception as exc:
                raw = item.raw or item.value.model_dump_json().encode()
                outs += self.dead_letter(
                    raw,
                    item.source,
                    f"{self.stage.value} stage failed after {attempts} attempts",
                    exc,
                )
        return outs

    def dead_letter(
        self, raw: bytes | None, source: SourceRef, reason: str, exc: BaseException
    ) -> list[Out]:
        letter = make_dead_letter(
            raw, source, reason, exc, inbound_topic=self.settings.topic_inbound, stage=self.stage
        )
        ticket_id = letter.ticket_id
        self.dead_lettered += 1
        self.log.warning(
            "dead letter", ticket_id=ticket_id, reason=reason, source=source.model_dump()
        )
        ref = dead_letter_ref(source)
        event = InteractionEvent(
            event_id=ref,
            ticket_id=ticket_id or ref,
            session_id=ref,
            stage=self.stage,
            user_input="",
            outcome=Outcome.DEAD_LETTER.value,
            success=False,
            escalated=False,
            error=f"{reason}: {letter.error}"[:1000],
        )
        return [
            Out(self.settings.topic_deadletter, ticket_id or ref, letter),
            Out(self.settings.topic_interactions, ticket_id or ref, event),
        ]

    async def produce(self, outs: Sequence[Out]) -> None:
        """Produce everything and wait for the broker's acknowledgement of each message;
        :class:`ProduceFailed` if the broker refuses them for good (then also :attr:`failure`)."""
        try:
            await produce_all(self.send, outs, self.log)
        except ProduceFailed as exc:
            self.failure = exc
            raise


def dead_letter_ref(source: SourceRef) -> str:
    """A dead letter's key when its ticket is unknown: stable per source message."""
    return f"dlq:{source.topic}:{source.partition}:{source.offset}"


def make_dead_letter(
    raw: bytes | None,
    source: SourceRef,
    reason: str,
    exc: BaseException | str,
    *,
    inbound_topic: str,
    stage: Stage | None = None,
    sink: str | None = None,
) -> DeadLetter:
    """The dead letter of one message that ``stage`` (or ``sink``) could not handle: the
    reason, the error, where the message is, and a redacted preview. A message read from
    ``inbound_topic`` (the one place the original text is kept) leaves its bytes there
    (``original_at_source``); any other keeps its bytes (the first ``ORIGINAL_LIMIT``)."""
    size = len(raw or b"")
    at_source = source.topic == inbound_topic
    return DeadLetter(
        ticket_id=guess_ticket_id(raw),
        stage=stage,
        sink=sink,
        reason=reason,
        # no input fragments (pydantic prints them), redacted
        error=describe_error(exc) if isinstance(exc, BaseException) else redact_text(exc[:2000]),
        source_topic=source.topic,
        partition=source.partition,
        offset=source.offset,
        original_b64="" if at_source else DeadLetter.encode(raw, ORIGINAL_LIMIT),
        original_size=size,
        original_truncated=not at_source and size > ORIGINAL_LIMIT,
        original_at_source=at_source,
        preview=redacted_preview(raw),
    )


async def produce_all(send: SendMany, outs: Sequence[Out], log: Any) -> None:
    """Send ``outs`` and wait for every acknowledgement, retrying the whole set with backoff
    (``PRODUCE_ATTEMPTS`` sends); then :class:`ProduceFailed`. Never returns unacknowledged."""
    messages = [(o.topic, o.key.encode(), o.value.model_dump_json().encode()) for o in outs]
    delay = PRODUCE_FIRST_BACKOFF_S
    for attempt in range(1, PRODUCE_ATTEMPTS + 1):
        try:
            await send(messages)
            return
        except Exception as exc:
            log.error("produce failed", attempt=attempt, error=repr(exc)[:300])
            if attempt == PRODUCE_ATTEMPTS:
                # Never acknowledge records whose outputs did not reach the broker.
                log.critical("broker refused outputs; the batch stays unacknowledged")
                raise ProduceFailed(f"broker refused {len(messages)} messages: {exc!r}") from exc
            await asyncio.sleep(delay)
            delay = min(delay * 2, PRODUCE_MAX_BACKOFF_S)
