"""The console's pure parts: session cookies, CSRF, the claim fold, queue rows and filters."""

from __future__ import annotations

from datetime import timedelta

from schemas import Claim, Outcome, utcnow
from tests.review.builders import decision, escalation
from tollgate.config import load_settings
from tollgate.console import auth
from tollgate.console.claims import ClaimBook
from tollgate.console.pages import Filters, queue_page
from tollgate.review.items import ItemKind, item_from_decision, item_from_escalation

TOKENS = {"ann": "ann-console-token-1", "bo": "bo-console-token-22"}


def test_a_session_names_its_reviewer_until_it_expires_and_cannot_be_forged() -> None:
    cookie = auth.issue_session("ann", TOKENS["ann"], hours=1, now=1_000_000)
    assert auth.session_reviewer(cookie, TOKENS, now=1_000_000) == "ann"
    assert auth.session_reviewer(cookie, TOKENS, now=1_000_000 + 3601) is None
    _name, expires, mac = cookie.split("|")
    assert auth.session_reviewer(f"bo|{expires}|{mac}", TOKENS, now=1_000_000) is None
    assert auth.session_reviewer(f"ann|{int(expires) + 99}|{mac}", TOKENS, now=1) is None
    assert auth.session_reviewer(f"eve|{expires}|{mac}", TOKENS, now=1_000_000) is None
    assert auth.session_reviewer(None, TOKENS) is None
    forged = auth.issue_session("ann", "a-guessed-token-x", hours=1, now=1_000_000)
    assert auth.session_reviewer(forged, TOKENS, now=1_000_000) is None


def test_csrf_tokens_belong_to_one_session() -> None:
    ann = auth.issue_session("ann", TOKENS["ann"], hours=1)
    again = auth.issue_session("ann", TOKENS["ann"], hours=2)
    token = auth.csrf_token(ann, TOKENS)
    assert auth.csrf_ok(ann, TOKENS, token)
    assert not auth.csrf_ok(again, TOKENS, token)
    assert not auth.csrf_ok(ann, TOKENS, None)
    assert not auth.csrf_ok("bo|1|x", TOKENS, token)


def test_the_first_live_claim_wins_until_it_expires_or_is_released() -> None:
    book = ClaimBook()
    ann = Claim.make("T1", "ann", minutes=15)
    book.add(ann)
    book.add(Claim.make("T1", "bo", minutes=15))  # too late: ann holds it
    held = book.holder("T1")
    assert held is not None and held.reviewer == "ann"
    book.add(Claim.make("T1", "ann", minutes=30))  # ann renews
    assert book.holder("T1", utcnow() + timedelta(minutes=20)) is not None
    book.add(Claim.release("T1", "ann"))
    assert book.holder("T1") is None
    book.add(Claim.make("T1", "bo", minutes=15))
    held = book.holder("T1")
    assert held is not None and held.reviewer == "bo"
    expired = ann.model_copy(update={"ticket_id": "T2", "expires_at": utcnow()})
    book.add(expired)
    assert book.holder("T2") is None


def test_queue_rows_count_every_queue_and_filter() -> None:
    settings = load_settings()
    items = [
        item_from_decision(decision("D1", Outcome.DRAFT), ItemKind.DRAFT),
        item_from_decision(decision("R1", Outcome.RESPOND_REVIEW), ItemKind.RESPONSE),
        item_from_escalation(escalation("E1", queue="legal")),
        item_from_escalation(escalation("E2", queue="billing")),
    ]
    book = ClaimBook()
    book.add(Claim.make("E2", "ann", minutes=15))
    now = items[0].at + timedelta(minutes=10)
    page = queue_page(items, book, settings, Filters(), "ann", now)
    assert page.counts == {"all": 4, "drafts": 1, "review": 1, "escalations": 2}
    assert page.escalation_counts == {"general": 0, "legal": 1, "security": 0, "billing": 1}
    draft = next(r for r in page.rows if r.item.ticket_id == "D1")
    assert draft.countdown(now) == "50 min left"  # TOLLGATE_DRAFT_SLA_MINUTES=60
    assert draft.countdown(now + timedelta(hours=1)) == "overdue 10 min"
    legal = Filters.parse({"queue": "escalations", "equeue": "legal"})
    assert [
        r.item.ticket_id for r in queue_page(items, book, settings, legal, "ann", now).rows
    ] == ["E1"]
    mine = Filters.parse({"mine": "1"})
    assert [r.item.ticket_id for r in queue_page(items, book, settings, mine, "ann", now).rows] == [
        "E2"
    ]
    text = Filters.parse({"q": "LAWYER", "queue": "bogus"})
    assert text.queue == "all"
    assert {r.item.ticket_id for r in queue_page(items, book, settings, text, "bo", now).rows} == {
        "E1",
        "E2",
    }


def test_the_console_command_refuses_to_start_without_reviewers() -> None:
    from click.testing import CliRunner

    from tollgate.cli import main

    result = CliRunner().invoke(main, ["console", "--port", "0"])
    assert result.exit_code == 1
    assert "TOLLGATE_REVIEWER_TOKENS is empty" in result.output


def test_an_item_shows_the_other_tickets_of_its_session_oldest_first() -> None:
    from tollgate.console.pages import session_turns
    from tollgate.review.items import QueueState

    settings = load_settings()
    draft = decision("D1", Outcome.DRAFT, minutes=5)
    earlier = escalation("E0").model_copy(update={"session_id": draft.session_id})
    other = escalation("E9")
    state = QueueState()
    for topic, value in [
        (settings.topic_drafts, draft),
        (settings.escalation_topic("general"), earlier),
        (settings.escalation_topic("general"), other),
    ]:
        state.add(settings, topic, value.model_dump_json().encode())
    assert [t.ticket_id for t in session_turns(state, draft.session_id, "D1")] == ["E0"]
    assert [t.ticket_id for t in session_turns(state, draft.session_id, "E0")] == ["D1"]
