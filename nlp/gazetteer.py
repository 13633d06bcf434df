"""Landsdelen from place names, with spaCy's PhraseMatcher over the frame's gazetteer.

Noord-Brabant is split between two landsdelen: West-Brabant (and Breda) is Zuidwest,
the rest Zuidoost. A bare ``Noord-Brabant`` or ``Brabant`` therefore counts for
Zuidoost with less weight than an unambiguous place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from nlp.sentences import dutch_nlp
from nlp.taxonomy import Frame

AMBIGUOUS = {"noord-brabant": ("zuidoost", 0.6), "brabant": ("zuidoost", 0.5)}
LANDSDEEL_PHRASE = re.compile(r"\b(?:[Ll]andsdeel|[Rr]egio|REGIO|LANDSDEEL)\s+([A-Z][a-zA-Z]+)\b")
NEDERLAND_PART = re.compile(r"\b([A-Z][a-z]+)-Nederland\b")  # "Oost-Nederland", "Zuidoost-Nederland"


@dataclass
class PlaceHit:
    landsdeel: str
    score: float
    reason: str


@lru_cache(maxsize=4)
def _matcher(frame_key: int, places: tuple[tuple[str, str], ...]) -> PhraseMatcher:
    nlp = dutch_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for place, landsdeel in places:
        matcher.add(landsdeel, [nlp.make_doc(place)])
    for name in AMBIGUOUS:
        matcher.add("ambiguous", [nlp.make_doc(name)])
    return matcher


def find_landsdelen(text: str, frame: Frame) -> list[PlaceHit]:
    nlp = dutch_nlp()
    doc = nlp.make_doc(text)
    matcher = _matcher(id(frame), tuple(sorted(frame.places.items())))
    hits: list[PlaceHit] = []
    spans = sorted(((s, e, nlp.vocab.strings[m]) for m, s, e in matcher(doc)), key=lambda x: (x[0], -(x[1] - x[0])))
    taken = -1
    for start, end, label in spans:
        if start < taken:
            continue  # "West-Brabant" wins over the "Brabant" inside it
        taken = end
        name = doc[start:end].text
        if label == "ambiguous":
            landsdeel, score = AMBIGUOUS[name.lower()]
            hits.append(PlaceHit(landsdeel, score, f"plaats '{name}' (grotendeels Zuidoost; West-Brabant is Zuidwest)"))
        else:
            hits.append(PlaceHit(label, 0.85, f"plaats '{name}'"))
    for match in [*LANDSDEEL_PHRASE.finditer(text), *NEDERLAND_PART.finditer(text)]:
        landsdeel = frame.landsdeel_names.get(match.group(1).lower())
        if landsdeel:
            hits.append(PlaceHit(landsdeel, 0.9, f"'{match.group(0)}'"))
    return hits
