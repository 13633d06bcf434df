"""References to other papers and debates, normalised to stable ids.

``Kamerstuk 32 637, nr. 391`` → ``32637-391``; ``35 570 XIII, nr. 43`` → ``35570-XIII-43``;
``Kamerstuk 21 501-04, nr. 278`` → ``21501-04-278``;
``Kamerstukken 26 643 en 24 095, nr. 758`` → both; ``kst-32637-433`` → ``32637-433``;
``Kamerstuk 2020D07186`` → ``2020D07186``; ``AO Techniekpact van 8 oktober 2019`` →
``AO Techniekpact 2019-10-08``.
"""
from __future__ import annotations

import re

from ingest.metadata import DATE, MONTHS

# 32 637; 35 570 XIII / 36 410-XVI (a begroting chapter); 21 501-04 (an EU council): a sub-dossier is
# another dossier, so its suffix stays in the id.
DOSSIER = r"(\d{2}\s?\d{3})(?:[\s-]+([A-Z]{1,5}(?:-[A-Z0-9]{1,3})?|(?<=-)\d{2}(?!\d)))?"
NUMBER = r"(?:nr\.?|nummer)?\s*(\d{1,4})\b"
KAMERSTUK = re.compile(
    rf"\b(?:Kamerstuk(?:ken)?|TK\s+\d{{4}}\s*[-–]\s*\d{{4}},)\s+{DOSSIER}((?:\s*(?:,|en)\s*{DOSSIER})*)\s*,\s*{NUMBER}"
)
BARE = re.compile(rf"(?<![\d.,])\b{DOSSIER}\s*,\s*nr\.\s*(\d{{1,4}})\b")
KST_ID = re.compile(r"\bkst-(\d{5,6})((?:-[A-Z0-9]{1,5})*)-(\d{1,4})\b", re.I)
DOCUMENT_NUMBER = re.compile(r"\b(20\d{2}[DZ]\d{5})\b")
DEBATE = re.compile(
    r"\b(AO|WGO|CD|SO|NO|algemeen overleg|commissiedebat|notaoverleg|wetgevingsoverleg|plenair debat|tweeminutendebat)"
    r"\s+((?:[A-Z][\w&/-]*)(?:\s+(?:[A-Z&][\w&/-]*|en|van|de|het))*?)\s+(?:van|op|d\.d\.)\s+"
    r"(\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})",
    re.I,
)


def _dossier(number: str, suffix: str | None) -> str:
    return number.replace(" ", "") + (f"-{suffix}" if suffix else "")


def extract_references(text: str) -> list[str]:
    """All references in ``text``, normalised, in order of appearance, without repeats."""
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for match in KAMERSTUK.finditer(text):
        number = match.group(match.lastindex)
        dossiers = [(match.group(1), match.group(2))]
        dossiers += [(m.group(1), m.group(2)) for m in re.finditer(DOSSIER, match.group(3) or "")]
        for dossier, suffix in dossiers:
            found.append((match.start(), f"{_dossier(dossier, suffix)}-{number}"))
        covered.append(match.span())
    for match in BARE.finditer(text):
        if not any(s <= match.start() < e for s, e in covered):
            found.append((match.start(), f"{_dossier(match.group(1), match.group(2))}-{match.group(3)}"))
    for match in KST_ID.finditer(text):
        found.append((match.start(), f"{match.group(1)}{match.group(2).upper()}-{match.group(3)}"))
    for match in DOCUMENT_NUMBER.finditer(text):
        found.append((match.start(), match.group(1)))
    for match in DEBATE.finditer(text):
        found.append((match.start(), debate_id(match.group(1), match.group(2), match.group(3))))
    return list(dict.fromkeys(ref for _, ref in sorted(found, key=lambda item: item[0])))


def debate_id(kind: str, subject: str, when: str) -> str:
    day = DATE.search(when)
    iso = f"{int(day.group(3)):04d}-{MONTHS[day.group(2).lower()]:02d}-{int(day.group(1)):02d}" if day else when
    short = {"algemeen overleg": "AO", "commissiedebat": "CD", "notaoverleg": "NO", "wetgevingsoverleg": "WGO"}
    return f"{short.get(kind.lower(), kind.upper() if len(kind) <= 3 else kind)} {subject.strip()} {iso}"
