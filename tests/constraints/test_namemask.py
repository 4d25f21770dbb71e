"""The name-masked view the trigger model reads: unknown capitalised names become one
placeholder; known words and shouted text stay (the model's use of it:
``tests/constraints/test_model.py``)."""

from __future__ import annotations

import pytest

from tollgate.constraints.namemask import PLACEHOLDER, mask_names, pack_vocabulary

VOCABULARY = pack_vocabulary(
    ["has the wellies in a size four, can get me it, i ordered from them"],
    known=["I", "Monday", "Royal Mail", "Tollgate"],
)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Joules has the wellies", "Joules has the wellies"),  # opens the sentence: kept
        (
            "i ordered from them. Joules Ltd has the wellies",
            f"i ordered from them. {PLACEHOLDER} has the wellies",
        ),
        ("i ordered from Joules", f"i ordered from {PLACEHOLDER}"),
        ("I ordered from Oliver Bonas", f"I ordered from {PLACEHOLDER}"),
        ("Mamas & Papas can get me it", f"{PLACEHOLDER} can get me it"),
        ("Card Factory's wellies", f"{PLACEHOLDER}'s wellies"),
        ("Monday Royal Mail has the wellies", "Monday Royal Mail has the wellies"),
        ("Tollgate has the wellies", "Tollgate has the wellies"),
        ("i ordered from them", "i ordered from them"),
        ("JOULES HAS THE WELLIES IN A SIZE FOUR", "JOULES HAS THE WELLIES IN A SIZE FOUR"),
    ],
)
def test_unknown_names_are_masked_known_words_kept(text: str, masked: str) -> None:
    assert mask_names(text, VOCABULARY) == masked


def test_words_written_in_lower_case_are_never_masked() -> None:
    vocabulary = pack_vocabulary(["the wellies"])
    assert mask_names("Wellies", vocabulary) == "Wellies"
    assert mask_names("Wellies", frozenset()) == "Wellies"  # no vocabulary: nothing masked
