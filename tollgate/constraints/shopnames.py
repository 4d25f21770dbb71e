"""The structural competitor rule: a capitalised name in a retail context (issue 21, round 5).

A shop the pack's ``competitors`` list does not know ("Hobbycraft has the paint set", "is this
cheaper at Dreams?") still names another shop when the words around it are those of a retail
comparison. The vocabulary (contexts, this shop's names, capitalised words that are no shop,
person cues) is the domain pack's ``competitor_context``
(:class:`~tollgate.constraints.schema.CompetitorContext`); this module only applies it.

Contract of :func:`find_shop_name`: the first context match whose name, after dropping leading
``not_names`` words and a trailing possessive, is non-empty, not this shop's, neither itself nor
all its words in ``not_names``, not starting with or right after a person cue; ``None``
otherwise, and always ``None`` on text written mostly in capitals (where capitalisation says
nothing about names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tollgate.constraints.schema import CompetitorContext

_WORD = r"[A-Z][A-Za-z&'.-]*(?!\w)"
_WEB_SUFFIX = r"\.(?:co\.uk|com|net|org|ie)"
_DOMAIN = rf"(?<![@.\w])[a-z0-9][a-z0-9-]*{_WEB_SUFFIX}(?![\w.@/])"
NAME = rf"(?P<shop>(?-i:{_WORD}(?:(?: (?:&|and|of))? {_WORD}){{0,3}}|{_DOMAIN}))"
"""One to four capitalised tokens ("Toys R Us", "H. Samuel", "B&Q", "Marks and Spencer"), or a
shop's web address in lower case ("kitsale.co.uk", not a mail address or a URL path); matched
case-sensitively inside the otherwise case-insensitive contexts."""

_SHOUTING = 0.6
"""Above this share of capital letters a text is shouting, and its capitals name nothing."""


@dataclass(frozen=True)
class ShopContext:
    """A pack's ``competitor_context``, compiled once."""

    contexts: tuple[re.Pattern[str], ...]
    own: frozenset[str]
    not_names: frozenset[str]
    person_cues: tuple[str, ...]

    @classmethod
    def build(cls, spec: CompetitorContext) -> ShopContext:
        return cls(
            contexts=tuple(
                re.compile(r"(?<![\w'#])" + c.replace("{shop}", NAME), re.IGNORECASE)
                for c in spec.contexts
            ),
            own=frozenset(n.lower() for n in spec.own_names),
            not_names=frozenset(n.lower() for n in spec.not_names),
            person_cues=tuple(c.lower() for c in spec.person_cues),
        )


def shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > _SHOUTING * len(letters)


def _key(token: str) -> str:
    return re.sub(r"(?:'s|s'|')$", "", token.lower().rstrip(".,"))


def _name(match: re.Match[str], text: str, ctx: ShopContext) -> str | None:
    tokens = match.group("shop").split()
    while tokens and _key(tokens[0]) in ctx.not_names:
        tokens.pop(0)
    if not tokens or _key(tokens[0]) in ctx.person_cues:
        return None
    name = re.sub(r"(?:'s|s'|')$", "", " ".join(tokens).rstrip(".,"))
    key = re.sub(_WEB_SUFFIX + "$", "", name.lower())  # "tollgate.com" is this shop too
    if key in ctx.own or key in ctx.not_names or all(_key(t) in ctx.not_names for t in tokens):
        return None
    start = match.start("shop") + match.group("shop").find(tokens[0])
    before = text[:start].lower().replace(",", " ").split()
    if before and (before[-1] in ctx.person_cues or " ".join(before[-2:]) in ctx.person_cues):
        return None
    return name


def find_shop_name(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    """``(name, matched text)`` of the first shop named in a retail context, else ``None``."""
    if not ctx.contexts or shouting(text) or not re.search(rf"[A-Z]|\w{_WEB_SUFFIX}\b", text):
        return None
    for regex in ctx.contexts:
        for match in regex.finditer(text):
            name = _name(match, text, ctx)
            if name:
                return name, match.group(0)
    return None
