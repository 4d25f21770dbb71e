"""The evaluation report: pure functions from labelled decisions to numbers.

A :class:`Row` is one labelled test line and where the system sent it. Lines labelled ``oos``
(or ``out_of_scope``) are requests outside the domain; the system is right on them when it
answers ``out_of_scope``. "Open set" metrics treat out-of-scope as one more class.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sklearn.metrics import precision_recall_fscore_support

from schemas import Citation
from tollgate.intent.base import OUT_OF_SCOPE
from tollgate.intent.domain import Example, load_examples

OOS_LABELS = frozenset({"oos", OUT_OF_SCOPE})
AUTONOMOUS = frozenset({"respond", "respond_review"})
"""Outcomes where no human looks before the customer gets the answer (review is after)."""
OOS = "oos"
BINS = 10


@dataclass(frozen=True)
class Row:
    """One labelled line: the gold label and what the system did with it."""

    label: str
    intent: str
    confidence: float
    outcome: str
    triggers: tuple[str, ...] = ()
    action: str | None = None
    response: str | None = None
    citations: tuple[Citation, ...] = ()
    """Knowledge passages the response was written from."""
    doubts: tuple[str, ...] = ()
    """Triggers the model nearly fired (``ConstraintVerdict.trigger_doubts``)."""

    @property
    def is_oos(self) -> bool:
        return self.label in OOS_LABELS

    @property
    def predicted_oos(self) -> bool:
        return self.intent in OOS_LABELS

    @property
    def correct(self) -> bool:
        """Right in the open-set sense: the intent, or out-of-scope for an oos line."""
        return self.predicted_oos if self.is_oos else self.intent == self.label


@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    count: int
    confidence: float
    accuracy: float


@dataclass(frozen=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    n: int
    intent_accuracy: float | None
    oos_recall: float | None
    open_accuracy: float | None
    macro_f1: float | None
    outcomes: dict[str, int]
    autonomous_on_oos: float | None
    ece: float | None
    reliability: list[Bin]
    per_intent: dict[str, ClassScore] = field(default_factory=dict)
    confused: list[tuple[str, str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_test_data(path: Path) -> list[Example]:
    """Labelled test lines: JSONL ``{"text", "intent"}`` or TSV ``text<TAB>label``."""
    return load_examples(path)


def _mean(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def open_label(label: str) -> str:
    """The class name in open-set metrics (every out-of-scope spelling becomes ``oos``)."""
    return OOS if label in OOS_LABELS else label


def intent_accuracy(rows: Sequence[Row]) -> float | None:
    """In-scope lines whose predicted intent is right (None without in-scope lines)."""
    return _mean([r.intent == r.label for r in rows if not r.is_oos])


def oos_recall(rows: Sequence[Row]) -> float | None:
    """Out-of-scope lines answered ``out_of_scope`` (None without such lines)."""
    return _mean([r.predicted_oos for r in rows if r.is_oos])


def open_accuracy(rows: Sequence[Row]) -> float | None:
    return _mean([r.correct for r in rows])


def autonomous_on_oos(rows: Sequence[Row]) -> float | None:
    """Out-of-scope lines the system answered on its own (respond or respond_review)."""
    return _mean([r.outcome in AUTONOMOUS for r in rows if r.is_oos])


def per_class(rows: Sequence[Row]) -> tuple[float | None, dict[str, ClassScore]]:
    """Macro F1 over the gold classes (oos as one class) and per-class scores."""
    if not rows:
        return None, {}
    gold = [open_label(r.label) for r in rows]
    predicted = [open_label(r.intent) for r in rows]
    labels = sorted(set(gold))
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    scores = {
        label: ClassScore(float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    return float(sum(f1) / len(labels)), scores


def reliability(rows: Sequence[Row], bins: int = BINS) -> list[Bin]:
    """Equal-width confidence bins with their mean confidence and open-set accuracy."""
    grouped: list[list[Row]] = [[] for _ in range(bins)]
    for row in rows:
        grouped[min(bins - 1, max(0, int(row.confidence * bins)))].append(row)
    result = []
    for index, members in enumerate(grouped):
        count = len(members)
        result.append(
            Bin(
                lo=index / bins,
                hi=(index + 1) / bins,
                count=count,
                confidence=sum(r.confidence for r in members) / count if count else 0.0,
                accuracy=sum(r.correct for r in members) / count if count else 0.0,
            )
        )
    return result


def expected_calibration_error(rows: Sequence[Row], bins: int = BINS) -> float | None:
    """Σ_bins (count / n) · |accuracy − mean confidence|."""
    if not rows:
        return None
    return sum(b.count * abs(b.accuracy - b.confidence) for b in reliability(rows, bins)) / len(
        rows
    )


def confused_pairs(rows: Sequence[Row], top: int = 10) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) mistakes, oos as one class."""
    pairs = Counter(
        (open_label(r.label), open_label(r.intent)) for r in rows if not r.correct
    ).most_common()
    return [(gold, predicted, count) for (gold, predicted), count in pairs[:top]]


def build_report(rows: Sequence[Row]) -> Report:
    macro, scores = per_class(rows)
    return Report(
        n=len(rows),
        intent_accuracy=intent_accuracy(rows),
        oos_recall=oos_recall(rows),
        open_accuracy=open_accuracy(rows),
        macro_f1=macro,
        outcomes=dict(sorted(Counter(r.outcome for r in rows).items())),
        autonomous_on_oos=autonomous_on_oos(rows),
        ece=expected_calibration_error(rows),
        reliability=reliability(rows),
        per_intent=scores,
        confused=confused_pairs(rows),
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def format_report(report: Report, *, worst: int = 10) -> str:
    """A plain-text report for people."""
    lines = [
        f"lines               {report.n}",
        f"intent accuracy     {_pct(report.intent_accuracy)}  (in-scope lines)",
        f"oos recall          {_pct(report.oos_recall)}  (oos lines answered out_of_scope)",
        f"open accuracy       {_pct(report.open_accuracy)}  (all lines, oos as a class)",
        f"macro F1            {_pct(report.macro_f1)}",
        f"autonomous on oos   {_pct(report.autonomous_on_oos)}  (oos lines answered, no human)",
        "ECE (10 bins)       " + ("n/a" if report.ece is None else f"{report.ece:.3f}"),
        "outcomes            "
        + (", ".join(f"{k} {v}" for k, v in report.outcomes.items()) or "none"),
        "",
        "reliability         confidence   accuracy   count",
    ]
    for b in report.reliability:
        if b.count:
            lines.append(
                f"  {b.lo:.1f}-{b.hi:.1f}           {b.confidence:8.3f}   {b.accuracy:8.3f}"
                f"   {b.count:5d}"
            )
    if report.per_intent:
        lines += ["", f"weakest classes (of {len(report.per_intent)})    precision recall  f1  n"]
        ranked = sorted(report.per_intent.items(), key=lambda kv: (kv[1].f1, kv[0]))
        for name, s in ranked[:worst]:
            lines.append(
                f"  {name[:34]:34s} {s.precision:6.2f} {s.recall:6.2f} {s.f1:5.2f} {s.support:4d}"
            )
    if report.confused:
        lines += ["", "most confused (gold -> predicted)"]
        lines += [f"  {n:4d}  {gold} -> {pred}" for gold, pred, n in report.confused]
    return "\n".join(lines)
