"""Actions act for the ticket's customer only: a customer who names someone else's order is
refused ``forbidden_resource`` and the ticket escalates to the security queue with the evidence
(real broker, real worker). The owner asking the same things is served."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from schemas import AgentDecision, Escalation, Ticket
from streams.services import build_services
from tests.pipeline_helpers import until_landed
from tests.streams.keyword_model import KeywordModel
from tollgate.actions import demo_orders as orders
from tollgate.clients import publish
from tollgate.config import Settings
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

pytestmark = pytest.mark.integration

SOMEONE_ELSES = {
    "cancel": f"please cancel order #{orders.PROCESSING_ORDER_ID}",
    "readdress": (
        f"Please change the delivery address for order #{orders.PROCESSING_ORDER_ID} "
        "to 5 Main Street, Springfield"
    ),
    "refund": f"refund 30 for order #{orders.DELIVERED_ORDER_ID}",
    "lookup": f"where is my order #{orders.SHIPPED_ORDER_ID}",
}


def test_actions_on_other_customers_orders_are_refused_and_escalated_to_security(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    prefix = settings.app_id
    tickets = [
        Ticket(ticket_id=f"{prefix}-{name}", text=text, customer_id="cust-2")
        for name, text in SOMEONE_ELSES.items()
    ]
    owner = Ticket(
        ticket_id=f"{prefix}-owner",
        text=SOMEONE_ELSES["lookup"],
        customer_id=orders.DEMO_CUSTOMER_ID,
    )
    anonymous = Ticket(ticket_id=f"{prefix}-anon", text=SOMEONE_ELSES["lookup"])
    everything = [*tickets, owner, anonymous]

    async def scenario() -> dict[str, tuple[str, bytes]]:
        services = build_services(settings, intent_model=KeywordModel())
        async with Worker(settings, services=services):
            published = await publish(settings, [t.model_dump_json().encode() for t in everything])
            found: dict[str, tuple[str, bytes]] = {}

            def seen(topic: str, value: bytes) -> None:
                for ticket in everything:
                    if ticket.ticket_id.encode() in value:
                        found[ticket.ticket_id] = (topic, value)

            await until_landed(settings, TerminalTracker(settings, published), seen=seen)
            return found

    found = asyncio.run(scenario())
    security = settings.escalation_topic("security")
    for ticket in [*tickets, anonymous]:
        topic, value = found[ticket.ticket_id]
        assert topic == security, (ticket.text, topic, value[:300])
        package = Escalation.model_validate_json(value)
        assert "forbidden_resource" in package.reason, package.reason
        assert package.customer_id == ticket.customer_id
    topic, value = found[owner.ticket_id]
    assert topic == settings.topic_responses
    decision = AgentDecision.model_validate_json(value)
    assert decision.action_result is not None and decision.action_result.success
    assert orders.SHIPPED_ORDER_ID in (decision.response or "")
