"""The sink contract: a destination written in batches, run by the stages' runner and commits.

Modelled on Quix Streams' ``BatchingSink``: a sink turns a batch of Kafka records into what
it writes (:meth:`BatchingSink.prepare`, on a worker thread), writes it
(:meth:`BatchingSink.write`) and may refuse for now by raising :class:`SinkBackpressureError`
with a ``retry_after``. :class:`SinkPump` makes a sink a processor of a
:class:`~streams.runner.StageRunner`, so a sink has exactly the stages' acknowledgement rules:

- offsets are marked done only after ``write`` returned (and committed by the runner later,
  on its commit interval, on revoke and on stop), so a crash redelivers, never skips;
- backpressure pauses the consumer and offers the same records again after ``retry_after``
  (the runner rewinds; no batch is held in memory while the destination is down);
- records the sink cannot store (:meth:`BatchingSink.rejected`) are dead-lettered to
  ``tickets.deadletter`` with the reason before the batch is acknowledged, never dropped;
- a dead letter the broker refuses for good ends the runner like a stage's produce failure
  (:class:`~streams.pump.ProduceFailed`): nothing of the batch is acknowledged.

Writes must be idempotent (a redelivered batch is written again).
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from aiokafka import ConsumerRecord, TopicPartition

from schemas import SourceRef
from streams.pump import Out, SendMany, dead_letter_ref, make_dead_letter, produce_all
from streams.runner import Backpressure
from tollgate.config import Settings
from tollgate.logs import get_logger

B = TypeVar("B")


class SinkBackpressureError(Backpressure):
    """The destination cannot take the batch now (down, throttling): the runner pauses and
    offers the same records again after ``retry_after`` seconds."""


@dataclass(frozen=True)
class Rejected:
    """A record a sink cannot store, and why: it goes to the dead-letter topic."""

    raw: bytes | None
    source: SourceRef
    reason: str
    error: str


class BatchingSink(ABC, Generic[B]):
    """A destination written in batches; ``B`` is the sink's prepared batch."""

    name: ClassVar[str]
    """Names the sink in dead letters and logs."""

    @abstractmethod
    def prepare(self, records: Sequence[ConsumerRecord[Any, Any]]) -> B:
        """Parse ``records`` into a batch to write. Runs on a worker thread: no I/O, and it
        must not raise for a malformed record (see :meth:`rejected`)."""

    @abstractmethod
    def rejected(self, batch: B) -> Sequence[Rejected]:
        """The records of ``batch`` the sink cannot store and that are its to dead-letter."""

    @abstractmethod
    async def write(self, batch: B) -> None:
        """Write ``batch`` (idempotently). Raise :class:`SinkBackpressureError` to have the same
        records offered again after its ``retry_after``; any other exception stops the
        worker without acknowledging the batch."""

    def committed(self, offsets: Mapping[TopicPartition, int], error: BaseException | None) -> None:
        """Called after the runner committed ``offsets`` (``error``: the commit failed and the
        records will be read again). Default: nothing."""


class SinkPump(Generic[B]):
    """A :class:`BatchingSink` as a runner's processor: prepare, write, dead-letter, return."""

    def __init__(self, sink: BatchingSink[B], *, settings: Settings, send: SendMany) -> None:
        self.sink = sink
        self.settings = settings
        self.send = send
        self.dead_lettered = 0
        self.failure: BaseException | None = None
        """Never set: a sink produces only inside a batch, where a failure raises."""
        self.log = get_logger(component="sink", sink=sink.name)

    async def run(self, records: Sequence[ConsumerRecord[Any, Any]]) -> None:
        """Handle one batch; returns once it is written and its rejects are dead-lettered.
        :class:`SinkBackpressureError` and :class:`~streams.pump.ProduceFailed` propagate."""
        batch = await asyncio.to_thread(self.sink.prepare, records)
        await self.sink.write(batch)
        letters = [self._letter(r) for r in self.sink.rejected(batch)]
        if letters:
            await produce_all(self.send, letters, self.log)
            self.dead_lettered += len(letters)

    def _letter(self, rejected: Rejected) -> Out:
        letter = make_dead_letter(
            rejected.raw,
            rejected.source,
            rejected.reason,
            rejected.error,
            inbound_topic=self.settings.topic_inbound,
            sink=self.sink.name,
        )
        self.log.warning(
            "dead letter",
            ticket_id=letter.ticket_id,
            reason=rejected.reason,
            source=rejected.source.model_dump(),
        )
        key = letter.ticket_id or dead_letter_ref(rejected.source)
        return Out(self.settings.topic_deadletter, key, letter)
