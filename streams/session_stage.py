"""The decision stage with its sessions: tickets as turns, drafts and reviewers' feedback.

One consumer (group ``<app_id>.decision``) reads ``tollgate.constraint`` and
``tickets.feedback``, co-partitioned by ``session_id`` (``streams/sessions.py``), so a
session's tickets, drafts and feedback meet in the worker that owns its state. Per batch:
sessions are handled concurrently, the items of one session in order; then the writes go out
in the order the store's docstring gives (action records → new states with their outbox →
outputs), and only then does the runner count the offsets done. A redelivered message whose
input is in its session's outbox (same topic, partition and offset) produces the recorded
outputs again instead of being decided again; :meth:`SessionStage.committed` (the runner's
``on_commit``) retires the entries.

Actions run once (issue 16): each action call is written through to the changelog twice, as
it happens, by :class:`SessionActions` (the registry's write-ahead store): a "started" record
before the call and its result as soon as it returned, each acknowledged before anything else
happens. A worker killed at any point leaves the partition's next owner either nothing (the
call never started), the result (found, not called again), or a started call without a
result, which the registry never guesses about (``tollgate/actions/registry.py``): called
again with the same key if the action is idempotent by key, escalated ``outcome_unknown``
otherwise.

Feedback (draft kinds) is applied once: the draft leaves the session state with the write that
records the feedback's outputs in the outbox, before they are produced, so a redelivered
approval replays them (same response, same ``decided_at``) and a re-sent copy (another offset)
finds no draft. Forwarded feedback (it arrived on a partition that does not own its session)
changes no state here: it is produced with the outputs, a crash before the commit forwards it
again, and the owner finds the copy answered. An approved draft runs its
action; the approved reply goes out when the real result gives it (``foresaw``: a draft written
for its action's foreseen success), else the new reply goes back to the reviewer as a new draft
instead of out. An edited reply goes out as the reviewer wrote it
(``response_source: "reviewer:<name>"``). ``handback`` returns a human-owned session to the
agent. Drafts past their SLA escalate from :meth:`SessionStage.sweep`, once the input that
produced them is committed: a redelivery would otherwise put a copy of the draft after its
escalation (a new owner learns the committed offsets at assignment). The sweep runs under the
batch lock; the draft leaves the state with the write that follows the escalation. The sweep
has no input to redeliver, so it keeps outputs → state; a crash between the two escalates that
draft again at the next owner's sweep as an identical copy (the escalation is decided at the
draft's deadline, not at the sweep's time).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from aiokafka import TopicPartition
from aiokafka.partitioner import DefaultPartitioner
from pydantic import ConfigDict, model_validator

from schemas import (
    ActionRecord,
    AgentDecision,
    ConstraintVerdict,
    Contract,
    Feedback,
    FeedbackKind,
    FeedbackReason,
    FeedbackRecord,
    HeldDraft,
    OutboxEntry,
    OutboxMessage,
    Outcome,
    Priority,
    SessionState,
    SourceRef,
    utcnow,
)
from streams.conversation import Rules, Turn, over_rounds, prepare, record, with_conversation
from streams.conversation import with_outcome as owned_after
from streams.pump import Item, Out
from streams.sessions import Change, SessionStore, SessionTooLarge, fitted
from streams.stage3_decision import DecisionStage, decision_event, foresaw
from tollgate.actions.idempotency import IdempotencyRecord
from tollgate.logs import get_logger
from tollgate.review.approval import check_approval
from tollgate.reviewers import refusal as signature_refusal
from tollgate.reviewers import reviewer_tokens
from tollgate.textsafety.redaction import redact_text

log = get_logger(component="session-stage")
_PARTITIONER = DefaultPartitioner()
_DRAFT_KINDS = (FeedbackKind.DRAFT_APPROVED, FeedbackKind.DRAFT_EDITED, FeedbackKind.DRAFT_REJECTED)

Produce = Callable[[Sequence[Out]], Awaitable[None]]


class SessionInput(Contract):
    """One message of the decision stage's consumer: a verdict or a reviewer's feedback."""

    verdict: ConstraintVerdict | None = None
    feedback: Feedback | None = None

    @model_validator(mode="before")
    @classmethod
    def _wrap(cls, data: Any) -> Any:
        if isinstance(data, dict) and "verdict" not in data and "feedback" not in data:
            return {"feedback": data} if "kind" in data else {"verdict": data}
        return data

    @model_validator(mode="after")
    def _one(self) -> SessionInput:
        if (self.verdict is None) == (self.feedback is None):
            raise ValueError("expected a ConstraintVerdict or a Feedback")
        return self

    @property
    def session_id(self) -> str:
        if self.feedback is not None:
            return self.feedback.session_id
        assert self.verdict is not None
        return self.verdict.intent.ticket.session_id


WriteActions = Callable[[dict[str, ActionRecord]], Awaitable[None]]


class SessionActions:
    """One session's action records as the registry's write-ahead idempotency store
    (:class:`~tollgate.actions.idempotency.WriteAheadStore`); new ones are noted in ``new``.

    Contract: :meth:`begin` (before a call) and :meth:`put` (after it) return only once
    ``write`` returned with every record so far; the session stage's ``write`` puts the
    session's state as of the batch start plus these records on the changelog and waits for the
    broker's acknowledgement. Without ``write`` (in-process use) the records stay in memory."""

    def __init__(self, known: dict[str, ActionRecord], write: WriteActions | None = None) -> None:
        self.records = dict(known)
        self.new: dict[str, ActionRecord] = {}
        self._write = write

    async def get(self, key: str) -> IdempotencyRecord | None:
        found = self.records.get(key)
        if found is None:
            return None
        return IdempotencyRecord(fingerprint=found.fingerprint, result=found.result)

    async def begin(self, key: str, fingerprint: str) -> None:
        await self._keep(key, ActionRecord(fingerprint=fingerprint))

    async def put(self, key: str, record: IdempotencyRecord) -> None:
        await self._keep(key, ActionRecord(fingerprint=record.fingerprint, result=record.result))

    async def _keep(self, key: str, record: ActionRecord) -> None:
        self.records[key] = self.new[key] = record
        if self._write is not None:
            await self._write(dict(self.records))


