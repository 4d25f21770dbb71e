"""Literal pre-filter for lists of phrase regexes: run only the patterns that can match a text.

For each pattern, the parse tree (``re._parser``, the tree ``re.compile`` itself builds) yields a
set of literal strings such that every match contains at least one of them (a necessary
condition, the idea behind RE2's and Hyperscan's pre-filters). :class:`PhraseMatcher` scans a
text once for all those literals and then runs, in their original order, only the patterns with
a literal present (plus those no literal set could be derived for). A pattern it skips cannot
match, so :meth:`PhraseMatcher.search` returns exactly what running every pattern in order does.

Case: literals are compared case-insensitively, with the ``re`` engine's own notion of "same
letter ignoring case" (``k`` also matches the Kelvin sign), whatever flags a pattern has — a
case-sensitive match is also a case-insensitive one, so the condition stays necessary.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["GatedRegex", "PhraseMatcher", "required_literals"]

_LIMIT = 64
"""Largest set of alternative strings enumerated for one part of a pattern."""
_SMALL_CLASS = 32
"""Largest character class (``[...]``) enumerated char by char."""
_MAX_REPEAT_ENUM = 4
"""Bounded repeats up to this many copies are enumerated (``x{1,3}``)."""
_CLAUSES = 2
"""Necessary literal sets kept per pattern (a pattern runs when each has a literal present)."""
_CACHE_TEXTS = 16
"""Texts whose scan results are kept (a ticket's views are searched by several detectors)."""
_CACHE_SETS = 1024
"""Sets of found literals whose candidate patterns are kept (ordinary texts repeat a few)."""


def _parser() -> Any:
    """``re``'s own pattern parser (private, but what ``re.compile`` uses), or None."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - other Pythons: every pattern just runs
        return None


_P = _parser()


Clauses = tuple[frozenset[str], ...]
"""Sets of strings; every match contains a string of each set."""


@dataclass(frozen=True, slots=True)
class _Info:
    """What a regex node can match: every string (``exact``), else ``need`` (see
    :data:`Clauses`); ``exact`` ``None`` means too many or unknown strings."""

    exact: frozenset[str] | None
    need: Clauses = ()


_ANY = _Info(None)
_EMPTY = _Info(frozenset({""}))

_OTHER_FREQUENCY = {" ": 0.17, ".": 0.01, ",": 0.01, "'": 0.005, "?": 0.004, "-": 0.002}
"""Rough shares of characters other than letters in customer messages (others: 0.001)."""
_RUN_RE = re.compile(r"[a-z]+|.", re.DOTALL)


@cache
def _letter_counts() -> tuple[Mapping[str, int], Mapping[str, int], Mapping[str, int]]:
    """Letter uni/bi/trigram counts of real customer messages (the gibberish model's data)."""
    try:
        from tollgate.constraints.gibberish import model

        counts = model()
        return counts.unigrams, counts.bigrams, counts.trigrams
    except Exception:  # pragma: no cover - data missing: every letter equally likely
        return {}, {}, {}


def _letters_frequency(word: str) -> float:
    uni, bi, tri = _letter_counts()
    if not uni:
        return float(26 ** -len(word))
    if len(word) == 1:
        return uni.get(word, 0) / (sum(uni.values()) or 1) + 1e-9
    out = bi.get(word[:2], 0) / (sum(bi.values()) or 1) + 1e-9
    for i in range(2, len(word)):
        context = bi.get(word[i - 2 : i], 0)
        out *= tri.get(word[i - 2 : i + 1], 0) / context if context else 0.0
        out += 1e-12
    return out


@lru_cache(maxsize=8192)
def _frequency(literal: str) -> float:
    """A guess at how often ``literal`` starts at a position of a customer message."""
    out = 1.0
    for run in _RUN_RE.findall(literal.lower()):
        if run.isascii() and run.isalpha():
            out *= _letters_frequency(run)
        else:
            out *= 0.004 if run.isdigit() else _OTHER_FREQUENCY.get(run, 0.001)
    return out


def _cost(clause: frozenset[str]) -> float:
    return sum(map(_frequency, clause))


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings containing another one of the set (the shorter one occurs whenever they do)."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _clause(strings: frozenset[str] | None) -> Clauses:
    return () if not strings or "" in strings else (_minimal(strings),)


def _need(info: _Info) -> Clauses:
    return _clause(info.exact) if info.exact is not None else info.need


def _implies(strong: frozenset[str], weak: frozenset[str]) -> bool:
    """Whether a string of ``strong`` present means one of ``weak`` is present too."""
    return all(any(w in s for w in weak) for s in strong)


def _best(clauses: Iterable[frozenset[str]]) -> Clauses:
    """The ``_CLAUSES`` rarest clauses that the others do not imply (all are necessary; more
    only cost scan bookkeeping)."""
    kept: list[frozenset[str]] = []
    for clause in sorted(set(clauses), key=_cost):
        if not any(_implies(other, clause) for other in kept):
            kept.append(clause)
    return tuple(kept[:_CLAUSES])


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > _LIMIT:
        return None
    return frozenset(a + b for a in left for b in right)


def _power(strings: frozenset[str], count: int) -> frozenset[str] | None:
    out: frozenset[str] | None = frozenset({""})
    for _ in range(count):
        out = _product(out, strings) if out is not None else None
    return out


def _sequence(items: Iterable[Any]) -> _Info:
    prefix: frozenset[str] = frozenset({""})
    complete = True
    clauses: list[frozenset[str]] = []
    for item in items:
        info = _node(item)
        if info.exact is not None:
            joined = _product(prefix, info.exact)
            if joined is not None:
                prefix = joined
                continue
            clauses += _clause(prefix)
            prefix, complete = info.exact, False
            continue
        complete = False
        clauses += info.need
        starts = _starts(item)
        joined = _product(prefix, starts) if starts is not None else None
        clauses += _clause(joined if joined is not None else prefix)
        prefix = frozenset({""})
    if complete:
        return _Info(prefix)
    clauses += _clause(prefix)
    return _Info(None, _best(clauses))


def _starts(node: tuple[Any, Any]) -> frozenset[str] | None:
    """Strings one of which starts every match of a repeat of an exact body (``x{4,}``)."""
    op, value = node
    if op not in (_P.MAX_REPEAT, _P.MIN_REPEAT, _P.POSSESSIVE_REPEAT) or value[0] < 1:
        return None
    body = _sequence(value[2])
    return _power(body.exact, value[0]) if body.exact is not None else None


def _branch(alternatives: Sequence[Any]) -> _Info:
    infos = [_sequence(alt) for alt in alternatives]
    exacts = [info.exact for info in infos]
    if all(e is not None for e in exacts):
        union = frozenset().union(*(e for e in exacts if e is not None))
        if len(union) <= _LIMIT:
            return _Info(union)
    # Every match is one alternative's, so it contains a string of that alternative's rarest
    # clause, and one of its second rarest (or rarest again): two clauses for the branch.
    best = [_best(_need(info)) for info in infos]
    if not all(best):
        return _ANY
    first = frozenset().union(*(b[0] for b in best))
    second = frozenset().union(*(b[-1] for b in best))
    return _Info(None, _best([first, second]))


def _repeat(low: int, high: int, body: _Info) -> _Info:
    if high == 0:
        return _EMPTY
    if body.exact is None:
        return _Info(None, body.need if low >= 1 else ())
    if high <= _MAX_REPEAT_ENUM:  # x?, x{2,3}: every count spelt out
        strings: set[str] = set()
        for count in range(low, high + 1):
            power = _power(body.exact, count)
            if power is None:
                break
            strings |= power
        else:
            if len(strings) <= _LIMIT:
                return _Info(frozenset(strings))
    if low == 0:
        return _ANY
    return _Info(None, _best([*_clause(_power(body.exact, low)), *_clause(body.exact)]))


def _char_class(items: Sequence[tuple[Any, Any]]) -> _Info:
    chars: set[str] = set()
    for op, value in items:
        if op is _P.LITERAL:
            chars.add(chr(value))
        elif op is _P.RANGE and value[1] - value[0] < _SMALL_CLASS:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:  # NEGATE, CATEGORY, big ranges: too many characters
            return _ANY
        if len(chars) > _SMALL_CLASS:
            return _ANY
    return _Info(frozenset(chars))


def _node(node: tuple[Any, Any]) -> _Info:
    op, value = node
    if op is _P.LITERAL:
        return _Info(frozenset({chr(value)}))
    if op is _P.IN:
        return _char_class(value)
    if op in (_P.AT, _P.ASSERT, _P.ASSERT_NOT):
        return _EMPTY  # zero-width
    if op is _P.SUBPATTERN:
        return _sequence(value[3])
    if op is _P.ATOMIC_GROUP:
        return _sequence(value)
    if op is _P.BRANCH:
        return _branch(value[1])
    if op in (_P.MAX_REPEAT, _P.MIN_REPEAT, _P.POSSESSIVE_REPEAT):
        low, high, body = value
        return _repeat(low, high, _sequence(body))
    return _ANY  # ANY, NOT_LITERAL, group references, conditionals: unknown


@lru_cache(maxsize=4096)
def required_literals(pattern: str, flags: int = 0) -> Clauses | None:
    """Sets of strings (compared ignoring case) such that every match of ``pattern`` contains
    a string of each set, or ``None`` when no set is known."""
    if _P is None:
        return None
    try:
        return _need(_sequence(_P.parse(pattern, flags))) or None
    except Exception:  # an unexpected tree shape: no pre-filter, the pattern always runs
        return None


def _same(text: str) -> str:
    return text


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching the longest of ``words`` that starts at a position."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _Folder(dict[int, str]):
    """``str.translate`` table mapping a character to the first literal character it equals
    ignoring case (``re`` semantics); other characters stay. Filled on first sight."""

    def __init__(self, alphabet: Sequence[str]) -> None:
        super().__init__()
        self.alphabet = alphabet
        groups = "|".join(f"({re.escape(ch)})" for ch in alphabet)
        self.regex = re.compile(f"(?:{groups})", re.IGNORECASE)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        match = self.regex.fullmatch(ch)
        folded = self.alphabet[match.lastindex - 1] if match and match.lastindex else ch
        if len(self) < 65_536:
            self[code] = folded
        return folded

    def fold(self, text: str) -> str:
        return text.lower() if text.isascii() else text.translate(self)


class PhraseMatcher:
    """Named groups of ordered regexes sharing one literal scan per text."""

    def __init__(
        self,
        groups: Mapping[str, Sequence[re.Pattern[str]]],
        transforms: Mapping[str, Callable[[str], str]] | None = None,
    ) -> None:
        """``transforms`` maps a group to a function applied to its literals: scanning a text
        ``t`` then tells which of the group's patterns may match ``f(t)`` (see
        :meth:`search_via`). ``f`` must work character by character and commute with case
        folding on the texts it is used for (reversal always; ROT13 on ASCII text)."""
        self.groups = {name: tuple(regexes) for name, regexes in groups.items()}
        transforms = transforms or {}
        needs = {
            (name, i): tuple(
                frozenset(map(transforms.get(name, _same), clause))
                for clause in required_literals(regex.pattern, regex.flags) or ()
            )
            for name, regexes in self.groups.items()
            for i, regex in enumerate(regexes)
        }
        alphabet = dict.fromkeys("abcdefghijklmnopqrstuvwxyz")
        for clauses in needs.values():
            for literal in (lit for clause in clauses for lit in clause):
                alphabet.update(dict.fromkeys(literal))
        self._folder = _Folder(list(alphabet))
        self._clause_count = {key: len(clauses) for key, clauses in needs.items()}
        self._always = frozenset(key for key, count in self._clause_count.items() if not count)
        # Folded literal -> the (group, pattern, clause) it satisfies.
        owners: dict[str, set[tuple[str, int, int]]] = {}
        for (name, i), clauses in needs.items():
            for c, clause in enumerate(clauses):
                for literal in clause:
                    owners.setdefault(literal.translate(self._folder), set()).add((name, i, c))
        # A scan reports the longest literal starting at each position; the literals inside it
        # (prefixes and any other substring) are present too.
        self._satisfied: dict[str, frozenset[tuple[str, int, int]]] = {}
        for found in owners:
            inside = {found[a:b] for a in range(len(found)) for b in range(a + 1, len(found) + 1)}
            self._satisfied[found] = frozenset().union(
                *(owners[lit] for lit in inside & owners.keys())
            )
        trie = _trie_regex(owners)
        self._scanner = re.compile(f"(?=({trie}))") if trie else None
        self._scan = lru_cache(maxsize=_CACHE_TEXTS)(self._scan_text)
        self._choose = lru_cache(maxsize=_CACHE_SETS)(self._candidates_of)

    def _scan_text(self, text: str) -> dict[str, tuple[int, ...]]:
        if self._scanner is None:
            return self._choose(frozenset())
        return self._choose(frozenset(self._scanner.findall(self._folder.fold(text))))

    def _candidates_of(self, found: frozenset[str]) -> dict[str, tuple[int, ...]]:
        """Per group, the indexes of the patterns that may match a text in which the literals
        ``found`` start, in order (groups without any are left out)."""
        hits: set[tuple[str, int, int]] = set()
        for literal in found:
            hits |= self._satisfied[literal]
        counts = Counter((name, i) for name, i, _ in hits)
        chosen = self._always.union(
            key for key, n in counts.items() if n == self._clause_count[key]
        )
        out: dict[str, list[int]] = {}
        for name, i in sorted(chosen):
            out.setdefault(name, []).append(i)
        return {name: tuple(ids) for name, ids in out.items()}

    def candidates(self, group: str, text: str) -> tuple[int, ...]:
        """Indexes of the group's regexes that may match ``text`` (the others cannot)."""
        return self._scan(text).get(group, ())

    def search_via(self, group: str, text: str, scanned: str) -> tuple[int, re.Match[str]] | None:
        """``search(group, [text])`` for a transformed group, with ``text == f(scanned)``."""
        regexes = self.groups[group]
        for i in self._scan(scanned).get(group, ()):
            match = regexes[i].search(text)
            if match:
                return i, match
        return None

    def search(self, group: str, texts: Iterable[str]) -> tuple[int, re.Match[str]] | None:
        """The first match of the group's regexes over ``texts`` (text by text, each regex in
        order) and the index of the regex that matched, as if every regex ran."""
        regexes = self.groups[group]
        for text in texts:
            for i in self._scan(text).get(group, ()):
                match = regexes[i].search(text)
                if match:
                    return i, match
        return None


class GatedRegex:
    """A compiled regex that does not search ASCII texts lacking its required literals (the
    search could not match them); results are the regex's own."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        folder = _Folder(list("abcdefghijklmnopqrstuvwxyz"))
        clauses = []
        for clause in required_literals(regex.pattern, regex.flags) or ():
            # An ASCII text holds a literal only in lower case; a literal with a character no
            # ASCII character equals (ignoring case) cannot occur in one.
            folded = {literal.translate(folder) for literal in clause}
            clauses.append(tuple(sorted(lit for lit in folded if lit.isascii())))
        self._clauses = tuple(clauses)

    def may_match(self, text: str) -> bool:
        if not self._clauses or not text.isascii():
            return True
        lowered = text.lower()
        return all(any(lit in lowered for lit in clause) for clause in self._clauses)

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.may_match(text) else iter(())
