"""Escalation trigger detectors. Each returns the evidence that made it fire, or ``None``.

:func:`detect_triggers` runs them all on a ticket: ``original`` is the raw text (control,
invisible and binary characters, floods and length are judged there), ``clean`` the hygiene
output (phrases are matched there, on normalised, homoglyph-folded and de-obfuscated views).
"""

from __future__ import annotations

import codecs
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from tollgate.constraints import patterns
from tollgate.constraints.decode import decode_layers, scrambles
from tollgate.constraints.gibberish import gibberish_evidence
from tollgate.constraints.prefilter import PhraseMatcher
from tollgate.constraints.schema import (
    LANGUAGE_TRIGGERS,
    TRIGGER_NAMES,
    AmountLimit,
    ConstraintSchema,
    ForbiddenAction,
)
from tollgate.constraints.shopnames import ShopContext, find_unlisted_shop
from tollgate.constraints.text import INVISIBLE, WORD_RE, normalise, strip_invisible, views
from tollgate.textsafety import money
from tollgate.textsafety.confusables import CONFUSABLES

if TYPE_CHECKING:
    from tollgate.constraints.model import TriggerModel, TriggerScores

_T = TypeVar("_T")

MAX_SCAN_CHARS = 200_000
"""Detectors look at most at this many characters (the ticket contract's ceiling)."""

_PHRASES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("legal", patterns.compile_all(patterns.LEGAL)),
    ("threat", patterns.compile_all(patterns.THREAT)),
    ("pricing", patterns.compile_all(patterns.PRICING)),
    ("injection", patterns.compile_all(patterns.INJECTION)),
    ("filtered", patterns.compile_all(patterns.FILTERED)),
)
_NATURAL_INJECTION = dict(_PHRASES)["injection"][: patterns.NATURAL_INJECTION_COUNT]
assert all(regex.pattern.isascii() for regex in _NATURAL_INJECTION)  # ROT13 needs ASCII literals
_SCRAMBLED_GROUPS = {"rot13": "natural@rot13", "reversed text": "natural@reversed"}
_SCRAMBLES: dict[str, Callable[[str], str]] = {
    "natural@rot13": lambda text: codecs.encode(text, "rot13"),
    "natural@reversed": lambda text: text[::-1],
}
"""The natural-injection phrases are looked for in ROT13 and reversed copies of the text. Their
literals, scrambled the same way, are found by the one scan of the text itself: reversal keeps
characters, and ROT13 commutes with case folding on ASCII (non-ASCII text scans the copy)."""


@dataclass(frozen=True)
class TriggerHit:
    """A trigger that fired and what matched."""

    name: str
    evidence: str


@dataclass(frozen=True)
class _Ticket:
    original: str
    clean: str
    views: list[str]
    phrases: PhraseMatcher


def _snip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _search(matcher: PhraseMatcher, group: str, texts: list[str]) -> str | None:
    """Evidence of the first match over ``texts`` (text by text, each pattern in order)."""
    found = matcher.search(group, texts)
    return f"matched {_snip(found[1].group(0))!r}" if found else None


