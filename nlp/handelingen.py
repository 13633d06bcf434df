"""The Handelingen (the plenary record): the moties read out in a debate and numbered by the chair.

In the Handelingen a motion has no paper of its own; it is read out in full and then numbered::

    De voorzitter:
    Door de leden Kwint en Van der Lee wordt de volgende motie voorgesteld:      (sometimes)
    Motie
    De Kamer,
    gehoord de beraadslaging,
    constaterende dat …;
    verzoekt de regering …,
    en gaat over tot de orde van de dag.
    Deze motie is voorgesteld door de leden Kwint en Van der Lee.
    Zij krijgt nr. 613 (32637).

``read_handelingen`` is pure: the document text in, a ``Handelingen`` form with one ``MotieForm``
per numbered motion out (its Kamerstuk id from the chair's number, its indieners from the
sentence that names them, its considerations and dictum from the text read out).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nlp.motie_form import CLOSING, OPENING, Indiener, MotieForm, clauses_of, split_members

# "Zij krijgt nr. 613 (32637)." / "Zij krijgt nr. 15 (36410-XVI)." / "Zij krijgt nummer 8 (21501-04)."
# A gewijzigde motie: "Zij krijgt nr. 640, was nr. 633 (32637)." (its own new number counts).
NUMBERED = re.compile(r"\bZ(?:ij|e) krijgt (?:nr\.|nummer)\s*(?P<nr>\d{1,4})(?:\s*,\s*was\s+(?:nr\.|nummer)\s*(?P<was>\d{1,4}))?"
                      r"\s*\((?P<dossier>\d{2}\s?\d{3})(?:[\s-](?P<sub>[A-Z0-9]{1,5}))?\)")
PROPOSED = re.compile(r"\bDeze motie is voorgesteld door (?:de leden|het lid)\s+(?P<names>[^.]+?)\.(?=\s|$)")
H_ID = re.compile(r"\bh-tk-(\d{4})(\d{4})-(\d{1,4})(?:-(\d{1,4}))?\b", re.I)
LOOK_BACK = 6000  # characters before the chair's number in which the motion's text stands


@dataclass
class Handelingen:
    """The moties one plenary record reads out (their other contents are ordinary statements)."""

    id: str | None                                   # h-tk-20232024-58-8
    moties: list[MotieForm] = field(default_factory=list)


def read_handelingen(text: str, doc_id: str | None, meeting_date: date | None) -> Handelingen:
    found = H_ID.search(text)
    record = Handelingen(found.group(0).lower() if found else doc_id)
    previous_end = 0
    for numbered in NUMBERED.finditer(text):
        start = max(previous_end, numbered.start() - LOOK_BACK)
        motie = _motie_before(text[start:numbered.start()], numbered, meeting_date)
        if motie is not None:
            record.moties.append(motie)
        previous_end = numbered.end()
    return record


def _motie_before(window: str, numbered: re.Match, meeting_date: date | None) -> MotieForm | None:
    """The motion read out just before the chair gave it its number."""
    openings = list(OPENING.finditer(window))
    if not openings:
        return None
    opening = openings[-1]
    closing = CLOSING.search(window, opening.end())
    body = window[opening.end(): closing.start() if closing else len(window)]
    considerations, dictum, addressee = clauses_of(body)
    proposed = PROPOSED.search(window, closing.end() if closing else opening.end())
    names = split_members(proposed.group("names")) if proposed else []
    dossier = numbered.group("dossier").replace(" ", "") + (f"-{numbered.group('sub')}" if numbered.group("sub") else "")
    title = f"Motie van {'de leden' if len(names) > 1 else 'het lid'} {' en '.join(names)}" if names else "Motie"
    return MotieForm(kamerstuk_id=f"{dossier}-{numbered.group('nr')}", title=title,
                     indieners=[Indiener(n) for n in names], voorgesteld=meeting_date,
                     vervangt=f"{dossier}-{numbered.group('was')}" if numbered.group("was") else None,
                     considerations=considerations, dictum=dictum, addressee=addressee, closed=closing is not None)
