"""The structural competitor rule: a capitalised name in a retail context (issue 21, round 5).

A shop the pack's ``competitors`` list does not know ("Hobbycraft has the paint set", "is this
cheaper at Dreams?") still names another shop when the words around it are those of a retail
comparison. The vocabulary (contexts, this shop's names, capitalised words that are no shop,
person cues) is the domain pack's ``competitor_context``
(:class:`~tollgate.constraints.schema.CompetitorContext`); this module only applies it.

Contract of :func:`find_shop_name`: the first context match whose name, after dropping leading
``not_names`` words and a trailing possessive, is non-empty, not this shop's, neither itself nor
all its words in ``not_names``, not starting with, right after, or behind a dropped person cue
("Dr Okafor"); ``None`` otherwise, and always ``None`` on text written mostly in capitals or in
title case (where capitalisation says nothing about names).

Since round 8 :func:`find_actor_name` also reads an unknown name acting as a sentence's subject
("Pooky make the lampshade in pink"), with people's first names (:func:`builtin_first_names`)
and English verb forms (``lemminflect``) telling persons and verbs apart; its contract is on it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

from tollgate.constraints.patterns import STREET_WORDS
from tollgate.constraints.schema import CompetitorContext

_WORD = r"[A-Z][A-Za-z&'.-]*(?!\w)"
# Country and trade suffixes that are no English word ("arrived.it was broken" names no site).
_WEB_SUFFIX = (
    r"\.(?:co\.uk|com\.au|co\.nz|com|net|org|ie|de|fr|nl|fi|se|dk|es|ch|pl|eu|pt|cz|ca|shop|store)"
)
_DOMAIN = rf"(?<![@.\w])[a-z0-9][a-z0-9-]*{_WEB_SUFFIX}(?![\w.@/])"
NAME = rf"(?P<shop>(?-i:{_WORD}(?:(?: (?:&|and|of))? {_WORD}){{0,3}}|{_DOMAIN}))"
"""One to four capitalised tokens ("Toys R Us", "H. Samuel", "B&Q", "Marks and Spencer"), or a
shop's web address in lower case ("kitsale.co.uk", not a mail address or a URL path); matched
case-sensitively inside the otherwise case-insensitive contexts."""
SITE = rf"(?P<shop>{_DOMAIN})"
"""A lower-case web address only: a context's ``{site}`` slot."""

_SHOUTING = 0.6
"""Above this share of capital letters a text is shouting, and its capitals name nothing."""


@functools.cache
def builtin_first_names() -> frozenset[str]:
    """People's first names of many languages, lower-cased (``first_names.txt`` beside this
    module, about 21,000, written by ``bench/trigger_data/first_names.py`` from Faker)."""
    text = resources.files(__package__).joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(n.strip() for n in text.splitlines() if n.strip() and n[0] != "#")


@dataclass(frozen=True)
class ShopContext:
    """A pack's ``competitor_context``, compiled once."""

    contexts: tuple[re.Pattern[str], ...]
    own: frozenset[str]
    not_names: frozenset[str]
    person_cues: tuple[str, ...]
    first_names: frozenset[str] = frozenset()
    blocked: frozenset[str] = frozenset()
    """``not_names``, this shop's names and the person cues: words no acting name may hold."""
    trade_words: frozenset[str] = frozenset()
    """Words that end shops' names ("hardware", "sons"): see :func:`find_actor_name`."""

    @classmethod
    def build(cls, spec: CompetitorContext) -> ShopContext:
        return cls(
            contexts=tuple(
                re.compile(
                    r"(?<![\w'#])" + c.replace("{shop}", NAME).replace("{site}", SITE),
                    re.IGNORECASE,
                )
                for c in spec.contexts
            ),
            own=frozenset(n.lower() for n in spec.own_names),
            not_names=frozenset(n.lower() for n in spec.not_names),
            person_cues=tuple(c.lower() for c in spec.person_cues),
            first_names=builtin_first_names() | {n.lower() for n in spec.first_names},
            blocked=frozenset(
                n.lower() for n in (*spec.not_names, *spec.own_names, *spec.person_cues)
            ),
            trade_words=frozenset(w.lower() for w in spec.trade_words),
        )

    def person(self, run: str, next_word: str) -> bool:
        """A person's name acting: one first name ("Bogdan delivered…"), or a first name and a
        surname (a first name or a word English does not know) before a person's verb or a
        preposition ("Sarah Jones said…", "Sarah Jones from your team…"); never a run joined by
        "&" or "and" ("Holland & Barrett"), nor "Peter Tyson knocked a bit off…" or "Park
        Cameras threw in…"."""
        tokens = run.split()
        if {"&", "and", "+"} & set(tokens):
            return False
        keys = [_key(t) for t in tokens]
        if not keys or keys[0] not in self.first_names:
            return False
        if len(keys) == 1:
            return True
        surname = keys[1] in self.first_names or not _lemmas(keys[1])
        return surname and next_word.lower() in _PERSON_WORDS


def shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > _SHOUTING * len(letters)


_POSSESSIVE = re.compile(r"(?:'s|s'|')$")


def _key(token: str) -> str:
    return _POSSESSIVE.sub("", token.lower().rstrip(".,"))


def _name(match: re.Match[str], text: str, ctx: ShopContext) -> str | None:
    tokens = match.group("shop").split()
    dotted = [t.endswith(".") and len(t) > 3 for t in tokens]
    if dotted[-1] and match.end() > match.end("shop"):
        return None  # "Kingsway Court. Has it…": a sentence ends inside the run
    trimmed = any(dotted[:-1])
    if trimmed:
        if match.start("shop") != match.start():
            return None  # "bought from AGAIN. Fretline…": the context is in another sentence
        tokens = tokens[max(i for i, d in enumerate(dotted[:-1]) if d) + 1 :]
        # "…gauge AGAIN. Fretline Music never once got that wrong": the name after the stop
    while tokens and _key(tokens[0]) in ctx.not_names:
        if _key(tokens.pop(0)) in ctx.person_cues:
            return None  # "Dr Okafor", "Mrs Hale": a title before a name
    if not tokens or _key(tokens[0]) in ctx.person_cues:
        return None
    name = _POSSESSIVE.sub("", " ".join(tokens).rstrip(".,"))
    key = re.sub(_WEB_SUFFIX + "$", "", name.lower())  # "tollgate.com" is this shop too
    if key in ctx.own or key in ctx.not_names or all(_key(t) in ctx.not_names for t in tokens):
        return None
    if _address([_key(t) for t in tokens]):
        return None  # "Castle Street", "Mill Lane", "Hollow Lane Farm": an address
    start = match.start("shop") + match.group("shop").find(tokens[0])
    after = text[match.end("shop") :]
    possessive = match.group("shop").endswith(("'s", "s'")) or after.startswith("'s")
    following = next(iter(after[:40].split()), "")
    if (
        (start == match.start() or trimmed)
        and not possessive
        and ctx.person(" ".join(tokens), following)
    ):
        return None  # "Bogdan delivered the wardrobe": a person doing it
    before = text[:start].lower().replace(",", " ").split()
    if before and (before[-1] in ctx.person_cues or " ".join(before[-2:]) in ctx.person_cues):
        return None
    if len(tokens) == 1 and _sentence_start(text, start) and _opener(tokens[0]):
        return None  # "Already did that", "Yeah does the job": an opening word, not a name
    return name


def _opener(token: str) -> bool:
    """A sentence's first word that names nothing by itself: an adverb or a verb form only
    ("Already", "Honestly", "Served two tours…") or a closed-class or chat word ("Yeah",
    "None is better"); a noun or an adjective may be a shop ("Boots has it", "Chewy
    delivers…"), so may a short or hyphenated one ("AO", "Ride-Away")."""
    word = token.lower().strip("'")
    pos = _lemmas(word)
    return word in _CLOSED_CLASS or (bool(pos) and pos <= {"ADV", "VERB", "AUX"})


def _names_nothing(text: str) -> bool:
    """Shouted or title-case text: its capitals name nothing."""
    return shouting(text) or _title_case(text)


def find_unlisted_shop(text: str, ctx: ShopContext) -> tuple[str, str, str] | None:
    """``(name, matched text, how)`` of a shop off the pack's list: first in a retail context
    (:func:`find_shop_name`, how ``"in a retail context"``), else acting
    (:func:`find_actor_name`, how ``"acting"``); the text is judged readable once."""
    if _names_nothing(text):
        return None
    found = _in_context(text, ctx)
    if found is not None:
        return (*found, "in a retail context")
    found = _acting(text, ctx)
    return None if found is None else (*found, "acting")


