"""Measure the trigger detectors on a labelled set.

A ``.jsonl`` file has one ``{"text", "triggers": [...]}`` object a line (optional ``split`` and
``intent``); an empty ``triggers`` list marks an ordinary request. A ``.tsv`` file (Banking77's
format: header, then ``text<TAB>label``) counts as ordinary requests only.

Run: ``python -m tollgate.constraints.evaluate tests/constraints/data/labelled.jsonl``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tollgate.constraints.schema import (
    TRIGGER_NAMES,
    ConstraintSchema,
    default_constraints_path,
    load_constraints,
)
from tollgate.constraints.triggers import detect_triggers
from tollgate.hygiene import clean


def _rows(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".tsv":
        return [{"text": ln.split("\t", 1)[0], "triggers": [], "split": "tsv"} for ln in lines[1:]]
    return [json.loads(line) for line in lines if line.strip()]


def _score(rows: list[dict[str, Any]], schema: ConstraintSchema) -> dict[str, Any]:
    ordinary = fired_ordinary = cases = recalled = 0
    per_trigger: dict[str, Counter[str]] = defaultdict(Counter)
    false_by_trigger: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    false_triggers: list[dict[str, Any]] = []
    for row in rows:
        text = row["text"]
        fired = {hit.name: hit.evidence for hit in detect_triggers(text, clean(text).text, schema)}
        expected = list(row["triggers"])
        if not expected:
            ordinary += 1
            if fired:
                fired_ordinary += 1
                false_by_trigger.update(list(fired))
                false_triggers.append({"text": text[:120], "fired": fired})
            continue
        cases += 1
        if any(name in fired for name in expected):
            recalled += 1
        else:
            misses.append({"text": text[:120], "expected": expected, "fired": sorted(fired)})
        for name in expected:
            per_trigger[name]["cases"] += 1
            per_trigger[name]["fired"] += name in fired
    return {
        "ordinary": ordinary,
        "trigger_cases": cases,
        "recall": recalled / cases if cases else None,
        "false_trigger_rate": fired_ordinary / ordinary if ordinary else None,
        "false_triggers_by_name": dict(false_by_trigger),
        "per_trigger": {
            name: {
                "cases": per_trigger[name]["cases"],
                "fired": per_trigger[name]["fired"],
                "recall": per_trigger[name]["fired"] / per_trigger[name]["cases"],
            }
            for name in TRIGGER_NAMES
            if per_trigger[name]["cases"]
        },
        "misses": misses,
        "false_triggers": false_triggers,
    }


def evaluate_triggers(path: Path, schema: ConstraintSchema | None = None) -> dict[str, Any]:
    """Recall (a case counts when at least one expected trigger fires), per-trigger recall and
    the false-trigger rate (ordinary requests firing anything), overall and per ``split``.

    Each text goes through :func:`tollgate.hygiene.clean` first, as in the pipeline.
    """
    schema = schema or load_constraints(default_constraints_path())
    rows = _rows(path)
    result = _score(rows, schema)
    splits = sorted({str(row.get("split", "")) for row in rows} - {""})
    if len(splits) > 1:
        result["splits"] = {
            split: _score([r for r in rows if r.get("split") == split], schema) for split in splits
        }
    return result


def _line(label: str, score: dict[str, Any]) -> str:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    return (
        f"{label}: {score['trigger_cases']} trigger cases, recall {pct(score['recall'])}; "
        f"{score['ordinary']} ordinary, false-trigger rate {pct(score['false_trigger_rate'])}"
    )


def main(argv: list[str]) -> int:
    """Print the evaluation of each file given (details with ``-v``)."""
    verbose = "-v" in argv
    for arg in (a for a in argv if a != "-v"):
        result = evaluate_triggers(Path(arg))
        print(_line(arg, result))
        for split, score in result.get("splits", {}).items():
            print("  " + _line(split, score))
        for name, stats in result["per_trigger"].items():
            print(f"  {name}: {stats['fired']}/{stats['cases']} = {stats['recall']:.3f}")
        print(f"  false triggers by name: {result['false_triggers_by_name']}")
        if verbose:
            for miss in result["misses"]:
                print(f"  MISS {miss}")
            for false in result["false_triggers"]:
                print(f"  FALSE {false}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