def legal_language(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Lawyers, lawsuits, courts, chargebacks, regulators, data-protection complaints."""
    return _search(t.phrases, "legal", t.views)


def threat_language(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Violence, self-harm, 'I know where you live', bombs, doxxing, public-shaming threats."""
    return _search(t.phrases, "threat", t.views)


_COMPILED: dict[int, tuple[object, object]] = {}


def _memo(owner: object, build: Callable[[], _T]) -> _T:
    """Cache per (unhashable, immutable) schema object; the owner is kept so ids stay unique."""
    entry = _COMPILED.get(id(owner))
    if entry is None or entry[0] is not owner:
        entry = (owner, build())
        _COMPILED[id(owner)] = entry
    return entry[1]  # type: ignore[return-value]


def _competitor_regexes(schema: ConstraintSchema) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return _memo(schema.competitors, lambda: _build_competitor_regexes(schema))


def _build_competitor_regexes(schema: ConstraintSchema) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for competitor in schema.competitor_specs:
        for spelling in competitor.spellings:
            body = r"[\s-]*".join(re.escape(part) for part in spelling.split())
            regex = patterns.COMPETITOR_BOUNDARY.format(body)
            unless = [*patterns.STREET_WORDS, *competitor.unless_followed_by]
            regex += r"(?!\s+(?i:" + "|".join(map(re.escape, unless)) + r")\b)"
            flags = 0 if competitor.case_sensitive else re.IGNORECASE
            out.append((competitor.name, re.compile(regex, flags)))
    return tuple(out)


def _matcher(schema: ConstraintSchema) -> PhraseMatcher:
    """One pre-filtered matcher for every phrase list: the fixed ones, then the schema's."""
    return _memo(schema, lambda: _phrase_matcher(_schema_phrases(schema)))


def _schema_phrases(
    schema: ConstraintSchema,
) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    competitors = ("competitor", tuple(regex for _, regex in _competitor_regexes(schema)))
    forbidden = tuple(
        (f"forbidden:{name}", _forbidden_regexes(action))
        for name, action in schema.forbidden_actions.items()
    )
    contexts = tuple(
        (f"context:{name}", _context_regexes(action.amount_limit))
        for name, action in schema.forbidden_actions.items()
        if action.amount_limit is not None
    )
    return (*_PHRASES, competitors, *forbidden, *contexts)


@functools.lru_cache(maxsize=8)
def _phrase_matcher(
    groups: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...],
) -> PhraseMatcher:
    """Built once per distinct set of phrase lists (schemas loaded from one file share it)."""
    scrambled = {group: _NATURAL_INJECTION for group in _SCRAMBLED_GROUPS.values()}
    return PhraseMatcher({**dict(groups), **scrambled}, _SCRAMBLES)


@functools.cache
def _natural_matcher() -> PhraseMatcher:
    return PhraseMatcher({"natural": _NATURAL_INJECTION})