def find_shop_name(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    """``(name, matched text)`` of the first shop named in a retail context, else ``None``."""
    return None if _names_nothing(text) else _in_context(text, ctx)


def _in_context(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    if not ctx.contexts or not re.search(rf"[A-Z]|\w{_WEB_SUFFIX}\b", text):
        return None
    for regex in ctx.contexts:
        found = _first_accepted(regex, "shop", text, lambda m: _named(m, text, ctx))
        if found is not None:
            return found
    return None


def _named(match: re.Match[str], text: str, ctx: ShopContext) -> tuple[str, str] | None:
    name = _name(match, text, ctx)
    return (name, match.group(0)) if name else None


def _first_accepted(
    regex: re.Pattern[str],
    group: str,
    text: str,
    accept: Callable[[re.Match[str]], tuple[str, str] | None],
) -> tuple[str, str] | None:
    """The first of ``regex``'s matches in ``text`` that ``accept`` turns into a result.

    Contract: matches may overlap, so a run rejected as no name hides no later one ("The
    doormat from Ludgate & Pike…": "The" is dropped, "Ludgate & Pike" is read; "Evri or Royal
    Mail handle…": "Evri or Royal" does not consume "Royal"); but no match starting inside a
    rejected run (the span of ``group``) is tried ("Street" alone in "Castle Street", "Mail"
    alone in "Royal Mail")."""
    rejected: list[tuple[int, int]] = []
    match = regex.search(text)
    while match is not None:
        start = match.start(group)
        if not any(lo < start < hi for lo, hi in rejected):
            found = accept(match)
            if found is not None:
                return found
            rejected.append((start, match.end(group)))
        match = regex.search(text, match.start() + 1)
    return None


# --- round 8: a name acting as the subject of a verb ("Pooky make the lampshade in pink") ---

_ACTING_ADVERBS = (
    "often", "also", "still", "always", "usually", "now", "actually", "even", "already", "just",
    "currently", "normally", "sometimes", "apparently", "literally", "really", "definitely",
    "happily", "kindly", "gladly", "presently", "regularly", "routinely", "generally",
    "typically", "reliably", "reportedly", "supposedly", "evidently", "clearly", "obviously",
    "genuinely", "simply", "easily", "quickly", "recently", "finally", "previously", "originally",
    "frequently", "occasionally", "constantly", "consistently", "openly", "proudly", "helpfully",
    "somehow", "magically", "miraculously", "seemingly", "mysteriously", "conveniently",
)  # fmt: skip
"""Adverbs that may stand between a shop's name and its verb ("Ashgrove often knocks…",
"…but levainlab actually pick up the phone")."""
_NAME_PART = r"(?!I\b|I'|The\b)[A-Z][\w&'+.-]*(?<![.-])"
_ACTOR_RE = re.compile(
    rf"(?<![\w'#@./+&-])(?P<run>{_DOMAIN}"
    rf"|{_NAME_PART}(?:(?: (?:&|and|of|for|\+))? {_NAME_PART}){{0,3}})"
    rf"(?:(?:,? (?:on|in|at|near) (?:{_NAME_PART}(?: {_NAME_PART}){{0,2}}"
    r"|(?:the|our|my|your) (?:[a-z][\w'-]* )?(?:street|road|lane|station|park|square|estate"
    r"|market|corner|parade|precinct|centre|center|mall|village|town|front|harbour|quay|arcade"
    r"|retail park|bypass|roundabout))"
    r"|,? (?:down|up|across|along|over) the (?:road|street|lane|way|hill)|,? round the corner),?)?"
    r"(?: (?:" + "|".join(_ACTING_ADVERBS) + r"|manage to|managed to|somehow manage to))?"
    r" (?P<w1>[a-z][a-z'-]*[a-z])(?: (?P<w2>[\w£$€'-]+))?"
)
_NOT_ACTIONS = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "am", "'s", "will", "would", "can",
    "could", "should", "shall", "may", "might", "must", "and", "or", "but", "nor", "so", "then",
    "too", "also", "please", "up", "down", "in", "out", "off", "on", "over", "to", "for", "thanks"
))  # fmt: skip
"""Words after a name that make no action of it: copulas and modals (their retail readings are
the pack's contexts: "X is cheaper"), connectors, particles and "please"."""
_OBJECTS = frozenset((
    "the", "a", "an", "my", "me", "us", "it", "them", "this", "that", "these", "those", "some",
    "their", "his", "her", "every", "all", "loads", "free", "in", "off", "up", "out", "back",
    "down", "less", "more", "extra", "nothing", "far", "way", "much"
))  # fmt: skip
"""What follows a verb that is also a noun or adjective ("Pooky make the …", "Rock+Run price
the …"), and not a noun after a brand ("the Bosch drill is …")."""
_DETERMINERS = frozenset((
    "the", "my", "your", "our", "his", "her", "their", "a", "an", "this", "that", "its"
))  # fmt: skip
_PREPOSITIONS = frozenset((
    "to", "at", "in", "into", "from", "on", "near", "by", "with", "via", "behind", "outside"
))  # fmt: skip
"""A run after one of these is a place or an object, never the subject acting (round 13)."""
_CODE_WORDS = frozenset({"code", "codes", "coupon", "voucher", "promo"})
"""A run after one of these names a discount code, not a shop (round 23)."""
_PERSON_WORDS = frozenset((
    "said", "says", "told", "tells", "called", "calls", "rang", "rings", "phoned", "emailed",
    "messaged", "texted", "promised", "promises", "explained", "mentioned", "confirmed",
    "replied", "answered", "asked", "helped", "spoke", "dealt", "handled", "wrote", "sent",
    "from", "at", "in", "on", "of", "here", "was", "is"
))  # fmt: skip
"""After a first name and surname, the words that make the run a person ("Sarah Jones said")."""
_QUOTES = ('"', "(", "“", "‘", "«", "'")
_AFTER_CODE_RE = re.compile(r"\w*\d\w* $")
"""A token holding a digit right before a run: a code or a spec, not a sentence's subject."""
_STREET_WORDS = frozenset(STREET_WORDS) - {"house", "garden", "gardens", "court", "place"}
"""Words that end an address ("Castle Street"); not those that end shop names too."""
_STREET_OPENERS = frozenset(
    ("jalan", "rue", "calle", "avenida", "rua", "ulica", "carrer", "piazza")
)
"""Street words that open an address in other languages ("Jalan Ampang", "Calle Mayor")."""
_PROPERTY_WORDS = frozenset({"farm", "farms", "cottage", "cottages", "barn", "barns", "estate",
                             "mews", "manor", "lodge", "hall", "house", "grange"})  # fmt: skip


