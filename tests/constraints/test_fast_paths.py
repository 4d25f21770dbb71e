"""The chaos checks and text views take shortcuts (ASCII text, no repeated word, no leet
character...). Each must answer exactly what the plain character-by-character version below
answers, on ordinary, hostile and random text."""

from __future__ import annotations

import base64
import itertools
import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.constraints.test_chaos import OURS, SEED
from tollgate.constraints import decode, text, triggers
from tollgate.constraints.gibberish import gibberish_evidence, is_gibberish
from tollgate.constraints.text import INVISIBLE, PII_PLACEHOLDERS
from tollgate.textsafety.confusables import CONFUSABLES

LABELLED = Path(__file__).parent / "data" / "labelled.jsonl"

# -- the plain versions ------------------------------------------------------------------------


def ref_strip_invisible(s: str) -> str:
    return "".join(
        ch
        for ch in s
        if ch not in INVISIBLE
        and not ("\U000e0000" <= ch <= "\U000e007f")
        and unicodedata.category(ch) != "Cf"
    )


_PUNCT_FOLD = text._PUNCT_FOLD
_CONFUSABLE_FOLD = str.maketrans(CONFUSABLES)


def ref_normalise(s: str) -> str:
    s = re.sub("|".join(map(re.escape, PII_PLACEHOLDERS)), lambda m: PII_PLACEHOLDERS[m[0]], s)
    s = unicodedata.normalize("NFKC", ref_strip_invisible(s)).translate(_PUNCT_FOLD)
    return re.sub(r"[ \t]+", " ", s)


def ref_fold_confusables(s: str) -> str:
    folded = s.translate(_CONFUSABLE_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFKC", stripped)


def ref_fold_leet(s: str) -> str:
    return re.sub(r"[\w@$]*[a-zA-Z][\w@$]*", lambda m: m[0].translate(text._LEET_FOLD), s)


def ref_collapse_spaced(s: str) -> str:
    spaced = r"(?<![^\W_])(?:[^\W_][ .\-_*/]){3,}[^\W_](?![^\W_])"
    return re.sub(spaced, lambda m: re.sub(r"[ .\-_*/]", "", m[0]), s)


def ref_views(clean: str) -> list[str]:
    base = ref_fold_confusables(ref_normalise(clean))
    out = [base]
    for extra in (ref_collapse_spaced(base), ref_collapse_spaced(ref_fold_leet(base))):
        if extra not in out:
            out.append(extra)
    return out


def ref_gibberish_evidence(s: str) -> str | None:
    skip = re.sub(r"\S*(?:://|www\.|@)\S*|<PII:[A-Z]+>", " ", s)
    tokens = re.findall(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])", skip)
    words = [w for w in tokens if not (w.isupper() and len(w) <= 7)]
    judged = [w.lower() for w in words if len(w) >= 3]
    bad = [w for w in judged if is_gibberish(w)]
    if not bad:
        return None
    share = sum(map(len, bad)) / sum(map(len, judged))
    if (share >= 0.5 and sum(map(len, bad)) >= 4) or len(bad) >= 3:
        return f"gibberish words {', '.join(repr(w) for w in bad[:3])} ({share:.0%} of letters)"
    return None


def ref_decode_layers(clean: str, original: str) -> list[decode.Decoded]:
    found: list[decode.Decoded] = []
    frontier = [clean]
    tags = ref_tags(original)
    if tags:
        found.append(decode.Decoded("unicode tag characters", tags, True))
        frontier.append(tags)
    for _ in range(2):
        layer: list[decode.Decoded] = []
        for t in frontier:
            layer.extend(decode._base64(t))
            layer.extend(decode._hex(t))
            if decode._URL_ESC_RE.search(t):
                escaped_alnum = len(decode._URL_ALNUM_RE.findall(t)) >= 3
                layer.append(decode.Decoded("url-encoding", decode.unquote(t), escaped_alnum))
            if decode._HTML_ESC_RE.search(t):
                layer.append(decode.Decoded("html entities", decode.html.unescape(t), False))
            if decode._UESC_RE.search(t):
                decoded = decode._UESC_RE.sub(
                    lambda m: m.group(0).encode("ascii").decode("unicode_escape"), t
                )
                layer.append(decode.Decoded("unicode escapes", decoded, True))
        layer = [d for d in layer if d.text not in frontier]
        found.extend(layer)
        frontier = [d.text for d in layer]
        if not frontier:
            break
    return found


