"""Deadlines in Dutch, normalised to a date range: ``vóór de zomer 2021``, ``begin 2021``, ``eind maart``,
``in het voorjaar van 2025``, ``binnen zes weken``, ``voor het zomerreces`` …

One table, ``RULES``, reads every form; ``parse_deadline`` returns the one stated first in the text (the longest
at the same place), so the order of the table never decides which deadline wins. Words without a year ("dit
voorjaar", "in april", "binnen zes weken") are read against the paper's date; a date that names when something
was said or began ("het debat van 7 februari 2024", "per 1 juli") is no deadline."""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.metadata import MONTHS

MONTH = "|".join(MONTHS)
YEAR = r"(?P<year>\d{4})"
# A year named relative to the paper's: "van dit jaar", "volgend jaar", "het jaar" (the current one).
RELATIVE_YEAR = r"(?P<rel>dit|het|volgend|volgende|komend|komende)\s+jaar"
SOME_YEAR = rf"(?:{YEAR}|{RELATIVE_YEAR})"
SEASON = r"(?P<season>voorjaar|zomer|najaar)"
DAY_MONTH = rf"(?P<day>\d{{1,2}})\s+(?P<month>{MONTH})(?:\s+{YEAR})?"
NUMBER = r"(?P<n>\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)"

SEASONS = {"voorjaar": (3, 1, 6, 20), "zomer": (6, 21, 9, 22), "najaar": (9, 23, 12, 20)}
HALVES = {"eerste": (1, 1, 6, 30), "tweede": (7, 1, 12, 31)}
QUARTERS = {"q1": 1, "eerste": 1, "q2": 2, "tweede": 2, "q3": 3, "derde": 3, "q4": 4, "vierde": 4}
NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
           "tien": 10, "elf": 11, "twaalf": 12}
UNIT_DAYS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "maand": 30, "maanden": 30, "jaar": 365}
NEXT_YEAR = ("volgend", "volgende", "komend", "komende")

# When something was said or begins, not when it is due: "van 7 februari 2024", "d.d. 3 maart", "per 1 juli".
PLACES = re.compile(rf"\b(?:van|d\.d\.|sinds|per)\s+\d{{1,2}}\s+(?:{MONTH})(?:\s+\d{{4}})?", re.I)


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    text: str  # the words it came from


Span = tuple[date, date]
SpanOf = Callable[[re.Match, int, date | None], Span | None]  # (match, year, paper's date) → range


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(match: re.Match) -> int:
    return MONTHS[match.group("month").lower()]


# ---------------------------------------------------------------- spans, one per kind of deadline

def _whole_year(match: re.Match, year: int, reference: date | None) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def _fixed(m1: int, d1: int, m2: int, d2: int) -> SpanOf:
    """A span at the same days every year ("voor de zomer": 1 January to 30 June)."""
    return lambda match, year, reference: (date(year, m1, d1), date(year, m2, d2))


def _season(match: re.Match, year: int, reference: date | None) -> Span:
    m1, d1, m2, d2 = SEASONS[match.group("season").lower()]
    return date(year, m1, d1), date(year, m2, d2)


def _half(match: re.Match, year: int, reference: date | None) -> Span:
    m1, d1, m2, d2 = HALVES[match.group("half").lower()]
    return date(year, m1, d1), date(year, m2, d2)


def _quarter(match: re.Match, year: int, reference: date | None) -> Span:
    q = QUARTERS[match.group("q").split()[0].lower()]
    return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)


def _year_part(match: re.Match, year: int, reference: date | None) -> Span:
    """"begin 2025" is its first quarter, "eind 2025" its last, "medio 2025" May to August."""
    part = match.group("part").lower()
    if part == "begin":
        return date(year, 1, 1), date(year, 3, 31)
    if part.startswith("eind"):
        return date(year, 10, 1), date(year, 12, 31)
    return date(year, 5, 1), date(year, 8, 31)