def _address(keys: Sequence[str]) -> bool:
    """A run of words (lower-cased keys) that reads as an address: it ends in a street word
    ("Mill Lane"), opens with one of the languages that put it first ("Jalan Ampang", "Rue
    Cler", round 29), or a street word inside it is followed by a property word at its end
    ("Hollow Lane Farm", round 13); "Penny Lane Records" stays a name."""
    if len(keys) < 2:
        return False
    if keys[-1] in _STREET_WORDS or keys[0] in _STREET_OPENERS:
        return True
    return keys[-1] in _PROPERTY_WORDS and any(k in _STREET_WORDS for k in keys[1:-1])


_TITLE_CASE = 0.7
"""Above this share of capitalised words a text is written in title case and its capitals name
nothing."""


@functools.lru_cache(maxsize=65_536)
def _lemmas(word: str) -> frozenset[str]:
    """Parts of speech English gives ``word`` ("VERB", "NOUN", …; empty: not an English word).
    ``lemminflect`` (0.25 s to import, 0.2 s to load its tables) is loaded on first use, not
    when a worker or a command starts; the cache is bounded, as ticket words are anyone's."""
    import lemminflect

    return frozenset(lemminflect.getAllLemmas(word))


def _verb(word: str) -> tuple[bool, bool]:
    """``(a verb form, only a verb form)``; an unknown hyphenated ``-ed`` word ("gift-boxed") is
    a verb."""
    if word in _NOT_ACTIONS:
        return False, False
    pos = _lemmas(word)
    if not pos and "-" in word and word.endswith("ed"):
        pos = _lemmas(word.rsplit("-", 1)[1])
    verb = bool(pos & {"VERB", "AUX"})
    return verb, verb and pos <= {"VERB", "AUX"}


