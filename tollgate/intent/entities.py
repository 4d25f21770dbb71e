"""Entities from cleaned ticket text: order_id, amount, discount_code, new_address, product.

Rule-based and conservative: an entity is only returned when the wording makes it clear (a value
after "order"/"#"/"ORD-", a currency or a money word for amounts, a code-like token after
"code"/"coupon", an address-like text after "to"/"new address", a product before "in stock" …).
A missing entity is better than a wrong one: the constraint stage asks the customer to clarify.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tollgate.constraints.prefilter import GatedRegex
from tollgate.textsafety.money import find_money

ENTITY_NAMES = ("order_id", "amount", "discount_code", "new_address", "product")
ENTITY_KINDS = {
    "order_id": "order_number",
    "amount": "money",
    "discount_code": "code",
    "new_address": "address",
    "product": "product",
}
"""The built-in entities' kinds (the finder names of ``entities.yaml``, see :data:`FINDERS`)."""

_PLACEHOLDER = re.compile(r"<PII:[A-Z]+>")

# -- order_id -----------------------------------------------------------------------------------

_ORDER_KEYED = re.compile(
    r"""
    (?: \#\s?                                   # "#A12345", "# 12345"
      | \bORD-                                  # "ORD-12345"
      | \border\b[\s,]*                         # "order", "order 123", "order, 123"
        (?:(?:number|num|no|nr|id|ref(?:erence)?)\b\.?\s*)?
        (?:is\s+|was\s+)?[:\#-]?\s*\#?\s*
    )
    (?P<id>[A-Z]{0,3}-?\d[A-Z0-9-]{2,15})
    (?![A-Z0-9])
    """,
    re.I | re.X,
)
_ORDER_BARE_ALNUM = re.compile(r"(?<![\w.,$€£-])([A-Z]{1,3}\d{4,12})(?![\w-])")
_ORDER_BARE_DIGITS = re.compile(r"(?<![\w.,$€£+-])(\d{6,12})(?![\w%]|[.,]\d)")
_DIGIT = re.compile(r"\d")
"""Order ids hold a digit; amounts a digit or a currency word ("fifty euros")."""


def order_ids(text: str) -> list[str]:
    """Every order-id-shaped value of ``text``, the clearest first: values after "order" / "#"
    / "ORD-" (with 3 or more digits), then bare ``A12345``-like tokens, then bare runs of 6 to
    12 digits. The same shapes :func:`extract_entities` reads ``order_id`` from (and the shapes
    :mod:`tollgate.textsafety.grounding` accepts a model-proposed order id by)."""
    if not _DIGIT.search(text):
        return []
    found: list[str] = []
    for match in _ORDER_KEYED.finditer(text):
        value = match.group("id").upper().rstrip("-")
        if sum(c.isdigit() for c in value) >= 3:
            found.append(
                value.replace("-", "") if re.fullmatch(r"[A-Z]{1,3}-\d+", value) else value
            )
    for pattern in (_ORDER_BARE_ALNUM, _ORDER_BARE_DIGITS):
        found += [match.group(1).upper() for match in pattern.finditer(text)]
    return found


def _order_id(text: str) -> str | None:
    found = order_ids(text)
    return found[0] if found else None


# -- amount -------------------------------------------------------------------------------------


def _amount(text: str) -> str | None:
    """The first sum of money the text states (:func:`tollgate.textsafety.money.find_money`:
    currency-marked sums first), as a plain number written the customer's way."""
    found = find_money(text)
    return found[0].number if found else None


# -- discount_code ------------------------------------------------------------------------------

