"""Would one compiled alternation per phrase group keep the trigger detectors' cost?

Compares, per text, :class:`tollgate.constraints.prefilter.PhraseMatcher` (one literal scan per
text, then only the candidate patterns) with one ``re`` alternation per group searched on every
text, over the labelled constraint set and Banking77's dev split (when present). Groups whose
patterns cannot be joined (a global inline flag inside) are left out of both timings.

Run: ``.venv/bin/python bench/prefilter_alternation.py``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tollgate.constraints import triggers  # noqa: E402
from tollgate.constraints.schema import default_constraints_path, load_constraints  # noqa: E402
from tollgate.constraints.text import views  # noqa: E402

LABELLED = ROOT / "tests" / "constraints" / "data" / "labelled.jsonl"
BANKING77_DEV = ROOT.parent / "shared" / "datasets" / "banking77" / "dev.tsv"


def alternation(regexes: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    parts = [
        f"(?i:{r.pattern})" if r.flags & re.IGNORECASE else f"(?:{r.pattern})" for r in regexes
    ]
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


def main() -> int:
    matcher = triggers._matcher(load_constraints(default_constraints_path()))
    texts = [json.loads(line)["text"] for line in LABELLED.read_text().splitlines()]
    if BANKING77_DEV.is_file():
        texts += [line.split("\t")[0] for line in BANKING77_DEV.read_text().splitlines()[1:]]
    folded = [views(text)[0] for text in texts]
    joined = {g: alternation(r) for g, r in matcher.groups.items() if "@" not in g}
    groups = [g for g, regex in joined.items() if regex is not None]
    started = time.process_time()
    for text in folded:
        for group in groups:
            matcher.search(group, [text])
    prefilter = (time.process_time() - started) / len(folded) * 1000
    started = time.process_time()
    for text in folded:
        for group in groups:
            joined[group].search(text)  # type: ignore[union-attr]
    alternations = (time.process_time() - started) / len(folded) * 1000
    skipped = sorted(set(joined) - set(groups))
    print(f"{len(folded)} texts, {len(groups)} groups (left out: {', '.join(skipped) or 'none'})")
    print(f"  literal pre-filter      {prefilter:.3f} ms CPU per text")
    print(f"  one alternation/group   {alternations:.3f} ms CPU per text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
