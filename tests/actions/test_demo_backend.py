from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import EntryPoint

import pytest

from schemas import ActionResult
from tollgate.actions import (
    INTENT_ACTIONS,
    REFUND_LIMIT,
    ActionContext,
    ErrorCode,
    PermanentActionError,
    error_code,
)
from tollgate.actions import demo_orders as orders
from tollgate.actions.demo_backend import (
    DEMO_ACTIONS,
    DISCOUNT_CODES,
    OrderParams,
    RefundParams,
    default_registry,
    issue_refund,
)

VOCABULARY = {
    "lookup_order": {"order_id"},
    "create_return": {"order_id"},
    "update_address": {"order_id", "new_address"},
    "apply_discount": {"order_id", "discount_code"},
    "issue_refund": {"order_id", "amount"},
    "cancel_order": {"order_id"},
    "send_password_reset": {"customer_id"},
    "open_delivery_investigation": {"order_id"},
    "check_stock": {"product"},
    "unsubscribe_marketing": {"customer_id"},
}
SAMPLE_IDS = [f"A{n}" for n in range(10_000, 10_060)] + [
    str(n) for n in range(12_345_600, 12_345_640)
]


def call(
    name: str, key: str = "", max_attempts: int = 3, timeout_s: float = 0.5, **params: object
) -> ActionResult:
    registry = default_registry()
    return asyncio.run(
        registry.execute(
            name,
            params,
            idempotency_key=key or f"test:{name}:{sorted(params.items())}",
            timeout_s=timeout_s,
            max_attempts=max_attempts,
            backoff_s=0.0,
            customer_id=str(params.get("customer_id", orders.DEMO_CUSTOMER_ID)),
        )
    )


def order_with(
    status: str, min_total: Decimal = Decimal(0), max_total: Decimal = Decimal(10**6)
) -> orders.DemoOrder:
    for order_id in SAMPLE_IDS:
        order = orders.find_order(order_id)
        if order and order.status == status and min_total <= order.total <= max_total:
            return order
    raise AssertionError(f"no sample order is {status} with total in [{min_total}, {max_total}]")


def test_registry_has_the_vocabulary_actions_registered_by_dotted_path() -> None:
    registry = default_registry()
    assert set(registry.names()) == set(VOCABULARY) == set(DEMO_ACTIONS)
    assert set(INTENT_ACTIONS.values()) == set(VOCABULARY)
    for name, params in VOCABULARY.items():
        spec = registry.get(name)
        assert spec is not None
        assert set(spec.params_model.model_fields) == params
        assert spec.source == f"path:tollgate.actions.demo_backend:{name}"


def test_any_well_formed_order_id_is_an_order_and_deterministic() -> None:
    statuses = set()
    for order_id in SAMPLE_IDS:
        first = call("lookup_order", key=f"a:{order_id}", order_id=order_id)
        again = call("lookup_order", key=f"b:{order_id}", order_id=order_id)
        assert first.success and first.first_try
        assert first.data == again.data
        data = first.data
        statuses.add(data["status"])
        assert isinstance(data["total"], float) and data["total"] > 0
        assert date.fromisoformat(str(data["eta"])) > date.fromisoformat(str(data["placed_on"]))
        shipped = data["status"] != "processing"
        assert (data["carrier"] is not None) == shipped
        assert (data["delivered_on"] is not None) == (data["status"] == "delivered")
    assert statuses == {"processing", "shipped", "delivered"}
    totals = {call("lookup_order", order_id=i).data["total"] for i in SAMPLE_IDS[:20]}
    assert len(totals) > 3


def test_order_ids_are_normalised_and_malformed_ones_rejected() -> None:
    assert call("lookup_order", order_id=" a10001 ").data["order_id"] == "A10001"
    assert error_code(call("lookup_order", order_id="no such thing!")) == ErrorCode.INVALID_PARAMS


def test_reserved_ids() -> None:
    missing = call("lookup_order", order_id=orders.NOT_FOUND_ORDER_ID)
    assert error_code(missing) == ErrorCode.NOT_FOUND and missing.attempts == 1
    expected = {
        orders.PROCESSING_ORDER_ID: "processing",
        orders.SHIPPED_ORDER_ID: "shipped",
        orders.DELIVERED_ORDER_ID: "delivered",
    }
    for order_id, status in expected.items():
        assert call("lookup_order", order_id=order_id).data["status"] == status


