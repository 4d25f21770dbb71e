"""The review console in a real browser (Debian Chromium + Selenium) against the real broker,
a real worker (which sends approved drafts) and the embedded ClickHouse."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from schemas import Contract, Outcome, Ticket
from streams.services import build_services
from tests.console.harness import (
    LoopThread,
    chromium,
    click_and_wait,
    find_on,
    requires_chromium,
)
from tests.review.builders import decision, escalation
from tests.streams.keyword_model import KeywordModel
from tollgate.clients import publish
from tollgate.config import Settings, load_settings, prefixed_topics
from tollgate.console import start_console
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.reviewers import parse_reviewer_tokens, verify_feedback
from tollgate.testing.worker_process import free_port
from tollgate.worker import Worker

pytestmark = [pytest.mark.integration, requires_chromium]
TOKENS = "ann:ann-console-token-1,bo:bo-console-token-22"
DRAFT_TEXT = "refund 30 for order #30000003"
XSS = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"
FORGED = "We guarantee you a refund of EUR 500 by Monday"


@dataclass
class Stack:
    settings: Settings
    loop: LoopThread
    urls: list[str]
    ids: dict[str, str]

    def find(self, topics: list[str], match: Any) -> dict[str, Any]:
        return self.loop.run(find_on(self.settings, topics, match))

    def feedback(self, ticket_id: str, kind: str) -> dict[str, Any]:
        return self.find(
            [self.settings.topic_feedback],
            lambda _t, p: p["ticket_id"] == ticket_id and p["kind"] == kind,
        )


@pytest.fixture(scope="module")
def stack(broker: EmbeddedBroker, clickhouse_url: str, model_cache: Path) -> Iterator[Stack]:
    prefix = "console"
    settings = load_settings(
        kafka_bootstrap_servers=broker.bootstrap_servers,
        clickhouse_dsn=clickhouse_url,
        data_dir=model_cache,
        app_id=prefix,
        web_enabled=False,
        kafka_rebalance_timeout_s=1.0,
        reviewer_tokens=TOKENS,
        **prefixed_topics(prefix),
    )
    ids = {
        k: f"{prefix}-{k}"
        for k in ("approve", "edit", "reject", "xss", "claim", "esc", "flag", "flag2")
    }
    loop = LoopThread()
    worker = Worker(settings, services=build_services(settings, intent_model=KeywordModel()))
    ports = [free_port(), free_port()]

    async def up() -> list[web.AppRunner]:
        await worker.start()
        drafts = ("approve", "edit", "reject", "xss", "claim")
        text = {k: DRAFT_TEXT if k != "xss" else f"{XSS} {DRAFT_TEXT}" for k in drafts}
        tickets = [Ticket(ticket_id=ids[k], text=text[k], customer_id="cust-1") for k in drafts]
        await publish(settings, [t.model_dump_json().encode() for t in tickets])
        everywhere = [*settings.terminal_topics]  # the <script> ticket escalates (security)
        for k in drafts:
            await find_on(settings, everywhere, lambda _t, p, k=k: p["ticket_id"] == ids[k])
        seeded: list[tuple[str, Contract]] = [
            (settings.escalation_topic("legal"), escalation(ids["esc"], queue="legal")),
            (settings.topic_responses, decision(ids["flag"], Outcome.RESPOND_REVIEW)),
            (settings.topic_responses, decision(ids["flag2"], Outcome.RESPOND_REVIEW)),
        ]
        for topic, value in seeded:
            await publish(settings, [value.model_dump_json().encode()], topic)
        # two console processes' worth of state: both read the same topics
        return [await start_console(settings, "127.0.0.1", port) for port in ports]

    runners = loop.run(up(), timeout_s=180)
    try:
        yield Stack(settings, loop, [f"http://127.0.0.1:{p}" for p in ports], ids)
    finally:

        async def down() -> None:
            for runner in runners:
                await runner.cleanup()
            await worker.stop()

        loop.run(down(), timeout_s=120)
        loop.close()


@pytest.fixture(scope="module")
def ann(stack: Stack) -> Iterator[Any]:
    with chromium() as driver:
        sign_in(driver, stack.urls[0], "ann-console-token-1")
        yield driver


def sign_in(driver: Any, base: str, token: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/login")
    driver.find_element(By.NAME, "token").send_keys(token)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_element(By.ID, "reviewer").text in ("ann", "bo")


def open_item(driver: Any, base: str, ticket_id: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/?queue=all")
    link = driver.find_element(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket_id}'] a")
    click_and_wait(driver, link)
    assert driver.find_element(By.ID, "item").get_attribute("data-ticket-id") == ticket_id


def press(driver: Any, label: str) -> None:
    """Click the button whose text begins with ``label``."""
    from selenium.webdriver.common.by import By

    buttons = [b for b in driver.find_elements(By.TAG_NAME, "button") if b.text.startswith(label)]
    assert len(buttons) == 1, [b.text for b in driver.find_elements(By.TAG_NAME, "button")]
    click_and_wait(driver, buttons[0])


def test_anonymous_requests_get_no_ticket_data(stack: Stack) -> None:
    base = stack.urls[0]
    with urllib.request.urlopen(base + "/") as page:  # redirected to the sign-in page
        html = page.read().decode()
        assert page.url.endswith("/login") and 'name="token"' in html
        assert page.headers["X-Frame-Options"] == "DENY"
    assert stack.ids["approve"] not in html
    for method, path in [
        ("GET", "/rows"),
        ("POST", f"/item/{stack.ids['approve']}/act"),
        ("POST", "/logout"),
    ]:
        request = urllib.request.Request(
            base + path, method=method, data=b"command=approve" if method == "POST" else None
        )
        request.add_header("HX-Request", "true")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request)
        assert info.value.code == 401
        assert "script-src 'self'" in info.value.headers["Content-Security-Policy"]
        assert stack.ids["approve"] not in info.value.read().decode()
    with chromium() as driver:
        driver.get(base + f"/item/{stack.ids['approve']}")
        assert driver.current_url.endswith("/login")
        from selenium.webdriver.common.by import By

        driver.find_element(By.NAME, "token").send_keys("not-a-reviewer-token")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert "Unknown token" in driver.find_element(By.ID, "login-error").text


def test_a_post_without_the_csrf_token_is_refused(stack: Stack, ann: Any) -> None:
    cookie = ann.get_cookie("tollgate_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    request = urllib.request.Request(
        stack.urls[0] + f"/item/{stack.ids['approve']}/act",
        method="POST",
        data=b"command=approve&csrf=forged",
        headers={"Cookie": f"tollgate_session={cookie['value']}"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request)
    assert info.value.code == 403


def test_sign_in_see_a_draft_approve_it_and_it_is_sent(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["approve"]
    open_item(ann, stack.urls[0], ticket)
    assert "refund" in ann.find_element(By.ID, "text").text
    assert ann.find_element(By.ID, "draft").text  # the draft the agent wrote
    press(ann, "Approve")
    assert ticket in ann.find_element(By.ID, "flash").text
    first = stack.find(  # sent, or back for review when the action's result changed the reply
        [stack.settings.topic_responses, stack.settings.topic_drafts],
        lambda t, p: (
            p["ticket_id"] == ticket
            and (p["outcome"] == "respond" or "review again" in p["reasoning"])
        ),
    )
    if first["outcome"] != "respond":  # the reviewer sees the new reply and approves it
        for _ in range(50):  # until this console has read the returned draft
            ann.get(stack.urls[0] + "/?queue=drafts")
            if ann.find_elements(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']"):
                break
            asyncio.run(asyncio.sleep(0.2))
        open_item(ann, stack.urls[0], ticket)
        assert "review again" in ann.find_element(By.ID, "reason").text
        press(ann, "Approve")
    sent = stack.find(
        [stack.settings.topic_responses],
        lambda _t, p: p["ticket_id"] == ticket and p["outcome"] == "respond",
    )
    assert sent["reviewed_by"] == "ann" and sent["action_result"]["success"]
    feedback = stack.feedback(ticket, "draft_approved")
    assert feedback["reason_code"] == "correct"
    from schemas import Feedback

    tokens = parse_reviewer_tokens(TOKENS)
    assert verify_feedback(Feedback.model_validate(feedback), tokens) is None


def test_an_edit_the_output_guard_refuses_shows_its_reasons(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["edit"]
    open_item(ann, stack.urls[0], ticket)
    box = ann.find_element(By.NAME, "edited_response")
    box.clear()
    box.send_keys(FORGED)
    press(ann, "Edit")
    problems = ann.find_element(By.ID, "problems").text
    assert "amount" in problems and "promise" in problems
    assert ann.find_element(By.NAME, "edited_response").get_attribute("value") == FORGED
    ann.get(stack.urls[0] + "/?queue=drafts")  # nothing was published: still waiting
    assert ann.find_elements(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']")


def test_a_rejected_draft_becomes_an_escalation(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["reject"]
    open_item(ann, stack.urls[0], ticket)
    press(ann, "Reject")
    escalated = stack.find(
        [stack.settings.escalation_topic(q) for q in stack.settings.escalation_queues],
        lambda _t, p: p["ticket_id"] == ticket,
    )
    assert "rejected by reviewer ann" in escalated["reason"]
    for _ in range(50):  # the console reads the escalation topic as it arrives
        ann.get(stack.urls[0] + "/?queue=escalations")
        rows = ann.find_elements(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']")
        if rows:
            break
        asyncio.run(asyncio.sleep(0.2))
    assert rows and rows[0].get_attribute("data-kind") == "escalation"


def test_an_escalation_is_judged_and_handed_back(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["esc"]
    ann.get(stack.urls[0] + "/?queue=escalations&equeue=legal")
    row = ann.find_element(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']")
    assert "left" in row.find_element(By.CLASS_NAME, "sla").text or "overdue" in row.text
    open_item(ann, stack.urls[0], ticket)
    assert "legal_language" in ann.page_source and "my parcel never came" in ann.page_source
    press(ann, "Hand back")
    assert stack.feedback(ticket, "handback")["reviewer"] == "ann"
    open_item(ann, stack.urls[0], ticket)  # hand-back does not judge: still in the queue
    press(ann, "Appropriate")
    judged = stack.feedback(ticket, "escalation_appropriate")
    assert judged["reviewer"] == "ann" and judged["reason_code"] == "needs_human"
    assert not ann.find_elements(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']")


def test_the_intent_of_a_flagged_answer_is_labelled(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ticket = stack.ids["flag"]
    open_item(ann, stack.urls[0], ticket)
    Select(ann.find_element(By.ID, "correct-intent")).select_by_value("delivery_problem")
    press(ann, "Label intent")  # a label answers a flagged answer: back to the queue
    assert ticket in ann.find_element(By.ID, "flash").text
    label = stack.feedback(ticket, "intent_label")
    assert label["correct_intent"] == "delivery_problem" and label["reviewer"] == "ann"
    open_item(ann, stack.urls[0], stack.ids["flag2"])
    press(ann, "Wrong answer")
    assert stack.feedback(stack.ids["flag2"], "response_wrong")["reason_code"] == "factual_fix"


def test_two_reviewers_on_two_consoles_never_work_the_same_item(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["claim"]
    open_item(ann, stack.urls[0], ticket)
    press(ann, "Claim")
    assert "Claimed by ann" in ann.find_element(By.ID, "claim").text
    with chromium() as bo:  # the other console process: the claim came through Kafka
        sign_in(bo, stack.urls[1], "bo-console-token-22")
        for _ in range(50):  # until this console's reader has taken ann's claim off Kafka
            open_item(bo, stack.urls[1], ticket)
            if bo.find_elements(By.ID, "claimed-elsewhere"):
                break
            asyncio.run(asyncio.sleep(0.2))
        assert "ann is working on this item" in bo.find_element(By.ID, "claimed-elsewhere").text
        assert not [b for b in bo.find_elements(By.TAG_NAME, "button") if b.text == "Approve"]
        row = bo.find_element(By.ID, "claim").text
        assert "Claimed by ann" in row
    press(ann, "Approve")
    assert stack.feedback(ticket, "draft_approved")["reviewer"] == "ann"


def test_customer_text_is_escaped(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By

    ticket = stack.ids["xss"]
    ann.get(stack.urls[0] + "/?queue=escalations")
    assert ann.find_elements(By.CSS_SELECTOR, f"tr[data-ticket-id='{ticket}']")
    open_item(ann, stack.urls[0], ticket)
    assert "<script>" in ann.find_element(By.ID, "text").text  # shown as text
    assert ann.execute_script("return window.pwned === undefined")
    scripts = ann.find_elements(By.TAG_NAME, "script")
    assert [s.get_attribute("src").rsplit("/", 1)[-1] for s in scripts] == ["htmx.min.js"]
    assert not ann.find_elements(By.CSS_SELECTOR, "#text img")


def test_the_metrics_page_shows_the_review_work(stack: Stack, ann: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    def judged_by_ann() -> int:
        rows = ann.find_elements(By.CSS_SELECTOR, "#throughput tr[data-reviewer='ann']")
        return int(rows[0].find_elements(By.TAG_NAME, "td")[1].text) if rows else 0

    for _ in range(60):  # the sink inserts feedback in batches: until all of ann's have landed
        ann.get(stack.urls[0] + "/metrics?since=1h")
        if judged_by_ann() >= 3:
            break
        asyncio.run(asyncio.sleep(0.5))
    assert judged_by_ann() >= 3
    assert ann.find_elements(By.CSS_SELECTOR, "svg[data-chart='line']")
    Select(ann.find_element(By.NAME, "since")).select_by_value("7d")
    click_and_wait(ann, ann.find_element(By.CSS_SELECTOR, ".filters button"))
    assert ann.current_url.endswith("since=7d")
    assert int(ann.find_element(By.CSS_SELECTOR, "td[data-metric='tickets']").text) >= 5