_CODE_KEYED = GatedRegex(
    re.compile(
        r"""
    \b(?:(?:discount|promo(?:tional)?|coupon|voucher|gift\s?card|referral)\s*
          (?:code|coupon|voucher)?s?
       | code)\b
    (?:\s+(?:is|was|of|called|named))?\s*[:=\-]?\s*
    ["'“‘`]?(?P<code>[A-Za-z0-9][A-Za-z0-9_-]{2,24})["'”’`]?
    """,
        re.I | re.X,
    )
)
_CODE_APPLY = GatedRegex(
    re.compile(
        r"\b(?:apply|use|used|redeem|enter(?:ed)?)\s+(?:the\s+)?"
        r"(?P<code>[A-Z][A-Z0-9_-]{2,24})\b"
    )
)
_CODE_BARE = re.compile(r"(?<![\w-])(?P<code>[A-Z]{3,}[-_]?\d{1,4}%?)(?![\w-])")
_CODE_CONTEXT = GatedRegex(re.compile(r"\b(?:code|coupon|voucher|promo|discount|redeem)\b", re.I))
# fmt: off
_NOT_CODES = frozenset(
    {
        "THE", "THAT", "THIS", "THESE", "THOSE", "AND", "BUT", "FOR", "FROM", "WITH", "WITHOUT",
        "YOUR", "YOU", "MY", "OUR", "NOT", "DOES", "DOESNT", "DID", "DIDNT", "ISNT", "WASNT",
        "WONT", "CANT", "CANNOT", "DOESN", "DIDN", "ISN", "WASN", "WON", "CAN", "WILL", "WORK",
        "WORKS", "WORKED", "WORKING", "IS", "ARE", "WAS", "WERE", "HAS", "HAVE", "HAD", "ANY",
        "SOME", "ONE", "IT", "ITS", "FIELD", "BOX", "PLEASE", "THANKS", "VALID", "INVALID",
        "EXPIRED", "APPLIED", "APPLY", "ENTER", "ENTERED", "AT", "IN", "ON", "TO", "OF", "AS",
        "BY", "ORDER", "CHECKOUT",
    }
)
# fmt: on


def _shouting(text: str) -> bool:
    """Most letters are capitals (then capitals say nothing about a code)."""
    return sum(map(str.isupper, text)) > 0.6 * max(1, sum(map(str.isalpha, text)))


def _discount_code(text: str, order_id: str | None) -> str | None:
    candidates: list[tuple[str, bool]] = []  # (code, quoted-or-keyed)
    candidates += [(m.group("code"), True) for m in _CODE_KEYED.finditer(text)]
    candidates += [(m.group("code"), False) for m in _CODE_APPLY.finditer(text)]
    if _CODE_CONTEXT.search(text):
        candidates += [(m.group("code"), False) for m in _CODE_BARE.finditer(text)]
    if not candidates:
        return None
    shouting = _shouting(text)
    for raw, keyed in candidates:
        code = raw.strip("-_").upper()
        if code in _NOT_CODES or code == order_id or len(code) < 3:
            continue
        has_digit = any(c.isdigit() for c in code)
        typed_upper = raw.isupper() and not shouting
        if has_digit or typed_upper or (keyed and raw != raw.lower() and not shouting):
            if code.isdigit() and len(code) >= 6:  # a long number after "code" is an order
                continue
            return code
    return None


# -- new_address --------------------------------------------------------------------------------

_ADDRESS_EXPLICIT = GatedRegex(
    re.compile(
        r"\bnew\s+(?:shipping\s+|delivery\s+|postal\s+|home\s+)?address\b"
        r"(?:\s+(?:is|will\s+be|should\s+be))?\s*(?::|-|\bto\b|\bis\b)?\s*(?P<addr>.+)",
        re.I | re.S,
    )
)
_ADDRESS_TO = GatedRegex(
    re.compile(
        r"\b(?:address|ship(?:ped|ping)?|send|sent|deliver(?:ed|y)?|redirect|move|forward|"
        r"post)\b[^.!?\n]{0,60}?\bto\b\s*:?\s*(?P<addr>.+)",
        re.I | re.S,
    )
)
_STREET_WORDS = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|place|pl|square|"
    r"sq|court|ct|close|crescent|terrace|highway|hwy|strasse|straße|str|weg|platz|rue|via|"
    r"calle|avenida|apt|apartment|flat|suite|unit|floor|po\s+box|postcode|zip)\b",
    re.I,
)
_ADDRESS_END = re.compile(
    r"[\n!?]|\.(?=\s*$)|\.\s+(?=(?:I|Thanks?|Thank|Please|Can|Could|Would|My|The|It|Also|"
    r"Order|Cheers|Regards|Best|Is|When|How)\b)|,?\s+(?:please|thanks?|thank\s+you|instead|asap|"
    r"for\s+(?:my\s+)?order|on\s+(?:my\s+)?order)\b",
    re.I,
)


