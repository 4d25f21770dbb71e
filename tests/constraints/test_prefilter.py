"""The literal pre-filter skips only patterns that cannot match: results equal running every
pattern, in order, on every text (the reference loop below), including case-folding corners."""

from __future__ import annotations

import base64
import codecs
import json
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.constraints.test_chaos import OURS, SEED
from tests.constraints.test_triggers import NEGATIVE, POSITIVE
from tollgate.constraints import patterns
from tollgate.constraints.prefilter import GatedRegex, PhraseMatcher, required_literals
from tollgate.constraints.schema import ConstraintSchema
from tollgate.constraints.text import views
from tollgate.constraints.triggers import _NATURAL_INJECTION, _matcher
from tollgate.hygiene import clean
from tollgate.intent import entities

LABELLED = Path(__file__).parent / "data" / "labelled.jsonl"


def reference_search(
    regexes: Sequence[re.Pattern[str]], texts: Sequence[str]
) -> tuple[int, re.Match[str]] | None:
    for text in texts:
        for i, regex in enumerate(regexes):
            match = regex.search(text)
            if match:
                return i, match
    return None


def _variants(text: str) -> Iterator[str]:
    """The text and obfuscated copies of it (case, leet, spacing, homoglyphs, encodings)."""
    yield text
    yield text.upper()
    yield text.translate(str.maketrans("oieas", "01345"))
    yield " ".join(" ".join(w) if len(w) > 3 else w for w in text.split())
    yield text.translate(str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с"}))
    yield text.replace("k", "\u212a").replace("s", "\u017f").replace("i", "\u0130")
    yield codecs.decode(text, "rot13")
    yield text[::-1]
    yield base64.b64encode(text.encode(errors="surrogatepass")).decode()


def corpus() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows] + SEED + [t for t in OURS if len(t) < 2000] + NEGATIVE
    texts += [t for ts in POSITIVE.values() for t in ts]
    rng = random.Random(8)
    return [
        v for i, t in enumerate(texts) for v in _variants(t) if i % 4 == 0 or rng.random() < 0.1
    ]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return corpus()


def test_the_shop_matcher_finds_what_every_pattern_finds(
    shop: ConstraintSchema, texts: list[str]
) -> None:
    matcher = _matcher(shop)
    compared = fired = 0
    for text in texts:
        text_views = views(clean(text).text)
        for group, regexes in matcher.groups.items():
            if group.startswith("natural@"):
                continue  # scrambled-copy groups: see the next test
            expected = reference_search(regexes, text_views)
            got = matcher.search(group, text_views)
            assert (got and (got[0], got[1].span(), got[1].string)) == (
                expected and (expected[0], expected[1].span(), expected[1].string)
            ), (group, text[:80])
            compared += 1
            fired += expected is not None
    assert compared > 10_000 and fired > 300  # the corpus exercises the patterns


def test_scrambled_copies_are_prefiltered_through_the_text_itself(
    shop: ConstraintSchema, texts: list[str]
) -> None:
    matcher = _matcher(shop)
    natural = _NATURAL_INJECTION
    fired = 0
    for text in texts:
        base = views(clean(text).text)[0]
        for kind, copy in (("rot13", codecs.encode(base, "rot13")), ("reversed", base[::-1])):
            if kind == "rot13" and not base.isascii():
                continue  # the detector scans the copy itself then
            expected = reference_search(natural, [copy])
            got = matcher.search_via(f"natural@{kind}", copy, base)
            assert (got and (got[0], got[1].span())) == (
                expected and (expected[0], expected[1].span())
            ), (kind, text[:80])
            fired += expected is not None
    assert fired > 10


