"""Presidio beside Tollgate's redactor on the labelled redaction set (issue 17.4: "a PII engine
such as Presidio only if its cost per ticket fits — measure it").

Presidio is not a project dependency. Install it in a separate venv of the same Python and point
this script at that venv's site-packages (appended after the project's, so the project's pydantic
and numpy win)::

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install presidio-analyzer
    PRESIDIO_SITE=/tmp/presidio-venv/lib/python3.11/site-packages \\
        .venv/bin/python bench/presidio_redaction.py [--file SET] [--repeat 5]

spaCy's English models are not installable here (no ``en-core-web-*`` wheel on the index), so
Presidio runs with a blank English pipeline (``spacy.blank("en")``): its pattern, checksum and
context recognizers (cards, e-mails, IBANs, phones via ``phonenumbers``, US/UK ids...) run; its
NER-based ones (PERSON, LOCATION, so street addresses) find nothing. Both redactors are scored by
the same code: recall = planted values absent from the output, over-redaction = ordinary lines
changed at all, µs per ticket = wall time of one pass over the set / lines (best of ``--repeat``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tollgate.textsafety.evaluate import DEFAULT_SET, load_rows
from tollgate.textsafety.redaction import redact_text

Redactor = Callable[[str], str]

MAPPED = [
    "CREDIT_CARD",
    "EMAIL_ADDRESS",
    "IBAN_CODE",
    "PHONE_NUMBER",
    "US_SSN",
    "US_ITIN",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
    "US_BANK_NUMBER",
    "UK_NHS",
    "UK_NINO",
    "IP_ADDRESS",
    "PERSON",
    "LOCATION",
]
"""Presidio entities that correspond to the set's kinds (no DATE_TIME, URL, NRP: a support reply
is full of dates and links that are not personal data). ``all`` uses every recognizer."""


def presidio_redactor(entities: list[str] | None) -> Redactor | None:
    """A redactor on Presidio's analyzer with a blank spaCy pipeline (``None``: not installed)."""
    site = os.environ.get("PRESIDIO_SITE")
    if site:
        sys.path.append(site)
    try:
        import spacy
        import tldextract
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
    except ImportError:
        return None
    # the e-mail/URL recognizers' tldextract would fetch the public suffix list on first use:
    # offline, its bundled snapshot only (a fetch attempt inside the timed loop would skew it)
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())

    class BlankSpacy(SpacyNlpEngine):  # type: ignore[misc]
        """spaCy's blank English: tokens only, no NER (no model on this index)."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankSpacy(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    known = set(analyzer.get_supported_entities("en"))
    wanted = None if entities is None else [e for e in entities if e in known]

    def redact(text: str) -> str:
        spans: list[Any] = analyzer.analyze(text=text, language="en", entities=wanted)
        end = len(text) + 1
        for span in sorted(spans, key=lambda s: (s.start, -s.end), reverse=True):
            if span.end > end:  # overlaps a span already replaced: covered by it
                continue
            text = text[: span.start] + f"<{span.entity_type}>" + text[span.end :]
            end = span.start
        return text

    return redact


def score(rows: list[dict[str, Any]], redact: Redactor) -> dict[str, Any]:
    per_kind: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    ordinary = changed = 0
    for row in rows:
        text, wanted = str(row["text"]), [str(s) for s in row.get("secrets") or []]
        out = redact(text)
        if not wanted:
            ordinary += 1
            changed += out != text
            continue
        for secret in wanted:
            per_kind[row["kind"]] += 1
            caught[row["kind"]] += secret not in out
    return {
        "by_kind": {k: (caught[k], n) for k, n in sorted(per_kind.items())},
        "recall": sum(caught.values()) / max(1, sum(per_kind.values())),
        "over": changed / max(1, ordinary),
        "changed": changed,
        "ordinary": ordinary,
    }


def timed(rows: list[dict[str, Any]], redact: Redactor, repeat: int) -> float:
    """Best µs per line over ``repeat`` passes (after one warm-up pass)."""
    texts = [str(r["text"]) for r in rows]
    for text in texts:
        redact(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            redact(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_SET)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = load_rows(args.file)
    start = time.perf_counter()
    mapped = presidio_redactor(MAPPED)
    if mapped is None:
        print(
            "presidio-analyzer is not installed (it is not a project dependency): install it in "
            "a separate venv and set PRESIDIO_SITE to its site-packages (see this file's "
            "docstring)",
            file=sys.stderr,
        )
        return 2
    load_s = time.perf_counter() - start
    everything = presidio_redactor(None)
    assert everything is not None
    contenders: dict[str, Redactor] = {
        "tollgate redact_text": redact_text,
        "presidio (mapped entities)": mapped,
        "presidio (all recognizers)": everything,
    }
    print(f"{args.file.name}: {len(rows)} lines; Presidio analyzer start-up {load_s:.2f} s")
    for name, redact in contenders.items():
        s = score(rows, redact)
        us = timed(rows, redact, args.repeat)
        kinds = ", ".join(f"{k} {c}/{n}" for k, (c, n) in s["by_kind"].items())
        print(
            f"{name}: recall {s['recall']:.3f} ({kinds}); over-redaction {s['over']:.3f} "
            f"({s['changed']}/{s['ordinary']}); {us:.0f} µs per ticket"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