def ref_tags(original: str) -> str:
    return "".join(chr(ord(ch) - 0xE0000) for ch in original if 0xE0020 <= ord(ch) <= 0xE007E)


def ref_is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Co") or "\U0001f000" <= ch <= "\U0001faff"


def ref_bad_characters(s: str) -> str | None:
    control, invisible, binary = [], [], []
    for i, ch in enumerate(s):
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n\r":
            control.append(ch)
        elif ch == "\ufffd" or cat in ("Cs", "Cn"):
            binary.append(ch)
        elif ch in INVISIBLE or cat == "Cf":
            if ch == "\ufeff" and i == 0:
                continue
            prev = s[i - 1] if i else ""
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if ch == "\u200d" and prev and nxt and ref_is_symbol(prev) and ref_is_symbol(nxt):
                continue
            if (
                ch in "\ufe0e\ufe0f"
                and prev
                and (ref_is_symbol(prev) or prev.isdigit() or prev in "#*")
            ):
                continue
            invisible.append(ch)
    for label, chars in (("control", control), ("undecodable", binary), ("invisible", invisible)):
        if chars:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in chars})[:4])
            return f"{len(chars)} {label} character(s) ({codes})"
    return None


def ref_styled_letters(s: str) -> str | None:
    styled = 0
    for ch in s:
        if ch.isalpha() and not ch.isascii():
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and folded.isascii() and folded.isalpha():
                styled += 1
    return f"{styled} styled/full-width letters" if styled >= 4 else None


def ref_stacked_marks(s: str) -> str | None:
    run = stacked = 0
    for ch in unicodedata.normalize("NFC", s):
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        stacked += run == 3
    return f"{stacked} characters with stacked combining marks" if stacked else None


def ref_mixed_script(s: str) -> str | None:
    plain = unicodedata.normalize("NFKC", ref_strip_invisible(s))
    latin_words = 0
    lookalike_words = []
    for word in re.findall(r"[^\W\d_]{2,}", plain):
        scripts = {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in word}
        scripts &= {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"}
        if len(scripts) > 1:
            return f"mixed-script word {word!r} ({'/'.join(sorted(scripts))})"
        if scripts == {"LATIN"}:
            latin_words += 1
        elif scripts and all(ch in CONFUSABLES for ch in word):
            lookalike_words.append(word)
    if lookalike_words and latin_words >= 2:
        return f"look-alike word {lookalike_words[0]!r} in Latin text"
    return None


def ref_floods(s: str, symbol_run: int, char_run: int) -> str | None:
    dense = [ch for ch in s if not ch.isspace() and ch not in "\u200d\ufe0f\ufe0e"]
    symbols = sum(ref_is_symbol(ch) for ch in dense)
    run, best, best_ch = 1, 1, ""
    for prev, ch in itertools.pairwise(dense):
        run = run + 1 if ch == prev else 1
        if run > best:
            best, best_ch = run, ch
    if best_ch and ref_is_symbol(best_ch) and best >= symbol_run:
        return f"{best_ch!r} repeated {best} times"
    if best >= char_run:
        return f"{best_ch!r} repeated {best} times"
    if symbols >= 3 * symbol_run or (symbols >= symbol_run - 1 and symbols / len(dense) >= 0.5):
        return f"{symbols} emoji/symbols in {len(dense)} characters"
    alnum = sum(ch.isalnum() for ch in dense)
    if dense and alnum == 0 and symbols < len(dense):
        return "no letters or digits"
    if len(dense) >= 8 and alnum / len(dense) < 0.4 and symbols < len(dense):
        return f"mostly punctuation/symbols ({1 - alnum / len(dense):.0%})"
    return None


def ref_repetition(s: str, repeats: int) -> str | None:
    tokens = re.findall(r"\w+", s.lower())
    if len(tokens) >= 30 and len(set(tokens)) / len(tokens) < 0.1:
        return f"{len(tokens)} words but only {len(set(tokens))} distinct"
    for n in range(1, 9):
        if len(tokens) < n * repeats:
            break
        count = 1
        for i in range(n, len(tokens) - n + 1, n):
            count = count + 1 if tokens[i : i + n] == tokens[i - n : i] else 1
            if count >= repeats:
                return f"{' '.join(tokens[i : i + n])!r} repeated {count} times"
        for start in range(1, n):
            count = 1
            for i in range(start + n, len(tokens) - n + 1, n):
                count = count + 1 if tokens[i : i + n] == tokens[i - n : i] else 1
                if count >= repeats:
                    return f"{' '.join(tokens[i : i + n])!r} repeated {count} times"
    return None


# -- the corpus --------------------------------------------------------------------------------

_ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz ABC 0123456789 .,!?'-@$#*^`~",
    "аеорсхАЕОРСХαεορτΑΕΟΡΤ",  # look-alikes
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066\ufe0e\ufe0f\U000e0069\U000e0067",
    "\x00\x07\x1b\x7f\t\n\r\x0b\x0c\x1c\x85\u2028\ufffd",
    "\u0301\u0308\u0327\u20dd",  # combining marks
    "🔥💩😀👍👨👩👧❤™©®°€£¥✓★",
    "𝓦𝓱𝓮ⓦⓗⓔＷｈｅ",  # styled and full-width
    "ſ\u212a\u0130ıß中文한국어עבריתالعربية",
]


