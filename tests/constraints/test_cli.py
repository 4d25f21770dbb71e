"""``tollgate constraints check FILE``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tollgate.constraints.cli import constraints
from tollgate.constraints.schema import default_constraints_path


def test_check_prints_what_the_schema_means() -> None:
    result = CliRunner().invoke(constraints, ["check", str(default_constraints_path())])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "OK" in out.splitlines()[0]
    assert "amount (float, min 0.01, max 100)" in out
    assert "request_refund -> issue_refund requires order_id, amount" in out
    assert "speak_to_human -> no action ALWAYS ESCALATES to general" in out
    assert "legal_language -> legal / high" in out
    assert "threat_language -> security / urgent" in out
    for section in ("ALLOWS", "INTENTS", "FORBIDS", "ESCALATES"):
        assert section in out
    assert "refund_over_limit" in out and "Amazon" in out


def test_check_fails_with_the_message(tmp_path: Path) -> None:
    broken = tmp_path / "c.yaml"
    text = default_constraints_path().read_text()
    broken.write_text(text.replace("action: lookup_order", "action: lookup_everything"))
    result = CliRunner().invoke(constraints, ["check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}: intent_actions.check_order_status.action: unknown action" in result.output