def _clip_address(raw: str) -> str:
    end = _ADDRESS_END.search(raw)
    value = raw[: end.start()] if end else raw
    value = re.sub(r"^(?:the\s+following|this)\s*:?\s*", "", value.strip(), flags=re.I)
    return value.strip(" \t,;:.\"'“”")[:200]


def _new_address(text: str) -> str | None:
    match = _ADDRESS_EXPLICIT.search(text)
    if match:
        value = _clip_address(match.group("addr"))
        if len(value) >= 5 and not _PLACEHOLDER.fullmatch(value):
            return value
    for match in _ADDRESS_TO.finditer(text):
        value = _clip_address(match.group("addr"))
        if len(value) >= 6 and (re.search(r"\d", value) or _STREET_WORDS.search(value)):
            return value
    return None


# -- product ------------------------------------------------------------------------------------

_ARTICLE = r"(?:(?:the|a|an|any|some|more|your|those|these|this|that)\s+)?"
_PRODUCT_PATTERNS = tuple(
    GatedRegex(regex)
    for regex in (
        re.compile(
            rf"\bwhen\s+will\s+{_ARTICLE}(?P<p>.+?)\s+be\s+(?:back\s+)?"
            r"(?:in\s+stock|available|restocked|back)\b",
            re.I,
        ),
        re.compile(
            rf"\b(?:is|are)\s+{_ARTICLE}(?P<p>.+?)\s+(?:still\s+|currently\s+|now\s+)?"
            r"(?:in\s+stock|available|sold\s+out|out\s+of\s+stock|back\s+in\s+stock)\b",
            re.I,
        ),
        re.compile(
            rf"\b(?:do|does|will|can)\s+(?:you|u|y'all|the\s+shop)\s+(?:still\s+)?"
            rf"(?:have|sell|carry|stock|get)\s+{_ARTICLE}(?P<p>.+?)"
            r"(?=\s+(?:in\s+(?:size|stock|colou?r|black|white|red|blue|green)|available|anymore|"
            r"again|left|back)\b|[?.!,;\n]|$)",
            re.I,
        ),
        re.compile(
            rf"\b(?:restock(?:ing)?(?:\s+of)?|availability\s+of|stock\s+of|in\s+stock\s+for|"
            rf"looking\s+for|back\s+in\s+stock:?)\s+{_ARTICLE}(?P<p>.+?)(?=[?.!,;\n]|$)",
            re.I,
        ),
    )
)
_PRODUCT_STOP = frozenset({"it", "this", "that", "them", "they", "anything", "something", "one"})


def _product(text: str) -> str | None:
    for pattern in _PRODUCT_PATTERNS:
        match = pattern.search(text)
        if match:
            value = match.group("p").strip(" \t,;:.\"'“”")
            if value and value.lower() not in _PRODUCT_STOP and len(value) <= 80:
                return value
    return None


# -- public -------------------------------------------------------------------------------------

_EXTRACTORS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("amount", _amount),
    ("new_address", _new_address),
    ("product", _product),
)


def extract_entities(text: str) -> dict[str, str]:
    """Entities found in ``text`` (already cleaned by hygiene); absent ones are left out."""
    if not isinstance(text, str) or not text:
        return {}
    found: dict[str, str] = {}
    order_id = _order_id(text)
    if order_id:
        found["order_id"] = order_id
    code = _discount_code(text, order_id)
    if code:
        found["discount_code"] = code
    for name, extractor in _EXTRACTORS:
        value = extractor(text)
        if value:
            found[name] = value
    return found


# -- finders a domain pack can name (tollgate.intent.pack_entities) ---------------------------

FINDERS: dict[str, Callable[[str], str | None]] = {
    "order_number": _order_id,
    "money": _amount,
    "code": lambda text: _discount_code(text, _order_id(text)),
    "address": _new_address,
    "product": _product,
}
"""The built-in finders by kind: what ``entities.yaml`` may name besides its own patterns."""