def test_shipped_orders_cannot_be_cancelled_or_readdressed() -> None:
    shipped = orders.SHIPPED_ORDER_ID
    cancel = call("cancel_order", order_id=shipped)
    move = call("update_address", order_id=shipped, new_address="1 New Street, Berlin")
    for result in (cancel, move):
        assert error_code(result) == ErrorCode.ALREADY_SHIPPED
        assert result.attempts == 1


def test_processing_orders_can_be_cancelled_and_readdressed() -> None:
    order_id = orders.PROCESSING_ORDER_ID
    total = call("lookup_order", order_id=order_id).data["total"]
    cancel = call("cancel_order", order_id=order_id)
    assert cancel.success and cancel.data["status"] == "cancelled"
    assert cancel.data["refund_amount"] == total
    move = call("update_address", order_id=order_id, new_address=" 1 New Street,  Berlin ")
    assert move.success and move.data["new_address"] == "1 New Street,  Berlin"


def test_flaky_order_fails_first_attempt_then_succeeds() -> None:
    result = call("lookup_order", order_id=orders.FLAKY_ORDER_ID)
    assert result.success and result.attempts == 2 and not result.first_try
    once = call("lookup_order", order_id=orders.FLAKY_ORDER_ID, max_attempts=1, key="once")
    assert error_code(once) == ErrorCode.UNAVAILABLE


def test_flaky_customer_is_retried() -> None:
    result = call("send_password_reset", customer_id=orders.FLAKY_CUSTOMER_ID)
    assert result.success and result.attempts == 2


def test_slow_order_times_out() -> None:
    result = call("lookup_order", order_id=orders.SLOW_ORDER_ID, timeout_s=0.05, max_attempts=1)
    assert error_code(result) == ErrorCode.TIMEOUT


def test_refund_limit_is_enforced_by_the_backend() -> None:
    rich = order_with("delivered", min_total=Decimal(REFUND_LIMIT) + 1)
    over = call("issue_refund", order_id=rich.order_id, amount=str(REFUND_LIMIT + Decimal("0.01")))
    assert error_code(over) == ErrorCode.OVER_LIMIT and over.attempts == 1
    at_limit = call("issue_refund", order_id=rich.order_id, amount=REFUND_LIMIT)
    assert at_limit.success and at_limit.data["refund_amount"] == float(REFUND_LIMIT)


def test_refund_limit_holds_even_when_called_directly() -> None:
    params = RefundParams(order_id=orders.DELIVERED_ORDER_ID, amount=Decimal("150"))
    ctx = ActionContext(name="issue_refund", idempotency_key="direct", attempt=1)
    with pytest.raises(PermanentActionError) as info:
        asyncio.run(issue_refund(params, ctx))
    assert info.value.code == ErrorCode.OVER_LIMIT


def test_refund_cannot_exceed_the_order_total_or_be_non_positive() -> None:
    cheap = order_with("delivered", max_total=Decimal(REFUND_LIMIT) - 1)
    result = call(
        "issue_refund", order_id=cheap.order_id, amount=str(cheap.total + Decimal("0.01"))
    )
    assert error_code(result) == ErrorCode.EXCEEDS_TOTAL
    exact = call("issue_refund", order_id=cheap.order_id, amount=str(cheap.total))
    assert exact.success and exact.data["refund_amount"] == float(cheap.total)
    for amount in ("0", "-5", "abc", "1.234"):
        result = call("issue_refund", order_id=cheap.order_id, amount=amount)
        assert error_code(result) == ErrorCode.INVALID_PARAMS, amount


def test_discount_codes() -> None:
    order = orders.find_order(orders.PROCESSING_ORDER_ID)
    assert order is not None
    welcome = call("apply_discount", order_id=order.order_id, discount_code="welcome10")
    assert welcome.success and welcome.data["percent_off"] == 10
    saving = (order.subtotal * Decimal("0.10")).quantize(Decimal("0.01"))
    assert welcome.data["discount_amount"] == float(saving)
    assert welcome.data["new_total"] == float(order.total - saving)
    free = call("apply_discount", order_id=order.order_id, discount_code="FREESHIP")
    assert free.data["free_shipping"] is True and free.data["discount_amount"] == float(
        order.shipping
    )
    assert error_code(call("apply_discount", order_id=order.order_id, discount_code="BOGUS99")) == (
        ErrorCode.INVALID_CODE
    )
    expired = [c for c, d in DISCOUNT_CODES.items() if d.expired]
    assert expired
    assert error_code(
        call("apply_discount", order_id=order.order_id, discount_code=expired[0])
    ) == (ErrorCode.EXPIRED_CODE)
    shipped = call("apply_discount", order_id=orders.SHIPPED_ORDER_ID, discount_code="SAVE20")
    assert error_code(shipped) == ErrorCode.ALREADY_SHIPPED


