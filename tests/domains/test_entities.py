"""Parameters found in text as the pack's entities.yaml declares them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tollgate.config import PACKAGE_DIR
from tollgate.domains.check import check_pack
from tollgate.intent.entities import extract_entities
from tollgate.intent.pack_entities import (
    EntitiesError,
    EntityRule,
    PackEntities,
    entity_extractor,
    load_entity_rules,
)

GYM = """entities:
  member_id: {find: pattern, pattern: 'M-\\d{5}', upper: true}
  weeks: {find: number, near: [week, weeks]}
  start: {find: date}
  class_name: {find: choice, values: [Yoga, Spinning, Boxing]}
  reason: {find: free_text, after: ["because"]}
  amount: {find: money}
"""


def test_each_kind_finds_its_value_and_only_when_clear(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(GYM)
    extract = entity_extractor(tmp_path)
    found = extract(
        "Please freeze membership m-12345 for 3 weeks from 2026-01-05 because I broke my leg. "
        "I paid 40 EUR for spinning."
    )
    assert found == {
        "member_id": "M-12345",
        "weeks": "3",
        "start": "2026-01-05",
        "class_name": "Spinning",
        "reason": "I broke my leg",
        "amount": "40",
    }
    assert extract("Hello there, 3 of us love the gym") == {}
    assert extract("from 12 March 2027")["start"] == "2027-03-12"


def test_a_pack_without_entities_yaml_uses_the_builtin_extractor(tmp_path: Path) -> None:
    assert entity_extractor(tmp_path) is extract_entities


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("entities:\n  x: {find: number}\n", "entities.x: .*needs 'near'"),
        ("entities:\n  x: {find: telepathy}\n", "entities.x.find"),
        ("entities:\n  x: {find: pattern, pattern: '('}\n", "invalid regular expression"),
    ],
)
def test_malformed_rules_name_file_and_field(tmp_path: Path, body: str, problem: str) -> None:
    (tmp_path / "entities.yaml").write_text(body)
    with pytest.raises(EntitiesError, match=problem):
        load_entity_rules(tmp_path)


def test_examples_are_checked() -> None:
    rule = EntityRule.model_validate(
        {"find": "number", "near": ["seats"], "examples": [{"text": "add 5 seats", "value": "6"}]}
    )
    assert PackEntities({"seats": rule}).example_problems() == [
        "entities.seats.examples[0]: found '5', expected '6'"
    ]


def test_domain_check_names_a_required_detail_nobody_can_find(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "saas"
    shutil.copytree(PACKAGE_DIR / "domains" / "saas", pack)
    text = (pack / "entities.yaml").read_text()
    (pack / "entities.yaml").write_text(text.split("  seats:")[0])
    problems = "\n".join(check_pack(pack).problems)
    assert "intent_actions.change_seats.requires: 'seats' is not declared" in problems
