"""The chain of headings above each block: ``2 Kiezen… › 2.1 Kiezen voor techniek › Box 2.1 › Oost › Doel 1``.

A numbered heading (``2.1.3 Interventies``) sits at its number's depth; ``Box 2.1``
sits beside the subsections of 2.1. Unnumbered headings nest below the last
numbered one by *family*: ALL CAPS titles, headings like ``Doel 1`` or ``Tabel 3``
(a word and a number), and plain ones. Within a numbered section the family seen
first is the outer one; a heading of a family already open replaces that level.
"""
from __future__ import annotations

import re

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=[^\d\s])")
BOX = re.compile(r"^(?:Box|Kader)\s+(\d+(?:\.\d+)*)\b", re.I)
WORD_NUMBER = re.compile(r"^([A-Za-zÀ-ÿ]+)\s+\d")


def heading_label(text: str, limit: int = 90) -> str:
    """The label of a heading in a path: ``Doel 1: Basisscholen …`` → ``Doel 1``, boxes → ``Box 2.1``."""
    text = " ".join(text.split())
    box = BOX.match(text)
    if box:
        return f"Box {box.group(1)}"
    word = re.match(r"^((?:Doel|Tabel|Figuur|Bijlage|Vraag|Antwoord|Thema)\s+[\dA-Z]+(?:\.\d+)?)\s*[:.–-]", text)
    if word:
        return word.group(1)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _family(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(letters) > 3:
        return "caps"
    match = WORD_NUMBER.match(text)
    return f"word:{match.group(1).lower()}" if match else "plain"


class SectionTracker:
    """Feed headings in document order; ``path`` is the chain above the next block."""

    def __init__(self) -> None:
        self.numbered: list[tuple[int, str]] = []  # (depth, label)
        self.families: list[tuple[str, str]] = []  # unnumbered headings below the numbered ones

    def heading(self, text: str) -> None:
        text = " ".join(text.split())
        number = NUMBERED.match(text)
        box = BOX.match(text)
        if number or box:
            depth = number.group(1).count(".") + 1 if number else box.group(1).count(".") + 2
            self.numbered = [(d, label) for d, label in self.numbered if d < depth]
            self.numbered.append((depth, heading_label(text)))
            self.families = []
            return
        family = _family(text)
        for index, (open_family, _) in enumerate(self.families):
            if open_family == family:
                self.families = self.families[:index]
                break
        self.families.append((family, heading_label(text)))

    @property
    def path(self) -> list[str]:
        return [label for _, label in self.numbered] + [label for _, label in self.families]
