"""The accuracy floor ``tollgate train`` holds a domain pack to, and what to do below it.

A pack whose local model is right on fewer than :data:`ACCURACY_FLOOR` of its held-out examples
is not ready: ``tollgate train`` exits non-zero and names the intents that need examples. An
intent needs more examples when it has fewer than :data:`MIN_EXAMPLES`, or when its own
held-out accuracy is below the floor; it is asked for enough to reach :data:`TARGET_EXAMPLES`
(at least :data:`MIN_MORE` more).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tollgate.intent.domain import Example

ACCURACY_FLOOR = 0.8
"""Lowest overall validation accuracy ``tollgate train`` accepts (``--floor`` overrides)."""
MIN_EXAMPLES = 10
"""Fewest examples an intent may have (``tollgate domain check`` enforces it too)."""
TARGET_EXAMPLES = 25
MIN_MORE = 5


@dataclass(frozen=True, slots=True)
class IntentNeed:
    """One intent short of examples: how it did and how many more examples to write."""

    intent: str
    examples: int
    right: int
    held: int
    more: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.held if self.held else None


def intent_needs(
    examples: Sequence[Example],
    per_intent: Mapping[str, tuple[int, int]],
    floor: float = ACCURACY_FLOOR,
) -> list[IntentNeed]:
    """The intents that need more examples, weakest first."""
    counts = Counter(e.intent for e in examples)
    needs = []
    for intent, n in sorted(counts.items()):
        right, held = per_intent.get(intent, (0, 0))
        weak = held > 0 and right / held < floor
        if n < MIN_EXAMPLES or weak:
            more = max(MIN_MORE, TARGET_EXAMPLES - n, MIN_EXAMPLES - n)
            needs.append(IntentNeed(intent, n, right, held, more))
    return sorted(needs, key=lambda need: (need.accuracy or 0.0, need.intent))
