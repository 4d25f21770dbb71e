"""`tollgate review` end to end on the real broker: scripted stdin in, Feedback on the topic."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from schemas import Contract, Feedback, FeedbackKind, Outcome, Priority
from tests.review.builders import decision, escalation
from tollgate.cli import main
from tollgate.clients import follow, publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings
from tollgate.kafka import ensure_topics
from tollgate.review.items import review_topics
from tollgate.review.keys import load_intents
from tollgate.reviewers import parse_reviewer_tokens, verify_feedback

pytestmark = pytest.mark.integration
ANN = "ann:ann-review-token-1,bo:bo-review-token-22"


def cli_env(settings: Settings) -> dict[str, str]:
    """The TOLLGATE_* environment that points the CLI at these settings' broker and topics."""
    env = {
        "TOLLGATE_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "TOLLGATE_DATA_DIR": str(settings.data_dir),
        "TOLLGATE_ESCALATION_QUEUES": json.dumps(settings.escalation_queues),
        "TOLLGATE_LOG_LEVEL": "warning",
        "TOLLGATE_REVIEWER_TOKENS": ANN,
    }
    for name in Settings.model_fields:
        if name.startswith("topic_") and name != "topic_partitions":
            env[f"TOLLGATE_{name.upper()}"] = str(getattr(settings, name))
    return env


async def _publish(settings: Settings, items: list[tuple[str, Contract]]) -> None:
    await ensure_topics(settings, review_topics(settings))
    for topic, payload in items:
        await publish(settings, [payload.model_dump_json().encode()], topic)


async def _feedback(settings: Settings) -> list[Feedback]:
    stream = follow(settings, [settings.topic_feedback], idle_timeout_s=1.0)
    async with contextlib.aclosing(stream) as messages:
        return [Feedback.model_validate_json(value) async for _t, _p, _o, value in messages]


def test_review_publishes_feedback_and_a_second_pass_finds_nothing(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    asyncio.run(
        _publish(
            settings,
            [
                (settings.topic_drafts, decision("D1", Outcome.DRAFT)),
                (settings.topic_responses, decision("R1", Outcome.RESPOND_REVIEW)),
                (settings.topic_responses, decision("OK1", Outcome.RESPOND, confidence=0.95)),
                (settings.escalation_topic("legal"), escalation("E1", priority=Priority.HIGH)),
            ],
        )
    )
    intents = load_intents(DEFAULT_DOMAIN_DIR)
    runner = CliRunner()
    args = ["review", "--reviewer", "ann", "--idle-timeout", "1"]
    # D1: label intent #3, then approve; E1: inappropriate; R1: response wrong.
    result = runner.invoke(main, args, input="l\n3\na\nn\nw\n", env=cli_env(settings))
    assert result.exit_code == 0, result.output
    assert "[1/3] DRAFT" in result.output and "ticket D1" in result.output
    assert "[2/3] ESCALATION" in result.output and "[3/3] RESPONSE" in result.output
    assert "OK1" not in result.output  # confident responses are not queued
    assert "published 4 feedback" in result.output

    published = asyncio.run(_feedback(settings))
    assert sorted((f.feedback_id, f.kind, f.correct_intent) for f in published) == sorted(
        [
            ("D1:intent_label", FeedbackKind.INTENT_LABEL, intents[2]),
            ("D1:draft_approved:20260105T090000000000", FeedbackKind.DRAFT_APPROVED, None),
            ("E1:escalation_inappropriate", FeedbackKind.ESCALATION_INAPPROPRIATE, None),
            ("R1:response_wrong", FeedbackKind.RESPONSE_WRONG, None),
        ]
    )
    assert {f.reviewer for f in published} == {"ann"}
    tokens = parse_reviewer_tokens(ANN)
    assert all(verify_feedback(f, tokens) is None for f in published)  # signed by ann

    # The feedback topic now answers every item: nothing is left, nothing is published.
    again = runner.invoke(main, [*args, "--queue", "all"], input="a\ny\nw\n", env=cli_env(settings))
    assert again.exit_code == 0, again.output
    assert "Nothing to review." in again.output
    assert len(asyncio.run(_feedback(settings))) == 4


def test_review_filters_by_queue(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    asyncio.run(
        _publish(
            settings,
            [
                (settings.topic_drafts, decision("D9", Outcome.DRAFT)),
                (settings.escalation_topic("general"), escalation("E9")),
            ],
        )
    )
    result = CliRunner().invoke(
        main,
        ["review", "--queue", "escalations", "--reviewer", "bo", "--idle-timeout", "1"],
        input="y\n",
        env=cli_env(settings),
    )
    assert result.exit_code == 0, result.output
    assert "D9" not in result.output and "[1/1] ESCALATION" in result.output
    [feedback] = asyncio.run(_feedback(settings))
    assert (feedback.feedback_id, feedback.reviewer) == ("E9:escalation_appropriate", "bo")


def test_review_before_any_topic_exists_ends_with_an_empty_queue(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    result = CliRunner().invoke(
        main,
        ["review", "--reviewer", "ann", "--idle-timeout", "0.5"],
        input="",
        env=cli_env(settings),
    )
    assert result.exit_code == 0, result.output
    assert "topics not created yet" in result.output and settings.topic_drafts in result.output
    assert "Nothing to review." in result.output


def test_review_refuses_a_reviewer_without_a_token(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    args = ["review", "--reviewer", "mallory", "--idle-timeout", "1"]
    result = CliRunner().invoke(main, args, input="a\n", env=cli_env(settings))
    assert result.exit_code == 1
    assert "'mallory' has no token in TOLLGATE_REVIEWER_TOKENS" in result.output