def _whole_month(match: re.Match, year: int, reference: date | None) -> Span:
    month = _month(match)
    return date(year, month, 1), _month_end(year, month)


def _month_part(match: re.Match, year: int, reference: date | None) -> Span:
    """"begin maart" is its first ten days, "eind maart" from the 20th, "medio maart" the 10th to the 20th."""
    month, part = _month(match), match.group("part").lower()
    if part == "begin":
        return date(year, month, 1), date(year, month, 10)
    if part.startswith("eind"):
        return date(year, month, 20), _month_end(year, month)
    return date(year, month, 10), date(year, month, 20)


def _by_day(inclusive: bool) -> SpanOf:
    """"uiterlijk 15 maart" ends on the 15th; "vóór 15 maart" the day before (1 January for "vóór 1 januari" is
    31 December of the year before, so the range starts in the year it ends)."""
    def span(match: re.Match, year: int, reference: date | None) -> Span:
        month = _month(match)
        day = min(max(int(match.group("day")), 1), calendar.monthrange(year, month)[1])
        end = date(year, month, day) - timedelta(days=0 if inclusive else 1)
        return date(end.year, 1, 1), end
    return span


def _within(match: re.Match, year: int, reference: date | None) -> Span | None:
    """"binnen zes weken" counts from the paper's date; without one there is no range."""
    if reference is None:
        return None
    n = match.group("n").lower()
    count = int(n) if n.isdigit() else NUMBERS[n]
    return reference, reference + timedelta(days=count * UNIT_DAYS[match.group("unit").lower()])


def _rule(pattern: str, span: SpanOf) -> tuple[re.Pattern, SpanOf]:
    return re.compile(pattern, re.I), span


# Every form, pattern → span. Order does not matter: the first by position in the text wins.
RULES: list[tuple[re.Pattern, SpanOf]] = [
    # seasons and recesses
    _rule(rf"\b(?:vóór|voor)\s+de\s+zomer(?:vakantie)?(?:\s+(?:van\s+)?{YEAR})?\b", _fixed(1, 1, 6, 30)),
    _rule(rf"\b(?:na|over)\s+de\s+zomer(?:vakantie)?(?:\s+(?:van\s+)?{YEAR})?\b", _fixed(9, 1, 12, 31)),
    _rule(rf"\b(?:vóór|voor)\s+het\s+zomerreces(?:\s+(?:van\s+)?{YEAR})?\b", _fixed(1, 1, 7, 5)),
    _rule(rf"\b(?:na|over)\s+het\s+zomerreces(?:\s+(?:van\s+)?{YEAR})?\b", _fixed(9, 1, 12, 31)),
    _rule(rf"\b(?:vóór|voor)\s+het\s+kerstreces(?:\s+(?:van\s+)?{YEAR})?\b", _fixed(1, 1, 12, 20)),
    _rule(rf"\b(?:in\s+)?(?:(?:het|de)\s+)?{SEASON}\s+(?:van\s+)?{SOME_YEAR}\b", _season),
    _rule(rf"\b(?:dit|deze|komend|komende|het|in\s+de)\s+{SEASON}\b", _season),
    _rule(rf"\b(?P<rel>volgend|volgende)\s+{SEASON}\b", _season),
    # parts of a year
    _rule(rf"\b(?:vóór|voor)\s+het\s+einde?\s+van\s+(?:het|dit)\s+jaar\b", _whole_year),
    _rule(rf"\b(?:(?:aan\s+)?het\s+)?(?P<part>begin|eind|einde|medio|half|halverwege)\s+(?:van\s+)?{SOME_YEAR}\b",
          _year_part),
    _rule(rf"\b(?:in\s+)?de\s+(?P<half>eerste|tweede)\s+helft\s+van\s+{SOME_YEAR}\b", _half),
    _rule(rf"\b(?:in\s+)?(?:het\s+)?(?P<q>(?:eerste|tweede|derde|vierde)\s+kwartaal)(?:\s+(?:van\s+)?{SOME_YEAR})?\b",
          _quarter),
    _rule(rf"\bin\s+(?P<q>Q[1-4])\b(?:\s+{YEAR}\b)?", _quarter),
    _rule(rf"\b(?P<q>Q[1-4])[\s-]+{YEAR}\b", _quarter),
    # whole years
    _rule(rf"\b(?:in\s+de\s+loop\s+van|in|vóór|voor|uiterlijk)\s+{YEAR}\b(?![-–]\d)", _whole_year),  # not "2020-2030"
    _rule(rf"\b(?:later\s+|nog\s+)?(?P<rel>dit)\s+jaar\b", _whole_year),
    _rule(rf"\b(?P<rel>volgend|komend)\s+jaar\b", _whole_year),
    # months and days
    _rule(rf"\b(?P<part>begin|eind|einde|medio|half|halverwege)\s+(?P<month>{MONTH})(?:\s+{YEAR})?\b", _month_part),
    _rule(rf"\b(?:(?:in|vóór|voor|uiterlijk)\s+(?:in\s+)?)?(?P<month>{MONTH})\s+(?:van\s+)?{YEAR}\b", _whole_month),
    _rule(rf"\b(?:in|uiterlijk(?:\s+in)?)\s+(?P<month>{MONTH})\b", _whole_month),
    _rule(rf"\b(?:vóór|voor)\s+{DAY_MONTH}\b", _by_day(inclusive=False)),
    _rule(rf"\buiterlijk\s+(?:op\s+)?{DAY_MONTH}\b", _by_day(inclusive=True)),
    # a count from the paper's date ("binnen twee maanden na ontvangst" counts from something else)
    _rule(rf"\bbinnen\s+{NUMBER}\s+(?P<unit>dagen|dag|weken|week|maanden|maand|jaar)\b(?!\s+(?:na|nadat)\b)",
          _within),
]


