"""Keep a stage's output below the broker's message size: long strings are cut with a marker.

A JSON payload larger than the limit has its longest string values shortened (longest first,
each ending with :data:`MARKER`) until it fits; ids, short strings and base64 fields (``*_b64``,
whose flag says when they are truncated) are never cut, so the payload keeps its contract. A
value that is not JSON, or that cannot be brought under the limit this way, is returned as it
is (the producer then refuses it and the pump's error path takes over).
"""

from __future__ import annotations

import json
from typing import Any

MARKER = "…[truncated by tollgate: {n} characters removed]"
MIN_CUT_CHARS = 256
"""Strings shorter than this are never cut (ids, names, reasons)."""
MAX_ROUNDS = 64


def _strings(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[int, tuple[Any, ...]]]:
    found: list[tuple[int, tuple[Any, ...]]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.endswith("_b64"):
                continue
            found += _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _strings(value, (*path, index))
    elif isinstance(node, str) and len(node) >= MIN_CUT_CHARS:
        found.append((len(node), path))
    return found


def _set(doc: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def fit_json(value: bytes, limit: int) -> bytes:
    """``value`` unchanged when it is at most ``limit`` bytes; otherwise the same JSON document
    with its longest strings cut (see the module docstring)."""
    if len(value) <= limit:
        return value
    try:
        doc = json.loads(value)
    except (ValueError, UnicodeDecodeError):
        return value
    encoded = value
    for _ in range(MAX_ROUNDS):
        over = len(encoded) - limit
        if over <= 0:
            return encoded
        candidates = _strings(doc)
        if not candidates:
            return encoded
        length, path = max(candidates)
        text: str = _get(doc, path)
        removed = min(length - MIN_CUT_CHARS // 2, over + len(MARKER) + 16)
        _set(doc, path, text[: length - removed] + MARKER.format(n=removed))
        encoded = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return encoded
