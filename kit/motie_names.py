"""Indieners measured against the Kamer's own record: the zaak ``Onderwerp`` ("Motie van de leden
Van der Lee en Tjeerd de Groot over …") and, for ``c.s.`` moties, the names signed (``<al-groep>``).
Diacritics are folded for the comparison (the Onderwerp writes "Kostic" for "Kostić")."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

SUBJECT = re.compile(r"(?:Nader gewijzigde |Gewijzigde )?[Mm]otie van (?:het lid|de leden) (.+?)(?: c\.s\.)? over ")


@dataclass
class NameCheck:
    kamerstuk: str
    found: list[str]           # our indieners
    subject: list[str] | None  # names in the zaak Onderwerp
    signed: list[str] | None   # the <al-groep> of a c.s. motion

    @property
    def subject_ok(self) -> bool:
        return self.subject is None or all(fold(name) in {fold(f) for f in self.found} for name in self.subject)

    @property
    def signed_ok(self) -> bool:
        return self.signed is None or [fold(f) for f in self.found] == [fold(s) for s in self.signed]


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower().strip(" ,")) if not unicodedata.combining(c))


def subjects(data: Path) -> dict[str, str]:
    """Kamerstuk file stem (kst-32637-601) → the zaak's Onderwerp, from the open-data pages."""
    out = {}
    for page in sorted((data / "zaak").glob("*.json")):
        for zaak in json.loads(page.read_text())["value"]:
            for document in zaak["Document"]:
                external = (document.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier")
                if external:
                    out[external] = zaak["Onderwerp"] or ""
    return out


def subject_names(subject: str) -> list[str] | None:
    match = SUBJECT.match(subject)
    return [n.strip() for n in re.split(r",| en ", match.group(1)) if n.strip()] if match else None


def signed_names(path: Path, subject: str) -> list[str] | None:
    """The signatures of a c.s. motion (None for others: their title names them all)."""
    if " c.s. " not in subject:
        return None
    groups = [g for g in ElementTree.parse(path).getroot().iter() if g.tag == "al-groep"]
    signed = [" ".join("".join(a.itertext()).split()) for a in groups[-1] if a.tag == "al"] if groups else []
    return [s for s in signed if not re.search(r"\b(?:orde van de dag|verzoekt)\b", s)] or None


def check(path: Path, found: list[str], subject: str) -> NameCheck:
    return NameCheck(path.stem, found, subject_names(subject), signed_names(path, subject))


def onderwerp_readings(data: Path) -> tuple[int, int, list[tuple[str, list[str], list[str]]]]:
    """The running-text finder (``nlp.motie_mentions``) on every zaak ``Onderwerp`` that names its
    indieners: (read exactly as written, checked, misses as (Onderwerp, ours, written))."""
    from nlp.motie_mentions import find_moties

    ok, checked, misses = 0, 0, []
    for onderwerp in subjects(data).values():
        written = subject_names(onderwerp)
        if written is None:
            continue
        checked += 1
        found = find_moties(onderwerp)
        ours = list(found[0].indieners) if found else []
        if [fold(n) for n in ours] == [fold(n) for n in written]:
            ok += 1
        else:
            misses.append((onderwerp, ours, written))
    return ok, checked, misses