def _random_texts(count: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        pool = "".join(rng.sample(_ALPHABETS, rng.randint(1, 4)))
        chunk = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        filler = ["order", "refund", "help", "please", "my", "the", "asdf", "1gn0re", "i g n o r e"]
        words = [chunk * rng.choice((1, 1, 2, 5)), *rng.choices(filler, k=rng.randint(0, 10))]
        rng.shuffle(words)
        out.append(" ".join(words))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows] + SEED + [t for t in OURS if len(t) < 5000]
    texts += ["help me " * 9, "a b a b a b a b a b", "x y z " * 4, "ok ok ok ok ok ok ok ok"]
    encoded = [base64.b64encode(t.encode()).decode() for t in texts[:300:7]]
    texts += (
        encoded + [t.encode().hex() for t in texts[:300:11]] + [f"pls {e} thx" for e in encoded]
    )
    return texts + _random_texts(1500)


def test_the_corpus_reaches_every_outcome(corpus: list[str]) -> None:
    fired = {
        check: sum(bool(check(t)) for t in corpus)
        for check in (ref_bad_characters, ref_styled_letters, ref_stacked_marks, ref_mixed_script)
    }
    assert all(n >= 10 for n in fired.values()), fired
    assert sum(bool(ref_floods(t, 5, 15)) for t in corpus) >= 50
    assert sum(bool(ref_repetition(t, 3)) for t in corpus) >= 20


Check = Callable[[str], str | None]


@pytest.mark.parametrize(
    ("fast", "plain"),
    [
        (triggers._bad_characters, ref_bad_characters),
        (triggers._styled_letters, ref_styled_letters),
        (triggers._stacked_marks, ref_stacked_marks),
        (triggers._mixed_script, ref_mixed_script),
        (lambda s: triggers._floods(s, 5, 15), lambda s: ref_floods(s, 5, 15)),
        (lambda s: triggers._floods(s, 2, 3), lambda s: ref_floods(s, 2, 3)),
        (lambda s: triggers._repetition(s, 3), lambda s: ref_repetition(s, 3)),
        (lambda s: triggers._repetition(s, 8), lambda s: ref_repetition(s, 8)),
    ],
    ids=[
        "bad_characters",
        "styled",
        "stacked",
        "mixed_script",
        "floods",
        "floods_low",
        "repetition",
        "repetition_8",
    ],
)
def test_chaos_checks_equal_the_plain_versions(
    fast: Check, plain: Check, corpus: list[str]
) -> None:
    for s in corpus:
        assert fast(s) == plain(s), s[:80]


def test_text_helpers_equal_the_plain_versions(corpus: list[str]) -> None:
    for s in corpus:
        assert text.strip_invisible(s) == ref_strip_invisible(s), s[:80]
        assert text.views(s) == ref_views(s), s[:80]
        if len(s) < 500:  # the plain version's skip regex is quadratic in a token's length
            assert gibberish_evidence(s) == ref_gibberish_evidence(s), s[:80]
        tags = decode.decode_layers("", s)
        expected = ref_tags(s)
        assert (
            tags[0].text if tags and tags[0].kind == "unicode tag characters" else ""
        ) == expected


def test_gibberish_scores_are_remembered_not_changed() -> None:
    words = ["asdfghjkl", "refund", "qwertyuiop", "order", "zzzz", "xkcd", "banana"]
    before = [is_gibberish.__wrapped__(w) for w in words]
    assert [is_gibberish(w) for w in words] == before == [is_gibberish(w) for w in words]
    assert gibberish_evidence("asdfghjkl qwertyuiop") is not None
