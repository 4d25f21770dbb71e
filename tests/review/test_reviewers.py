"""Reviewer tokens, the feedback signature, and the checks an approval must pass."""

from __future__ import annotations

import pytest

from schemas import Feedback, FeedbackKind, Outcome
from tests.review.builders import decision
from tollgate.config import ConfigError, load_settings
from tollgate.constraints.schema import load_constraints
from tollgate.review.approval import action_problems, check_approval, edit_problems
from tollgate.reviewers import (
    parse_reviewer_tokens,
    reviewer_for_token,
    sign_feedback,
    verify_feedback,
)

TOKENS = {"ann": "ann-review-token-1", "bo": "bo-review-token-22"}


def _fb(kind: str = "draft_approved", **kw: object) -> Feedback:
    return Feedback(feedback_id=f"T1:{kind}", ticket_id="T1", kind=FeedbackKind(kind), **kw)


def test_tokens_parse_and_bad_entries_fail_without_showing_the_token() -> None:
    assert parse_reviewer_tokens(" ann:ann-review-token-1 , bo:bo-review-token-22,") == TOKENS
    for bad, message in [
        ("ann", "not name:token"),
        ("ann:short", "shorter than 12"),
        ("a b:ann-review-token-1", "may use only"),
        ("ann:ann-review-token-1,ann:ann-review-token-2", "listed twice"),
        ("ann:ann-review-token-1,bo:ann-review-token-1", "shares a token"),
    ]:
        with pytest.raises(ValueError, match=message) as info:
            parse_reviewer_tokens(bad)
        assert "review-token" not in str(info.value)
    with pytest.raises(ConfigError, match="TOLLGATE_REVIEWER_TOKENS"):
        load_settings(reviewer_tokens="ann:short")


def test_signed_feedback_verifies_and_any_change_breaks_it() -> None:
    signed = sign_feedback(_fb(), "ann", TOKENS["ann"])
    assert signed.reviewer == "ann" and signed.signature.startswith("v1:")
    assert verify_feedback(signed, TOKENS) is None
    round_trip = Feedback.model_validate_json(signed.model_dump_json())
    assert verify_feedback(round_trip, TOKENS) is None
    for change in (
        {"kind": FeedbackKind.DRAFT_REJECTED},
        {"edited_response": "x"},
        {"reviewer": "bo"},
        {"ticket_id": "T2"},
    ):
        problem = verify_feedback(signed.model_copy(update=change), TOKENS)
        assert problem is not None and "bad signature" in problem
    assert verify_feedback(_fb(reviewer="ann"), TOKENS) == "unsigned feedback (reviewer 'ann')"
    forged = sign_feedback(_fb(), "mallory", "mallory-token-123")
    assert verify_feedback(forged, TOKENS) == "unknown reviewer 'mallory'"
    assert verify_feedback(sign_feedback(_fb(), "ann", TOKENS["bo"]), TOKENS) is not None


def test_sign_in_token_names_its_reviewer() -> None:
    assert reviewer_for_token(TOKENS, "bo-review-token-22") == "bo"
    assert reviewer_for_token(TOKENS, "nope") is None


def test_an_edit_must_pass_the_output_guard_and_the_action_the_current_schema() -> None:
    settings = load_settings()
    schema = load_constraints(settings.constraints_path)
    draft = decision("T1", Outcome.DRAFT)
    assert edit_problems(draft, "Sorry for the wait, we are looking into it.") == []
    problems = edit_problems(draft, "We guarantee you a refund of EUR 500 by Monday")
    assert any(p.startswith("amount") for p in problems)
    assert any(p.startswith("promise") for p in problems)
    edit = _fb(kind="draft_edited", edited_response="We guarantee you a refund of EUR 500")
    refusal = check_approval(draft, edit, schema)
    assert refusal is not None and refusal.back_to_reviewer
    assert action_problems(draft, schema) == []
    stale = draft.model_copy(
        update={"verdict": draft.verdict.model_copy(update={"proposed_action": "delete_account"})}
    )
    assert action_problems(stale, schema)
    refusal = check_approval(stale, _fb(), schema)
    assert refusal is not None and not refusal.back_to_reviewer
