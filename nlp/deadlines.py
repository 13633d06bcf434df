"""Deadlines in Dutch, normalised to a date range: ``vóór de zomer 2021``, ``begin 2021``,
``eind maart 2021``, ``in 2022``, ``dit voorjaar`` (relative to the paper's date)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ingest.metadata import MONTHS

MONTH = "|".join(MONTHS)
YEAR = r"(?P<year>\d{4})"
SEASONS = {"voorjaar": (3, 1, 6, 20), "zomer": (6, 21, 9, 22), "najaar": (9, 23, 12, 20), "winter": (12, 21, 3, 20)}


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    text: str  # the words it came from


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(match: re.Match, reference: date | None) -> int | None:
    found = match.groupdict().get("year")
    if found:
        return int(found)
    return reference.year if reference else None


RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(rf"\b(?:vóór|voor)\s+de\s+zomer(?:\s+(?:van\s+)?{YEAR})?", re.I),
     lambda y, m: (date(y, 1, 1), date(y, 6, 30))),
    (re.compile(rf"\b(?:na|over)\s+de\s+zomer(?:\s+(?:van\s+)?{YEAR})?", re.I),
     lambda y, m: (date(y, 9, 1), date(y, 12, 31))),
    (re.compile(rf"\b(?:vóór|voor)\s+het\s+(?:einde?|eind)\s+van\s+(?:het|dit)\s+jaar", re.I),
     lambda y, m: (date(y, 1, 1), date(y, 12, 31))),
    (re.compile(rf"\b(?:begin|eind|medio|half)\s+(?P<month>{MONTH})(?:\s+{YEAR})?", re.I), "month_part"),
    (re.compile(rf"\b(?:in|vóór|voor|uiterlijk)?\s*(?P<month>{MONTH})\s+{YEAR}", re.I), "month"),
    (re.compile(rf"\b(?P<part>begin|eind|medio|halverwege)\s+{YEAR}", re.I), "year_part"),
    (re.compile(rf"\b(?:dit|komend|komende|het)\s+(?P<season>voorjaar|zomer|najaar)", re.I), "season"),
    (re.compile(rf"\b(?:in\s+)?het\s+(?P<season>voorjaar|najaar)\s+(?:van\s+)?{YEAR}", re.I), "season"),
    (re.compile(rf"\bin\s+(?:het\s+)?(?P<q>Q[1-4]|(?:eerste|tweede|derde|vierde)\s+kwartaal)(?:\s+(?:van\s+)?{YEAR})?", re.I), "quarter"),
    (re.compile(rf"\b(?:begin|eind)\s+(?P<month>{MONTH})\b", re.I), "month_part"),
    (re.compile(rf"\b(?:in|vóór|voor|uiterlijk)\s+{YEAR}\b", re.I), lambda y, m: (date(y, 1, 1), date(y, 12, 31))),
]
QUARTERS = {"q1": 1, "eerste": 1, "q2": 2, "tweede": 2, "q3": 3, "derde": 3, "q4": 4, "vierde": 4}


def parse_deadline(text: str, reference: date | None = None) -> DateRange | None:
    """The first deadline stated in ``text``; relative words use the paper's date ``reference``."""
    for pattern, rule in RULES:
        match = pattern.search(text)
        if not match:
            continue
        year = _year(match, reference)
        if year is None:
            continue
        span = _span(rule, match, year)
        if span and reference and not match.groupdict().get("year") and span[1] < reference:
            span = _span(rule, match, year + 1)  # "voor de zomer", said in September: next year's
        if span:
            return DateRange(span[0], span[1], match.group(0).strip())
    return None


def _span(rule, match: re.Match, year: int) -> tuple[date, date] | None:
    if callable(rule):
        return rule(year, match)
    if rule == "month":
        month = MONTHS[match.group("month").lower()]
        return date(year, month, 1), _month_end(year, month)
    if rule == "month_part":
        month = MONTHS[match.group("month").lower()]
        word = match.group(0).split()[0].lower()
        if word == "begin":
            return date(year, month, 1), date(year, month, 10)
        if word == "eind":
            return date(year, month, 20), _month_end(year, month)
        return date(year, month, 10), date(year, month, 20)
    if rule == "year_part":
        part = match.group("part").lower()
        return {"begin": (date(year, 1, 1), date(year, 3, 31)), "eind": (date(year, 10, 1), date(year, 12, 31))}.get(
            part, (date(year, 5, 1), date(year, 8, 31)))
    if rule == "season":
        m1, d1, m2, d2 = SEASONS[match.group("season").lower()]
        return date(year, m1, d1), date(year + (1 if m2 < m1 else 0), m2, d2)
    if rule == "quarter":
        q = QUARTERS[match.group("q").split()[0].lower()]
        return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    return None