# ---------------------------------------------------------------- the entry point

def strip_places(text: str) -> str:
    """Blank the dates that say when something was said or begins ("in het debat van 7 februari 2024",
    "per 1 juli"): read as deadlines they would date a promise to the day it was made."""
    return PLACES.sub(" ", text)


def parse_deadline(text: str, reference: date | None = None) -> DateRange | None:
    """The deadline stated first in ``text`` (the longest at the same place); words without a year are read
    against the paper's date ``reference``, and one already past when said is next year's ("voor de zomer",
    said in September)."""
    text = strip_places(text)
    found: list[tuple[int, int, DateRange]] = []
    for pattern, span_of in RULES:
        hit = _first_hit(pattern, span_of, text, reference)
        if hit is not None:
            found.append(hit)
    return min(found, key=lambda hit: hit[:2])[2] if found else None


def _first_hit(pattern: re.Pattern, span_of: SpanOf, text: str,
               reference: date | None) -> tuple[int, int, DateRange] | None:
    """This rule's first match that yields a range, as (position, minus length, range) for ``min``."""
    for match in pattern.finditer(text):
        span = _span(match, span_of, reference)
        if span is not None:
            return match.start(), -len(match.group(0)), DateRange(span[0], span[1], match.group(0).strip())
    return None


def _span(match: re.Match, span_of: SpanOf, reference: date | None) -> Span | None:
    """The range of one match: in the year it names, else the paper's, rolled to next year once past."""
    groups = match.groupdict()
    stated = groups.get("year") or groups.get("rel")
    year = _year(groups, reference)
    if year is None:
        return None
    span = span_of(match, year, reference)
    if span and reference and not stated and span[1] < reference:
        span = span_of(match, year + 1, reference)
    return span


def _year(groups: dict, reference: date | None) -> int | None:
    """The year a match names: "2025", "volgend jaar" (the paper's plus one), else the paper's own."""
    if groups.get("year"):
        return int(groups["year"])
    if reference is None:
        return None
    rel = (groups.get("rel") or "").lower()
    return reference.year + (1 if rel in NEXT_YEAR else 0)