def _english(token: str) -> bool:
    """An English word (or a hyphenated pair of them), a contraction, or a word of at most two
    letters: no name by itself at the start of a sentence."""
    word = token.lower().strip("'")
    if "'" in word or len(word) <= 2:
        return True
    word = next((word[len(p) :] for p in _PREFIXES if word.startswith(p)), word)
    return all(_lemmas(part) for part in word.split("-")) or word in _CLOSED_CLASS


_CLOSED_CLASS = frozenset((
    "for", "nor", "yet", "from", "with", "without", "about", "above", "below", "into", "onto",
    "upon", "under", "than", "though", "whether", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "im", "ive", "id", "ill", "dont", "cant", "wont", "didnt",
    "isnt", "doesnt", "wasnt", "havent", "hasnt", "shouldnt", "couldnt", "wouldnt", "thats",
    "whats", "theres",
    # round 15, real chat text: informal words lemminflect does not know
    "yeah", "yea", "yall", "gotta", "gonna", "wanna", "cannot", "dunno", "lemme", "imma", "ima",
    "kinda", "sorta", "yep", "yup", "nope", "okay", "lol", "lmao", "omg", "smh", "tbh", "ngl",
    "idk", "pls", "plz", "thx", "hey", "hiya", "ugh", "wow", "btw", "fyi", "asap", "hmm", "meh",
    "lowkey", "highkey", "deffo", "defo", "tbf", "imo", "imho", "rn", "af", "fr",
    "thankyou", "thanku", "thnx", "alot", "aswell", "everytime", "incase", "infact", "nevermind",
    # pronouns and quantifiers lemminflect reads as nouns ("None is better")
    "none", "nothing", "nobody", "noone", "everyone", "everybody", "everything", "someone",
    "somebody", "something", "anyone", "anybody", "anything", "each", "both", "either",
    "neither", "several", "most",
    # Scots negations lemminflect does not know ("Cannae get intae ma account")
    "cannae", "canna", "dinnae", "didnae", "willnae", "wouldnae", "couldnae", "shouldnae",
    "isnae", "wasnae", "havnae", "huvnae", "doesnae"
))  # fmt: skip
"""Words English gives no open-class part of speech (lemminflect knows nouns, verbs, adjectives
and adverbs only) that open sentences, and chat words it does not know."""
_PREFIXES = ("pre-", "re-", "un-", "non-", "co-", "self-", "e-", "mis-", "over-", "under-")
"""Prefixes of English words lemminflect does not list whole ("Pre-ordered")."""


def _sentence_start(text: str, start: int) -> bool:
    """At the start of the text or of a sentence."""
    before = text[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:;\n])>|~*–—"


def _title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) > _TITLE_CASE * len(words)


