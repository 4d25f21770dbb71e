"""Domain catalogue and example files: the shop domain, formats, errors naming file and line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tollgate.config import DEFAULT_DOMAIN_DIR
from tollgate.intent.domain import (
    DomainError,
    Example,
    content_hash,
    load_domain,
    load_examples,
)

SHOP_INTENTS = {
    "check_order_status",
    "process_return",
    "update_shipping_address",
    "apply_discount_code",
    "request_refund",
    "cancel_order",
    "billing_question",
    "account_access",
    "delivery_problem",
    "complaint",
    "greeting",
    "thanks",
    "product_availability",
    "payment_issue",
    "shipping_options",
    "speak_to_human",
    "update_account_details",
    "unsubscribe_marketing",
}
OOS_FILE = Path(__file__).parent / "data" / "oos_shop.jsonl"


def test_shop_domain_has_the_fixed_intents_and_enough_varied_examples() -> None:
    domain = load_domain(DEFAULT_DOMAIN_DIR)
    assert domain.name == "shop"
    assert set(domain.intents) == SHOP_INTENTS
    counts = Counter(e.intent for e in domain.examples)
    assert set(counts) == SHOP_INTENTS
    assert min(counts.values()) >= 30
    texts = [e.text.lower() for e in domain.examples]
    assert len(set(texts)) == len(texts), "duplicate examples"
    lengths = [len(t.split()) for t in texts]
    assert min(lengths) <= 2 and max(lengths) >= 15
    assert any("#a" in t for t in texts) and any("order 888" in t for t in texts)


def test_oos_test_file_is_out_of_domain_only() -> None:
    examples = load_examples(OOS_FILE)
    assert len(examples) >= 50
    assert {e.intent for e in examples} == {"oos"}
    shop_texts = {e.text.lower() for e in load_domain(DEFAULT_DOMAIN_DIR).examples}
    assert not shop_texts & {e.text.lower() for e in examples}


def _domain_dir(tmp_path: Path, examples: str, name: str = "examples.jsonl") -> Path:
    (tmp_path / "intents.yaml").write_text(
        "domain: tiny\ndescription: A test.\nintents:\n  greeting: Hello.\n  thanks: Thanks.\n",
        encoding="utf-8",
    )
    (tmp_path / name).write_text(examples, encoding="utf-8")
    return tmp_path


def test_load_domain_reads_jsonl(tmp_path: Path) -> None:
    path = _domain_dir(
        tmp_path,
        '{"text": "hi", "intent": "greeting"}\n\n{"text": "  thank\\n you ", "intent": "thanks"}\n',
    )
    domain = load_domain(path)
    assert domain.name == "tiny" and domain.description == "A test."
    assert domain.intents == {"greeting": "Hello.", "thanks": "Thanks."}
    assert domain.examples == [Example("hi", "greeting"), Example("thank you", "thanks")]


def test_load_domain_reads_tsv(tmp_path: Path) -> None:
    path = _domain_dir(
        tmp_path, 'text\tlabel\nhi\tgreeting\n"many\nthanks"\tthanks\n', "examples.tsv"
    )
    assert load_domain(path).examples == [
        Example("hi", "greeting"),
        Example("many thanks", "thanks"),
    ]


def test_examples_with_unknown_intents_are_rejected(tmp_path: Path) -> None:
    path = _domain_dir(
        tmp_path, '{"text": "hi", "intent": "greeting"}\n{"text": "x", "intent": "nope"}\n'
    )
    with pytest.raises(DomainError, match=r"examples\.jsonl: intents not in intents\.yaml: nope"):
        load_domain(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "hi", "intent": "greeting"}\n{"text": "hi"\n', r"bad\.jsonl:2: invalid JSON"),
        ('{"text": "hi", "intent": "greeting"}\n["hi"]\n', r"bad\.jsonl:2: expected an object"),
        ('\n\n{"text": "", "intent": "greeting"}\n', r"bad\.jsonl:3: 'text' must be"),
        ('{"text": "hi", "intent": 3}\n', r"bad\.jsonl:1: 'intent' must be"),
        ("\n", r"bad\.jsonl: no examples"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DomainError, match=message):
        load_examples(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sentence\tintent\nhi\tgreeting\n", r"bad\.tsv:1: expected the header"),
        ("text\tlabel\nhi\tgreeting\nhello\n", r"bad\.tsv:3: expected 2 tab-separated fields"),
        ("text\tlabel\nhi\tgreeting\n \tthanks\n", r"bad\.tsv:3: 'text' must be"),
    ],
)
def test_tsv_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DomainError, match=message):
        load_examples(path)


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match=r"intents\.yaml: not found"):
        load_domain(tmp_path)
    (tmp_path / "intents.yaml").write_text("intents: {greeting: Hi}\n", encoding="utf-8")
    with pytest.raises(DomainError, match=r"no examples\.jsonl or examples\.tsv"):
        load_domain(tmp_path)
    (tmp_path / "intents.yaml").write_text("intents: []\n", encoding="utf-8")
    with pytest.raises(DomainError, match=r"intents\.yaml: needs a non-empty 'intents' mapping"):
        load_domain(tmp_path)


def test_content_hash_is_stable_and_sensitive() -> None:
    examples = [Example("hi", "greeting"), Example("thanks", "thanks")]
    assert content_hash(examples) == content_hash(list(examples))
    assert content_hash(examples) != content_hash([Example("hi!", "greeting"), examples[1]])
    assert content_hash(examples) != content_hash([Example("hi", "thanks"), examples[1]])
    assert content_hash(examples) != content_hash(examples[::-1])
    # field boundaries matter: ("a b", "c") is not ("a", "b c")
    assert content_hash([Example("a b", "c")]) != content_hash([Example("a", "b c")])
