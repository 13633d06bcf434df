"""Footnote reference marks carried through text cleanup as placeholders.

Parsers write a mark as ``\\x00<number>\\x00`` where it stands; after lines are
joined and hyphens repaired, :func:`take_marks` removes the placeholders and
returns where each mark stood in the clean text.
"""
from __future__ import annotations

MARK = "\x00"


def mark(number: str) -> str:
    return f"{MARK}{number}{MARK}"


def take_marks(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Remove mark placeholders; return the clean (stripped) text and mark offsets in it."""
    marks: list[tuple[str, int]] = []
    out: list[str] = []
    length = 0
    for index, piece in enumerate(text.split(MARK)):
        if index % 2:
            marks.append((piece, length))
        else:
            out.append(piece)
            length += len(piece)
    clean = "".join(out)
    lead = len(clean) - len(clean.lstrip())
    stripped = clean.strip()
    return stripped, [(n, max(0, min(pos - lead, len(stripped)))) for n, pos in marks]
