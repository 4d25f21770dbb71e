"""Session state owned with the partition: worker memory in front of a changelog topic.

The design (after Kafka Streams' state stores with changelog topics and Quix Streams'
``state/`` + ``checkpointing/``, reduced to what this pipeline needs):

* **Who owns a session.** Every topic a session's messages travel on is keyed by
  ``session_id`` and has the same partition count (checked at start-up by
  :func:`check_copartitioned`). The decision stage's consumer subscribes to
  ``tollgate.constraint`` *and* ``tickets.feedback`` with the range assignor, so the worker
  that owns partition p of one owns partition p of the other: a session's tickets, its
  drafts and the reviewers' feedback on them meet in one process. Partition p of the
  changelog ``tollgate.sessions`` holds exactly the sessions of partition p.
* **Local store.** A dict in memory (``(partition, session_id) → SessionState``), the cheapest
  store that holds the bounds below; RocksDB or SQLite would add a disk copy that the
  changelog already is. Bounded: a session idle for ``session_ttl_hours`` is forgotten (a
  tombstone in the changelog), one session's JSON stays under ``session_max_bytes`` and the
  broker's message size (:func:`fitted`: old data and turn texts go, drafts and the pending
  request never; a state still too large refuses its ticket, :class:`SessionTooLarge`), one
  worker holds at most ``state_max_sessions`` (least recently active
  first, never a session with a draft waiting for a reviewer).
* **Write order, per batch** (``streams/session_stage.py``, a transactional outbox): each
  action call is written to the changelog before it starts and again with its result as soon as
  it returned; then the sessions' new states are written and acknowledged, each carrying in
  ``outbox`` the outputs its inputs produced (by input: ``ticket:<id>`` / ``feedback:<id>``,
  with the consumed message's position); then those outputs are produced and acknowledged; only
  then are the input offsets marked done (and later committed). A crash before the state write
  redelivers the batch to a worker that restores the state before it: the same tickets are
  decided again (nothing of them went out) and find their action results (or started calls,
  see the session stage) instead of acting again. A crash after it redelivers inputs found in
  the outbox: their recorded outputs are produced again, identical copies (same decision, same
  ``decided_at``; at-least-once), and nothing is decided or applied a second time. An input
  found processed without an entry (retired: its offset was committed) is skipped.
* **Outbox retirement.** An entry is needed until its input's offset is committed; the session
  stage learns the committed offsets from the runner (``on_commit``) and drops the entries
  behind them with the session's next write (and from memory at the SLA sweep). Committed means
  whoever committed it had the outputs acknowledged, so this holds across rebalances and
  restarts, where an age bound would not (a crash, then the workers down longer than the bound).
  The byte cap counts the outbox but never cuts it (:func:`bounded`).
* **Restore.** On assignment nothing is read; the first batch (or SLA sweep) that touches a
  newly assigned partition first restores that changelog partition from its start to its end
  (latest value per key, tombstones delete, idle sessions skipped), so a worker restores
  exactly its partitions, never the terminal history. The end is where a fetch returns nothing
  more and the position reached the broker's end offset, read again then: the embedded broker
  reported an end behind the records it served, and a restore that stopped there took older
  states. Partitions that leave are dropped.
  The embedded broker does not compact, so a changelog partition is replayed in full; in
  production ``cleanup.policy=compact`` (``deploy/topics.yaml``) keeps it at one record per
  live session.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import ValidationError

from schemas import SessionState, utcnow
from tollgate.config import Settings
from tollgate.fitting import MARKER
from tollgate.kafka import caught_up, client_kwargs
from tollgate.logs import get_logger

log = get_logger(component="sessions")

Key = tuple[int, str]
"""(partition, session_id)"""
Change = tuple[int, str, SessionState | None]
"""A new state of a session, or None to delete it (a tombstone in the changelog)."""


def copartitioned_topics(settings: Settings) -> list[str]:
    """The topics that must have the same partition count (keyed by session_id)."""
    return [
        settings.topic_inbound,
        settings.topic_intent,
        settings.topic_constraint,
        settings.topic_decision,
        settings.topic_feedback,
        settings.topic_sessions,
    ]


async def check_copartitioned(producer: AIOKafkaProducer, settings: Settings) -> None:
    """Stop the worker with one line if the session topics differ in partition count."""
    counts = {t: len(await producer.partitions_for(t)) for t in copartitioned_topics(settings)}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{t}={n}" for t, n in counts.items())
        raise SystemExit(
            "tollgate: the session topics must have the same partition count "
            f"(keyed by session_id, co-partitioned): {listed}"
        )


TURN_TEXT_KEEP = 200
"""Characters of each turn's text left when cutting texts is what remains (:func:`bounded`)."""


