"""A tiny HTML reader for the report tests: every element with its attributes and its text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "input", "link", "hr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: list[str] = field(default_factory=list)


def _name(element: Element) -> str:
    """``tag`` or ``tag#id``: how an element appears in its children's ``parents``."""
    ident = element.attrs.get("id")
    return f"{element.tag}#{ident}" if ident else element.tag


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(
            tag, {k: v or "" for k, v in attrs}, parents=[_name(e) for e in self._open]
        )
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data


def parse(html: str) -> list[Element]:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def find(elements: list[Element], tag: str, **attrs: str) -> list[Element]:
    """Elements of ``tag`` having every given attribute (``data_x`` means ``data-x``)."""
    wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [
        e
        for e in elements
        if e.tag == tag
        and all(e.attrs.get(k) == v or (v == "*" and k in e.attrs) for k, v in wanted.items())
    ]


def cells(elements: list[Element], row: Element) -> list[str]:
    """The texts of a table row's cells, in order."""
    start = elements.index(row) + 1
    out = []
    for element in elements[start:]:
        if element.tag == "tr":
            break
        if element.tag in ("td", "th"):
            out.append(element.text.strip())
    return out