def test_every_match_contains_a_literal_of_each_clause(texts: list[str]) -> None:
    regexes = [
        re.compile(p, re.IGNORECASE)
        for p in (*patterns.LEGAL, *patterns.THREAT, *patterns.PRICING, *patterns.INJECTION)
    ]
    regexes += [re.compile(p, re.IGNORECASE) for p in patterns.FILTERED]
    needs = [required_literals(r.pattern, r.flags) for r in regexes]
    assert sum(n is not None for n in needs) >= len(regexes) - 2  # nearly all are filtered
    # "present" as re sees it: a literal of the clause occurs, ignoring case
    clauses = [
        [re.compile("|".join(map(re.escape, c)), re.IGNORECASE) for c in need or ()]
        for need in needs
    ]
    matched = 0
    for text in texts:
        for regex, need in zip(regexes, clauses, strict=True):
            if need and regex.search(text):
                matched += 1
                assert all(clause.search(text) for clause in need), (regex.pattern, text)
    assert matched > 200


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bsued\b", {frozenset({"sued"})}),
        (r"\blawyers?\b", {frozenset({"lawyer"})}),
        (r"\b(?:foo|bar)\s+baz\b", {frozenset({"foo", "bar"}), frozenset({"baz"})}),
        (r"x{4,}", {frozenset({"xxxx"})}),
        (r"[\"']role[\"']", {frozenset({"'role'", "'role\"", "\"role'", '"role"'})}),
    ],
)
def test_required_literals(pattern: str, expected: set[frozenset[str]]) -> None:
    need = required_literals(pattern, re.IGNORECASE)
    assert need is not None and set(need) == expected


@pytest.mark.parametrize("pattern", [r".*", r"\w+", r"a?", r"(?:abc|\d+)", r"(?:abc)?\w"])
def test_no_literals_when_none_is_required(pattern: str) -> None:
    assert required_literals(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bkill\b", "I will \u212aill you"),  # Kelvin sign matches k ignoring case
        (r"\bsue\b", "I will \u017fue"),  # long s matches s
        (r"\bignore\b", "\u0130GNORE that"),  # dotted capital I matches i
        (r"(?-i:DAN)", "you are DAN now"),
        (r"€\s?\d+", "refund €120"),
        (r"[█-▏]{2,}", "Phone: ███ ███"),
    ],
)
def test_case_folding_and_unicode_follow_re(pattern: str, text: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    assert regex.search(text)
    matcher = PhraseMatcher({"g": [re.compile(r"\bunrelated\b", re.I), regex]})
    found = matcher.search("g", [text])
    assert found is not None and found[0] == 1


def test_candidates_skip_patterns_whose_literals_are_absent() -> None:
    regexes = [re.compile(r"\blawyer\b", re.I), re.compile(r"\bbomb\b", re.I)]
    matcher = PhraseMatcher({"g": regexes})
    assert matcher.candidates("g", "where is my order?") == ()
    assert matcher.candidates("g", "my LAWYER says") == (0,)
    assert matcher.search("g", ["a lawyerly bomb", "lawyer"]) is not None


def test_gated_regexes_find_what_the_regex_finds(texts: list[str]) -> None:
    gated = [
        *entities._PRODUCT_PATTERNS,
        entities._CODE_KEYED,
        entities._CODE_APPLY,
        entities._CODE_CONTEXT,
        entities._ADDRESS_EXPLICIT,
        entities._ADDRESS_TO,
        GatedRegex(re.compile(r"\bkill\b", re.IGNORECASE)),
    ]
    skipped = 0
    for text in [*texts, *(clean(t).text for t in texts[:500])]:
        for gate in gated:
            spans = [m.span() for m in gate.regex.finditer(text)]
            assert [m.span() for m in gate.finditer(text)] == spans, (gate.pattern, text)
            found = gate.search(text)
            assert (found and found.span()) == (spans[0] if spans else None)
            skipped += not gate.may_match(text)
    assert skipped > len(texts)  # the gates do skip texts


def test_a_gate_lets_through_what_re_calls_the_same_letter() -> None:
    gate = GatedRegex(re.compile(r"\bsue\b", re.IGNORECASE))
    assert gate.may_match("I will SUE") and not gate.may_match("I will complain")
    assert gate.search("I will \u017fue") is not None  # not ASCII: always searched