def competitor_mention(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """A competitor from the schema's list, as a whole word; else a capitalised name in one of
    the pack's retail contexts (:mod:`~tollgate.constraints.shopnames`)."""
    found = t.phrases.search("competitor", t.views)
    if found is not None:
        name = _competitor_regexes(schema)[found[0]][0]
        return f"competitor {name} ({_snip(found[1].group(0))!r})"
    context = _memo(schema.competitor_context, lambda: ShopContext.build(schema.competitor_context))
    shop = find_unlisted_shop(t.views[0], context)
    return None if shop is None else f"shop {shop[0]} {shop[2]} ({_snip(shop[1])!r})"


def pricing_negotiation(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Price matching, haggling, conditional or bulk discounts (not discount codes)."""
    return _search(t.phrases, "pricing", t.views)


def prompt_injection(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Instruction overrides, jailbreaks, prompt extraction, fake turns, template/code/script
    injection, and any of these hidden in an encoding."""
    found = _search(t.phrases, "injection", t.views)
    if found:
        return found
    base = t.views[0]
    for layer in decode_layers(base, t.original):
        inner = _search(t.phrases, "injection", views(layer.text))
        if inner:
            return f"{layer.kind}: {inner}"
        if layer.suspicious:
            return f"{layer.kind} hides text {_snip(layer.text, 60)!r}"
    if base.isascii() and not any(t.phrases.candidates(g, base) for g in _SCRAMBLES):
        return None  # no natural phrase can be in the ROT13 or reversed copy
    for layer in scrambles(base):
        group = _SCRAMBLED_GROUPS[layer.kind]
        if layer.kind == "reversed text" or base.isascii():  # see _SCRAMBLES
            hit = t.phrases.search_via(group, layer.text, base)
        else:
            hit = _natural_matcher().search("natural", [layer.text])
        if hit:
            return f"{layer.kind}: matched {_snip(hit[1].group(0))!r}"
    return None


def filtered_content(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Redaction marks written by someone else: [REDACTED], ***, XXXX-XXXX, █ (not our <PII:…>)."""
    return _search(t.phrases, "filtered", t.views[:1])


def chaos_input(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """Empty, huge, binary, invisible-character, flooded, repetitive, mixed-script or
    keyboard-mashed input."""
    limits = schema.chaos
    original = t.original
    if not original.strip() or not t.views[0].strip():
        return "empty or whitespace-only text"
    if len(original) > limits.max_chars:
        return f"text is {len(original)} characters (limit {limits.max_chars})"
    for check in (_bad_characters, _styled_letters, _stacked_marks, _mixed_script):
        evidence = check(original)
        if evidence:
            return evidence
    evidence = _floods(original, limits.symbol_run, limits.char_run)
    if evidence:
        return evidence
    evidence = _repetition(original, limits.token_repeats)
    if evidence:
        return evidence
    for token in original.split():
        if len(token) > limits.max_token_chars and not re.match(r"(?i)(?:https?://|www\.)", token):
            return f"{len(token)}-character unbroken token"
    evidence = _structured(original)
    if evidence:
        return evidence
    return gibberish_evidence(t.views[0])


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Co") or "\U0001f000" <= ch <= "\U0001faff"


_ASCII_CONTROL = "".join(
    ch for ch in map(chr, range(128)) if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"
)
_ASCII_CONTROL_RE = re.compile(f"[{re.escape(_ASCII_CONTROL)}]")
"""The ASCII characters :func:`_bad_characters` reports (ASCII has no invisible or binary ones)."""


def _bad_characters(text: str) -> str | None:
    control: list[str] = []
    invisible: list[str] = []
    binary: list[str] = []
    if text.isascii():
        control = _ASCII_CONTROL_RE.findall(text)
    for i, ch in enumerate("" if text.isascii() else text):
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n\r":
            control.append(ch)
        elif ch == "\ufffd" or cat in ("Cs", "Cn"):
            binary.append(ch)
        elif ch in INVISIBLE or cat == "Cf":
            if ch == "\ufeff" and i == 0:
                continue
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if ch == "\u200d" and prev and nxt and _is_symbol(prev) and _is_symbol(nxt):
                continue  # emoji ZWJ sequence
            if (
                ch in "\ufe0e\ufe0f"
                and prev
                and (_is_symbol(prev) or prev.isdigit() or prev in "#*")
            ):
                continue  # emoji presentation selector
            invisible.append(ch)
    for label, chars in (("control", control), ("undecodable", binary), ("invisible", invisible)):
        if chars:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in chars})[:4])
            return f"{len(chars)} {label} character(s) ({codes})"
    return None


def _styled_letters(text: str) -> str | None:
    if text.isascii():
        return None
    styled = 0
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and folded.isascii() and folded.isalpha():
                styled += 1
    return f"{styled} styled/full-width letters" if styled >= 4 else None


def _stacked_marks(text: str) -> str | None:
    """Three or more combining marks on one character ("Zalgo" text)."""
    if text.isascii():
        return None
    run = stacked = 0
    for ch in unicodedata.normalize("NFC", text):
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        stacked += run == 3
    return f"{stacked} characters with stacked combining marks" if stacked else None


_SCRIPT_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})


def _mixed_script(text: str) -> str | None:
    if text.isascii():  # every word is Latin
        return None
    plain = unicodedata.normalize("NFKC", strip_invisible(text))
    latin_words = 0
    lookalike_words = []
    for word in _SCRIPT_WORD_RE.findall(plain):
        scripts = {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in word}
        scripts &= _LOOKALIKE_SCRIPTS
        if len(scripts) > 1:
            return f"mixed-script word {word!r} ({'/'.join(sorted(scripts))})"
        if scripts == {"LATIN"}:
            latin_words += 1
        elif scripts and all(ch in CONFUSABLES for ch in word):
            lookalike_words.append(word)
    if lookalike_words and latin_words >= 2:
        return f"look-alike word {lookalike_words[0]!r} in Latin text"
    return None


_ASCII_SYMBOLS = tuple(ch for ch in map(chr, range(128)) if _is_symbol(ch))
_JOINERS = dict.fromkeys(map(ord, "\u200d\ufe0f\ufe0e"))
_RUN_RE = re.compile(r"(.)\1+", re.DOTALL)


@functools.cache
def _run_of(length: int) -> re.Pattern[str]:
    return re.compile(rf"(.)\1{{{length - 1}}}", re.DOTALL)


_ASCII_ALNUM_DELETE = dict.fromkeys(c for c in range(128) if chr(c).isalnum())


def _floods(text: str, symbol_run: int, char_run: int) -> str | None:
    dense = "".join(text.split())  # str.split() splits exactly on str.isspace() characters
    if dense.isascii():
        symbols = sum(map(dense.count, _ASCII_SYMBOLS))
    else:
        dense = dense.translate(_JOINERS)
        symbols = sum(map(_is_symbol, dense))
    best, best_ch = 1, ""  # the first longest run of one character
    shortest = min(symbol_run, char_run)  # shorter runs cannot fire below
    if shortest <= 2 or _run_of(shortest).search(dense):
        for run in _RUN_RE.finditer(dense):
            if run.end() - run.start() > best:
                best, best_ch = run.end() - run.start(), run.group(1)
    if best_ch and _is_symbol(best_ch) and best >= symbol_run:
        return f"{best_ch!r} repeated {best} times"
    if best >= char_run:
        return f"{best_ch!r} repeated {best} times"
    if symbols >= 3 * symbol_run or (symbols >= symbol_run - 1 and symbols / len(dense) >= 0.5):
        return f"{symbols} emoji/symbols in {len(dense)} characters"
    if dense.isascii():
        alnum = len(dense) - len(dense.translate(_ASCII_ALNUM_DELETE))
    else:
        alnum = sum(map(str.isalnum, dense))
    if dense and alnum == 0 and symbols < len(dense):
        return "no letters or digits"
    if len(dense) >= 8 and alnum / len(dense) < 0.4 and symbols < len(dense):
        return f"mostly punctuation/symbols ({1 - alnum / len(dense):.0%})"
    return None


def _repetition(text: str, repeats: int) -> str | None:
    tokens = WORD_RE.findall(text.lower())
    distinct = len(set(tokens))
    if len(tokens) >= 30 and distinct / len(tokens) < 0.1:
        return f"{len(tokens)} words but only {distinct} distinct"
    if distinct == len(tokens) and repeats >= 2:  # a repeat needs a word seen twice
        return None
    for n in range(1, 9):
        if len(tokens) < n * repeats:
            break
        count = 1
        for i in range(n, len(tokens) - n + 1, n):
            count = count + 1 if tokens[i : i + n] == tokens[i - n : i] else 1
            if count >= repeats:
                return f"{' '.join(tokens[i : i + n])!r} repeated {count} times"
        # also try every phase of the period
        for start in range(1, n):
            count = 1
            for i in range(start + n, len(tokens) - n + 1, n):
                count = count + 1 if tokens[i : i + n] == tokens[i - n : i] else 1
                if count >= repeats:
                    return f"{' '.join(tokens[i : i + n])!r} repeated {count} times"
    return None


def _structured(text: str) -> str | None:
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            value = json.loads(stripped)
        except ValueError:
            value = None
        if isinstance(value, (dict, list)):
            return f"a JSON {type(value).__name__} instead of a message"
    tags = re.findall(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?>", stripped)
    if len(tags) >= 3:
        return f"{len(tags)} markup tags"
    return None


def parse_amount(raw: str) -> float | None:
    """``1,200.50`` / ``1.200,50`` / ``49.99`` / ``49,99`` → float (None if unreadable)."""
    value = money.parse_amount(raw)
    return None if value is None else float(value)


def _amounts(text: str) -> list[tuple[int, float]]:
    """Every sum of money the text states (:func:`tollgate.textsafety.money.find_money`), as
    (position, value)."""
    return [(m.start, float(m.value)) for m in money.find_money(text) if m.value is not None]


def _forbidden_regexes(forbidden: ForbiddenAction) -> tuple[re.Pattern[str], ...]:
    def build() -> tuple[re.Pattern[str], ...]:
        keywords = [
            r"\b" + r"\s+".join(map(re.escape, k.split())) + r"\b" for k in forbidden.keywords
        ]
        return patterns.compile_all((*forbidden.patterns, *keywords))

    return _memo(forbidden, build)


def _context_regexes(limit: AmountLimit) -> tuple[re.Pattern[str], ...]:
    return _memo(limit, lambda: tuple(re.compile(c, re.IGNORECASE) for c in limit.context))


def _over_limit(
    name: str, forbidden: ForbiddenAction, t: _Ticket, schema: ConstraintSchema
) -> str | None:
    limit = forbidden.amount_limit
    if limit is None:
        return None
    ceiling = schema.allowed_actions[limit.action].params[limit.param].max
    if ceiling is None:
        return None
    text = t.views[0]
    if not money.might_state_money(text) or not t.phrases.candidates(f"context:{name}", text):
        return None  # every sum holds a digit or a currency word; no context regex can match
    contexts = [m.start() for c in _context_regexes(limit) for m in c.finditer(text)]
    if not contexts:
        return None
    for pos, value in _amounts(text):
        if value > ceiling and any(abs(pos - c) <= 150 for c in contexts):
            return f"{value:g} exceeds {limit.action}.{limit.param} max {ceiling:g}"
    return None


def forbidden_action(t: _Ticket, schema: ConstraintSchema) -> str | None:
    """The text asks for something in ``forbidden_actions`` (refund over the limit, payment
    methods, account permissions, price promises)."""
    for name, forbidden in schema.forbidden_actions.items():
        over = _over_limit(name, forbidden, t, schema)
        if over:
            return f"{name}: {over}"
        found = _search(t.phrases, f"forbidden:{name}", t.views)
        if found:
            return f"{name}: {found}"
    return None


Detector = Callable[[_Ticket, ConstraintSchema], "str | None"]

DETECTORS: dict[str, Detector] = {
    "legal_language": legal_language,
    "threat_language": threat_language,
    "competitor_mention": competitor_mention,
    "pricing_negotiation": pricing_negotiation,
    "prompt_injection": prompt_injection,
    "filtered_content": filtered_content,
    "chaos_input": chaos_input,
    "forbidden_action": forbidden_action,
}
assert tuple(DETECTORS) == TRIGGER_NAMES


def detect_triggers(
    original: str,
    clean: str,
    schema: ConstraintSchema,
    model: TriggerModel | None = None,
    *,
    suggested: Sequence[str] = (),
    learned: Mapping[str, float] | None = None,
) -> list[TriggerHit]:
    """Every enabled trigger that fires on a ticket, in :data:`TRIGGER_NAMES` order.

    With a learned ``model`` a modelled trigger also fires when the model's score reaches its
    threshold on any view of the text or on a decoded layer (base64, hex, escapes…); the rule's
    evidence wins when both fire, the model's reads ``"model:0.93"``. ``suggested`` are the
    names an LLM saw (:data:`~tollgate.constraints.schema.LANGUAGE_TRIGGERS` only): each fires
    with evidence ``"llm"`` when nothing local did; they can add triggers, never remove one.
    ``learned``: the model's answer computed beforehand for a batch (:func:`learned_triggers`).
    """
    original = original[:MAX_SCAN_CHARS]
    ticket = _Ticket(original, clean, views(clean[:MAX_SCAN_CHARS]), _matcher(schema))
    if learned is None:
        learned = model.fired(_model_texts(ticket.views, original)) if model is not None else {}
    hits = []
    for name, detector in DETECTORS.items():
        route = schema.escalation_triggers.get(name)
        if route is None or not route.enabled:
            continue
        evidence = detector(ticket, schema)
        if not evidence and name in learned:
            evidence = f"model:{learned[name]:.2f}"
        if not evidence and name in suggested and name in LANGUAGE_TRIGGERS:
            evidence = "llm"
        if evidence:
            hits.append(TriggerHit(name, evidence))
    return hits


def _model_texts(ticket_views: list[str], original: str) -> list[str]:
    """What the model reads of a ticket: its views and its decoded layers' views."""
    texts = list(ticket_views)
    for layer in decode_layers(ticket_views[0], original):
        texts += views(layer.text)
    return texts


def learned_triggers(
    tickets: Sequence[tuple[str, str]], model: TriggerModel | None
) -> list[TriggerScores] | None:
    """The model's answer for a batch of ``(original, clean)`` tickets in one pass (``None``
    without a model): its ``fired`` triggers are :func:`detect_triggers`' ``learned``, its
    ``doubted`` ones the near misses the decision stage holds for a human."""
    if model is None:
        return None
    groups = [
        _model_texts(views(clean[:MAX_SCAN_CHARS]), original[:MAX_SCAN_CHARS])
        for original, clean in tickets
    ]
    return model.assess_many(groups)


__all__ = [
    "DETECTORS",
    "TriggerHit",
    "detect_triggers",
    "learned_triggers",
    "normalise",
    "parse_amount",
]
