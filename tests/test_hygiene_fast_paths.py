"""Hygiene skips work that cannot change the text (no secret literal, too few digits for a card
or phone, no repeated unit or word, plain single spaces...). The result must be exactly the
one of the plain pipeline below, on ordinary, noisy and PII-laden text."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import pytest

from tollgate import hygiene
from tollgate.hygiene import CleanText, clean
from tollgate.textsafety import credentials
from tollgate.textsafety import redaction as red
from tollgate.textsafety.confusables import fold_mixed_words

LABELLED = Path(__file__).parent / "constraints" / "data" / "labelled.jsonl"


def ref_strip_invisible(text: str) -> tuple[str, int]:
    text = text.replace("\r\n", "\n").translate(hygiene._NEWLINES)
    if text.isascii():
        kept = [c for c in text if " " <= c < "\x7f" or c in "\n\t"]
        removed = len(text) - len(kept)
        return ("".join(kept), removed) if removed else (text, 0)
    return hygiene._strip_invisible(text)  # the non-ASCII branch is unchanged


def ref_collapse_floods(text: str) -> str:
    text = hygiene._UNIT_FLOOD.sub(hygiene._collapse_unit, text)
    keep = hygiene.FLOOD_KEEP
    return hygiene._TOKEN_FLOOD.sub(lambda m: " ".join([m.group(1)] * keep), text)


def ref_fold_whitespace(text: str) -> str:
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def ref_redact(text: str) -> tuple[str, list[str]]:
    """The redactor without its gates (digit counts, hints): every pattern on every text."""
    kinds: list[str] = []
    for rule in credentials.CREDENTIAL_RULES:
        text = rule.pattern.sub(lambda m, g=rule.group: _hide(m, g, kinds), text)
    text = red._sub(red._EMAIL, text, "email", kinds)
    text = red._IBAN.sub(lambda m: red._sub_iban(m, kinds), text)
    text = red._CARD_GROUPED.sub(lambda m: red._sub_grouped_card(m, kinds), text)
    text = red._CARD_PLAIN.sub(lambda m: red._sub_plain_card(m, kinds), text)
    text = red._sub(red._SSN, text, "govid", kinds)
    text = red._sub(red._NINO, text, "govid", kinds)
    text = red._sub(red._GOVID_KEYED, text, "govid", kinds, "v")
    text = red._ACCOUNT_KEYED.sub(lambda m: red._sub_account(m, kinds), text)
    text = red._PHONE.sub(lambda m: red._sub_phone(m, kinds), text)
    text = red._ADDRESS.sub(lambda m: red._sub_address(m, kinds), text)
    text = red._sub(red._UK_POSTCODE, text, "address", kinds)
    return text, [kind for kind in red.PII_KINDS if kind in kinds]


def _hide(match: re.Match[str], group: int, kinds: list[str]) -> str:
    kinds.append("secret")
    if group == 0:
        return "<PII:SECRET>"
    offset = match.start()
    start, end = match.span(group)
    return match.group(0)[: start - offset] + "<PII:SECRET>" + match.group(0)[end - offset :]


def ref_clean(text: str, max_chars: int = 4000) -> CleanText:
    original = len(text)
    raw_limit = max_chars * 4
    truncated = original > raw_limit
    work = text[:raw_limit] if truncated else text
    work = unicodedata.normalize("NFKC", work)
    work, removed = ref_strip_invisible(work)
    work = fold_mixed_words(work)
    work = ref_collapse_floods(work)
    work = ref_fold_whitespace(work)
    redacted, kinds = ref_redact(work)
    view = ""
    if "address" in kinds:
        view = hygiene._cap(red.redact(work, keep_addresses=True)[0], max_chars)[0]
    redacted, capped = hygiene._cap(redacted, max_chars)
    return CleanText(redacted, kinds, truncated or capped, original, removed, view)


def _luhn_card(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(15)]
    total = sum(d if i % 2 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _noisy_texts(count: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    pieces = [
        "order #A12345",
        "refund 49.99",
        "call +44 20 7946 0958",
        "(555) 123-4567",
        "555.123.4567",
        "020 7946 0958",
        "5551234567",
        "order 88812345678",
        "IBAN DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432",
        "a.b+c@example.co.uk",
        "sk-abcdefghijklmnopqrstu",
        "ghp_" + "a" * 36,
        "eyJhbGciOiJI.eyJzdWIiOiIx.SflKxwRJSMeKK",
        "sooooo",
        "hahahahaha",
        "!!!!!!",
        "no no no no no",
        "lol  lol\tlol",
        "x\r\ny",
        "\n\n\n\nbye",
        "  spaced   out  ",
        "\x07bell",
        "tab\there",
        "€12",
        "Ünïcödé",
        "🔥🔥🔥🔥",
        "abcabcabcabc",
        "1111 2222",
        "please",
        "my",
        "card",
        "help",
        "the",
        "2024-01-05",
    ]
    out = []
    for _ in range(count):
        parts = rng.choices(pieces, k=rng.randint(1, 8))
        if rng.random() < 0.2:
            parts.append(_luhn_card(rng))
        if rng.random() < 0.1:
            parts.append(" ".join([_luhn_card(rng)[:4]] * 4))
        out.append(rng.choice([" ", "  ", "\n", ", "]).join(parts))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return [row["text"] for row in rows] + _noisy_texts(2000)


def test_the_corpus_redacts_every_kind_and_collapses_floods(corpus: list[str]) -> None:
    kinds = {kind for text in corpus for kind in ref_clean(text).redactions}
    assert kinds >= {"secret", "email", "iban", "card", "phone"}
    assert sum(ref_collapse_floods(t) != t for t in corpus) > 100


def test_clean_equals_the_plain_pipeline(corpus: list[str]) -> None:
    for text in corpus:
        assert clean(text) == ref_clean(text), text[:80]
        assert clean(text, max_chars=64) == ref_clean(text, max_chars=64), text[:80]
