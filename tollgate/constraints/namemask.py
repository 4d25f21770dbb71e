"""The name-masked view the trigger model reads (issue 21, round 6).

A competitor the model never saw ("Joules has the wellies in a size 4") is a capitalised word it
has no feature for; what it can learn is the *context* ("<name> has it in stock", "<name> can
get me…"). So before the TF-IDF features every capitalised word outside the pack's own vocabulary
becomes :data:`PLACEHOLDER`, the same in training and at inference (:func:`mask_names`).

Contract of :func:`mask_names`: a run of capitalised tokens ("Oliver Bonas", "Mamas & Papas",
"Card Factory's") none of whose lower-cased forms (possessive and trailing dots dropped, or
their singular) is in ``vocabulary`` becomes one :data:`PLACEHOLDER` (a possessive ``'s`` is
kept); a single capitalised word opening a sentence is kept (grammar, not a name: "Activate my
card"), and so is the first word of a run opening a sentence that holds known words; every other
character is unchanged; text written mostly in capitals is returned as it is (its capitals name
nothing).

The vocabulary (:func:`pack_vocabulary`) is every word written in lower case anywhere in the
training texts plus the pack's ``competitor_context`` ``not_names`` and ``own_names`` (pronouns,
days, carriers, brands this shop sells): a capitalised word the pack uses as an ordinary word is
never masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tollgate.constraints.shopnames import shouting

PLACEHOLDER = "shopname"
"""The token a masked name becomes (a word no pack text uses)."""

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'.-]*[A-Za-z]|[A-Za-z]")
_CAPITAL_RUN_RE = re.compile(
    r"(?<![\w'])[A-Z][A-Za-z'.-]*(?:(?: &| and| of)? [A-Z][A-Za-z'.-]*)*(?![\w])"
)
_POSSESSIVE_RE = re.compile(r"(?:'s|s'|')$")


def _key(token: str) -> str:
    return _POSSESSIVE_RE.sub("", token.lower().rstrip(".,-"))


def _known(token: str, vocabulary: frozenset[str]) -> bool:
    """In the vocabulary as written or as its singular ("Merchants" → "merchant")."""
    key = _key(token)
    return key in vocabulary or (key.endswith("s") and key[:-1] in vocabulary)


def _initial(text: str, start: int) -> bool:
    """At the start of the text or of a sentence: capitalised by grammar, not as a name."""
    before = text[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:;\n"


def pack_vocabulary(texts: Iterable[str], known: Iterable[str] = ()) -> frozenset[str]:
    """Words written in lower case in ``texts`` plus ``known`` (compared lower-cased)."""
    words = {_key(w) for text in texts for w in _WORD_RE.findall(text) if w.islower()}
    words.update(_key(k) for word in known for k in word.split())
    words.discard("")
    return frozenset(words)


def mask_names(text: str, vocabulary: frozenset[str]) -> str:
    """``text`` with capitalised out-of-vocabulary name runs replaced by :data:`PLACEHOLDER`."""
    if not vocabulary or not re.search(r"[A-Z]", text) or shouting(text):
        return text

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        tokens = [t for t in run.split() if t not in {"&", "and", "of"}]
        if _initial(text, match.start()) and len(tokens) == 1:
            return run
        if any(_known(t, vocabulary) for t in tokens):
            return _mask_tokens(run, vocabulary, _initial(text, match.start()))
        return PLACEHOLDER + ("'s" if _POSSESSIVE_RE.search(tokens[-1]) else "")

    return _CAPITAL_RUN_RE.sub(replace, text)


def _mask_tokens(run: str, vocabulary: frozenset[str], initial: bool) -> str:
    """A run holding known words: mask only its unknown capitalised tokens, one by one (not
    the first when the run opens a sentence)."""
    out = []
    for index, token in enumerate(run.split(" ")):
        if (index or not initial) and token[:1].isupper() and not _known(token, vocabulary):
            token = PLACEHOLDER + ("'s" if _POSSESSIVE_RE.search(token) else "")
        out.append(token)
    return " ".join(out)
