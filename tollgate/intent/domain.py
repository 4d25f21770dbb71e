"""A domain: its intent catalogue (``intents.yaml``) and labelled examples (JSONL or TSV).

Example files are either JSON lines ``{"text": ..., "intent": ...}`` or tab-separated with a
``text<TAB>label`` header (the Banking77 format, fields may be quoted and span lines). Every
error names the file and the line.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXAMPLE_FILES = ("examples.jsonl", "examples.tsv")


class DomainError(ValueError):
    """A domain or example file is missing or malformed; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text."""

    text: str
    intent: str


@dataclass(frozen=True)
class Domain:
    """What the agent is competent for: intent name → description, and labelled examples."""

    name: str
    description: str
    intents: dict[str, str]
    examples: list[Example] = field(default_factory=list)


def load_domain(path: Path) -> Domain:
    """Read ``intents.yaml`` and ``examples.jsonl`` (or ``examples.tsv``) from a domain folder.

    Examples must use the catalogue's intent names.
    """
    catalogue = path / "intents.yaml"
    try:
        raw = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(f"{catalogue}: not found") from None
    except yaml.YAMLError as exc:
        raise DomainError(f"{catalogue}: invalid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("intents"), dict) or not raw["intents"]:
        raise DomainError(f"{catalogue}: needs a non-empty 'intents' mapping of name: description")
    intents = {str(k): str(v) for k, v in raw["intents"].items()}
    files = [path / name for name in EXAMPLE_FILES if (path / name).is_file()]
    if not files:
        raise DomainError(f"{path}: no {' or '.join(EXAMPLE_FILES)}")
    examples = load_examples(files[0])
    unknown = sorted({e.intent for e in examples} - intents.keys())
    if unknown:
        raise DomainError(f"{files[0]}: intents not in {catalogue.name}: {', '.join(unknown)}")
    return Domain(
        name=str(raw.get("domain") or path.name),
        description=str(raw.get("description") or ""),
        intents=intents,
        examples=examples,
    )


def load_examples(path: Path) -> list[Example]:
    """Labelled texts from a ``.jsonl`` file or a ``.tsv`` file with a ``text<TAB>label`` header."""
    if not path.is_file():
        raise DomainError(f"{path}: not found")
    is_tsv = path.suffix.lower() in (".tsv", ".txt")
    examples = _read_tsv(path) if is_tsv else _read_jsonl(path)
    if not examples:
        raise DomainError(f"{path}: no examples")
    return examples


def _read_jsonl(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DomainError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise DomainError(f"{path}:{number}: expected an object with 'text' and 'intent'")
            examples.append(_example(path, number, row.get("text"), row.get("intent")))
    return examples


def _read_tsv(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:2]] not in (
            ["text", "label"],
            ["text", "intent"],
        ):
            raise DomainError(f"{path}:1: expected the header 'text<TAB>label'")
        for row in reader:
            number = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise DomainError(
                    f"{path}:{number}: expected 2 tab-separated fields, not {len(row)}"
                )
            examples.append(_example(path, number, row[0], row[1]))
    return examples


def _example(path: Path, number: int, text: object, intent: object) -> Example:
    if not isinstance(text, str) or not text.strip():
        raise DomainError(f"{path}:{number}: 'text' must be a non-empty string")
    if not isinstance(intent, str) or not intent.strip():
        raise DomainError(f"{path}:{number}: 'intent' must be a non-empty string")
    return Example(text=" ".join(text.split()), intent=intent.strip())


def content_hash(examples: Iterable[Example]) -> str:
    """A stable hash of the examples (order-sensitive), used as the model cache key."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.text, example.intent], ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]
