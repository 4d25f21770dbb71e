"""Issue 16 at its test sizes, on the real broker with two worker processes and four partitions,
tickets and approvals published by a librdkafka client (another partitioner than the stages').

- 500 sessions x 3 turns, one worker SIGKILLed and another joining while turns flow: every turn
  lands in exactly one terminal place, and with the outcome the same script gets without faults
  (computed by the real stage code in process, ``tollgate.testing.sessions.Harness``).
- 250 refund drafts: 200 approved while workers run (in two rounds, a worker SIGKILLed and
  replaced while each round's approvals are applied), 50 approved while no worker runs. A
  draft shows the reply the refund's success sends; approving it runs the refund and sends
  that reply. Each approval is applied exactly once: per ticket one draft, one response equal
  to it, no escalation.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemas import AgentDecision, Feedback, FeedbackKind
from schemas.topics import all_topic_names
from streams.stage4_escalation import EscalationStage
from tests.reliability.rdkafka import produce
from tests.reliability.test_crash_and_rebalance import _until as until
from tests.reliability.test_sessions_multiworker import Landings, _fleet, _settings, _ticket
from tests.streams.keyword_model import KeywordModel
from tollgate.config import Settings
from tollgate.kafka import ensure_topics
from tollgate.review.keys import feedback_id
from tollgate.reviewers import sign_feedback
from tollgate.testing.sessions import Harness
from tollgate.testing.worker_process import WorkerProcess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

SCRIPTS: dict[str, list[str]] = {
    "clarify": ["Where is my order?", "It's 10000001", "thanks"],
    "reference": ["Where is my order 10000001?", "Can I cancel it?", "thanks"],
    "topic": ["Where is my order?", "hello there", "Where is my order 10000001?"],
    "human": [
        "My lawyer will be in touch about this",
        "Where is my order 10000001?",
        "Can I cancel it?",
    ],
    "details": ["I want a refund", "order 10000001", "30 euros"],
}
SESSIONS = 500
TURNS = 3

Place = tuple[str, str, str, str | None]
"""(terminal topic, outcome, intent, action run): what a turn ended as."""


def _landed_place(landing: dict[str, Any]) -> Place:
    """The place of a terminal message (a decision, or an escalation package)."""
    if "escalation_id" in landing:
        result = landing.get("action_result") or {}
        return landing["topic"], landing["outcome"], landing["intent"], result.get("name")
    result = landing.get("action_result") or {}
    intent = landing["verdict"]["intent"]["intent"]
    return landing["topic"], landing["outcome"], intent, result.get("name")


def _expected_places(settings: Settings) -> dict[str, list[Place]]:
    """Every script's turns through the real stage code without broker or faults."""
    harness = Harness(settings, KeywordModel())
    route = EscalationStage(settings).route
    expected: dict[str, list[Place]] = {}
    for name, turns in SCRIPTS.items():
        places = []
        for k, text in enumerate(turns):
            decision = harness.say(f"expected-{name}", f"expected-{name}-t{k}", text)
            action = decision.action_result.name if decision.action_result else None
            topic = route(decision).topic
            places.append((topic, decision.outcome.value, decision.verdict.intent.intent, action))
        expected[name] = places
    return expected


async def _publish_tickets(settings: Settings, turns: list[tuple[str, str, str]]) -> None:
    """(session, ticket_id, text) as Tickets on the inbound topic, keyed by session."""
    await produce(
        settings, settings.topic_inbound, [(s, _ticket(s, t, text)) for s, t, text in turns]
    )


