"""Knowledge-base articles: Markdown files with YAML front matter, split into passages.

An article is ``<pack>/knowledge/*.md``::

    ---
    title: Returns
    url: https://help.example.com/returns
    tags: [returns, policy]
    ---
    Intro paragraph (a passage of its own when not empty).

    ## Return window
    You can return items within 30 days of delivery.

Each ``## `` section is one passage: what an answer quotes and cites. Errors name the file and
the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KNOWLEDGE_DIR = "knowledge"
_FRONT_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SECTION_RE = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


class KnowledgeError(ValueError):
    """An article is malformed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One section of one article. ``source`` is the article path relative to the pack."""

    source: str
    title: str
    url: str
    tags: tuple[str, ...]
    heading: str
    text: str

    @property
    def searchable(self) -> str:
        """What the index sees: title, tags, heading and body."""
        return " ".join((self.title, " ".join(self.tags), self.heading, self.text))


def load_passages(pack_dir: Path) -> list[Passage]:
    """Every passage of every article under ``<pack_dir>/knowledge`` (sorted by path).

    A pack without a knowledge folder has no passages.
    """
    folder = pack_dir / KNOWLEDGE_DIR
    if not folder.is_dir():
        return []
    passages: list[Passage] = []
    for path in sorted(folder.rglob("*.md")):
        passages.extend(parse_article(path, path.relative_to(pack_dir).as_posix()))
    return passages


def parse_article(path: Path, source: str) -> list[Passage]:
    """The passages of one article; raises :class:`KnowledgeError` naming ``path``."""
    raw = path.read_text(encoding="utf-8")
    match = _FRONT_RE.match(raw)
    if match is None:
        raise KnowledgeError(f"{path}: front matter: missing (start the file with '---')")
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: front matter: invalid YAML: {exc}") from None
    if not isinstance(front, dict):
        raise KnowledgeError(f"{path}: front matter: expected a mapping")
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        raise KnowledgeError(f"{path}: title: missing or empty")
    url = front.get("url", "")
    if not isinstance(url, str):
        raise KnowledgeError(f"{path}: url: expected a string")
    tags = front.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise KnowledgeError(f"{path}: tags: expected a list of strings")
    body = raw[match.end() :]
    parts = _SECTION_RE.split(body)
    sections = [("", parts[0]), *list(zip(parts[1::2], parts[2::2], strict=True))]
    passages = [
        Passage(source, title.strip(), url.strip(), tuple(tags), heading.strip(), _flat(text))
        for heading, text in sections
        if _flat(text)
    ]
    if not passages:
        raise KnowledgeError(f"{path}: body: no text")
    return passages


def _flat(markdown: str) -> str:
    """One paragraph of plain text: list markers and emphasis dropped, whitespace collapsed."""
    lines = [re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line) for line in markdown.splitlines()]
    text = " ".join(line.strip() for line in lines if line.strip())
    return re.sub(r"[*_`]{1,2}", "", text).strip()
