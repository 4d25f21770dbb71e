"""Issue 17 items 5 and 7 on the real broker: the original text stays only on tickets.inbound.

A dead letter of an inbound message names its source offset and carries a redacted preview, no
original bytes; replay reads the original back from tickets.inbound, records what it published
in the replay ledger and consults it first, so replaying again adds nothing also after the
inbound topic lost the copy; a letter whose original is gone gets one line, not a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Sequence

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from schemas import ReplayRecord, SourceRef, Stage
from streams.pump import make_dead_letter
from streams.services import build_services
from tests.pipeline_helpers import every_encoding, read_all
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import follow, publish
from tollgate.config import Settings
from tollgate.deadletter import NOT_RETAINED, replay
from tollgate.intent.base import IntentPrediction
from tollgate.kafka import client_kwargs, ensure_topics
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

SSN = "219-09-9999"
CARD = "4111.1111.1111.1111"


class BrokenModel(KeywordModel):
    """Fails every batch holding "boom" until fixed (the bug a replay follows)."""

    broken = True

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        if self.broken and any("boom" in text for text in texts):
            raise RuntimeError("model bug")
        return await super().classify_batch(texts)


async def _until(settings: Settings, topic: str, wanted: Callable[[bytes], bool]) -> bytes:
    async with asyncio.timeout(90):
        stream = follow(settings, [topic])
        async with contextlib.aclosing(stream) as messages:
            async for _t, _p, _o, value in messages:
                if wanted(value):
                    return value
    raise AssertionError("unreachable")


async def _recreate(settings: Settings, topic: str) -> None:
    """Drop a topic and create it empty: every retained message is gone, as after retention."""
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    await admin.start()
    try:
        await admin.delete_topics([topic])
    finally:
        await admin.close()
    await asyncio.sleep(0.5)
    await ensure_topics(settings, [topic])


def test_inbound_letters_keep_no_original_and_replay_reads_it_back_once(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    prefix = settings.app_id
    good = json.dumps(
        {"ticket_id": f"{prefix}-good", "text": f"where is my order boom SSN {SSN} card {CARD}"}
    ).encode()
    bad = json.dumps({"ticket_id": f"{prefix}-bad {SSN}", "text": 42, "card": CARD}).encode()
    gone = json.dumps({"ticket_id": f"{prefix}-gone", "text": "where is my order"}).encode()
    model = BrokenModel()

    async def scenario() -> dict[str, object]:
        out: dict[str, object] = {}
        services = build_services(settings, intent_model=model)
        async with Worker(settings, services=services, sink=False):
            await publish(settings, [good, bad])
            while len(letters := await read_all(settings, [settings.topic_deadletter])) < 2:
                await asyncio.sleep(0.2)
            out["letters"] = letters
            out["dry"] = await replay(settings, dry_run=True)
            model.broken = False  # the fix
            out["first"] = await replay(settings)
            await _until(settings, settings.topic_responses, lambda v: b"-good" in v)
            out["second"] = await replay(settings)
            out["inbound"] = await read_all(settings, [settings.topic_inbound])
        await _recreate(settings, settings.topic_inbound)  # the replayed copy expired
        lost = make_dead_letter(
            gone,
            SourceRef(topic=settings.topic_inbound, partition=0, offset=999),
            "intent stage failed after 3 attempts",
            "RuntimeError: model bug",
            inbound_topic=settings.topic_inbound,
            stage=Stage.INTENT,
        )
        await publish(settings, [lost.model_dump_json().encode()], settings.topic_deadletter)
        out["third"] = await replay(settings)
        out["inbound_after"] = await read_all(settings, [settings.topic_inbound])
        out["ledger"] = await read_all(settings, [settings.topic_replays])
        return out

    out = asyncio.run(scenario())
    letters = [json.loads(v) for v in out["letters"]]  # type: ignore[attr-defined]
    for value in out["letters"]:  # type: ignore[attr-defined]
        for secret in (SSN, CARD):
            assert secret.encode() not in every_encoding(value), (secret, value[:400])
    for letter in letters:
        assert letter["original_at_source"] is True and letter["original_b64"] == ""
        assert letter["source_topic"] == settings.topic_inbound
        assert "<PII:GOVID>" in letter["preview"] and "<PII:CARD>" in letter["preview"]
    assert {d["original_size"] for d in letters} == {len(good), len(bad)}

    dry, first, second, third = (out[k] for k in ("dry", "first", "second", "third"))
    assert (dry.replayed, dry.not_replayable) == (1, {"not a valid ticket": 1})  # type: ignore[attr-defined]
    assert first.replayed == 1  # type: ignore[attr-defined]
    # the original came back from tickets.inbound, byte for byte, once
    assert out["inbound"].count(good) == 2  # type: ignore[attr-defined]
    assert (second.replayed, second.already_replayed) == (0, 1)  # type: ignore[attr-defined]

    # inbound lost every copy: the ledger alone keeps the replay from publishing a second one
    assert (third.replayed, third.already_replayed) == (0, 1)  # type: ignore[attr-defined]
    assert third.not_replayable == {NOT_RETAINED: 1, "not a valid ticket": 1}  # type: ignore[attr-defined]
    [line] = third.unavailable  # type: ignore[attr-defined]
    assert line == (
        f"{prefix}-gone ({settings.topic_inbound} 0:999): original no longer retained on "
        f"{settings.topic_inbound}; not replayed"
    )
    assert out["inbound_after"] == []
    [record] = [ReplayRecord.model_validate_json(v) for v in out["ledger"]]  # type: ignore[attr-defined]
    assert record.ticket_id == f"{prefix}-good" and record.source_topic == settings.topic_inbound
