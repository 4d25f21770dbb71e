"""Issue 19 item 6 and issue 17 item 7 on the real broker: publish validates, tail refuses
unknown topics and prints as published, dead-letter replay is idempotent."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemas import DeadLetter, Stage
from tests.review.test_cli_review import cli_env
from tollgate.cli import main
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.deadletter import replay
from tollgate.kafka import ensure_topics

pytestmark = pytest.mark.integration


async def _values(settings: Settings, topic: str) -> list[bytes]:
    out = []
    async with contextlib.aclosing(follow(settings, [topic], idle_timeout_s=1.0)) as stream:
        async for _t, _p, _o, value in stream:
            out.append(value)
    return out


def test_publish_reports_invalid_lines_and_sends_nothing_unless_allowed(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    asyncio.run(ensure_topics(settings, [settings.topic_inbound]))
    file = tmp_path / "t.jsonl"
    file.write_text(
        '{"ticket_id": "A1", "text": "where is my order"}\n'
        "\n"
        "not json\n"
        '{"ticket_id": "A2"}\n'
        '{"ticket_id": "A3", "text": "refund please"}\n'
    )
    runner = CliRunner()
    refused = runner.invoke(main, ["publish", str(file)], env=cli_env(settings))
    assert refused.exit_code == 1
    assert f"{file}:3: invalid ticket: not JSON" in refused.output
    assert f"{file}:4: invalid ticket: text: Field required" in refused.output
    assert "2 of 4 lines are not valid tickets; nothing published" in refused.output
    assert asyncio.run(_values(settings, settings.topic_inbound)) == []

    allowed = runner.invoke(main, ["publish", str(file), "--allow-invalid"], env=cli_env(settings))
    assert allowed.exit_code == 0, allowed.output
    assert f"published 4 messages (2 invalid) to {settings.topic_inbound}" in allowed.output
    assert len(asyncio.run(_values(settings, settings.topic_inbound))) == 4


def test_tail_prints_as_published_meta_on_request_and_refuses_unknown_topics(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    raw = b'{"ticket_id": "T1", "text": "h\\u00e9llo"}'
    asyncio.run(publish(settings, [raw]))
    runner = CliRunner()
    args = ["tail", settings.topic_inbound, "--idle-timeout", "1"]
    plain = runner.invoke(main, args, env=cli_env(settings))
    assert plain.exit_code == 0, plain.output
    assert plain.output.splitlines() == [raw.decode()]
    meta = runner.invoke(main, [*args, "--meta"], env=cli_env(settings))
    record = json.loads(meta.output.splitlines()[0])
    assert set(record) == {"partition", "offset", "value"} and record["value"]["ticket_id"] == "T1"

    typo = settings.topic_inbound.replace("inbound", "inbund")
    unknown = runner.invoke(main, ["tail", typo, "--idle-timeout", "1"], env=cli_env(settings))
    assert unknown.exit_code == 1
    assert len(unknown.output.strip().splitlines()) == 1  # the closest name first
    assert unknown.output.startswith(
        f"Error: topic {typo!r} does not exist; close names: {settings.topic_inbound}"
    )


def _letter(settings: Settings, raw: bytes, partition: int, offset: int, reason: str) -> bytes:
    ticket_id = json.loads(raw).get("ticket_id") if raw.startswith(b"{") else None
    return (
        DeadLetter(
            ticket_id=ticket_id if isinstance(ticket_id, str) else None,
            stage=Stage.INTENT,
            reason=reason,
            error="RuntimeError: model down",
            source_topic=settings.topic_inbound,
            partition=partition,
            offset=offset,
            original_b64=DeadLetter.encode(raw),
            original_size=len(raw),
        )
        .model_dump_json()
        .encode()
    )


def test_deadletter_replay_is_idempotent_and_separates_what_can_never_succeed(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    good = b'{"ticket_id": "R1", "text": "where is order A1"}'
    dup = b'{"ticket_id": "R2", "text": "hello"}'
    bad = b"not json"

    async def scenario() -> tuple[object, object, object, object, list[bytes]]:
        sent = await publish(settings, [good, dup, dup, bad])
        letters = [
            _letter(settings, good, sent[0].partition, sent[0].offset, "stage failed"),
            _letter(settings, good, sent[0].partition, sent[0].offset, "stage failed"),
            _letter(
                settings,
                dup,
                sent[2].partition,
                sent[2].offset,
                f"duplicate ticket_id (first seen at {sent[1].partition}:{sent[1].offset})",
            ),
            _letter(settings, bad, sent[3].partition, sent[3].offset, "invalid message"),
        ]
        await publish(settings, letters, settings.topic_deadletter)
        dry = await replay(settings, dry_run=True)
        first = await replay(settings)
        second = await replay(settings)
        third = await replay(settings, dry_run=True)
        return dry, first, second, third, await _values(settings, settings.topic_inbound)

    dry, first, second, third, inbound = asyncio.run(scenario())
    assert dry.replayed == 1  # type: ignore[attr-defined]
    assert dry.not_replayable == {  # type: ignore[attr-defined]
        "duplicate ticket id": 1,
        "not a valid ticket": 1,
    }
    assert first.replayed == 1  # type: ignore[attr-defined]
    assert second.replayed == 0 and second.already_replayed == 2  # type: ignore[attr-defined]
    assert third.replayed == 0  # type: ignore[attr-defined]
    assert inbound.count(good) == 2  # the original and exactly one replay
    assert inbound.count(dup) == 2  # the duplicate-id letter was not replayed as a new ticket
