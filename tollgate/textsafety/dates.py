"""Dates and times in text: calendar dates in any case and separator (``2025-03-09``,
``2025/03/09``, ``09.03.2025``, ``9 March``, ``on 5 march``, ``March 9th``), weekdays and
relative times / durations ("by monday", "within 48 hours", "in two days", "tomorrow").

:func:`find_dates` returns each calendar mention with its possible readings; :func:`find_relative`
each relative time or duration (which no stored fact can back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTHS", "DateMention", "find_dates", "find_relative", "to_date"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
"""English month names, independent of the process locale."""

_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER.update({name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBER["sept"] = 9
_MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_DAY_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_DAY_WORD = "(?:" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + ")"


def to_date(value: object) -> date | None:
    """An ISO date (or the date part of an ISO datetime), or ``None``."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar date in text. ``readings`` are (year or None, month, day or None) tuples."""

    text: str
    start: int
    end: int
    readings: tuple[tuple[int | None, int, int | None], ...]


_YMD = re.compile(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_DMY = re.compile(r"(?<![\d.,])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
_DM_SHORT = re.compile(r"(?<![\w.,/-])(\d{1,2})/(\d{1,2})(?![\w/]|[.,]\d)")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}|{_DAY_WORD}){_ORD}(?:\s+of)?[\s-]+({_MONTH})\b\.?(?:,?\s+(\d{{4}})\b)?", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\.?\s+(?:the\s+)?(\d{{1,2}}|{_DAY_WORD}){_ORD}\b(?!\s*(?:%|[.,]\d))"
    rf"(?:,?\s+(\d{{4}})\b)?",
    re.I,
)
_MONTH_YEAR = re.compile(
    rf"\b(?:(?:in|by|until|before|after|from|end of|early|late|mid)\s+)"
    rf"({_MONTH})\b(?:\s+(\d{{4}})\b)?|\b({_MONTH})\s+(\d{{4}})\b",
    re.I,
)


def _valid(year: int | None, month: int, day: int | None) -> bool:
    try:
        date(year if year is not None else 2000, month, day or 1)
    except ValueError:
        return False
    return True


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _day(raw: str) -> int:
    return int(raw) if raw.isdigit() else _DAY_WORDS[raw.lower()]


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date in ``text`` (numeric ones with both day/month readings), without
    overlaps: an earlier pattern's span wins."""
    found: list[DateMention] = []

    def add(match: re.Match[str], readings: list[tuple[int | None, int, int | None]]) -> None:
        start, end = match.span()
        if any(m.start <= start < m.end or start <= m.start < end for m in found):
            return
        valid = tuple(r for r in readings if _valid(*r))
        if valid:
            found.append(DateMention(match.group(0), start, end, valid))

    for m in _YMD.finditer(text):
        add(m, [(int(m.group(1)), int(m.group(2)), int(m.group(3)))])
    for m in _DMY.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        add(m, [(year, b, a), (year, a, b)])
    for m in _DAY_MONTH.finditer(text):
        add(m, [(_year(m.group(3)), _MONTH_NUMBER[m.group(2).lower()], _day(m.group(1)))])
    for m in _MONTH_DAY.finditer(text):
        add(m, [(_year(m.group(3)), _MONTH_NUMBER[m.group(1).lower()], _day(m.group(2)))])
    for m in _MONTH_YEAR.finditer(text):
        name, raw_year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        add(m, [(_year(raw_year), _MONTH_NUMBER[name.lower()], None)])
    for m in _DM_SHORT.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= 12 or b <= 12:
            add(m, [(None, b, a), (None, a, b)])
    return sorted(found, key=lambda d: d.start)


_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thurs|fri|sat|sun)"
)
_COUNT = (r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
          r"twelve|fourteen|fifteen|twenty|thirty|forty[- ]eight|seventy[- ]two|twenty[- ]four|"
          r"a few|a couple(?: of)?|several|few|couple of)")  # fmt: skip
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|h|days?|business days?|working days?|weeks?|wks?|months?)"
_RELATIVE = re.compile(
    rf"\b(?:(?:on|by|before|until|till|next|this|coming)\s+{_WEEKDAY}s?\b|{_WEEKDAY}s?\b(?=\s*(?:morning|afternoon|evening|night|at|by))|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|"
    r"tomorrow|tonight|the day after tomorrow|(?:by|until|before|later|within|arrives?|ships?|"
    r"shipped|deliver(?:s|ed)?|dispatch(?:es|ed)?|refund(?:s|ed)?|credit(?:s|ed)?|"
    r"process(?:es|ed)?|done|ready|out) today|"
    r"(?:next|this|coming) (?:week|weekend|month|year|business day|working day|morning|"
    r"afternoon|evening)|"
    r"by (?:the )?end of (?:the |this |next )?(?:day|week|month|year)|"
    r"(?:end of|close of) business|\beod\b|\bcob\b|asap|right away|immediately|straight away|"
    r"same[- ]day|next[- ]day|overnight|shortly|in no time|"
    r"(?:within|in|after|under|less than|no more than|up to|inside(?: of)?) (?:the next )?"
    rf"{_COUNT}[\s-]?{_UNIT}\b|"
    rf"{_COUNT}(?: to |\s?[-–]\s?){_COUNT}[\s-]?{_UNIT}\b|"
    rf"\d+\s?{_UNIT}\b(?= (?:from now|time|max|at most|or less))|"
    r"(?:in|within) (?:a|an|one|the next) "
    r"(?:hour|day|week|month|moment|jiffy|few (?:hours|days|weeks))\b|"
    r"at (?:\d{1,2}(?::\d{2})?\s?(?:am|pm)|noon|midnight))",
    re.I,
)  # fmt: skip


def find_relative(text: str) -> list[str]:
    """Relative times, weekdays and durations stated in ``text`` ("by monday", "within 48
    hours", "in two days", "tomorrow", "asap")."""
    return [m.group(0) for m in _RELATIVE.finditer(text)]
