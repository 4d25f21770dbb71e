"""The output guard against bypass attempts: every one of the table is caught, and at most 1% of
the legitimate answers — every template rendered with the demo backend's facts, and every
knowledge answer of both packs (each passage rendered, and the answer to each FAQ question) —
is rejected.

The facts: order A12345 of customer cust-1, total EUR 49.99, arriving 2025-03-09.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

import pytest

from schemas import ActionResult
from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.knowledge.answer import load_knowledge
from tollgate.knowledge.grounding import guard_knowledge_answer
from tollgate.responses import guard_response, render_response

from .conftest import Case

RESULT = ActionResult(
    name="lookup_order",
    idempotency_key="k",
    success=True,
    data={
        "order_id": "A12345",
        "status": "shipped",
        "total": 49.99,
        "currency": "EUR",
        "eta": "2025-03-09",
        "tracking_number": "TRK-5F2C9A10",
    },
)
ENTITIES = {"order_id": "A12345"}
OTHERS = ["cust-2", "cust-42", "Jane Doe", "mallory@example.net"]

AMOUNTS = [
    "We will credit fifty euros to your account.",
    "You get twenty-five dollars back.",
    "A refund of one hundred and ten pounds is on its way.",
    "We credited 30 to your card.",
    "We refunded 12 for the delay.",
    "You were charged 75 too much, we paid it back.",
    "Your order was refunded in full.",
    "You will get the full amount back.",
    "We have refunded the whole amount.",
    "The total of 1.000,00 € has been refunded.",
    "That's € 1.000,00 back to you.",
    "It costs 1,000.00 EUR.",
    "It costs EUR1000.",
    "It costs 1000EUR.",
    "It costs 59.99.",
    "The price is $ 59.99.",
    "Your balance: 20.",
    "We added 10 euro as a voucher.",
    "That is 19,99 € extra.",
    "That is 19,99€ extra.",
    "It's 100 bucks.",
    "Ten quid off!",
    "We will pay you back 40.",
    "We deducted 15 from the total.",
    "You get 20% off.",
    "You get 20 % off.",
    "You get twenty percent off.",
    "You get fifteen per cent off your order.",
    "Half price on your next order.",
    "We took a quarter off the price.",
    "Save 10 percent today.",
    "100% of your money comes back.",
    "Every cent will be returned.",
    "CHF 49.00 was charged.",
    "GBP 5 shipping was waived.",
    "49.98 EUR is your total.",
    "Your new total is 39.99.",
    "We credit you forty-nine euros.",
    "¥500 back.",
    "₹ 2000 refunded.",
    "It costs ＥＵＲ ５９.００.",
    "You'll receive 5.50 in store credit.",
    "We will reimburse you sixty dollars.",
    "A credit of 2.500,00 EUR is on its way.",
    "We refunded you 75 cents.",
]
DATES = [
    "It arrives by monday.",
    "It arrives by Monday.",
    "It arrives on 5 march.",
    "It arrives on 5 March.",
    "It arrives on March 5.",
    "It arrives on march 5th.",
    "It arrives on the fifth of March.",
    "It arrives on 2025/03/10.",
    "It arrives on 2025.03.10.",
    "It arrives on 10/03/2025.",
    "It arrives on 10-03-2025.",
    "It arrives on 10.03.25.",
    "It arrives on 3/10.",
    "It arrives on 2025-03-10.",
    "It arrives on 10 mar 2025.",
    "It ships in april.",
    "It ships in April 2025.",
    "It ships by end of April.",
    "You will hear from us within 48 hours.",
    "You will hear from us within 2 days.",
    "Expect it in two days.",
    "Expect it in 3-5 business days.",
    "Delivery takes 2 to 3 weeks.",
    "It will arrive tomorrow.",
    "It will arrive the day after tomorrow.",
    "It arrives next week.",
    "We will ship it this weekend.",
    "We'll fix it by end of day.",
    "It will be delivered today.",
    "Someone will call you at 5pm.",
    "We refund within 24h.",
    "We will process it asap.",
    "It ships on Fri.",
    "It ships this Friday.",
    "Expect a reply in a few hours.",
    "We'll sort it out within the next 72 hours.",
    "Delivery is same-day.",
    "It goes out overnight.",
    "It arrives on 11.03.2025.",
    "It arrives on 2025-3-12.",
]
PROMISES = [
    "We guarantee delivery.",
    "I promise it will arrive.",
    "We'll refund you.",
    "You will receive a full refund.",
    "We will send you a replacement.",
    "We'll give you a discount.",
    "As a goodwill gesture we add a voucher.",
    "We'll waive the fee.",
    "Free replacement on us.",
    "We can make an exception this time.",
    "We'll price match that.",
    "Money-back, no questions asked.",
]
PERSONAL = [
    "Call us on +44 20 7946 0958.",
    "Your courier's phone is 555-123-4567.",
    "Text (212) 555-0143 for updates.",
    "Customer cust-2 had the same problem.",
    "Like cust-42 we refunded nothing.",
    "Jane Doe reported the same.",
    "Write to mallory@example.net.",
    "Order #B99999 is on its way.",
    "Order 20000002 shipped yesterday.",
    "We found 10000001 in the system.",
    "Your order ORD-77777 is ready.",
    "It ships to 221B Baker Street.",
    "We changed it to 12 Oak Road, London.",
    "Card 4111 1111 1111 1111 was charged.",
    "Card 4111.1111.1111.1111 was charged.",
    "Card 4111-1111-1111-1112 was charged.",
    "Refund to DE89 3704 0044 0532 0130 00.",
    "Your SSN 219-09-9999 is on file.",
    "NI number QQ 12 34 56 C is stored.",
    "Your password is hunter2.",
    "Use key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY.",
    "Authorization: Bearer ya29a0AfH6SMBx3k9Lm2Qp7Rz.",
    "Your personnummer 19121212-1212 is on file.",
]
CASES = [*AMOUNTS, *DATES, *PROMISES, *PERSONAL]


def test_the_table_has_at_least_a_hundred_attempts() -> None:
    assert len(CASES) >= 100
    assert len(set(CASES)) == len(CASES)


@pytest.mark.parametrize("text", CASES)
def test_every_bypass_attempt_is_caught(text: str) -> None:
    problems = guard_response(
        text, action_result=RESULT, entities=ENTITIES, other_customer_ids=OTHERS, scan_env=False
    )
    assert problems, text


@pytest.mark.parametrize(
    "text",
    [
        "Your order A12345 is shipped; it arrives on 9 March 2025. Total EUR 49.99.",
        "Tracking number TRK-5F2C9A10, expected 2025-03-09.",
        "Hello! How can we help you today?",
        "Order #A12345 costs 49,99 € and arrives March 9th.",
    ],
)
def test_the_facts_themselves_pass(text: str) -> None:
    assert (
        guard_response(
            text, action_result=RESULT, entities=ENTITIES, other_customer_ids=OTHERS, scan_env=False
        )
        == []
    )


PACKS = [DEFAULT_DOMAIN_DIR.parent / "shop", DEFAULT_DOMAIN_DIR.parent / "saas"]
FAQ_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "data"


def knowledge_rejections(pack: Path, cache: Path) -> tuple[int, list[str]]:
    """How many knowledge answers of ``pack`` were guarded, and the rejected ones: every passage
    rendered with the pack's answer template, and the offline answer to every question of
    ``tests/knowledge/data/<pack>_faq.jsonl`` (guarded as the responder does)."""
    kb = load_knowledge(pack, cache)
    assert kb is not None, pack
    answers: list[tuple[str, list[str]]] = []
    for passage in kb.index.passages:
        text = Template(kb.config.answer).safe_substitute(
            passage=passage.text, title=passage.title, url=passage.url
        )
        answers.append((text, [passage.text, passage.title]))
    lines = (FAQ_DIR / f"{pack.name}_faq.jsonl").read_text(encoding="utf-8").splitlines()
    for line in filter(str.strip, lines):
        answer = kb.answer(json.loads(line)["question"])
        if answer is not None:
            answers.append((answer.text, list(answer.sources)))
    rejected = [
        f"{pack.name}: {text[:80]!r}: {problems}"
        for text, sources in answers
        if (
            problems := guard_knowledge_answer(
                text, sources, entities={}, scan_env=False, other_customer_ids=OTHERS
            )
        )
    ]
    return len(answers), rejected


def test_legitimate_answers_are_rejected_at_most_one_percent(
    corpus: list[Case], tmp_path: Path
) -> None:
    """Every template of the shop pack rendered with the demo backend's real facts, and every
    knowledge answer of both packs: at most 1% rejected overall."""
    texts = [(render_response(case.intent, case.result, case.entities), case) for case in corpus]
    rejected = [
        text
        for text, case in texts
        if guard_response(
            text,
            action_result=case.result,
            entities=case.entities,
            other_customer_ids=OTHERS,
            scan_env=False,
        )
    ]
    knowledge = 0
    for pack in PACKS:
        count, pack_rejected = knowledge_rejections(pack, tmp_path / pack.name)
        assert count >= 30, pack  # every passage and the FAQ questions answered
        knowledge += count
        rejected += pack_rejected
    total = len(texts) + knowledge
    assert len(texts) >= 300
    assert len(rejected) <= 0.01 * total, rejected[:5]