def test_returns_and_investigations_need_a_shipped_order() -> None:
    for name in ("create_return", "open_delivery_investigation"):
        early = call(name, order_id=orders.PROCESSING_ORDER_ID)
        assert error_code(early) == ErrorCode.NOT_SHIPPED
        late = call(name, order_id=orders.DELIVERED_ORDER_ID)
        assert late.success and late.data["order_id"] == orders.DELIVERED_ORDER_ID
    assert str(
        call("create_return", order_id=orders.SHIPPED_ORDER_ID).data["return_id"]
    ).startswith("RMA-")
    case = call("open_delivery_investigation", order_id=orders.SHIPPED_ORDER_ID).data
    assert str(case["case_id"]).startswith("INV-") and case["carrier"]


def test_stock_is_deterministic_and_case_insensitive() -> None:
    products = [f"product {n}" for n in range(40)]
    levels = {p: call("check_stock", product=p).data for p in products}
    assert (
        call("check_stock", product="  PRODUCT 3 ").data["in_stock"]
        == levels["product 3"]["in_stock"]
    )
    out = [d for d in levels.values() if not d["in_stock"]]
    available = [d for d in levels.values() if d["in_stock"]]
    assert out and available
    assert all(d["quantity"] == 0 and "restock_on" in d for d in out)
    assert all(isinstance(d["quantity"], int) and d["quantity"] > 0 for d in available)


def test_customer_actions() -> None:
    for name in ("send_password_reset", "unsubscribe_marketing"):
        ok = call(name, customer_id="cust-42")
        assert ok.success and ok.data["customer_id"] == "cust-42"
        assert error_code(call(name, customer_id=orders.UNKNOWN_CUSTOMER_ID)) == ErrorCode.NOT_FOUND
        assert error_code(call(name, customer_id="  ")) == ErrorCode.INVALID_PARAMS


def test_every_action_result_is_scalar_data() -> None:
    params: Mapping[str, Mapping[str, object]] = {
        "lookup_order": {"order_id": orders.DELIVERED_ORDER_ID},
        "create_return": {"order_id": orders.DELIVERED_ORDER_ID},
        "update_address": {"order_id": orders.PROCESSING_ORDER_ID, "new_address": "2 High St"},
        "apply_discount": {"order_id": orders.PROCESSING_ORDER_ID, "discount_code": "SAVE20"},
        "issue_refund": {"order_id": orders.DELIVERED_ORDER_ID, "amount": "1.00"},
        "cancel_order": {"order_id": orders.PROCESSING_ORDER_ID},
        "send_password_reset": {"customer_id": "cust-1"},
        "open_delivery_investigation": {"order_id": orders.SHIPPED_ORDER_ID},
        "check_stock": {"product": "mug"},
        "unsubscribe_marketing": {"customer_id": "cust-1"},
    }
    assert set(params) == set(VOCABULARY)
    for name, p in params.items():
        result = asyncio.run(
            default_registry().execute(name, p, idempotency_key=name, customer_id="cust-1")
        )
        assert result.success, (name, result.error)
        assert all(
            v is None or isinstance(v, str | int | float | bool) for v in result.data.values()
        )


async def real_lookup(params: OrderParams, ctx: ActionContext) -> dict[str, str]:
    return {"order_id": params.order_id, "status": "from-plugin"}


def test_plugins_replace_demo_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_entry_points(*, group: str) -> list[EntryPoint]:
        return [EntryPoint(name="lookup_order", value=f"{__name__}:real_lookup", group=group)]

    monkeypatch.setattr("importlib.metadata.entry_points", fake_entry_points)
    assert default_registry().get("lookup_order").source.startswith("path:")  # type: ignore[union-attr]
    registry = default_registry(plugins=True)
    spec = registry.get("lookup_order")
    assert spec is not None and spec.source == f"entry_point:{__name__}:real_lookup"
    result = asyncio.run(
        registry.execute("lookup_order", {"order_id": "a999"}, idempotency_key="plug")
    )
    assert result.data == {"order_id": "A999", "status": "from-plugin"}
    assert len(registry) == len(DEMO_ACTIONS)
