"""Workers that each run some of the stages (``tollgate worker --stage ...``) complete one
pipeline together on the real broker: every ticket ends in exactly one terminal place, and every
stage writes its interaction event to ClickHouse."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import click
import pytest
from click.testing import CliRunner

from schemas import Stage
from streams.app import build_app
from streams.producer import BatchProducer
from streams.services import build_services
from tests.streams.keyword_model import KeywordModel
from tests.streams.test_pipeline_integration import _tickets, publish_and_track
from tollgate.cli import _stage_set, main
from tollgate.config import Settings
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker


def test_stage_option_parses_repeats_and_commas() -> None:
    assert _stage_set(()) == frozenset(Stage)
    assert _stage_set(("intent, constraint", "decision")) == {
        Stage.INTENT,
        Stage.CONSTRAINT,
        Stage.DECISION,
    }
    with pytest.raises(click.BadParameter, match="unknown stage feedback"):
        _stage_set(("intent,feedback",))


def test_stage_option_and_no_stages_exclude_each_other() -> None:
    result = CliRunner().invoke(main, ["worker", "--no-stages", "--stage", "intent"])
    assert result.exit_code == 2
    assert "--stage and --no-stages exclude each other" in result.output


def test_worker_takes_its_stages_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, object] = {}

    class RecordingWorker:
        def __init__(self, _settings: Settings, *, stages: frozenset[Stage], sink: bool) -> None:
            started.update(stages=stages, sink=sink)

    async def run_forever(_worker: object) -> None:
        return None

    monkeypatch.setattr("tollgate.worker.Worker", RecordingWorker)
    monkeypatch.setattr("tollgate.worker.run_forever", run_forever)
    env = {"TOLLGATE_WORKER_STAGES": "decision escalation"}
    result = CliRunner().invoke(main, ["worker", "--no-sink"], env=env)
    assert result.exit_code == 0, result.output
    assert started == {"stages": {Stage.DECISION, Stage.ESCALATION}, "sink": False}


def test_services_without_intent_stage_load_no_intent_model(
    make_settings: Callable[..., Settings],
) -> None:
    services = build_services(make_settings(), with_intent=False)
    assert services.intent_model is None and services.domain is None


def test_each_stage_sends_through_a_producer_of_its_own(
    make_settings: Callable[..., Settings],
) -> None:
    """aiokafka keeps one produce request in flight per broker: stages sharing a producer
    waited for each other's acks. The feedback is read by the decision stage's own consumer."""
    services = build_services(make_settings(), with_intent=False)

    async def build() -> list[tuple[int, dict[str, int]]]:  # aiokafka clients need a loop
        built = []
        for stages in (set(Stage), {Stage.DECISION, Stage.ESCALATION}):
            app = build_app(services, stages)
            owners = {r.name: id(_sender(r.pump.send).producer) for r in app.runners}
            assert {id(p) for p in app.producers} == set(owners.values())
            built.append((len(app.producers), owners))
            await asyncio.gather(*(p.stop() for p in app.producers))  # never started
        return built

    (full, full_owners), (part, part_owners) = asyncio.run(build())
    assert full == 4
    assert len({full_owners[s.value] for s in Stage}) == 4
    assert part == 2
    assert set(part_owners) == {"decision", "escalation"}
    assert part_owners["decision"] != part_owners["escalation"]


def _sender(send: object) -> BatchProducer:
    owner = getattr(send, "__self__", None)  # a pump's send is a BatchProducer's bound method
    assert isinstance(owner, BatchProducer)
    return owner


@pytest.mark.integration
def test_two_workers_with_complementary_stages_complete_the_pipeline(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(batch_size=32)
    messages = _tickets(settings.app_id, 120)

    async def scenario() -> tuple[TerminalTracker, list[str], list[str], list[tuple[str, ...]]]:
        front = Worker(
            settings,
            stages={Stage.INTENT, Stage.CONSTRAINT},
            sink=False,
            services=build_services(settings, intent_model=KeywordModel()),
        )
        back = Worker(settings, stages={Stage.DECISION, Stage.ESCALATION})
        async with front, back:
            assert front.pipeline is not None and back.pipeline is not None
            assert back.services is not None and back.services.intent_model is None
            front_runners = [r.name for r in front.pipeline.runners]
            back_runners = [r.name for r in back.pipeline.runners]
            tracker = await publish_and_track(settings, messages)
            assert back.sink is not None
            rows: list[tuple[str, ...]] = []
            deadline = time.monotonic() + 60
            while len(rows) < 4 * len(messages) and time.monotonic() < deadline:
                rows = back.sink.store.query(
                    "SELECT ticket_id, stage FROM agent_interactions FINAL "
                    "WHERE ticket_id LIKE {p:String}",
                    {"p": settings.app_id + "-%"},
                )
                await asyncio.sleep(0.2)
        return tracker, front_runners, back_runners, rows

    tracker, front_runners, back_runners, rows = asyncio.run(scenario())
    assert front_runners == ["intent", "constraint"]
    assert back_runners == ["decision", "escalation"]
    assert tracker.lost == 0 and tracker.duplicates == 0 and tracker.conflicting == []
    assert sum(tracker.outcomes().values()) == len(messages)
    stages = Counter(stage for _ticket, stage in rows)
    assert stages == {"intent": 120, "constraint": 120, "decision": 120, "escalation": 120}