def partition_of(session_id: str, partitions: int) -> int:
    """The partition of a session's messages (murmur2 of the key, as Java clients and
    aiokafka place it)."""
    ids = list(range(partitions))
    return int(_PARTITIONER(session_id.encode(), ids, ids))


class SessionStage:
    """See the module docstring. ``produce`` is the stage pump's (acked, or the worker exits)."""

    def __init__(self, decision: DecisionStage, store: SessionStore) -> None:
        self.decision = decision
        self.services = decision.services
        self.settings = decision.services.settings
        self.store = store
        self.rules = Rules(self.settings, self.services.constraints)
        self.reviewers = reviewer_tokens(self.settings)
        self.produce: Produce | None = None
        self._committed: dict[tuple[str, int], int] = {}
        """(topic, partition) → the highest offset the decision runner committed there"""
        self.dead_letter: Callable[[Item[SessionInput], str], list[Out]] | None = None
        self.read_committed: Callable[[set[tuple[str, int]]], Awaitable[None]] | None = None
        """The decision runner's :meth:`~streams.runner.StageRunner.read_committed`: asked by
        the sweep for the partitions of inputs that due drafts wait for (their commit may
        have been made where this stage did not learn of it, e.g. by an earlier owner whose
        offsets the assignment's report could not read)."""

    # -- a batch -----------------------------------------------------------------------------

    async def handle(self, items: Sequence[Item[SessionInput]]) -> list[list[Out]]:
        """Process a batch; produces its outputs and state itself, returns dead letters."""
        assert self.produce is not None
        await self.store.ensure({item.source.partition for item in items})
        now = utcnow()
        outs: list[list[Out]] = [[] for _ in items]
        forwarded: list[Out] = []
        groups: dict[tuple[int, str], list[int]] = {}
        for index, item in enumerate(items):
            session_id = item.value.session_id
            home = partition_of(session_id, self.settings.topic_partitions)
            if item.value.feedback is not None and home != item.source.partition:
                # produced with another partitioner: to the partition that owns the session
                forwarded.append(Out(self.settings.topic_feedback, session_id, item.value.feedback))
                continue
            groups.setdefault((item.source.partition, session_id), []).append(index)
        after: dict[tuple[int, str], SessionState] = {}
        added: dict[tuple[int, str], set[str]] = {}  # outbox entries this batch wrote
        refused: list[BaseException] = []  # a changelog write the broker refused for good

        async def run(key: tuple[int, str], indexes: list[int]) -> None:
            state = before = self.store.get(*key, now)
            acts = SessionActions(state.actions, self._writer(key, before, refused))
            entries: dict[str, OutboxEntry] = {}
            for index in indexes:
                item = items[index]
                name = _outbox_key(item.value)
                entry = state.outbox.get(name)
                if entry is not None and entry.source == item.source:
                    outs[index] = _replay(entry)  # redelivered: the same outputs, not decided again
                    continue
                new, outs[index] = await self._one(item, state, acts, now)
                if new is not state and outs[index]:
                    entries[name] = _entry(item.source, outs[index], now)
                state = new
            if state is not before or acts.new:
                outbox = {**self._live(state.outbox), **entries}
                after[key] = state.model_copy(update={"actions": acts.records, "outbox": outbox})
                added[key] = set(entries)

        await asyncio.gather(*(run(key, indexes) for key, indexes in groups.items()))
        if refused:  # the registry logs a failed write and goes on: no output may follow it
            raise refused[0]
        sessions = self.settings.topic_sessions
        # fitted before any output: a state too large (SessionTooLarge) fails the batch whole
        changes: list[Change] = []
        early: list[Out] = []  # outputs too large for their session's outbox
        for key, state in after.items():
            try:
                changes.append((*key, self._bounded(state)))
            except SessionTooLarge:
                # outputs near the broker's message size do not fit in the state beside the
                # rest: those inputs go out before the state, as before the outbox (a crash
                # between decides them again: at-least-once), the rest of the session is kept
                slim = {k: v for k, v in state.outbox.items() if k not in added.get(key, set())}
                changes.append((*key, self._bounded(state.model_copy(update={"outbox": slim}))))
                for index in groups[key]:
                    early += outs[index]
                    outs[index] = []
        if early:
            await self.produce(early)
        # the new states, each with the outputs its inputs produced (the outbox) ...
        await self.produce([Out(sessions, sid, s) for _p, sid, s in changes if s is not None])
        evicted = self.store.apply(changes)
        # ... then the outputs (a crash between: the redelivered inputs replay the outbox)
        await self.produce([o for per in outs for o in per] + forwarded)
        await self._tombstones(evicted)
        return [[] for _ in items]

    def committed(self, offsets: Mapping[TopicPartition, int], error: BaseException | None) -> None:
        """The decision runner's ``on_commit``: note the committed offsets. An outbox entry whose
        input lies behind its partition's committed offset is retired (the input is never
        delivered again, and whoever committed it had its outputs acknowledged)."""
        if error is not None:
            return
        for tp, offset in offsets.items():
            key = (tp.topic, tp.partition)
            self._committed[key] = max(offset, self._committed.get(key, 0))

    def _live(self, outbox: dict[str, OutboxEntry]) -> dict[str, OutboxEntry]:
        """``outbox`` without the entries retired by the committed offsets."""
        committed = self._committed
        return {
            name: entry
            for name, entry in outbox.items()
            if entry.source.offset >= committed.get((entry.source.topic, entry.source.partition), 0)
        }

    def _writer(
        self, key: tuple[int, str], before: SessionState, refused: list[BaseException]
    ) -> WriteActions:
        """Writes ``before`` (the session as of the batch start: nothing of the batch's
        conversation is written ahead of its outputs) with the given action records to the
        changelog, acknowledged, and keeps it in memory (a batch handled again finds them)."""

        async def write(records: dict[str, ActionRecord]) -> None:
            assert self.produce is not None
            try:
                state = self._bounded(before.model_copy(update={"actions": records}))
                await self.produce([Out(self.settings.topic_sessions, key[1], state)])
            except BaseException as exc:
                refused.append(exc)
                raise
            self.store.keep(key[0], key[1], state)

        return write

    def _bounded(self, state: SessionState) -> SessionState:
        return fitted(state, self.settings)

    async def _tombstones(self, changes: list[Change]) -> None:
        if changes:
            try:
                await self.store.write(changes)
            except Exception as exc:  # memory is bounded anyway; the changelog keeps them
                log.warning("tombstones not written", error=repr(exc)[:300])

    async def _one(
        self, item: Item[SessionInput], state: SessionState, acts: SessionActions, now: datetime
    ) -> tuple[SessionState, list[Out]]:
        feedback = item.value.feedback
        if feedback is not None:
            refused = signature_refusal(feedback, self.reviewers)  # issue 17.3
            if refused is not None:
                assert self.dead_letter is not None
                code, why = refused
                letters = self.dead_letter(item, f"feedback refused: {why}")
                return state, [*letters, self._record(feedback, code)]
            state, outs, recorded = await self._feedback(feedback, state, acts, now)
            if recorded is None:
                return state, outs
            return state, [*outs, self._record(feedback, recorded)]
        verdict = item.value.verdict
        assert verdict is not None
        ticket_id = verdict.intent.ticket.ticket_id
        source = verdict.intent.source
        here = f"{source.partition}:{source.offset}" if source else ""
        first = state.processed.get(ticket_id)
        if first is not None:
            if first == here:  # redelivered after its state was written: outputs exist
                return state, []
            assert self.dead_letter is not None
            return state, self.dead_letter(item, f"duplicate ticket_id (first seen at {first})")
        turn = prepare(verdict, state, self.rules, now)
        decision = await self._decide(turn, acts)
        decision = with_conversation(decision, state, self.settings.history_size)
        state = record(state, turn, decision, here, self.rules, now)
        topic, interactions = self.settings.topic_decision, self.settings.topic_interactions
        return state, [
            Out(topic, decision.session_id, decision),
            Out(interactions, decision.ticket_id, decision_event(decision)),
        ]

    async def _decide(self, turn: Turn, acts: SessionActions) -> AgentDecision:
        if turn.escalate is not None:
            reason, queue, priority = turn.escalate
            return self.decision.escalated(turn.verdict, reason, queue, priority)
        decision = await self.decision.decide(turn.verdict, acts)
        too_many = over_rounds(turn, decision, self.rules)
        if too_many is not None:
            return self.decision.escalated(turn.verdict, too_many, "general", Priority.NORMAL)
        return decision

    # -- feedback ------------------------------------------------------------------------------

    def _record(self, feedback: Feedback, code: FeedbackReason) -> Out:
        """The sink's ``agent_feedback`` row for ``feedback``: what this stage did with it. The
        reviewer's free text (comment, edit) is redacted like every text after the input topics
        (the original stays on ``tickets.feedback``; the signature is not checked again)."""
        edited = feedback.edited_response
        redacted = feedback.model_copy(
            update={
                "comment": redact_text(feedback.comment),
                "edited_response": None if edited is None else redact_text(edited),
            }
        )
        record = FeedbackRecord(feedback=redacted, reason_code=code)
        return Out(self.settings.topic_interactions, feedback.ticket_id, record)

    async def _feedback(
        self, feedback: Feedback, state: SessionState, acts: SessionActions, now: datetime
    ) -> tuple[SessionState, list[Out], FeedbackReason | None]:
        """Apply signed ``feedback``; the reason code to record (None: nothing to record, the
        draft it answers was decided or expired, and a redelivery must not rewrite its row)."""
        applied = FeedbackReason.APPLIED
        if feedback.kind is FeedbackKind.HANDBACK:
            if state.owner is None:
                return state, [], applied
            return state.model_copy(update={"owner": None, "updated_at": now}), [], applied
        if feedback.kind not in _DRAFT_KINDS:
            return state, [], applied  # a judgement: recorded for the metrics
        held = state.drafts.get(feedback.ticket_id)
        if held is None:
            return state, [], None  # applied / expired already
        if feedback.feedback_id in held.answered:
            return state, [], applied  # a re-sent copy of a decision already applied
        return await self._draft_feedback(feedback, held, state, acts, now)

    async def _draft_feedback(
        self,
        feedback: Feedback,
        held: HeldDraft,
        state: SessionState,
        acts: SessionActions,
        now: datetime,
    ) -> tuple[SessionState, list[Out], FeedbackReason]:
        drafts = {k: v for k, v in state.drafts.items() if k != feedback.ticket_id}
        state = state.model_copy(update={"drafts": drafts, "updated_at": now})
        draft = held.decision
        who = feedback.reviewer or "unknown"
        applied = FeedbackReason.APPLIED
        if feedback.kind is FeedbackKind.DRAFT_REJECTED:
            return *self._escalate(state, draft, f"draft rejected by reviewer {who}", now), applied
        refusal = check_approval(
            draft, feedback, self.services.constraints, self.services.actions.other_customers
        )
        if refusal is not None and refusal.back_to_reviewer:  # a guard-refused edit
            again = refusal.returned_draft(draft, feedback)
            state = _answered(owned_after(state, again, self.rules, now), held, feedback)
            out = Out(self.settings.topic_decision, again.session_id, again)
            return state, [out], FeedbackReason.GUARD_REFUSED
        if refusal is not None:  # the current constraint schema no longer allows the action
            reason = "; ".join(refusal.reasons)
            return *self._escalate(state, draft, reason, now), FeedbackReason.SCHEMA_CHANGED
        result = draft.action_result or await self.services.run_action(draft.verdict, acts)
        if result is not None and not result.success:
            failed = draft.model_copy(update={"action_result": result})
            why = f"approved action failed: {result.error}"
            return *self._escalate(state, failed, why, now), applied
        response, source = draft.response, draft.response_source
        if feedback.kind is FeedbackKind.DRAFT_EDITED and feedback.edited_response:
            response, source = feedback.edited_response, f"reviewer:{who}"
        elif draft.action_result is None and result is not None and not foresaw(draft, result):
            composed = await self.decision.compose(draft.verdict, result)
            if composed.problems or composed.text != draft.response:
                # the real result changes the reply: back to the reviewer, not out
                again = draft.model_copy(
                    update={
                        "response": composed.text,
                        "response_source": composed.source,
                        "action_result": result,
                        "foreseen_result": None,
                        "reasoning": f"approved by {who}, but the action's result changed the "
                        "reply: review again",
                        "decided_at": now,
                    }
                )
                state = _answered(owned_after(state, again, self.rules, now), held, feedback)
                return state, [Out(self.settings.topic_decision, again.session_id, again)], applied
        sent = draft.model_copy(
            update={
                "outcome": Outcome.RESPOND,
                "action": "respond",
                "response": response,
                "response_source": source,
                "action_result": result,
                "reasoning": f"{feedback.kind.value} by reviewer {who}",
                "decided_at": now,
                "reviewed_by": feedback.reviewer or None,
            }
        )
        return state, [Out(self.settings.topic_decision, sent.session_id, sent)], applied

    def _escalate(
        self,
        state: SessionState,
        draft: AgentDecision,
        reason: str,
        now: datetime,
        decided_at: datetime | None = None,
    ) -> tuple[SessionState, list[Out]]:
        """``draft`` escalated to a human (``decided_at`` defaults to ``now``)."""
        decision = with_conversation(
            draft.model_copy(
                update={
                    "outcome": Outcome.ESCALATE,
                    "action": "escalate",
                    "reasoning": reason,
                    "queue": draft.queue or "general",
                    "priority": Priority.HIGH,
                    "decided_at": decided_at or now,
                }
            ),
            state,
            self.settings.history_size,
        )
        state = owned_after(state, decision, self.rules, now)
        return state, [Out(self.settings.topic_decision, decision.session_id, decision)]

    # -- the SLA timer -------------------------------------------------------------------------

    def _retire_in_memory(self) -> None:
        """Drop retired outbox entries from the sessions in memory (an idle session holds its
        last batch's outputs otherwise); the changelog loses them with the session's next write,
        and one restored meanwhile is retired again here."""
        for state in self.store.sessions():
            live = self._live(state.outbox)
            if len(live) < len(state.outbox):
                self.store.keep(
                    state.partition, state.session_id, state.model_copy(update={"outbox": live})
                )

    def _unsettled(self, state: SessionState, due: list[str]) -> set[str]:
        """Of ``state``'s held drafts ``due``, those that came from an input not yet committed
        (its outbox entry is live: the ticket's, or that of feedback that offered the draft
        again). Its redelivery would produce the draft again, so the sweep waits for the commit:
        an escalation written first would be followed by a copy of the draft it replaced."""
        live = self._live(state.outbox) if due else {}
        unsettled: set[str] = set()
        for ticket_id in due:
            held = state.drafts[ticket_id]
            if any(k in live for k in (_ticket_key(ticket_id), *map(_feedback_key, held.answered))):
                unsettled.add(ticket_id)
        return unsettled

    async def _learn_commits(self, pending: list[tuple[SessionState, list[str]]]) -> None:
        """Read the committed offsets of the partitions whose inputs hold due drafts back."""
        if self.read_committed is None:
            return
        partitions = {
            (entry.source.topic, entry.source.partition)
            for state, due in pending
            if self._unsettled(state, due)
            for entry in self._live(state.outbox).values()
        }
        if partitions:
            await self.read_committed(partitions)

    async def sweep(self, now: datetime | None = None) -> int:
        """Escalate drafts past their SLA and forget idle sessions (call under the batch lock);
        returns the drafts escalated."""
        assert self.produce is not None
        now = now or utcnow()
        await self.store.ensure(self.store.owned)
        self._retire_in_memory()
        outs: list[Out] = []
        changes: list[Change] = []
        minutes = self.settings.draft_sla_minutes
        waiting: list[str] = []
        expired: list[str] = []
        pending = [
            (state, due)
            for state in self.store.sessions()
            if (due := [t for t, held in state.drafts.items() if held.deadline <= now])
        ]
        await self._learn_commits(pending)
        for state, due in pending:
            unsettled = self._unsettled(state, due)
            if unsettled:  # the live inputs they wait on, read once per session
                live = self._live(state.outbox).values()
                sources = ",".join(
                    sorted(
                        {f"{e.source.topic}/{e.source.partition}:{e.source.offset}" for e in live}
                    )
                )
                waiting += [f"{ticket_id}@{sources}" for ticket_id in sorted(unsettled)]
            due = [t for t in due if t not in unsettled]
            if not due:
                continue
            new = state
            for ticket_id in due:
                held = new.drafts[ticket_id]
                drafts = {k: v for k, v in new.drafts.items() if k != ticket_id}
                new = new.model_copy(update={"drafts": drafts, "updated_at": now})
                reason = f"draft not reviewed within its SLA ({minutes:g} min)"
                # decided at the deadline: a sweep repeated after a crash before the state write
                # below sends an identical copy, not a second decision
                new, escalated = self._escalate(new, held.decision, reason, now, held.deadline)
                outs += escalated
                expired.append(ticket_id)
            changes.append((state.partition, state.session_id, self._bounded(new)))
        if waiting:  # each past its SLA; escalated at a sweep after its input's commit
            known = {f"{t}/{p}": o for (t, p), o in sorted(self._committed.items())}
            log.info(
                "due drafts wait for their input's commit", tickets=waiting[:20], committed=known
            )
        await self.produce(outs)
        await self.produce(
            [Out(self.settings.topic_sessions, sid, s) for _p, sid, s in changes if s is not None]
        )
        self.store.apply(changes)
        if expired:
            log.info("drafts escalated past their SLA", tickets=expired[:20])
        idle = self.store.idle(now)
        await self._tombstones(idle)
        self.store.apply(idle)
        return len(outs)


