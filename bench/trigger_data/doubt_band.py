"""How wide the trigger model's doubt band should be: leave each development part out in turn.

For each part (``seen_heldout_v9…v11``) the model is trained without that part's lines, for each
``doubt_false_rate``; the script prints how many of the part's trigger cases fire no trigger at
all (rules or model) and how many of those the band holds for a human, and how many ordinary
requests the band holds (the cost). The rules were written after reading these parts, so the
number of cases firing nothing is optimistic; the band's share of them is what the choice reads.

Run: ``.venv/bin/python bench/trigger_data/doubt_band.py [minilm]`` (a few minutes per part).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tollgate.constraints.model import (  # noqa: E402
    TriggerModelConfig,
    domain_trigger_examples,
    load_or_train_triggers,
    pack_known_words,
)
from tollgate.constraints.schema import load_constraints  # noqa: E402
from tollgate.constraints.triggers import detect_triggers, learned_triggers  # noqa: E402
from tollgate.hygiene import clean  # noqa: E402

PARTS = (9, 10, 11)
RATES = (0.005, 0.01, 0.02)


def main(embeddings: str) -> None:
    domain = ROOT / "tollgate" / "domains" / "shop"
    schema = load_constraints(domain / "constraints.yaml")
    examples = domain_trigger_examples(domain)
    cache = Path(tempfile.mkdtemp(prefix="doubt-band-"))
    for part in PARTS:
        path = ROOT / "tests" / "constraints" / "data" / f"seen_heldout_v{part}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        texts = {row["text"] for row in rows}
        kept = [e for e in examples if e.text not in texts]
        tickets = [(row["text"], clean(row["text"]).text) for row in rows]
        for rate in RATES:
            config = TriggerModelConfig(embeddings=embeddings, doubt_false_rate=rate)
            model = load_or_train_triggers(kept, cache, config, pack_known_words(domain))
            scores = learned_triggers(tickets, model) or []
            silent = held_cases = ordinary = held_ordinary = 0
            for row, (original, cleaned), score in zip(rows, tickets, scores, strict=True):
                hits = detect_triggers(original, cleaned, schema, model, learned=score.fired)
                if row["triggers"]:
                    silent += not hits
                    held_cases += not hits and bool(score.doubted)
                else:
                    ordinary += 1
                    held_ordinary += not hits and bool(score.doubted)
            print(
                f"v{part} doubt_false_rate={rate}: trigger cases firing nothing {silent}, "
                f"held by the band {held_cases}; ordinary held {held_ordinary} of {ordinary}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
