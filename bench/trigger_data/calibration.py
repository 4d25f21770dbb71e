"""How the trigger model's thresholds should be validated: leave each development part out.

For each part (``seen_heldout_v8…v14``) the model is trained without that part's lines, once per
threshold rule, and the part is measured the way ``tollgate eval`` counts it (rules or model):
per-trigger recall, the false-trigger rate on its ordinary requests, the trigger cases that fire
nothing and are not held by the doubt band (the ones that could end autonomously), and the
ordinary requests the band holds. The rules were written after reading these parts, so recall is
optimistic; what the comparison reads is the model's share.

The rules compared (:class:`tollgate.constraints.model.TriggerModelConfig`):

- ``lines``: k-fold over lines, threshold at ``max_false_rate`` over all ordinary lines;
- ``parts``: each written part whole in one fold (``part_folds``), same threshold rule;
- ``parts+R``: ``part_folds`` and the threshold also within ``R`` of the written parts'
  ordinary lines (``part_false_rate``).

Run: ``.venv/bin/python bench/trigger_data/calibration.py [minilm|""] [part…]`` (about 30 s a
training).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tollgate.constraints.model import (  # noqa: E402
    MODELLED,
    TriggerModelConfig,
    domain_trigger_examples,
    load_or_train_triggers,
    pack_known_words,
)
from tollgate.constraints.schema import load_constraints  # noqa: E402
from tollgate.constraints.triggers import detect_triggers, learned_triggers  # noqa: E402
from tollgate.hygiene import clean  # noqa: E402

PARTS = (8, 9, 10, 11, 12, 13, 14)
RULES: dict[str, dict[str, object]] = {
    "lines": {"part_folds": False},
    "parts": {"part_folds": True},
    "parts+0.02": {"part_folds": True, "part_false_rate": 0.02},
    "parts+0.01": {"part_folds": True, "part_false_rate": 0.01},
}


def main(embeddings: str, parts: tuple[int, ...] = PARTS) -> None:
    domain = ROOT / "tollgate" / "domains" / "shop"
    schema = load_constraints(domain / "constraints.yaml")
    examples = domain_trigger_examples(domain)
    cache = Path(tempfile.mkdtemp(prefix="calibration-"))
    totals: dict[str, Counter[str]] = {name: Counter() for name in RULES}
    for part in parts:
        path = ROOT / "tests" / "constraints" / "data" / f"seen_heldout_v{part}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        kept = [e for e in examples if e.part != f"v{part}"]
        tickets = [(row["text"], clean(row["text"]).text) for row in rows]
        for name, knobs in RULES.items():
            config = TriggerModelConfig(embeddings=embeddings, **knobs)  # type: ignore[arg-type]
            model = load_or_train_triggers(kept, cache, config, pack_known_words(domain))
            scores = learned_triggers(tickets, model) or []
            count: Counter[str] = Counter()
            for row, (original, cleaned), score in zip(rows, tickets, scores, strict=True):
                hits = {h.name for h in detect_triggers(original, cleaned, schema, model,
                                                        learned=score.fired)}  # fmt: skip
                wanted = [t for t in row["triggers"] if t in MODELLED]
                if wanted:
                    count["cases"] += 1
                    for trigger in wanted:
                        count[f"{trigger}:cases"] += 1
                        count[f"{trigger}:fired"] += trigger in hits
                    count["open"] += not hits and not score.doubted
                else:
                    count["ordinary"] += 1
                    count["false"] += bool(hits & set(MODELLED))
                    count["held"] += not hits and bool(score.doubted)
            totals[name].update(count)
            worst = min(count[f"{t}:fired"] / count[f"{t}:cases"] for t in MODELLED
                        if count[f"{t}:cases"])  # fmt: skip
            print(
                f"v{part} {name:11} worst recall {worst:.3f} "
                f"recall {sum(count[f'{t}:fired'] for t in MODELLED) / count['cases']:.3f} "
                f"FTR {count['false'] / count['ordinary']:.3f} ({count['false']}) "
                f"open {count['open']} held {count['held']}",
                flush=True,
            )
    for name, count in totals.items():
        per = {t: count[f"{t}:fired"] / count[f"{t}:cases"] for t in MODELLED}
        print(
            f"ALL {name:11} recall {sum(count[f'{t}:fired'] for t in MODELLED) / count['cases']:.3f} "
            + " ".join(f"{t[:6]} {v:.3f}" for t, v in per.items())
            + f" FTR {count['false'] / count['ordinary']:.3f} ({count['false']}) "
            f"open {count['open']} held {count['held']} of {count['ordinary']}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "", tuple(map(int, sys.argv[2:])) or PARTS)
