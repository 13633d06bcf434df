"""A committee's besluitenlijst: agenda items, the zaken on them, and what was decided.

The printed form is a two-column list of labelled fields::

    6. Agendapunt:   Voortgang Huis voor democratie en rechtsstaat (31 475)
       Zaak:         Brief regering - minister van BZK, Horst ter G. - 13 maart 2009
                     Voortgang Huis voor democratie en rechtsstaat (31 475) - 31475-3
       Besluit:      Technische briefing organiseren.
       Besluit:      Rondetafelgesprek organiseren …
       Volgcommissie(s): OCW, JUST

Unlabelled lines continue the field above them; a bold line between items is a rubric
("Brieven van de minister van BZK"). Each decision is kept with the zaak it is about and the
Kamerstukken that zaak names, so a motion or letter can show when a committee dealt with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.metadata import parse_date
from ingest.records import Block
from nlp.references import extract_references

FIELD = re.compile(r"^(?:(?P<number>\d{1,3})\.\s*)?(?P<label>Agendapunt|Zaak|Besluit|Noot|Volgcommissie\(s\)|"
                   r"Voortouwcommissie|Document):\s*(?P<value>.*)$")
# "… - 30569-8", "… - 2009Z04630", "Tweede nota van wijziging 30372 nr. 31 - 30372-31"
ZAAK_ID = re.compile(r"(?:^|\s-\s)(?P<id>\d{5,6}(?:-[A-Z]{1,5})?-\d{1,4}|\d{5,6}|20\d{2}Z\d{5})\s*$")
MEETING = re.compile(r"Besluitenlijst van de (?P<kind>[\w-]*vergadering|[\w-]*overleg) van (?:\w+dag\s+)?"
                     r"(?P<date>\d{1,2}\s+\w+\s+\d{4})", re.I)


@dataclass
class Zaak:
    text: str
    refs: list[str] = field(default_factory=list)
    besluiten: list[str] = field(default_factory=list)


@dataclass
class Agendapunt:
    number: int
    onderwerp: str
    page: int
    rubriek: str | None = None
    zaken: list[Zaak] = field(default_factory=list)
    besluiten: list[str] = field(default_factory=list)   # decided on the item itself (no zaak)
    noot: str | None = None
    volgcommissies: str | None = None

    @property
    def refs(self) -> list[str]:
        own = extract_references(self.onderwerp)
        return list(dict.fromkeys(own + [r for z in self.zaken for r in z.refs]))


@dataclass
class Besluitenlijst:
    meeting: str | None                  # "procedurevergadering"
    meeting_date: date | None
    commissie: str | None                # the voortouwcommissie
    items: list[Agendapunt] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        when = f" van {self.meeting_date:%d-%m-%Y}" if self.meeting_date else ""
        return f"Besluitenlijst {self.meeting or 'commissievergadering'}{when}" + (f", {self.commissie}" if self.commissie else "")


def parse_besluitenlijst(blocks: list[Block]) -> Besluitenlijst:
    lines = [(cells, block) for block in blocks if block.kind != "footnote"
             for line in block.text.split("\n") for cells in [[c.strip() for c in line.split("\t") if c.strip()]] if cells]
    whole = "\n".join(b.text for b in blocks[:20])
    meeting = MEETING.search(whole)
    record = Besluitenlijst(meeting.group("kind").lower() if meeting else None,
                            parse_date(meeting.group("date")) if meeting else None, None)
    current: tuple[object, str] | None = None  # (owner, attribute) the next unlabelled line continues
    rubriek: str | None = None
    for cells, block in lines:
        match = FIELD.match(" ".join(cells))
        if match:
            current, rubriek = _field(record, match, block, rubriek, current)
        elif block.kind == "heading" and not _continues_title(current, " ".join(cells)):
            rubriek, current = " ".join(cells), None
        elif current is not None and not re.fullmatch(r"\d{1,3}", " ".join(cells)):
            _extend(current, " ".join(cells))
    for item in record.items:
        for zaak in item.zaken:
            zaak.refs = _zaak_refs(zaak.text)
    return record


def _field(record: Besluitenlijst, match: re.Match, block: Block, rubriek: str | None, current):
    label, value = match.group("label"), re.sub(r"\s+", " ", match.group("value")).strip()
    item = record.items[-1] if record.items else None
    if label == "Voortouwcommissie":
        record.commissie = value
        return (record, "commissie"), rubriek
    if label == "Agendapunt":
        record.items.append(Agendapunt(int(match.group("number") or len(record.items) + 1), value, block.page, rubriek))
        return (record.items[-1], "onderwerp"), rubriek
    if item is None:
        return None, rubriek
    if label == "Zaak":
        item.zaken.append(Zaak(value))
        return (item.zaken[-1], "text"), rubriek
    if label == "Noot" and value.startswith("Besluit:"):
        label, value = "Besluit", value.removeprefix("Besluit:").strip()
    if label == "Besluit":
        target = item.zaken[-1].besluiten if item.zaken else item.besluiten
        target.append(value)
        return (target, len(target) - 1), rubriek
    if label == "Noot":
        item.noot = value
        return (item, "noot"), rubriek
    if label == "Volgcommissie(s)":
        item.volgcommissies = value
        return (item, "volgcommissies"), rubriek
    return None, rubriek


def _continues_title(current, line: str) -> bool:
    """A bold line right after an unfinished ``Agendapunt:`` title is its rest, not a new rubric."""
    if current is None or current[1] != "onderwerp":
        return False
    return line[:1].islower() or not current[0].onderwerp.rstrip().endswith((")", ".", "?", "!"))


def _extend(current, text: str) -> None:
    owner, key = current
    before = owner[key] if isinstance(owner, list) else getattr(owner, key) or ""
    joined = before + text if re.search(r"\w-$", before) else f"{before} {text}".strip()  # "West-" + "Brabant"
    if isinstance(owner, list):
        owner[key] = joined
    else:
        setattr(owner, key, joined)


def _zaak_refs(text: str) -> list[str]:
    found = ZAAK_ID.search(text)
    refs = extract_references(text)
    if found:
        refs.append(found.group("id"))
    return list(dict.fromkeys(refs))