def _outbox_key(value: SessionInput) -> str:
    """The input's key in ``SessionState.outbox``."""
    if value.feedback is not None:
        return _feedback_key(value.feedback.feedback_id)
    assert value.verdict is not None
    return _ticket_key(value.verdict.intent.ticket.ticket_id)


def _ticket_key(ticket_id: str) -> str:
    return f"ticket:{ticket_id}"


def _feedback_key(feedback_id: str) -> str:
    return f"feedback:{feedback_id}"


class _Recorded(Contract):
    """A recorded output produced again: its fields are those of the recorded JSON object, in
    their order, so it encodes to the bytes produced the first time."""

    model_config = ConfigDict(extra="allow")


def _entry(source: SourceRef, outs: Sequence[Out], now: datetime) -> OutboxEntry:
    messages = [
        OutboxMessage(topic=o.topic, key=o.key, value=o.value.model_dump_json()) for o in outs
    ]
    return OutboxEntry(source=source, messages=messages, at=now)


def _replay(entry: OutboxEntry) -> list[Out]:
    return [Out(m.topic, m.key, _Recorded.model_validate_json(m.value)) for m in entry.messages]


def _answered(state: SessionState, held: HeldDraft, feedback: Feedback) -> SessionState:
    """The draft offered again keeps the ids of the feedback already applied to it."""
    again = state.drafts.get(feedback.ticket_id)
    if again is None:
        return state
    answered = [*held.answered, feedback.feedback_id]
    drafts = {**state.drafts, feedback.ticket_id: again.model_copy(update={"answered": answered})}
    return state.model_copy(update={"drafts": drafts})