def test_500_sessions_of_three_turns_survive_a_kill_and_a_join(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = _settings(make_settings)
    expected = _expected_places(settings)
    # the scripts are the conversations they claim to be
    assert [p[1] for p in expected["clarify"]] == ["clarify", "respond", "respond"]
    assert expected["reference"][1][2:] == ("cancel_order", "cancel_order")
    assert expected["topic"][1][2] == "greeting"
    assert {p[0] for p in expected["human"]} == {settings.escalation_topic("legal")}
    assert [p[1] for p in expected["details"]] == ["clarify", "clarify", "draft"]
    names = list(SCRIPTS)
    script = {f"{settings.app_id}-{i}": names[i % len(names)] for i in range(SESSIONS)}
    total = SESSIONS * TURNS

    def ticket(session: str, turn: int) -> str:
        return f"{session}-t{turn}"

    async def scenario() -> tuple[Landings, dict[str, float]]:
        await ensure_topics(settings, all_topic_names(settings))
        marks: dict[str, float] = {}
        start = time.monotonic()
        async with _fleet(settings, tmp_path) as (landings, workers):
            turn = dict.fromkeys(script, 0)  # the turn of each session last published
            await _publish_tickets(
                settings, [(s, ticket(s, 0), SCRIPTS[n][0]) for s, n in script.items()]
            )
            faults = [  # (turns landed, fault): a SIGKILL, then a worker joining
                (total // 3, "kill"),
                (2 * total // 3, "join"),
            ]
            deadline = time.monotonic() + 420
            while time.monotonic() < deadline:
                # a customer answers after reading the reply: the next turn of each session
                # whose last turn landed, published in one batch
                ready = [s for s, k in turn.items() if k + 1 < TURNS and landings[ticket(s, k)]]
                for s in ready:
                    turn[s] += 1
                if ready:
                    await _publish_tickets(
                        settings,
                        [(s, ticket(s, turn[s]), SCRIPTS[script[s]][turn[s]]) for s in ready],
                    )
                landed = sum(
                    1 for s, k in turn.items() for j in range(k + 1) if landings[ticket(s, j)]
                )
                if faults and landed >= faults[0][0]:
                    _at, fault = faults.pop(0)
                    marks[fault] = landed
                    if fault == "kill":
                        workers[0].kill()
                    else:
                        workers.append(WorkerProcess(settings, tmp_path / "w-join.log").start())
                if landed == total:
                    break
                await asyncio.sleep(0.1)
            marks["seconds"] = time.monotonic() - start
        return landings, marks

    landings, marks = asyncio.run(scenario())
    every = [ticket(s, k) for s in script for k in range(TURNS)]
    missing = [t for t in every if not landings[t]]
    assert not missing, f"{len(missing)} turns lost, e.g. {missing[:5]}"
    assert marks.get("kill") and marks.get("join"), f"faults not injected mid-stream: {marks}"
    places = {t: {_landed_place(x) for x in landings[t]} for t in every}
    twice = {t: p for t, p in places.items() if len(p) != 1}
    assert not twice, f"turns in two terminal places: {list(twice.items())[:3]}"
    differ = [
        (t, places[t], expected[script[s]][k])
        for s in script
        for k in range(TURNS)
        if places[(t := ticket(s, k))] != {expected[script[s]][k]}
    ]
    assert not differ, f"{len(differ)} turns end otherwise than without faults: {differ[:5]}"
    copies = sum(len(landings[t]) - 1 for t in every)
    print(
        f"{total} turns, {len(SCRIPTS)} scripts: every turn in one place, as without faults; "
        f"kill at {marks['kill']:.0f}, join at {marks['join']:.0f} landed; "
        f"redelivered copies {copies}; {marks['seconds']:.1f} s"
    )


DRAFTS_LIVE = 200
DRAFTS_WHILE_DOWN = 50


def _drafts(landings: Landings, ticket_id: str) -> list[dict[str, Any]]:
    """The distinct drafts offered for a ticket, oldest first (redelivered copies are one)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for x in landings[ticket_id]:
        if x["outcome"] == "draft":  # a copy that differed would count as another draft
            seen.setdefault((x["decided_at"], x["response"]), x)
    return sorted(seen.values(), key=lambda x: str(x["decided_at"]))


def _responses(landings: Landings, ticket_id: str) -> set[tuple[str, str]]:
    return {
        (x["decided_at"], x["response"]) for x in landings[ticket_id] if x["outcome"] == "respond"
    }


def _approve(settings: Settings, session: str, draft: dict[str, Any]) -> tuple[str, bytes]:
    """A signed approval of this draft, as the review tool builds it (the id names the draft)."""
    offered = AgentDecision.model_validate({k: v for k, v in draft.items() if k != "topic"})
    kind = FeedbackKind.DRAFT_APPROVED
    feedback = Feedback(
        feedback_id=feedback_id(offered.ticket_id, kind, offered.decided_at),
        ticket_id=offered.ticket_id,
        session_id=session,
        kind=kind,
        reviewer="ann",
    )
    signed = sign_feedback(feedback, "ann", "ann-review-token-1")
    return session, signed.model_dump_json().encode()


def test_250_drafts_approved_once_across_kills_and_while_no_worker_runs(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = _settings(make_settings)
    prefix = settings.app_id
    session = {f"{prefix}-d{i}": f"{prefix}-s{i}" for i in range(DRAFTS_LIVE + DRAFTS_WHILE_DOWN)}
    ids = list(session)
    live, down = ids[:DRAFTS_LIVE], ids[DRAFTS_LIVE:]

    def offered(landings: Landings, tickets: list[str], n: int) -> int:
        return sum(1 for t in tickets if len(_drafts(landings, t)) >= n)

    def answered(landings: Landings, tickets: list[str]) -> int:
        return sum(1 for t in tickets if _responses(landings, t))

    async def approve(landings: Landings, tickets: list[str]) -> None:
        """Approve the newest draft of each ticket."""
        approvals = [_approve(settings, session[t], _drafts(landings, t)[-1]) for t in tickets]
        await produce(settings, settings.topic_feedback, approvals)

    def restart(workers: list[WorkerProcess], tag: str) -> None:
        workers[:] = [
            WorkerProcess(settings, tmp_path / f"w-{tag}{i}.log").start() for i in range(2)
        ]

    async def scenario() -> tuple[Landings, list[str]]:
        await ensure_topics(settings, all_topic_names(settings))
        start = time.monotonic()
        marks: list[str] = []

        async def reach(what: str, count: Callable[[], int], n: int) -> None:
            assert await until(lambda: count() >= n, 180), f"{what}: {count()} of {n}"
            marks.append(f"{what} {count()}/{n} at {time.monotonic() - start:.0f}s")

        def replace(workers: list[WorkerProcess], index: int) -> None:
            workers[index].kill()
            log = tmp_path / f"w-replaced{index}.log"
            workers[index] = WorkerProcess(settings, log).start()

        async with _fleet(settings, tmp_path) as (landings, workers):
            await _publish_tickets(
                settings, [(s, t, "refund 30 for order #10000001") for t, s in session.items()]
            )
            await reach("drafts", lambda: offered(landings, ids, 1), len(ids))
            # 200 approved while two workers run, in two rounds of 100: half of a round's; as
            # soon as they were applied (within the 1 s commit interval: approvals may be
            # delivered again) a worker is SIGKILLed, the other half published, and a new
            # worker replaces it
            size = len(live) // 2
            for round_, index in enumerate((0, 1)):
                batch = live[round_ * size : (round_ + 1) * size]
                first = batch[: size // 2]
                await approve(landings, first)
                await reach(
                    f"live round {round_ + 1}: kill",
                    lambda part=first: answered(landings, part),
                    len(first),
                )
                replace(workers, index)
                await approve(landings, batch[size // 2 :])
                await reach(
                    f"live round {round_ + 1}",
                    lambda part=batch: answered(landings, part),
                    len(batch),
                )
            # 50 approved while no worker runs
            for worker in workers:
                worker.kill()
            await approve(landings, down)
            restart(workers, "r1-")
            await reach("down", lambda: answered(landings, down), len(down))
        return landings, marks

    landings, marks = asyncio.run(scenario())
    copies: Counter[tuple[str, str]] = Counter()
    for t in ids:
        places = {(x["topic"], x["outcome"]) for x in landings[t]}
        assert places == {
            (settings.topic_drafts, "draft"),
            (settings.topic_responses, "respond"),
        }, (
            t,
            places,
        )
        drafts, responses = _drafts(landings, t), _responses(landings, t)
        # one review: the draft showed the reply the refund's success sends
        assert len(drafts) == 1, (t, [d["response"] for d in drafts])
        assert len(responses) == 1, (t, responses)  # applied once
        [draft] = drafts
        sent = next(x for x in landings[t] if x["outcome"] == "respond")
        assert draft["action_result"] is None and draft["foreseen_result"]["success"]
        assert sent["response"] == draft["response"], "the customer got what the reviewer approved"
        assert sent["action_result"]["success"]  # the refund ran
        assert sent["action_result"]["data"]["refund_id"].startswith("REF-")
        assert sent["reviewed_by"] == "ann"
        for x in landings[t]:
            copies[x["topic"], x["outcome"]] += 1
    print(
        f"{len(ids)} drafts ({len(live)} live with two SIGKILLs, {len(down)} while down): each "
        f"approval applied once; messages per place {dict(copies)}; {marks}"
    )
