"""Loading the constraint schema, and the error a broken file gives (file, field, problem)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from schemas import Priority
from tollgate.constraints.schema import (
    TRIGGER_NAMES,
    ConstraintSchema,
    ConstraintSchemaError,
    default_constraints_path,
    load_constraints,
)

INTENTS_FILE = default_constraints_path().parent / "intents.yaml"


def test_default_path_is_the_shop_domain() -> None:
    path = default_constraints_path()
    assert path.parts[-3:] == ("domains", "shop", "constraints.yaml")
    assert path.is_file()


def test_shop_schema_matches_the_shared_vocabulary(shop: ConstraintSchema) -> None:
    intents = yaml.safe_load(INTENTS_FILE.read_text())["intents"]
    assert set(intents) | {"out_of_scope"} == set(shop.intent_actions)
    assert set(shop.escalation_triggers) == set(TRIGGER_NAMES)
    assert shop.allowed_actions["issue_refund"].params["amount"].max == 100
    assert shop.intent_actions["check_order_status"].action == "lookup_order"
    assert shop.intent_actions["check_order_status"].requires == ["order_id"]
    human = shop.intent_actions["speak_to_human"]
    assert human.action is None and human.always_escalate and human.queue == "general"
    assert {"general", "legal", "security", "billing"} == set(shop.queues)
    assert set(shop.forbidden_actions) >= {
        "refund_over_limit",
        "payment_methods",
        "account_permissions",
        "pricing_promises",
    }


@pytest.mark.parametrize(
    ("trigger", "queue", "priority"),
    [
        ("legal_language", "legal", Priority.HIGH),
        ("threat_language", "security", Priority.URGENT),
        ("prompt_injection", "security", Priority.HIGH),
        ("chaos_input", "security", Priority.NORMAL),
        ("forbidden_action", "general", Priority.HIGH),
        ("pricing_negotiation", "billing", Priority.NORMAL),
    ],
)
def test_shop_trigger_routing(
    shop: ConstraintSchema, trigger: str, queue: str, priority: Priority
) -> None:
    route = shop.route(trigger)
    assert (route.queue, route.priority, route.enabled) == (queue, priority, True)


def _shop_data() -> dict[str, object]:
    data = yaml.safe_load(default_constraints_path().read_text())
    assert isinstance(data, dict)
    return data


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "constraints.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _error(path: Path) -> str:
    with pytest.raises(ConstraintSchemaError) as info:
        load_constraints(path)
    return str(info.value)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("domain: shop\nqueues: [general\nallowed_actions: {}\n")
    message = _error(path)
    assert str(path) in message
    assert "line 3" in message and "YAML syntax error" in message


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    text = default_constraints_path().read_text()
    path = tmp_path / "dup.yaml"
    path.write_text(text + "\ndomain: other\n")
    message = _error(path)
    assert str(path) in message and "duplicate key 'domain'" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert str(path) in _error(path) and "cannot read" in _error(path)


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert "expected a mapping" in _error(_write(tmp_path, ["a", "b"]))


def _mutate(key: str, change: object) -> dict[str, object]:
    data = _shop_data()
    target: object = data
    *parents, last = key.split(".")
    for part in parents:
        assert isinstance(target, dict)
        target = target[part]
    assert isinstance(target, dict)
    if change is _DELETE:
        del target[last]
    else:
        target[last] = change
    return data


_DELETE = object()

BROKEN = [
    # (dotted key to change, new value, field expected in the message, problem expected)
    (
        "intent_actions.check_order_status.action",
        "lookup_orders",
        "intent_actions.check_order_status.action",
        "unknown action 'lookup_orders'",
    ),
    (
        "escalation_triggers.legal_language.queue",
        "lawyers",
        "escalation_triggers.legal_language.queue",
        "unknown queue 'lawyers'",
    ),
    (
        "escalation_triggers.rude_language",
        {"queue": "general", "priority": "low"},
        "escalation_triggers.rude_language",
        "unknown trigger",
    ),
    (
        "intent_actions.cancel_order.requires",
        ["order_id", "reason"],
        "intent_actions.cancel_order.requires",
        "'reason' is not a parameter of action 'cancel_order'",
    ),
    ("queues", ["legal", "security"], "queues", "must include 'general'"),
    (
        "escalation_triggers.chaos_input",
        _DELETE,
        "escalation_triggers",
        "missing chaos_input",
    ),
    (
        "allowed_actions.issue_refund.params.amount.max",
        "lots",
        "allowed_actions.issue_refund.params.amount.max",
        "valid number",
    ),
    (
        "allowed_actions.issue_refund.params.amount.min",
        500,
        "allowed_actions.issue_refund.params.amount",
        "min 500 is greater than max 100",
    ),
    (
        "allowed_actions.check_stock.params.product.max",
        10,
        "allowed_actions.check_stock.params.product",
        "min/max apply to float/int",
    ),
    (
        "allowed_actions.lookup_order.params.order_id.pattern",
        "([A-Z",
        "allowed_actions.lookup_order.params.order_id.pattern",
        "not a valid regular expression",
    ),
    (
        "allowed_actions.lookup_order.params.order_id.type",
        "uuid",
        "allowed_actions.lookup_order.params.order_id.type",
        "'str', 'float' or 'int'",
    ),
    (
        "escalation_triggers.threat_language.priority",
        "asap",
        "escalation_triggers.threat_language.priority",
        "'low', 'normal', 'high' or 'urgent'",
    ),
    ("alowed_actions", {}, "alowed_actions", "Extra inputs are not permitted"),
    (
        "forbidden_actions.lookup_order",
        {"description": "nope", "keywords": ["x"]},
        "forbidden_actions.lookup_order",
        "is also an allowed action",
    ),
    (
        "forbidden_actions.pricing_promises.patterns",
        ["(unclosed"],
        "forbidden_actions.pricing_promises.patterns",
        "not a valid regular expression",
    ),
    (
        "intent_actions.speak_to_human.queue",
        "vip",
        "intent_actions.speak_to_human.queue",
        "unknown queue 'vip'",
    ),
    (
        "forbidden_actions.refund_over_limit.amount_limit.param",
        "total",
        "forbidden_actions.refund_over_limit.amount_limit.param",
        "has no param 'total'",
    ),
]


@pytest.mark.parametrize(("key", "value", "field", "problem"), BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_schema_message(
    tmp_path: Path, key: str, value: object, field: str, problem: str
) -> None:
    path = _write(tmp_path, _mutate(key, value))
    message = _error(path)
    line = next((ln for ln in message.splitlines() if f": {field}: " in ln), None)
    assert line is not None, message
    assert line.startswith(f"{path}: ")
    assert problem in line


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = _mutate("intent_actions.check_order_status.action", "nope")
    escalation = data["escalation_triggers"]
    assert isinstance(escalation, dict)
    escalation["legal_language"]["queue"] = "nowhere"
    message = _error(_write(tmp_path, data))
    assert len(message.splitlines()) == 2


def test_schema_is_immutable(shop: ConstraintSchema) -> None:
    with pytest.raises(ValueError, match="frozen"):
        shop.allowed_actions["issue_refund"].params["amount"].max = 10_000  # type: ignore[misc]
