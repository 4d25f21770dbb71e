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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from schemas import AUTONOMOUS_OUTCOMES
from tollgate.constraints.model import TriggerModel, jsonl_lines
from tollgate.constraints.schema import (
    TRIGGER_NAMES,
    ConstraintSchema,
    default_constraints_path,
    load_constraints,
)
from tollgate.constraints.triggers import detect_triggers
from tollgate.hygiene import clean
from tollgate.intent.domain import load_examples


def _rows(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".tsv":  # the one TSV reader (quoted multi-line texts, clear errors)
        return [
            {"text": example.text, "triggers": [], "split": "tsv"}
            for example in load_examples(path)
        ]
    rows = []
    for number, line in jsonl_lines(path):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
    return rows


AUTONOMOUS = frozenset(outcome.value for outcome in AUTONOMOUS_OUTCOMES)
"""Outcomes where no human takes the ticket over (a trigger case must never end in one)."""


def score_fired(
    rows: Sequence[dict[str, Any]],
    fired: Sequence[dict[str, str]],
    outcomes: Sequence[str] | None = None,
    doubts: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Recall and false-trigger rate of ``fired`` (name → evidence, one per row) against the
    rows' expected ``triggers``; with ``outcomes`` (where each row ended), also how many trigger
    cases ended autonomously (:data:`AUTONOMOUS`); with ``doubts`` (near misses per row), how
    many ordinary requests a near miss held for a human (the cost of the doubt band)."""
    ordinary = fired_ordinary = cases = recalled = held = 0
    per_trigger: dict[str, Counter[str]] = defaultdict(Counter)
    false_by_trigger: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    false_triggers: list[dict[str, Any]] = []
    autonomous: list[dict[str, Any]] = []
    for index, (row, hits) in enumerate(zip(rows, fired, strict=True)):
        text = row["text"]
        expected = list(row["triggers"])
        if not expected:
            ordinary += 1
            held += bool(doubts is not None and doubts[index] and not hits)
            if hits:
                fired_ordinary += 1
                false_by_trigger.update(list(hits))
                false_triggers.append({"text": text[:120], "fired": dict(hits)})
            continue
        cases += 1
        if outcomes is not None and outcomes[index] in AUTONOMOUS:
            autonomous.append({"text": text[:120], "outcome": outcomes[index]})
        if any(name in hits for name in expected):
            recalled += 1
        else:
            misses.append({"text": text[:120], "expected": expected, "fired": sorted(hits)})
        for name in expected:
            per_trigger[name]["cases"] += 1
            per_trigger[name]["fired"] += name in hits
            per_trigger[name]["model_only"] += hits.get(name, "").startswith("model:")
    result: dict[str, Any] = {
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
    if any(c["model_only"] for c in per_trigger.values()):
        for name, stats in result["per_trigger"].items():
            stats["model_only"] = per_trigger[name]["model_only"]
    if outcomes is not None:
        result["autonomous_trigger_cases"] = autonomous
    if doubts is not None:
        result["ordinary_held_by_doubt"] = held
        result["ordinary_held_by_doubt_rate"] = held / ordinary if ordinary else None
    return result


def _score(
    rows: list[dict[str, Any]], schema: ConstraintSchema, model: TriggerModel | None = None
) -> dict[str, Any]:
    fired = [
        {hit.name: hit.evidence for hit in detect_triggers(r["text"], clean(r["text"]).text,
                                                            schema, model)}
        for r in rows
    ]  # fmt: skip
    return score_fired(rows, fired)


def evaluate_triggers(
    path: Path, schema: ConstraintSchema | None = None, model: TriggerModel | None = None
) -> dict[str, Any]:
    """Recall (a case counts when at least one expected trigger fires), per-trigger recall and
    the false-trigger rate (ordinary requests firing anything), overall and per ``split``.

    Each text goes through :func:`tollgate.hygiene.clean` first, as in the pipeline; with a
    learned ``model`` a trigger fires when its rule or the model fires.
    """
    schema = schema or load_constraints(default_constraints_path())
    rows = _rows(path)
    result = _score(rows, schema, model)
    splits = sorted({str(row.get("split", "")) for row in rows} - {""})
    if len(splits) > 1:
        result["splits"] = {
            split: _score([r for r in rows if r.get("split") == split], schema, model)
            for split in splits
        }
    return result


def _line(label: str, score: dict[str, Any]) -> str:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    return (
        f"{label}: {score['trigger_cases']} trigger cases, recall {pct(score['recall'])}; "
        f"{score['ordinary']} ordinary, false-trigger rate {pct(score['false_trigger_rate'])}"
    )


def labelled_rows(path: Path, *, all_ordinary: bool = False) -> list[dict[str, Any]] | None:
    """The rows of a test file with their expected triggers: JSONL lines carrying a
    ``triggers`` list, or (``all_ordinary``) every line of any file as an ordinary request;
    ``None`` when the file says nothing about triggers."""
    rows = _rows(path)
    if all_ordinary:
        return [{"text": r["text"], "triggers": r.get("triggers") or []} for r in rows]
    if path.suffix == ".tsv" or not any("triggers" in r for r in rows):
        return None
    return [{"text": r["text"], "triggers": r.get("triggers") or []} for r in rows]


def score_outcomes(
    rows: Sequence[dict[str, Any]],
    fired: Sequence[Sequence[str]],
    outcomes: Sequence[str],
    doubts: Sequence[Sequence[str]] | None = None,
) -> dict[str, Any]:
    """:func:`score_fired` for where tickets ended in the stages (trigger names, no evidence)."""
    return score_fired(rows, [dict.fromkeys(names, "") for names in fired], outcomes, doubts)


def format_result(label: str, result: dict[str, Any], *, verbose: bool = False) -> list[str]:
    """Lines for people: overall, per split, per trigger, false triggers (``verbose``: each
    miss and false trigger)."""
    lines = [_line(label, result)]
    lines += ["  " + _line(split, score) for split, score in result.get("splits", {}).items()]
    for name, stats in result["per_trigger"].items():
        only = f" ({stats['model_only']} by the model alone)" if "model_only" in stats else ""
        lines.append(f"  {name}: {stats['fired']}/{stats['cases']} = {stats['recall']:.3f}{only}")
    lines.append(f"  false triggers by name: {result['false_triggers_by_name']}")
    if "autonomous_trigger_cases" in result:
        autonomous = result["autonomous_trigger_cases"]
        lines.append(f"  trigger cases ending autonomously: {len(autonomous)}")
        lines += [f"  AUTONOMOUS {case}" for case in autonomous]
    if result.get("ordinary_held_by_doubt_rate") is not None:
        rate = result["ordinary_held_by_doubt_rate"]
        lines.append(
            f"  ordinary requests held for a human by a near miss: "
            f"{result['ordinary_held_by_doubt']} ({rate:.3f})"
        )
    if verbose:
        lines += [f"  MISS {miss}" for miss in result["misses"]]
        lines += [f"  FALSE {false}" for false in result["false_triggers"]]
    return lines


def main(argv: list[str]) -> int:
    """Print the evaluation of each file given (details with ``-v``; ``--model``: rules and
    the domain's learned trigger model, per the settings)."""
    verbose = "-v" in argv
    model = None
    if "--model" in argv:
        from tollgate.config import load_settings
        from tollgate.constraints.model import trigger_model_for

        model = trigger_model_for(load_settings())
    for arg in (a for a in argv if a not in ("-v", "--model")):
        result = evaluate_triggers(Path(arg), model=model)
        print("\n".join(format_result(arg, result, verbose=verbose)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