def find_actor_name(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    """``(name, matched text)`` of the first unknown name that is the subject of a verb.

    Contract: a run of one to four capitalised tokens (never "I", nor opened by "The"), maybe
    followed by a place ("on Castle Street", "near the station") and an adverb ("presently"),
    then by a lower-case verb form (not a copula, modal or connector; a verb that is also a noun
    or an adjective only when an object word follows: "make the", "price the") names a shop when

    * none of its tokens, nor the run, is in ``not_names``, ``own_names`` or ``person_cues``
      (titles, carriers, payment firms, brands, days are there), and it is no person's name
      (:meth:`ShopContext.person`, the pack's ``first_names``);
    * the word before it is neither a determiner ("the Ninja broke": a product), a person cue
      ("my friend Dee sent") nor a code word ("the code MATCHDAY worked");
    * it holds no digit and no one-letter token (an order number, a code, "beneficiary X");
    * opening a sentence, it has two or more tokens, or its one word is no English word
      ("Pooky make …", not "Activate my …", "Don't send …", "Ive tried …").

    A run shaped like a shop's name (two or more tokens ending in one of the pack's
    ``trade_words``, a word before it that English does not know: "Pentreath Hardware") may
    follow "the" or "that", end in a word that is also a person cue ("Dimmock & Sons"), and act
    with any verb form, also after a modal ("… Hardware post loppers", "… Market can post").
    Matches may overlap (:func:`_first_accepted`). ``None`` on shouting or title-case text, and
    when nothing matches.
    """
    return None if _names_nothing(text) else _acting(text, ctx)


def _acting(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    found = _first_accepted(_ACTOR_RE, "run", text, lambda m: _actor(m, text, ctx))
    return found if found is not None else _lower_case_opener(text, ctx)


def _actor(match: re.Match[str], text: str, ctx: ShopContext) -> tuple[str, str] | None:
    """``(name, matched text)`` when ``match``'s run is a shop acting (the rules of
    :func:`find_actor_name`), else ``None``."""
    run = match.group("run")
    tokens = [t for t in run.split() if t not in {"&", "and", "of", "for", "+"}]
    keys = [_key(t) for t in tokens]
    trade = _trade_named(tokens, keys, ctx)
    if _key(re.sub(_WEB_SUFFIX + "$", "", run)) in ctx.own or _key(run) in ctx.blocked:
        return None  # this shop ("tollgate.com sent…"), a carrier, a brand…
    named = keys[:-1] if trade else keys  # a trade word ends a name ("& Sons": no person cue)
    if any(k in ctx.blocked or k.removesuffix("s") in ctx.blocked or len(k) < 2 for k in named):
        return None
    if any(c.isdigit() for c in run):
        return None  # an order number or a code ("C42424 arrived", "WELCOME10 says")
    if _address(keys):
        return None  # an address
    if len(tokens) == 1 and run.isupper() and len(run) <= 2:
        return None  # an abbreviation ("EV charging cable", "TV arrived")
    if len(tokens) == 1 and run.isupper() and _lemmas(run.lower()):
        return None  # an English word in capitals ("the sofa is PERFECT thank u")
    if run[-1:] in "'’" and run[-2:-1] != "s":
        return None  # the end of a quoted title ("the 'Attack Pack' juggling set")
    if _AFTER_CODE_RE.search(text[max(0, match.start() - 24) : match.start()]):
        return None  # after a code or a spec ("the 3D Secure step", "iOS 11 Settings")
    if text[: match.start()].rstrip(" \t")[-1:] in _QUOTES:
        return None  # a quoted message ("Sync failed: code 12"), not the customer's sentence
    if ctx.person(run, match.group("w1")):
        return None
    before = text[: match.start()].lower().replace(",", " ").split()
    if before and before[-1] in ctx.person_cues:
        return None
    if before and before[-1] in _DETERMINERS and not (trade and before[-1] in {"the", "that"}):
        return None  # "the Ninja broke": a product; but "the Dimmock & Sons on … had"
    if before and before[-1] in _CODE_WORDS:
        return None  # a code's name ("The code MATCHDAY worked on…")
    if before and before[-1] in _PREPOSITIONS and not re.search(_WEB_SUFFIX + "$", run):
        return None  # "our move to Harbour Court has been postponed": a place, not the subject
    if _sentence_start(text, match.start()) and len(tokens) == 1 and _english(tokens[0]):
        return None
    w1, w2 = match.group("w1"), (match.group("w2") or "").lower()
    if trade and w1 in _MODALS and w2 and _verb(w2)[0]:
        w1, w2 = w2, ""  # "Marrowgate Market can post …": the verb after the modal
    if w1 == "back" and w2 in {"in", "on"}:
        return None  # an item back in stock ("getting the 120 format Portra back in?")
    if _item_state(w1, w2) and not trade:
        return None  # a product's arrival or state ("kettlebell came today")
    verb, only_verb = _verb(w1)
    if not verb or not (only_verb or trade or w2 in _OBJECTS):
        return None
    return _POSSESSIVE.sub("", run), match.group(0)


_ITEM_VERBS = frozenset((
    "came", "comes", "arrived", "arrives", "seems", "seemed", "looks", "looked", "smells",
    "smelt", "smelled", "feels", "felt", "works", "worked", "fits", "broke", "leaks", "leaked",
    "rattles", "rattled", "wobbles", "wobbled"
))  # fmt: skip
"""Verbs that tell an item's arrival or state, not what a shop did: the unknown word before them
is a product ("thank u so much, kettlebell came today", "Dehydrator seems fine but…"; round 33),
unless it is shaped like a shop's name ("Pentreath Hardware came through") or the verb goes on
("Bluebell Lane Gifts seemed to have the calendar")."""


def _item_state(verb: str, after: str) -> bool:
    """``verb`` (then the word ``after`` it) tells an item's arrival or state (:data:`_ITEM_VERBS`)
    and does not go on to another verb ("seemed to have")."""
    return verb in _ITEM_VERBS and after.lower() != "to"


_MODALS = frozenset({"can", "could", "will", "would", "do", "does", "did", "may", "might"})


def _trade_named(tokens: Sequence[str], keys: Sequence[str], ctx: ShopContext) -> bool:
    """A run shaped like a shop's name (round 24): two or more tokens ending in one of the
    pack's ``trade_words`` ("Pentreath Hardware", "Dimmock & Sons"), with a word before it that
    English does not know ("the Garden Centre" is no name). Such a run acts with any verb form,
    also one that is a noun ("… Hardware post loppers"), after a modal ("… Market can post"),
    and after "the"."""
    return (  # ``tokens`` holds no connector ("&", "and"…): see :func:`_actor`
        len(keys) >= 2 and keys[-1] in ctx.trade_words and any(not _english(t) for t in tokens[:-1])
    )


@functools.lru_cache(maxsize=4_096)
def _typo(word: str) -> bool:
    """One deletion, transposition, replacement or insertion away from an English word
    ("parcle" → "parcel"): a misspelling, not a name."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    return any(_lemmas(edit) for edit in edits - {word})


_MAX_OPENERS = 5
"""Sentence or clause openings read for a lower-case name (a misspelling check costs about 7 ms
a word)."""
_CLAUSE_OPENERS = ("but", "so", "cos", "coz", "because", "since", "bro", "mate", "fam",
                   "honestly", "tbh", "ngl", "lol", "btw", "fyi", "omg", "wow", "ugh", "tbf",
                   "imo", "whereas", "while")  # fmt: skip
"""Words after which a clause opens as a sentence does ("…but skatebarn have the 99a")."""
_LOWER_OPENER_RE = re.compile(
    r"(?:^|(?<=[.!?\n]) |(?<=, )"
    + "".join(rf"|(?<=\b{word} )" for word in _CLAUSE_OPENERS)
    + r")(?=(?P<words>[a-z][\w&'+-]*(?: [\w&'£$€+-]+){1,4}))"  # overlapping: "bro skatebarn…"
)


def _lower_case_opener(text: str, ctx: ShopContext) -> tuple[str, str] | None:
    """A sentence or clause opening (after a comma or a connector such as "but", "bro"), in lower
    case, with a word English does not know followed (after up to two nouns) by a verb:
    "pixelforge games had the controller…", "…but skatebarn have the 99a" (a name typed in lower
    case).
    Not a first word of four letters or fewer, nor one in ``not_names`` or chat shorthand, nor a
    misspelt English word."""
    for match in itertools.islice(_LOWER_OPENER_RE.finditer(text), _MAX_OPENERS):
        words = match.group("words").split()
        first = words[0]
        if len(first) <= 4 or "'" in first or first in ctx.blocked or ctx.person(first, ""):
            continue
        if any(c.isdigit() or c.isupper() for c in first):
            continue  # a version or a product spelling ("watchOs4 made my…", "iPhone7 keeps…")
        if _english(first) or _typo(first):
            continue
        for size in (1, 2, 3):
            if len(words) <= size or not all(
                w.islower() and ("NOUN" in _lemmas(w) or not _lemmas(w)) for w in words[1:size]
            ):
                break
            at = size + 1 if words[size] in _ACTING_ADVERBS and len(words) > size + 1 else size
            if _item_state(words[at], words[at + 1] if len(words) > at + 1 else ""):
                break  # a product's arrival or state ("kettlebell came today")
            verb, only_verb = _verb(words[at])  # the verb, maybe after an adverb ("actually")
            after = words[at + 1].lower() if len(words) > at + 1 else ""
            if verb and (only_verb or after in _OBJECTS):
                return " ".join(words[:size]), " ".join(words[: at + 2])
    return None
