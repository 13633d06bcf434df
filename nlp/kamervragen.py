"""Schriftelijke Kamervragen with their answers (Aanhangsel van de Handelingen).

The form is fixed::

    Vragen van de leden Mutluer (GroenLinks-PvdA) en Kostić (PvdD) aan de Minister van … over …
    (ingezonden 6 maart 2024).
    Antwoord van Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap) (ontvangen 25 maart 2024).
    Vraag 1 …            Antwoord 1 …
    Vraag 3, 4 en 5 …    Antwoord 3, 4 en 5 …     (asked and answered together)
    Antwoord op vraag 2 …

Sometimes there is no answer but a ``Mededeling`` that the questions were answered elsewhere.
Questions and answers are grouped by their numbers: a question number and every number
answered together with it form one pair, so ``Vraag 3`` + ``Vraag 4`` + ``Antwoord 3 en 4``
is one pair and nothing is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.metadata import ANSWERED, parse_date
from ingest.records import Block

ASKED = re.compile(
    r"\bVragen van (?:de leden|het lid)\s+(?P<askers>.+?)\s+aan de (?P<addressee>[^«]+?)\s+over\s+(?P<subject>.+?)"
    r"\s*\(ingezonden\s+(?P<on>[^)]{6,30})\)", re.S)
ASKER = re.compile(r"(?P<name>[^(),]+?)\s*\((?P<party>[^()]{1,40})\)")
NUMBERS = r"\d{1,3}(?:\s*(?:,|en|t/m|tot en met)\s*\d{1,3})*"
LABEL = re.compile(rf"^(?P<kind>Vraag|Vragen|Antwoord)(?:\s+op\s+(?:de\s+)?vr(?:aag|agen))?\s+(?P<numbers>{NUMBERS})\b[.:]?\s*")
MEDEDELING = re.compile(r"^Mededeling\b")


@dataclass
class Asker:
    name: str
    party: str | None = None


@dataclass
class Kamervragen:
    """One set of written questions: who asked whom, when, who answered, and how many were answered."""

    id: str | None                      # "ah-tk-20232024-1314"
    askers: list[Asker] = field(default_factory=list)
    addressee: str | None = None        # "Minister van Onderwijs, Cultuur en Wetenschap"
    subject: str | None = None
    asked_on: date | None = None
    answered_by: str | None = None      # "Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap)"
    answered_on: date | None = None
    mededeling: bool = False            # answered by a Mededeling (elsewhere), not per question
    questions: list[int] = field(default_factory=list)  # question numbers found
    answered: list[int] = field(default_factory=list)   # of those, the ones with an answer here

    @property
    def title(self) -> str | None:
        askers = ", ".join(a.name for a in self.askers)
        return f"Vragen van {askers} over {self.subject}" if self.subject else None


def parse_kamervragen(text: str, kamerstuk_id: str | None, segments: list["Segment"]) -> Kamervragen:
    head = text[:4000]
    record = Kamervragen(id=kamerstuk_id)
    asked = ASKED.search(head)
    if asked:
        record.askers = askers_in(head)
        record.addressee = _squeeze(asked.group("addressee"))
        record.subject = _squeeze(asked.group("subject"))
        record.asked_on = parse_date(asked.group("on"))
    answered = ANSWERED.search(head)
    if answered:
        record.answered_by = _squeeze(answered.group("who"))
        record.answered_on = parse_date(answered.group("on"))
        record.mededeling = answered.group("kind") == "Mededeling"
    record.questions = sorted({n for s in segments if s.kind == "vraag" for n in s.numbers})
    answered_numbers = {n for s in segments if s.kind == "antwoord" for n in s.numbers}
    record.answered = [n for n in record.questions if n in answered_numbers]
    return record


def askers_in(head: str) -> list[Asker]:
    """``Vragen van de leden Sneller (D66), Chakor (GroenLinks-PvdA) en …`` → the members, with party."""
    asked = ASKED.search(head)
    if asked is None:
        return []
    named = [Asker(_squeeze(m.group("name")).removeprefix("en ").strip(), _squeeze(m.group("party")))
             for m in ASKER.finditer(asked.group("askers"))]
    return named or [Asker(_squeeze(asked.group("askers")))]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- Vraag n / Antwoord n in the blocks

@dataclass
class Segment:
    kind: str                 # vraag | antwoord | mededeling
    numbers: list[int]
    blocks: list[int]         # indexes of the blocks it covers
    pair_id: str = ""         # shared by a question group and its answer


def label_numbers(text: str) -> list[int]:
    """``3, 4 en 5`` → [3, 4, 5]; ``2 t/m 4`` → [2, 3, 4]."""
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|\ben\b)\s*", text):
        span = re.match(r"(\d+)\s*(?:t/m|tot en met)\s*(\d+)", part)
        if span:
            numbers.extend(range(int(span.group(1)), int(span.group(2)) + 1))
        elif part.strip().isdigit():
            numbers.append(int(part))
    return numbers


def segments_of(doc_id: str, blocks: list[Block]) -> list[Segment]:
    """Every ``Vraag``/``Antwoord``/``Mededeling`` run of blocks, with the pair each belongs to."""
    segments: list[Segment] = []
    for index, block in enumerate(blocks):
        if block.kind == "footnote":
            continue
        label = LABEL.match(block.text.strip())
        if label:
            kind = "antwoord" if label.group("kind") == "Antwoord" else "vraag"
            segments.append(Segment(kind, label_numbers(label.group("numbers")), [index]))
        elif MEDEDELING.match(block.text.strip()) and segments:
            segments.append(Segment("mededeling", [], [index]))
        elif segments and block.kind != "heading" and not _page_number(block.text):
            segments[-1].blocks.append(index)
    _assign_pairs(doc_id, segments)
    return segments


def _page_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d{1,3}\s*", text))


def _assign_pairs(doc_id: str, segments: list[Segment]) -> None:
    """Numbers asked or answered together end up in one group (union-find over numbers)."""
    parent: dict[int, int] = {}

    def find(n: int) -> int:
        while parent.setdefault(n, n) != n:
            n = parent[n]
        return n

    for segment in segments:
        for n in segment.numbers[1:]:
            parent[find(n)] = find(segment.numbers[0])
    groups: dict[int, list[int]] = {}
    for n in {n for s in segments for n in s.numbers}:
        groups.setdefault(find(n), []).append(n)
    for segment in segments:
        if segment.numbers:
            members = sorted(groups[find(segment.numbers[0])])
            segment.pair_id = f"{doc_id}#vraag" + "+".join(str(n) for n in members)
