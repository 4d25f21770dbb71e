"""Undo the encodings attackers hide instructions in: base64, hex, URL/HTML escapes, unicode
escapes, invisible tag characters, ROT13 and reversed text."""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

_B64_RE = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX_RE = re.compile(
    r"(?:\\x[0-9a-fA-F]{2}){4,}|(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}){8,}(?![0-9a-fA-F])"
)
_HEX_BYTES_RE = re.compile(r"(?:\b0x[0-9a-fA-F]{2}\b[\s,]*){4,}")
"""Hex bytes written one by one: ``0x69 0x67 0x6e 0x6f``."""
_MIN_BLOB = 16
"""Base64 and hex blobs are unbroken runs of at least this many characters."""
_UESC_RE = re.compile(r"(?:\\u[0-9a-fA-F]{4}){3,}")
_URL_ESC_RE = re.compile(r"%[0-9a-fA-F]{2}")
_URL_ALNUM_RE = re.compile(r"%(?:[46][1-9a-fA-F]|[57][0-9aA]|3[0-9])")
_HTML_ESC_RE = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_WORDS_RE = re.compile(r"[A-Za-z]{2,}")
_TAG_RE = re.compile("[\U000e0020-\U000e007e]")


@dataclass(frozen=True)
class Decoded:
    """One decoded layer: how it was encoded, the decoded text, and whether the encoding alone
    is suspicious (natural language hidden in base64/hex, letters needlessly %-escaped)."""

    kind: str
    text: str
    suspicious: bool


def _printable(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    ok = sum(ch.isprintable() or ch in "\n\t\r" for ch in text)
    return text if text and ok / len(text) >= 0.95 else None


def _natural(text: str) -> bool:
    return len(_WORDS_RE.findall(text)) >= 3 and " " in text


def _base64(text: str) -> list[Decoded]:
    out = []
    for match in _B64_RE.finditer(text):
        blob = match.group(0)
        if not re.search(r"[a-z]", blob) or not re.search(r"[A-Z0-9]", blob):
            continue  # a plain word or number, not base64
        padded = blob + "=" * (-len(blob.rstrip("=")) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                decoded = _printable(decode(padded.encode("ascii")))
            except (binascii.Error, ValueError):
                continue
            if decoded:
                out.append(Decoded("base64", decoded, _natural(decoded)))
                break
    return out


def _hex(text: str) -> list[Decoded]:
    out = []
    blobs = [m.group(0).replace("\\x", "") for m in _HEX_RE.finditer(text)]
    blobs += ["".join(re.findall(r"0x([0-9a-fA-F]{2})", m.group(0))) for m in
              _HEX_BYTES_RE.finditer(text)]  # fmt: skip
    for digits in blobs:
        try:
            decoded = _printable(bytes.fromhex(digits))
        except ValueError:
            continue
        if decoded:
            out.append(Decoded("hex", decoded, _natural(decoded)))
    return out


def decode_layers(clean: str, original: str) -> list[Decoded]:
    """Every decoding that changes the text, applied to the cleaned text (tag characters are read
    from the original, since cleaning removes them). Two rounds catch double encodings."""
    found: list[Decoded] = []
    frontier = [clean]
    tags = "".join(chr(ord(ch) - 0xE0000) for ch in _TAG_RE.findall(original))
    if tags:
        found.append(Decoded("unicode tag characters", tags, True))
        frontier.append(tags)
    for _ in range(2):
        layer: list[Decoded] = []
        for text in frontier:
            if max(map(len, text.split()), default=0) >= _MIN_BLOB or "0x" in text:
                layer.extend(_base64(text))
                layer.extend(_hex(text))
            if "%" in text and _URL_ESC_RE.search(text):
                escaped_alnum = len(_URL_ALNUM_RE.findall(text)) >= 3
                layer.append(Decoded("url-encoding", unquote(text), escaped_alnum))
            if "&" in text and _HTML_ESC_RE.search(text):
                layer.append(Decoded("html entities", html.unescape(text), False))
            if "\\u" in text and _UESC_RE.search(text):
                decoded = _UESC_RE.sub(
                    lambda m: m.group(0).encode("ascii").decode("unicode_escape"), text
                )
                layer.append(Decoded("unicode escapes", decoded, True))
        layer = [d for d in layer if d.text not in frontier]
        found.extend(layer)
        frontier = [d.text for d in layer]
        if not frontier:
            break
    return found


def scrambles(text: str) -> list[Decoded]:
    """ROT13 and reversed copies (checked for injection phrases only)."""
    return [
        Decoded("rot13", codecs.decode(text, "rot13"), False),
        Decoded("reversed text", text[::-1], False),
    ]
