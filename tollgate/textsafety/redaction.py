"""The one redactor: credentials and personal data replaced by ``<PII:KIND>`` placeholders.

Kinds, in the order they are applied (:data:`PII_KINDS`):

* ``secret`` — API keys of the common providers, bearer tokens, JWTs, private keys, passwords and
  keys stated in text (see :mod:`.credentials`);
* ``email``;
* ``iban`` — mod-97-valid IBANs, and any IBAN-shaped string after the word "IBAN";
* ``card`` — 13 to 19 digits grouped by spaces, dots or dashes (with or without a valid Luhn
  sum; 12 grouped digits after a card word: a partial number), or ungrouped with a valid Luhn
  sum (not a product barcode with a valid GS1 check digit) or a card word before them;
* ``govid`` — US SSNs (``123-45-6789``, ``123 45 6789``), UK National Insurance numbers,
  national id numbers whose check digit or letter holds (Swedish personnummer, Finnish
  henkilötunnus, Norwegian fødselsnummer, Spanish DNI/NIE, Italian codice fiscale, French NIR),
  and values after "SSN", "passport number", "tax id", "national insurance", "personal number",
  "CPR" and similar (Danish CPR numbers have no reliable checksum: keyed only);
* ``account`` — bank account numbers, sort codes and routing numbers after such words;
* ``phone`` — international (``+``), bracketed, punctuated, trunk-``0`` or 10-15 digit numbers
  (never right after "order", "#", "invoice", "tracking", "EAN", … ; an ungrouped 12-14 digit
  run with a valid GS1 check digit is a barcode unless a phone word precedes it);
* ``address`` — street lines (``221B Baker Street``, ``12 oak road``, ``Hauptstraße 5``) and UK
  postcodes.

Order numbers (``#A12345``, ``order 88812345``), prices (``49.99``), tracking codes and dates
are kept. :func:`redact` never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from tollgate.textsafety.checksums import (
    es_dni_ok,
    fi_henkilotunnus_ok,
    fr_nir_ok,
    gtin_ok,
    iban_ok,
    it_codice_fiscale_ok,
    luhn_ok,
    no_fodselsnummer_ok,
    se_personnummer_ok,
)
from tollgate.textsafety.credentials import redact_credentials

__all__ = ["PII_KINDS", "PLACEHOLDERS", "redact", "redact_text", "redacted_preview"]

PII_KINDS = ("secret", "email", "iban", "card", "govid", "account", "phone", "address")
"""Redaction kinds, in the order they are applied; placeholders are ``<PII:KIND>``."""

PLACEHOLDERS = {f"<PII:{kind.upper()}>": kind for kind in PII_KINDS}
"""Every placeholder :func:`redact` writes → its kind."""

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?|[A-Z0-9]{11,30})"
    r"(?![A-Za-z0-9])",
    re.I,
)
_IBAN_WORD = re.compile(r"\biban\b\s*(?:is|:|no\.?|number)?\s*$", re.I)

# Grouped: 4 digits, then groups of 3-6 with one consistent separator (space, dot, dash).
_CARD_GROUPED = re.compile(
    r"(?<![\w.,/-])\d{4}([ .-])\d{3,6}(?:\1\d{3,6}){1,2}(?:\1\d{1,4})?(?![\w]|[.,/-]\d)"
)
_CARD_PLAIN = re.compile(r"(?<![\w.,/-])\d{13,19}(?![\w]|[.,/-]\d)")
_CARD_WORD = re.compile(
    r"\b(?:card|credit|debit|visa|master ?card|amex|american express|maestro|cc|pan)\b"
    r"[^.\n]{0,25}$",
    re.I,
)

_SSN = re.compile(
    r"(?<![\w.,/-])(?!000|666|9\d\d)\d{3}([- .])(?!00)\d{2}\1(?!0000)\d{4}(?![\w]|[.,/-]\d)"
)
_NINO = re.compile(
    r"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"(?![\w-])",
    re.I,
)
_GOVID_KEYED = re.compile(
    r"\b(?:ssn|social security|sin|national insurance|ni|nino|passport|tax (?:id|code)|tin|"
    r"(?:national|personal) id(?:entity)?(?: card)?|id card|identity card|"
    r"driver'?s? licen[cs]e|personnummer|samordningsnummer|steuer-?id|codice fiscale|dni|nie|"
    r"nif|bsn|cpr|fødselsnummer|fodselsnummer|birth number|henkilötunnus|hetu|nir|"
    r"personal (?:identity |id |identification )?(?:number|code)|id(?:entity)? number|"
    r"numéro de sécurité sociale|numero de securite sociale|sécu)\b"
    r"(?:\s*(?:number|num|no\.?|nr|#))?\s*(?:is|was|:|#|=|-)?\s*"
    r"(?P<v>(?=[A-Z0-9 -]*\d)[A-Z0-9](?:[A-Z0-9-]| (?=\w)){4,20}[A-Z0-9])(?![\w-])",
    re.I,
)

# National id numbers written without a keyword: only shapes with a check digit or letter, so
# order numbers, prices and dates are kept (see :mod:`.checksums`).
_NATIONAL_ID = re.compile(
    r"""
    (?<![\w+/.,-])
    (?: (?P<se>(?:19|20)?\d{6}[-+]\d{4})                     # SE personnummer 121212-1212
      | (?P<fi>\d{6}[-+A-FU-Y]\d{3}[0-9A-Y])                  # FI henkilötunnus 131052-308T
      | (?P<no>\d{6}\ ?\d{5})                                 # NO fødselsnummer 150765 00565
      | (?P<es>(?:\d{8}|[XYZ]\d{7})-?[A-Z])                    # ES DNI / NIE 12345678Z
      | (?P<it>[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z])  # IT codice fiscale
      | (?P<fr>[12]\ ?\d{2}\ ?\d{2}\ ?(?:\d{2}|2[AB])\ ?\d{3}\ ?\d{3}\ ?\d{2})  # FR NIR
    )
    (?![\w-]|[.,]\d)
    """,
    re.X | re.I,
)
_NATIONAL_CHECKS: dict[str, Callable[[str], bool]] = {
    "se": lambda v: se_personnummer_ok(re.sub(r"[-+]", "", v)),
    "fi": fi_henkilotunnus_ok,
    "no": lambda v: no_fodselsnummer_ok(v.replace(" ", "")),
    "es": es_dni_ok,
    "it": it_codice_fiscale_ok,
    "fr": lambda v: fr_nir_ok(v.replace(" ", "")),
}

_ACCOUNT_KEYED = re.compile(
    r"\b(?:(?:bank\s+)?account|acct|a/c|sort[ -]?code|routing(?: number| no\.?)?|aba|bsb)"
    r"(?:\s*(?:number|num|no\.?|nr|#|code))?\s*(?:is|was|:|#|=)?\s*(?P<v>\d[\d -]{4,22}\d)"
    r"|\b(?:bic|swift)(?:\s*code)?\s*(?:is|:)?\s*(?P<b>(?-i:[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?))\b",
    re.I,
)

_PHONE = re.compile(
    r"""
    (?<![\w+])
    (?: \+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{1,5}){1,5}   # +44 20 7946 0958
      | \(\d{2,5}\)[ .-]?\d{2,5}(?:[ .-]?\d{2,5}){1,3}                     # (555) 123-4567
      | \d{3}[.-]\d{3}[.-]\d{4}                                            # 555-123-4567
      | \d{3}\ \d{3}\ \d{4}                                                # 555 123 4567
      | 0\d{1,4}(?:[ -]\d{2,8}){1,4}                                       # 020 7946 0958
      | \d{10,15}                                                          # 5551234567
    )
    (?![\w]|[.,]\d)
    """,
    re.X,
)
_ID_BEFORE = re.compile(
    r"(?:#|\b(?:order|ord|invoice|tracking|ref|reference|ticket|case|customer|"
    r"sku|item|parcel|shipment|package|receipt|transaction|confirmation|rma|return|"
    r"ean|gtin|upc|isbn|barcode|article|art\.?-?nr|"
    r"dhl|ups|dpd|fedex|usps|gls|hermes|tnt|royal mail|postnl|colissimo)\b\.?"
    r"(?:\s*(?:number|num|no|nr|id|code)\b\.?)?)"
    r"\s*(?:is\s+)?[:#-]?\s*$",
    re.I,
)

_PHONE_WORD = re.compile(
    r"\b(?:phone|tel|telephone|mobile|cell|call|ring|text|sms|whatsapp|fax|number|no\.?)\b"
    r"[^.\n]{0,20}$",
    re.I,
)
"""Words before a number that say it is a phone number (then a barcode-like check is moot)."""

_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|"
    r"terrace|close|crescent|square|sq|highway|hwy|parkway|pkwy|gardens|grove|mews|row|walk|"
    r"hill|park|circle|cir|trail|rise|view|loop|plaza|quay|wharf|parade|alley|broadway"
)
_ADDRESS = re.compile(
    rf"""
    (?<![\w#.,-])
    (?: \d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,4}})?,?\s+                            # 221B, 12-14
        (?:(?!(?:of|the|and|or|in|on|at|for|to|my|your|a|an|items?|orders?|pcs|seconds?|minutes?|
              mins?|hours?|hrs?|days?|weeks?|months?|years?|times?|pieces?|km|miles?|kg|min)\b)
           [A-Za-z][\w'.-]*\s+){{1,3}}
        (?:{_STREET_TYPES})\b\.?
      | [A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gade|vej|
                            väg|gatan|ring|damm|ufer)\s+\d{{1,4}}[a-z]?\b
      | (?:rue|avenue|via|calle|avenida|piazza|viale|boulevard)\s+
        (?:(?:de|del|della|di|la|le|du|des|de\ la)\s+)?(?-i:[A-ZÀ-Ý])[\w'’.-]*
        (?:\s+[\w'’.-]+){{0,2}}?,?\s+\d{{1,4}}\b
    )
    (?:,?\s+(?:apt|apartment|flat|suite|unit|floor|fl)\.?\s*\#?\s*\w{{1,5}})?
    """,
    re.X | re.I,
)
_ADDRESS_GATE = re.compile(
    rf"\b(?:{_STREET_TYPES})\b|straße|strasse|str\.|weg\b|gasse|platz|allee|laan|straat|\b(?:rue|via|calle|avenida|piazza|viale)\b",
    re.I,
)
_UK_POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])"
)


def _sub(
    pattern: re.Pattern[str], text: str, kind: str, kinds: list[str], group: str | int = 0
) -> str:
    def replace(match: re.Match[str]) -> str:
        kinds.append(kind)
        if group == 0:
            return f"<PII:{kind.upper()}>"
        start, end = match.span(group)
        offset = match.start()
        whole = match.group(0)
        return whole[: start - offset] + f"<PII:{kind.upper()}>" + whole[end - offset :]

    return pattern.sub(replace, text)


def _sub_iban(match: re.Match[str], kinds: list[str]) -> str:
    # The pattern may run into a following code-like word; try the longest valid prefix of groups.
    chunk = match.group(0)
    parts = chunk.split(" ")
    keyed = _IBAN_WORD.search(match.string, max(0, match.start() - 20), match.start()) is not None
    for end in range(len(parts), 0, -1):
        compact = "".join(parts[:end])
        if iban_ok(compact) or (keyed and end == len(parts) and len(compact) >= 15):
            kinds.append("iban")
            rest = " ".join(parts[end:])
            return "<PII:IBAN>" + (" " + rest if rest else "")
    return chunk


def _sub_grouped_card(match: re.Match[str], kinds: list[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    keyed = _CARD_WORD.search(match.string, max(0, match.start() - 40), match.start())
    if not (13 <= len(digits) <= 19 or (len(digits) == 12 and keyed)):  # 12: a partial card
        return match.group(0)
    kinds.append("card")
    return "<PII:CARD>"


def _sub_plain_card(match: re.Match[str], kinds: list[str]) -> str:
    digits = match.group(0)
    keyed = _CARD_WORD.search(match.string, max(0, match.start() - 40), match.start())
    id_before = _ID_BEFORE.search(match.string, max(0, match.start() - 30), match.start())
    barcode = len(digits) in (13, 14) and gtin_ok(digits)
    if (luhn_ok(digits) and not id_before and not barcode) or keyed:
        kinds.append("card")
        return "<PII:CARD>"
    return digits


def _sub_national_id(match: re.Match[str], kinds: list[str]) -> str:
    group = match.lastgroup
    if group is None or not _NATIONAL_CHECKS[group](match.group(group)):
        return match.group(0)
    if _ID_BEFORE.search(match.string, max(0, match.start() - 30), match.start()):
        return match.group(0)
    kinds.append("govid")
    return "<PII:GOVID>"


def _sub_account(match: re.Match[str], kinds: list[str]) -> str:
    group = "v" if match.group("v") else "b"
    kinds.append("account")
    start, end = match.span(group)
    offset = match.start()
    whole = match.group(0)
    return whole[: start - offset] + "<PII:ACCOUNT>" + whole[end - offset :]


def _sub_phone(match: re.Match[str], kinds: list[str]) -> str:
    raw = match.group(0)
    digits = sum(map(str.isdigit, raw))
    if raw.startswith("+"):
        ok = 8 <= digits <= 15
    elif raw.isdigit():
        ok = 10 <= digits <= 15
    else:
        ok = 9 <= digits <= 15
    if not ok or _ID_BEFORE.search(match.string, max(0, match.start() - 30), match.start()):
        return raw
    barcode = raw.isdigit() and len(raw) in (12, 13, 14) and gtin_ok(raw)
    if barcode and not _PHONE_WORD.search(match.string, max(0, match.start() - 30), match.start()):
        return raw
    kinds.append("phone")
    return "<PII:PHONE>"


def _sub_address(match: re.Match[str], kinds: list[str]) -> str:
    if _ID_BEFORE.search(match.string, max(0, match.start() - 30), match.start()):
        return match.group(0)
    kinds.append("address")
    return "<PII:ADDRESS>"


def redact(text: str, *, keep_addresses: bool = False) -> tuple[str, list[str]]:
    """Replace credentials and personal data (see the module docstring) by placeholders.

    Returns the new text and the kinds found (each kind once, in :data:`PII_KINDS` order).
    ``keep_addresses`` leaves street addresses (the one view entity extraction may read a new
    delivery address from). Never raises: on an internal error the text is returned unchanged
    with no kinds.
    """
    try:
        kinds: list[str] = []
        text, count = redact_credentials(text)
        kinds += ["secret"] * count
        if "@" in text:
            text = _sub(_EMAIL, text, "email", kinds)
        digits = sum(map(str.isdigit, text))
        if digits:
            text = _IBAN.sub(lambda m: _sub_iban(m, kinds), text)
            if digits >= 7:  # national ids with a check digit hold 7 (NIE, codice fiscale) to 15
                text = _NATIONAL_ID.sub(lambda m: _sub_national_id(m, kinds), text)
            if digits >= 12:  # a card has 13 to 19 digits (12 of a partial one after "card")
                text = _CARD_GROUPED.sub(lambda m: _sub_grouped_card(m, kinds), text)
                text = _CARD_PLAIN.sub(lambda m: _sub_plain_card(m, kinds), text)
            if digits >= 5:
                text = _sub(_SSN, text, "govid", kinds)
                text = _sub(_NINO, text, "govid", kinds)
                text = _sub(_GOVID_KEYED, text, "govid", kinds, "v")
                text = _ACCOUNT_KEYED.sub(lambda m: _sub_account(m, kinds), text)
            if digits >= 8:  # a phone number has 8 or more (see _sub_phone)
                text = _PHONE.sub(lambda m: _sub_phone(m, kinds), text)
            if not keep_addresses:
                if _ADDRESS_GATE.search(text):
                    text = _ADDRESS.sub(lambda m: _sub_address(m, kinds), text)
                text = _sub(_UK_POSTCODE, text, "address", kinds)
        return text, [kind for kind in PII_KINDS if kind in kinds]
    except Exception:
        return text, []


def redact_text(text: str) -> str:
    """:func:`redact`'s text only (for logs, error columns and other free text)."""
    return redact(text)[0]


def redact_text_bounded(text: str, limit: int) -> str:
    """:func:`redact_text`, then cut to at most ``limit`` characters (ending in an ellipsis)."""
    text = redact_text(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


PREVIEW_CHARS = 2000
"""The longest preview :func:`redacted_preview` returns."""
_PREVIEW_SCAN_CHARS = 64 * 1024
"""How much of a message is redacted for its preview (the preview keeps far less of it)."""


def redacted_preview(raw: bytes | None, limit: int = PREVIEW_CHARS) -> str:
    """A raw message as text for people, with :func:`redact` applied: JSON is written again
    without escapes (so an escaped digit cannot hide a value from the redactor), anything else
    decoded as UTF-8 with replacement characters; at most ``limit`` characters. Deterministic:
    the same bytes always give the same preview (dead-letter replay compares them)."""
    data = raw or b""
    try:
        text = json.dumps(json.loads(data), ensure_ascii=False)
    except (ValueError, UnicodeDecodeError, RecursionError):
        text = data.decode("utf-8", errors="replace")
    return redact_text_bounded(text[:_PREVIEW_SCAN_CHARS], limit)
