"""Domain-independent behaviour, run against every shipped pack (no Python per pack)."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from schemas import Outcome, Ticket
from streams.inline import InlinePipeline
from streams.services import build_services
from tollgate.config import PACKAGE_DIR, load_settings
from tollgate.domains.check import check_pack
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.intent.domain import load_domain
from tollgate.responses import render_clarify, render_holding, render_response
from tollgate.responses.pack import load_templates, use_pack

PACKS = sorted((PACKAGE_DIR / "domains").glob("*/intents.yaml"))
PACK_DIRS = {path.parent.name: path.parent for path in PACKS}
# Demo tickets a pack's knowledge base answers, and ones it must not answer by itself.
ANSWERED = {"shop": ["T0036", "T0037"], "saas": ["S0002", "S0003", "S0004", "S0005"]}
NOT_ANSWERED = {"shop": ["T0039", "T0034"], "saas": ["S0009", "S0010", "S0011"]}


def test_there_are_two_packs() -> None:
    assert set(PACK_DIRS) >= {"shop", "saas"}


@pytest.mark.parametrize("name", sorted(PACK_DIRS))
def test_pack_is_clean(name: str) -> None:
    report = check_pack(PACK_DIRS[name])
    assert report.problems == [] and report.gaps == []


@pytest.mark.parametrize("name", sorted(PACK_DIRS))
def test_every_intent_renders_finished_text_from_the_pack(name: str) -> None:
    templates = load_templates(PACK_DIRS[name])
    intents = [*load_domain(PACK_DIRS[name]).intents, OUT_OF_SCOPE]
    for intent in intents:
        for text in (
            render_response(intent, None, {}, templates=templates),
            render_clarify(intent, ["customer_id"], templates=templates),
        ):
            assert text.strip() and not re.search(r"\$\{?[A-Za-z_]", text), (intent, text)
    for queue in ("general", "billing", "legal", "security"):
        assert render_holding(queue, templates=templates)


@pytest.mark.parametrize("name", sorted(PACK_DIRS))
def test_the_packs_demo_tickets_end_somewhere_and_policy_questions_are_cited(
    name: str, tmp_path: Path, model_cache: Path
) -> None:
    pack = PACK_DIRS[name]
    settings = load_settings(domain_dir=pack, data_dir=model_cache)
    rows = [json.loads(line) for line in (pack / "demo_tickets.jsonl").read_text().splitlines()]
    tickets = [Ticket.model_validate(row) for row in rows]
    try:
        pipeline = InlinePipeline(build_services(settings))
        results = {r.ticket_id: r for r in asyncio.run(pipeline.run(tickets))}
    finally:
        use_pack(PACK_DIRS["shop"])
    assert set(results) == {t.ticket_id for t in tickets}
    for ticket_id in ANSWERED[name]:
        decision = results[ticket_id].decision
        assert decision.outcome in (Outcome.RESPOND, Outcome.RESPOND_REVIEW), decision.reasoning
        (citation,) = decision.citations
        article = " ".join((pack / citation.source).read_text().split())
        response = decision.response or ""
        assert response.split(". ")[0] in article  # the answer quotes the cited article
        assert all(n in article for n in re.findall(r"\d+(?:\.\d+)?", response))
    for ticket_id in NOT_ANSWERED[name]:
        decision = results[ticket_id].decision
        assert decision.citations == [] or decision.outcome in (Outcome.DRAFT, Outcome.ESCALATE)
        assert decision.outcome is not Outcome.RESPOND or decision.response_source != "knowledge"
