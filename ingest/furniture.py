"""Page furniture: text a typesetter repeats on pages that is not part of the paper.

Kamerstuk PDFs carry ``kst-32637-433``, ``ISSN 0921 - 7371``, a line like
``'s-Gravenhage 2020 Tweede Kamer, vergaderjaar 2020–2021, 32 637, nr. 433 1``,
page numbers, running heads, and letters a margin column (``Ons kenmerk …``).
"""
from __future__ import annotations

import re

FURNITURE_PATTERNS = [
    re.compile(r"^kst-\d+(?:-[A-Z0-9]+)*-\d+$", re.I),
    re.compile(r"^ah-tk-\d{8}-\d+$", re.I),
    re.compile(r"^ISSN\s*\d{4}\s*-\s*\d{3}[\dX]$", re.I),
    re.compile(r"^[’'`]s-Gravenhage \d{4}(?:\s+Tweede Kamer.*)?$"),
    re.compile(r"^(?:Tweede|Eerste) Kamer(?: der Staten-Generaal)?, vergaderjaar \d{4}\s*[–-]\s*\d{4}, (?:.*\d+|Aanhangsel)\s*(?:\d+)?$"),
    re.compile(r"^(?:Pagina|Blad)\s+\d+\s+(?:van|/)\s+\d+$", re.I),
]

# A bare page number ("3", "3.", "- 3 -"): furniture only where page numbers stand.
PAGE_NUMBER = re.compile(r"^-?\s*\d{1,4}\s*\.?\s*-?$")

# Labels of a letter's margin column; a repeat of one is furniture.
MARGIN_LABELS = re.compile(r"^(?:Ons kenmerk|Uw kenmerk|Kenmerk|Onze referentie|Datum)\b", re.I)


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line.strip()))


def is_furniture(line: str) -> bool:
    text = line.strip()
    return bool(text) and any(p.match(text) for p in FURNITURE_PATTERNS)


def shape(line: str) -> str:
    """A line's shape for spotting running heads: digits folded, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line.strip().lower()))
