"""What an action's success is known to return before the call (``actions.yaml`` ``foreseen``)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import ActionResult
from tollgate.actions.foresight import foresee, known_part
from tollgate.actions.pack import ActionDecl, pack_registry
from tollgate.config import DEFAULT_DOMAIN_DIR


def test_params_and_literals_fill_the_declared_keys_and_nothing_else() -> None:
    declared = {"order_id": "$order_id", "refund_amount": "$amount", "status": "issued"}
    data = foresee(declared, {"order_id": "A1", "amount": "30", "reason": "late"})
    assert data == {"order_id": "A1", "refund_amount": "30", "status": "issued"}
    assert foresee(declared, {"amount": "30"}) == {"refund_amount": "30", "status": "issued"}
    assert foresee(None, {"order_id": "A1"}) == {"order_id": "A1"}  # undeclared: the params


def test_the_known_part_of_a_result_has_only_the_foreseen_keys() -> None:
    real = ActionResult(
        name="issue_refund", idempotency_key="k", success=True, data={"order_id": "A1", "ref": "R"}
    )
    foreseen = real.model_copy(update={"data": {"order_id": "A1", "status": "issued"}})
    assert known_part(real, foreseen).data == {"order_id": "A1"}


def test_a_declaration_may_only_foresee_keys_the_action_returns() -> None:
    with pytest.raises(ValidationError, match="refund_id"):
        ActionDecl(backend="demo", returns=["order_id"], foreseen={"refund_id": "$order_id"})


def test_the_shop_pack_registers_what_its_actions_foresee() -> None:
    spec = pack_registry(DEFAULT_DOMAIN_DIR).get("issue_refund")
    assert spec is not None and spec.foreseen is not None
    assert spec.foreseen["refund_amount"] == "$amount" and "refund_id" not in spec.foreseen
