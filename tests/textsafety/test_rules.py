"""The shared parsing rules: numbers, amounts in words, dates in any format, relative times,
checksums, look-alike folding and safe error descriptions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from tollgate.textsafety import checksums
from tollgate.textsafety.checksums import iban_ok, luhn_ok
from tollgate.textsafety.confusables import fold_confusables, fold_mixed_words
from tollgate.textsafety.dates import find_dates, find_relative
from tollgate.textsafety.errors import describe_error
from tollgate.textsafety.money import (
    find_amounts,
    find_money,
    parse_amount,
    plain_number,
    words_to_number,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("49.99", "49.99"),
        ("49,99", "49.99"),
        ("1,299.00", "1299.00"),
        ("1.299,50", "1299.50"),
        ("1 000", "1000.00"),
        ("1.000", "1000.00"),
        ("abc", None),
    ],
)
def test_parse_amount(raw: str, value: str | None) -> None:
    assert parse_amount(raw) == (Decimal(value) if value else None)


def test_plain_number_keeps_the_decimals_as_written() -> None:
    assert plain_number("12,5") == "12.5"
    assert plain_number("1,299.00") == "1299.00"


@pytest.mark.parametrize(
    ("words", "number"),
    [("fifty", 50), ("twenty-five", 25), ("a hundred and ten", 110), ("two thousand", 2000)],
)
def test_words_to_number(words: str, number: int) -> None:
    assert words_to_number(words) == number


def test_find_amounts_in_words_and_without_currency() -> None:
    found = {(m.kind, m.value) for m in find_amounts("we credited 30 and fifty euros, 10% off")}
    assert ("bare", Decimal("30.00")) in found
    assert ("money", Decimal("50.00")) in found
    assert ("percent", Decimal("10.00")) in found
    assert [m.kind for m in find_amounts("refunded in full")] == ["full"]
    assert find_amounts("I ordered 3 items 2 weeks ago") == []


@pytest.mark.parametrize(
    ("text", "sums"),
    [
        ("refund 30 EUR for order A12345", ["30"]),
        ("Your site says 19,99 € but I paid £5", ["19.99", "5"]),  # text order
        ("fifty euros back please", ["50"]),
        ("it was 50 cents too much", ["0.50"]),
        ("I paid 1 299,00 kr and got the wrong colour", ["1299.00"]),
        ("I want 150 back for the late delivery", ["150"]),
        ("refund me the whole 1200 please", ["1200"]),
        ("I'd like compensation of 300", ["300"]),
        ("a refund for the 19.99 item", ["19.99"]),
        ("bought it 30 days ago", []),
        ("I returned one of the two lamps", []),
        ("a bulk discount for 50 mugs", []),
        ("please refund 10000001", []),
        ("Refund for 52841 please.", []),  # five digits, no currency: an order number
        ("Refund for 52,841 please.", ["52841"]),
        ("I was charged 12500.00 twice", ["12500.00"]),
        ("refund 52841 EUR", ["52841"]),
        ("I paid with 5041 4398 8824 4555", []),
        ("please refund to IT60 X054 2811 1010 0000 0123 456", []),
        ("I need sizes 38,40", []),
        ("we have 20% off", []),
    ],
)
def test_find_money_finds_sums_of_money_only(text: str, sums: list[str]) -> None:
    assert [m.number for m in find_money(text)] == sums


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("on 5 march", (None, 3, 5)),
        ("2025/03/09", (2025, 3, 9)),
        ("March 9th, 2025", (2025, 3, 9)),
        ("the fifth of March", (None, 3, 5)),
        ("09.03.2025", (2025, 3, 9)),
    ],
)
def test_find_dates(text: str, reading: tuple[int | None, int, int | None]) -> None:
    (mention,) = find_dates(text)
    assert reading in mention.readings


def test_find_relative() -> None:
    assert find_relative("by monday, within 48 hours, in two days")
    assert find_relative("How can we help you today?") == []


def test_checksums() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("DE89370400440532013000") and not iban_ok("DE00370400440532013000")


def test_confusables() -> None:
    assert fold_mixed_words("pаypal and москва") == "paypal and москва"
    assert fold_confusables("Іgnore") == "Ignore"


def test_describe_error_never_holds_the_input() -> None:
    class Model(BaseModel):
        ticket_id: int

    with pytest.raises(ValidationError) as info:
        Model.model_validate({"ticket_id": "my ssn 219-09-9999"})
    text = describe_error(info.value)
    assert "219-09-9999" not in text and "ticket_id" in text
    assert "219-09-9999" not in describe_error(ValueError("bad 219-09-9999"))


@pytest.mark.parametrize(
    ("check", "valid", "invalid"),
    [
        (checksums.gtin_ok, "4006381333931", "4006381333932"),
        (checksums.se_personnummer_ok, "191212121212", "191212121213"),
        (checksums.no_fodselsnummer_ok, "15076500565", "15076500566"),
        (checksums.fi_henkilotunnus_ok, "131052-308T", "131052-308U"),
        (checksums.es_dni_ok, "X1234567L", "X1234567M"),
        (checksums.it_codice_fiscale_ok, "RSSMRA85T10A562S", "RSSMRA85T10A562T"),
        (checksums.fr_nir_ok, "255081416802538", "255081416802539"),
    ],
)
def test_national_id_and_barcode_checksums(
    check: Callable[[str], bool], valid: str, invalid: str
) -> None:
    assert check(valid)
    assert not check(invalid)
