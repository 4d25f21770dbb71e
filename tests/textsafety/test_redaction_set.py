"""The redactor on its labelled sets: recall >= 0.98, over-redaction <= 0.02 (README numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tollgate.cli import main
from tollgate.textsafety import redact
from tollgate.textsafety.evaluate import DEFAULT_SET, load_rows, score

HELD_OUT = Path(__file__).parent / "data" / "redaction_heldout.jsonl"


@pytest.mark.parametrize("path", [DEFAULT_SET, HELD_OUT], ids=["labelled", "held-out"])
def test_recall_and_over_redaction_meet_the_targets(path: Path) -> None:
    rows = load_rows(path)
    result = score(rows)
    assert result.recall >= 0.98, result.misses
    assert result.over_redaction <= 0.02, result.over


def test_the_labelled_set_is_large_and_has_hard_negatives() -> None:
    rows = load_rows(DEFAULT_SET)
    assert len(rows) >= 300
    kinds = {str(r["kind"]) for r in rows}
    assert {"secret", "email", "iban", "card", "govid", "account", "phone", "address"} <= kinds
    hard = [r for r in rows if r.get("note") == "hard negative"]
    assert len(hard) >= 50


def test_the_command_prints_recall_and_over_redaction() -> None:
    out = CliRunner().invoke(main, ["redaction", "eval"])
    assert out.exit_code == 0, out.output
    assert "recall 1.000" in out.output or "recall 0.9" in out.output
    assert "over-redaction 0.0" in out.output


@pytest.mark.parametrize(
    ("text", "kind", "gone"),
    [
        ("card 4111.1111.1111.1112 (fails Luhn)", "card", "4111.1111.1111.1112"),
        ("card 4111-1111-1111-1111", "card", "4111-1111-1111-1111"),
        ("ssn 078 05 1120", "govid", "078 05 1120"),
        ("NI AB123456C", "govid", "AB123456C"),
        ("my password is hunter2!", "secret", "hunter2"),
        ("Bearer abcdefghijklmnop12345", "secret", "abcdefghijklmnop12345"),
        ("-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----", "secret", "MIIabc"),
        ("IBAN DE89 3704 0044 0532 0130 00", "iban", "0532"),
        ("ship to 12 Oak Road", "address", "Oak Road"),
    ],
)
def test_each_kind_is_redacted(text: str, kind: str, gone: str) -> None:
    redacted, kinds = redact(text)
    assert gone not in redacted
    assert kind in kinds


@pytest.mark.parametrize(
    "text",
    [
        "order 88812345 for 1,299.00 EUR on 2025-03-09",
        "tracking 1Z999AA10123456784 via DHL 1234567890",
        "my password is not working",
        "Can I switch my account language to French?",
        "paid via bank transfer on 01.02.2024",
    ],
)
def test_hard_negatives_are_kept(text: str) -> None:
    assert redact(text) == (text, [])
