"""How well the redactor holds, measured on a labelled set.

Each line of the set is JSON: ``{"kind": ..., "text": ..., "secrets": [...]}``. ``secrets`` are
the substrings that must not survive redaction (empty for ordinary support text, ``kind``
``none``). **Recall** is the share of secrets absent from the redacted text; **over-redaction**
the share of ordinary lines (order numbers, prices, tracking codes, dates...) that redaction
changed at all.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tollgate.hygiene import clean

__all__ = ["DEFAULT_SET", "RedactionScore", "load_rows", "score"]

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests/textsafety/data/redaction_labelled.jsonl"
"""The labelled set shipped with the tests."""


@dataclass(frozen=True, slots=True)
class RedactionScore:
    """Recall over secrets and over-redaction over ordinary lines, with what went wrong."""

    secrets: int
    caught: int
    ordinary: int
    changed: int
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    """kind → (caught, total)."""
    misses: list[str] = field(default_factory=list)
    over: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.secrets if self.secrets else 1.0

    @property
    def over_redaction(self) -> float:
        return self.changed / self.ordinary if self.ordinary else 0.0


def load_rows(path: Path = DEFAULT_SET) -> list[dict[str, object]]:
    """The labelled rows of ``path`` (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score(rows: Iterable[dict[str, object]]) -> RedactionScore:
    """Run every row through hygiene (the pipeline's redaction) and count."""
    secrets = caught = ordinary = changed = 0
    per_kind: Counter[str] = Counter()
    per_kind_caught: Counter[str] = Counter()
    misses: list[str] = []
    over: list[str] = []
    for row in rows:
        text = str(row["text"])
        kind = str(row.get("kind", "none"))
        wanted = [str(s) for s in row.get("secrets") or []]  # type: ignore[attr-defined]
        redacted = clean(text).text
        if not wanted:
            ordinary += 1
            if redacted != " ".join(text.split()):
                changed += 1
                over.append(f"{text!r} -> {redacted!r}")
            continue
        for secret in wanted:
            secrets += 1
            per_kind[kind] += 1
            if secret in redacted:
                misses.append(f"{kind}: {secret!r} survives in {redacted!r}")
            else:
                caught += 1
                per_kind_caught[kind] += 1
    by_kind = {k: (per_kind_caught[k], n) for k, n in sorted(per_kind.items())}
    return RedactionScore(secrets, caught, ordinary, changed, by_kind, misses, over)
