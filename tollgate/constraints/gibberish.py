"""Is a word English-like? A letter-trigram model of ordinary English plus a keyboard-walk test.

The counts (``data/letter_trigrams.json``) were computed from the Banking77 training split
(Casanueva et al. 2020, CC BY 4.0): real customer messages, typos included. Rebuild them with
``python -m tollgate.constraints.gibberish ../shared/datasets/banking77/train.tsv``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).resolve().parent / "data" / "letter_trigrams.json"
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_EDGE = "_"
_WORD_RE = re.compile(r"[a-z]+")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}

WORD_THRESHOLD = -6.5
"""Mean log2-probability per letter below which a word of 4+ letters is gibberish. Ordinary words
in Banking77's dev/test splits score above -6.2 except rare acronyms (see TRIGGERS_RESULTS.md)."""
SHORT_WORD_THRESHOLD = -8.0
"""The same for three-letter words, whose edges dominate the mean."""
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])")
_SKIP_RE = re.compile(r"\S*(?:://|www\.|@)\S*|<PII:[A-Z]+>")
_SKIP_MARKS = ("://", "www.", "@", "<PII:")
"""One of these is in every match of ``_SKIP_RE``."""

_SHORTHAND = """pls plz thx thnx tnx ty thanku kthx kthxbye np ok okk hmm hmmm omg wtf btw asap idk
imo lol fyi xl xxl xxxl xs xxs sms pdf url www http https faq vat iban pin cvv dhl ups usps fedex"""
COMMON_SHORTHAND = frozenset(_SHORTHAND.split())


@dataclass(frozen=True)
class TrigramModel:
    """Interpolated letter-trigram probabilities with word-edge markers."""

    trigrams: dict[str, int]
    bigrams: dict[str, int]
    unigrams: dict[str, int]

    def log_prob(self, word: str) -> float:
        """Mean log2 P(letter | two previous letters) over the word, edges included."""
        padded = f"{_EDGE}{_EDGE}{word}{_EDGE}"
        total = 0.0
        uni_total = self._unigram_total
        for i in range(2, len(padded)):
            a, b, c = padded[i - 2], padded[i - 1], padded[i]
            ctx2 = self.bigrams.get(a + b, 0)
            ctx1 = self.unigrams.get(b, 0)
            p3 = self.trigrams.get(a + b + c, 0) / ctx2 if ctx2 else 0.0
            p2 = self.bigrams.get(b + c, 0) / ctx1 if ctx1 else 0.0
            p1 = (self.unigrams.get(c, 0) + 1) / (uni_total + len(ALPHABET) + 1)
            total += math.log2(0.6 * p3 + 0.3 * p2 + 0.1 * p1)
        return total / (len(padded) - 2)

    @cached_property
    def _unigram_total(self) -> int:
        return sum(self.unigrams.values()) or 1


def train(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """Count letter uni/bi/trigrams (with word edges) in lower-cased words."""
    tri: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    uni: Counter[str] = Counter()
    for line in lines:
        for word in _WORD_RE.findall(line.lower()):
            padded = f"{_EDGE}{_EDGE}{word}{_EDGE}"
            for i in range(2, len(padded)):
                tri[padded[i - 2 : i + 1]] += 1
                bi[padded[i - 2 : i]] += 1
                uni[padded[i - 1]] += 1
    return {"trigrams": dict(tri), "bigrams": dict(bi), "unigrams": dict(uni)}


@cache
def model() -> TrigramModel:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    return TrigramModel(data["trigrams"], data["bigrams"], data["unigrams"])


def keyboard_walk(word: str) -> bool:
    """True when nearly every step goes to a neighbouring key (``asdfgh``, ``jkjkjk``)."""
    if len(word) < 4:
        return False
    steps = list(itertools.pairwise(word))
    near = 0
    for a, b in steps:
        pa, pb = _KEY_POS.get(a), _KEY_POS.get(b)
        if pa and pb and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1 and a != b:
            near += 1
    return near / len(steps) >= 0.8


@lru_cache(maxsize=32_768)
def is_gibberish(word: str) -> bool:
    """Whether one lower-case ASCII word looks like keyboard mashing rather than language."""
    if len(word) < 3 or word in COMMON_SHORTHAND:
        return False
    if len(word) >= 4 and len(set(word)) == 1:
        return True
    score = model().log_prob(word)
    if keyboard_walk(word) and score < -4.5:
        return True
    return score < (SHORT_WORD_THRESHOLD if len(word) == 3 else WORD_THRESHOLD)


def gibberish_evidence(text: str) -> str | None:
    """Evidence when most of a text's words (or three or more) look like keyboard mashing.

    Upper-case words of up to seven letters (codes, acronyms), URLs and e-mail addresses are
    not judged; neither are letters glued to digits (order numbers).
    """
    if any(mark in text for mark in _SKIP_MARKS):
        text = _SKIP_RE.sub(" ", text)
    words = [w for w in _TOKEN_RE.findall(text) if not (w.isupper() and len(w) <= 7)]
    judged = [w.lower() for w in words if len(w) >= 3]
    bad = [w for w in judged if is_gibberish(w)]
    if not bad:
        return None
    share = sum(map(len, bad)) / sum(map(len, judged))
    if (share >= 0.5 and sum(map(len, bad)) >= 4) or len(bad) >= 3:
        return f"gibberish words {', '.join(repr(w) for w in bad[:3])} ({share:.0%} of letters)"
    return None


def main(argv: list[str]) -> int:
    """Rebuild the trigram counts from a TSV whose first column is text."""
    source = Path(argv[0])
    lines = [row.split("\t", 1)[0] for row in source.read_text(encoding="utf-8").splitlines()[1:]]
    DATA_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATA_PATH.write_text(json.dumps(train(lines), sort_keys=True), encoding="utf-8")
    print(f"wrote {DATA_PATH} from {len(lines)} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