class SessionTooLarge(RuntimeError):
    """A session's state stays over the broker's message size after everything that may go
    went: what is left (drafts waiting for a reviewer, the pending request) is never dropped
    silently. The session stage raises it before producing anything for the batch, so the
    pump retries, then dead-letters the ticket that would have grown the state (the worker
    does not stop; the session keeps its last written state)."""


def _size(state: SessionState) -> int:
    """The state's JSON in bytes, as the producer sends it."""
    return len(state.model_dump_json().encode())


def _cut_turns(state: SessionState) -> SessionState:
    turns = [
        t.model_copy(
            update={"text": t.text[:TURN_TEXT_KEEP] + MARKER.format(n=len(t.text) - TURN_TEXT_KEEP)}
        )
        if len(t.text) > TURN_TEXT_KEEP + len(MARKER) + 8
        else t
        for t in state.turns
    ]
    return state.model_copy(update={"turns": turns})


def bounded(state: SessionState, max_bytes: int) -> SessionState:
    """``state`` cut towards at most ``max_bytes`` of JSON (UTF-8): the oldest turns and action
    results go first, then the text of the turns left is cut with ``tollgate.fitting``'s marker,
    and only then the oldest processed ids (a few dozen bytes each, and what recognises a copy of
    a ticket already decided: an upstream stage that re-ran after a crash writes one at a new
    offset, which the outbox does not match; dropped while the outbox filled the state, such
    copies were decided again from the session's later state, a second terminal place). A
    pending request, the owner, the entities, drafts and the outbox stay (an outbox entry is
    retired only once its input's offset is committed: dropped earlier, a crash would lose or
    decide again what it holds), so they count against the cap but the result may still be
    larger (see :func:`fitted`)."""
    cut = False
    while _size(state) > max_bytes:
        processed, turns, actions = state.processed, state.turns, state.actions
        if len(turns) > 1:
            state = state.model_copy(update={"turns": turns[len(turns) // 2 :]})
        elif actions:
            keep_actions = list(actions.items())[(len(actions) + 1) // 2 :]
            state = state.model_copy(update={"actions": dict(keep_actions)})
        elif not cut:
            state, cut = _cut_turns(state), True
        elif len(processed) > 1:
            keep = list(processed.items())[len(processed) // 2 :]
            state = state.model_copy(update={"processed": dict(keep)})
        else:
            break  # what is left (pending, owner, drafts) must not be dropped
    return state


def fitted(state: SessionState, settings: Settings) -> SessionState:
    """``state`` :func:`bounded` by ``session_max_bytes`` and the broker's message size
    (``kafka_max_message_bytes``, the cap of every output); :class:`SessionTooLarge` when it
    still exceeds the message size (the changelog would refuse it, and the batch with it)."""
    limit = settings.kafka_max_message_bytes
    state = bounded(state, min(settings.session_max_bytes, limit))
    size = _size(state)
    if size > limit:
        pending = "a" if state.pending is not None else "no"
        raise SessionTooLarge(
            f"session {state.session_id}: state of {size} bytes over the broker's message size "
            f"({limit}) with {len(state.drafts)} drafts held and {pending} pending request; "
            "nothing dropped, the ticket that would grow it is dead-lettered"
        )
    return state


@dataclass
class RestoreStats:
    """What restoring one changelog partition read and took."""

    partition: int
    records: int
    sessions: int
    seconds: float


@dataclass
class SessionStore:
    """The sessions of the partitions this worker owns; see the module docstring."""

    settings: Settings
    producer: AIOKafkaProducer
    _states: OrderedDict[Key, SessionState] = field(default_factory=OrderedDict)
    _restored: set[int] = field(default_factory=set)
    _owned: set[int] = field(default_factory=set)
    _consumer: AIOKafkaConsumer | None = None
    restores: list[RestoreStats] = field(default_factory=list)

    # -- ownership -------------------------------------------------------------------------

    def assigned(self, assignment: Collection[TopicPartition]) -> None:
        """The consumer's new assignment: drop the state of partitions that left; partitions
        that arrived are restored before their first use (:meth:`ensure`)."""
        owned = {tp.partition for tp in assignment}
        for partition in self._restored - owned:
            self._restored.discard(partition)
            for key in [k for k in self._states if k[0] == partition]:
                del self._states[key]
        self._owned = owned

    @property
    def owned(self) -> set[int]:
        return set(self._owned)

    async def ensure(self, partitions: Iterable[int]) -> None:
        """Restore every owned partition of ``partitions`` that is not restored yet."""
        for partition in sorted(set(partitions)):
            if partition in self._owned and partition not in self._restored:
                await self._restore(partition)

    async def _restore(self, partition: int) -> None:
        started = time.perf_counter()
        topic = self.settings.topic_sessions
        tp = TopicPartition(topic, partition)
        if self._consumer is None:
            self._consumer = AIOKafkaConsumer(
                **client_kwargs(self.settings), group_id=None, enable_auto_commit=False
            )
            await self._consumer.start()
        consumer = self._consumer
        consumer.assign([tp])
        start = (await consumer.beginning_offsets([tp]))[tp]
        end = (await consumer.end_offsets([tp]))[tp]
        consumer.seek(tp, start)
        found: dict[str, SessionState] = {}
        records = 0
        while True:  # to the end the broker serves, not only the end it reported at the start
            batch = await consumer.getmany(tp, timeout_ms=500, max_records=10_000)
            taken = batch.get(tp, [])
            if not taken:
                end = max(end, (await consumer.end_offsets([tp]))[tp])
                if await caught_up(consumer, {tp: end}):
                    break
            for record in taken:
                records += 1
                session_id = (record.key or b"").decode()
                if record.value is None:
                    found.pop(session_id, None)
                    continue
                try:
                    found[session_id] = SessionState.model_validate_json(record.value)
                except ValidationError:
                    log.warning("unreadable session record", partition=partition)
        self.adopt(partition, found)
        stats = RestoreStats(partition, records, len(found), time.perf_counter() - started)
        self.restores.append(stats)
        log.info(
            "session partition restored",
            partition=partition,
            records=records,
            sessions=stats.sessions,
            seconds=round(stats.seconds, 3),
            offsets=f"{start}..{end}",
        )

    def adopt(self, partition: int, found: dict[str, SessionState]) -> None:
        """Take ``found`` (session_id → latest state) as partition ``partition``'s sessions."""
        for key in [k for k in self._states if k[0] == partition]:
            del self._states[key]
        cutoff = utcnow() - timedelta(hours=self.settings.session_ttl_hours)
        for session_id, state in sorted(found.items(), key=lambda kv: kv[1].updated_at):
            if state.updated_at >= cutoff or state.drafts:
                self._states[(partition, session_id)] = state
        self._restored.add(partition)

    # -- reading and writing ---------------------------------------------------------------

    def get(self, partition: int, session_id: str, now: datetime | None = None) -> SessionState:
        """The session's state (a fresh one when unknown or idle past its TTL)."""
        state = self._states.get((partition, session_id))
        ttl = timedelta(hours=self.settings.session_ttl_hours)
        if state is None or (not state.drafts and state.updated_at + ttl < (now or utcnow())):
            return SessionState(session_id=session_id, partition=partition)
        return state

    def sessions(self) -> list[SessionState]:
        return list(self._states.values())

    def __len__(self) -> int:
        return len(self._states)

    async def write(self, changes: Sequence[Change]) -> None:
        """Write changes to the changelog (each to its partition) and wait for the acks; each
        state :func:`fitted` first (:class:`SessionTooLarge` before anything is sent)."""
        if not changes:
            return
        topic = self.settings.topic_sessions
        values = [
            None if state is None else fitted(state, self.settings).model_dump_json().encode()
            for _p, _sid, state in changes
        ]
        futures = [
            await self.producer.send(topic, value, session_id.encode(), partition=partition)
            for (partition, session_id, _state), value in zip(changes, values, strict=True)
        ]
        await asyncio.gather(*futures)

    def keep(self, partition: int, session_id: str, state: SessionState) -> None:
        """Take one written state into memory without the per-worker cap (the batch's
        :meth:`apply` follows and enforces it)."""
        self._states[(partition, session_id)] = state

    def apply(self, changes: Sequence[Change]) -> list[Change]:
        """Take written changes into memory; returns tombstones for sessions evicted over the
        per-worker cap (the caller writes them)."""
        for partition, session_id, state in changes:
            key = (partition, session_id)
            if state is None:
                self._states.pop(key, None)
            else:
                self._states[key] = state
                self._states.move_to_end(key)
        evicted: list[Change] = []
        over = len(self._states) - self.settings.state_max_sessions
        if over > 0:
            for key, state in list(self._states.items()):
                if over <= 0:
                    break
                if not state.drafts:
                    del self._states[key]
                    evicted.append((key[0], key[1], None))
                    over -= 1
        return evicted

    def idle(self, now: datetime | None = None) -> list[Change]:
        """Tombstones for sessions idle past the TTL (never one holding a draft)."""
        cutoff = (now or utcnow()) - timedelta(hours=self.settings.session_ttl_hours)
        return [
            (key[0], key[1], None)
            for key, state in self._states.items()
            if state.updated_at < cutoff and not state.drafts
        ]

    async def close(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None
