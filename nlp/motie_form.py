"""A motie's fixed form, read into the authoritative record of that motion.

Every motie has the same parts, in Kamerstuk PDF, tweedekamer.nl PDF and official XML alike::

    [GEWIJZIGDE] MOTIE VAN DE LEDEN WHITE EN TJEERD DE GROOT [TER VERVANGING VAN DIE GEDRUKT ONDER NR. 604]
    Voorgesteld 28 februari 2024
    De Kamer, gehoord de beraadslaging,
    constaterende dat …;  overwegende dat …;  van mening dat …;       (the considerations)
    verzoekt de regering …,  spreekt uit dat …,  roept de regering op … (the dictum)
    en gaat over tot de orde van de dag.
    White  Tjeerd de Groot                                            (the indieners, signed)

The parts are found by their lead words on the document text, not on block boundaries: a PDF
parser may run "De Kamer, gehoord de beraadslaging, constaterende dat" into one paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.metadata import parse_date

# Capitals of Dutch names, Latin Extended-A included: Kostić, Yeşilgöz-Zegerius, Ünver.
UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"
TITLE = re.compile(
    rf"(?P<gewijzigd>GEWIJZIGDE\s+)?MOTIE\s+(?:VAN\s+)?(?:(?:HET|HE|DE)\s+)*(?:(?:LEDEN|LIID|LID)\s+)?(?P<names>[{UPPER}][{UPPER}'’ .,–-]*?)?"
    r"(?:\s+TER\s+VERVANGING\s+VAN\s+(?:DIE|DE\s+MOTIE)\s+GEDRUKT\s+ONDER\s+NR\.?\s*(?P<vervangt>\d{1,4}))?\s*(?:\n|\t|$)")
VOORGESTELD = re.compile(r"\bVoorgesteld\s+(?:(?:op|in de vergadering van)\s+)?(\d{1,2}\s+\w+\s+\d{4})", re.I)
OPENING = re.compile(r"\bDe Kamer,\s*(?:gehoord de beraadslaging,?)?", re.I)
CLOSING = re.compile(r"\ben gaat over tot de orde van de dag\.?", re.I)
CONSIDERANS_LEADS = (r"constaterende|overwegende|van mening|van oordeel|gelet op|concluderende|erkennende|"
                     r"vaststellende|gezien|voorts overwegende|tevens constaterende|benadrukkende|wijzende op|"
                     r"onderschrijvende|verwijzende naar|zich realiserende|in aanmerking nemende")
DICTUM_LEADS = (r"verzoekt|spreekt uit|spreekt zich uit|roept|draagt|dringt|vraagt|besluit|wenst|"
                r"nodigt|zegt|keurt|verklaart")
CLAUSE = re.compile(rf"(?:^|(?<=[;,:.]\s))(?=(?:{CONSIDERANS_LEADS}|{DICTUM_LEADS})\b)", re.I | re.M)
ADDRESSEE = re.compile(r"^(?:verzoekt|roept|draagt|nodigt|dringt\s+bij|vraagt)\s+(?:er\s+bij\s+)?"
                       r"(?P<addressee>(?:de|het)\s+(?:regering|kabinet|presidium|Voorzitter|[Mm]inister(?:-[Pp]resident)?|"
                       r"[Ss]taatssecretaris|[Bb]ewindspersonen|Kamer)(?:\s+(?:van|voor)\s+[A-Z][\w,]*(?:\s+(?:en\s+)?[A-Z][\w]*)*)?)")
SIGNATURE = re.compile(rf"^(?P<name>(?:[{UPPER}]\.|[{UPPER}][\w'’-]*|van|de|der|den|ter|te|het|in ’t|’t)"
                       rf"(?:\s+(?:[{UPPER}]\.|[{UPPER}][\w'’-]*|van|de|der|den|ter|te|het|’t)){{0,4}})"
                       r"(?:\s*\((?P<party>[^)]{1,40})\))?$")
PARTICLES = {"van", "de", "der", "den", "ter", "te", "het", "in", "’t", "'t"}


@dataclass
class Indiener:
    name: str
    party: str | None = None


def with_parties(names: list[str], parties: list[str | None]) -> list[str]:
    """``["Holman (CDA)", "Van Campen"]``: members as a reader expects them, party where known."""
    return [f"{name} ({party})" if party else name for name, party in zip(names, parties)]


@dataclass
class MotieForm:
    """The motion as filed: who, when, why (considerations), what (dictum) and to whom."""

    kamerstuk_id: str | None        # "32637-611"
    title: str
    indieners: list[Indiener] = field(default_factory=list)
    voorgesteld: date | None = None
    considerations: list[str] = field(default_factory=list)   # "constaterende dat …", "overwegende dat …"
    dictum: list[str] = field(default_factory=list)           # "verzoekt de regering …"
    addressee: str | None = None                              # "de regering"; None for "spreekt uit"
    vervangt: str | None = None                               # a gewijzigde motie: the id it replaces
    closed: bool = False                                      # "en gaat over tot de orde van de dag" found


def parse_motie(text: str, kamerstuk_id: str | None, dossier: str | None, fallback_date: date | None) -> MotieForm | None:
    """The form of one motie document, or None when the text has no motie title."""
    title = TITLE.search(text)
    if title is None:
        return None
    opening = OPENING.search(text, title.end())
    closing = CLOSING.search(text, opening.end() if opening else title.end())
    body = text[opening.end() if opening else title.end(): closing.start() if closing else len(text)]
    considerations, dictum, addressee = clauses_of(body)
    voorgesteld = VOORGESTELD.search(text)
    names, others = _title_names(title.group("names"))
    signed = _signatures(text[closing.end():] if closing else "", names, others)
    vervangt = title.group("vervangt")
    return MotieForm(
        kamerstuk_id=kamerstuk_id,
        title=re.sub(r"\s+", " ", title.group(0)).strip(),
        indieners=signed or [Indiener(n) for n in names],
        voorgesteld=(parse_date(voorgesteld.group(1)) if voorgesteld else None) or fallback_date,
        considerations=considerations,
        dictum=dictum,
        addressee=addressee,
        vervangt=f"{dossier}-{vervangt}" if vervangt and dossier else vervangt,
        closed=closing is not None,
    )


def clauses_of(body: str) -> tuple[list[str], list[str], str | None]:
    """A motion's text between "De Kamer, …" and "en gaat over tot de orde van de dag": its
    considerations, its dictum, and to whom the dictum speaks."""
    clauses = [_clean(c) for c in CLAUSE.split(body) if _clean(c)]
    considerations = [c for c in clauses if re.match(rf"(?:{CONSIDERANS_LEADS})\b", c, re.I)]
    dictum = [c for c in clauses if re.match(rf"(?:{DICTUM_LEADS})\b", c, re.I)]
    addressee = next((m.group("addressee") for c in dictum for m in [ADDRESSEE.match(c)] if m), None)
    return considerations, dictum, addressee


def split_members(names: str) -> list[str]:
    """``Tjeerd de Groot, Inge van Dijk en Van der Lee`` → three members, each name whole."""
    return [" ".join(p.split()) for p in re.split(r"\s*,\s*|\s+en\s+", names.strip()) if p.strip()]


def _clean(clause: str) -> str:
    """One clause on one line, without the page furniture a PDF left in it."""
    clause = re.sub(r"\s+", " ", clause).strip()
    return re.sub(r"\s+\d{1,3}$", "", clause).strip(" ")


def _title_names(names: str) -> tuple[list[str], bool]:
    """``WHITE EN TJEERD DE GROOT`` → ``White``, ``Tjeerd de Groot``; and whether the title ends in
    ``C.S.`` (cum suis: more members signed than the title names)."""
    if not names:  # a title whose names were left out ("MOTIE VAN"): the signatures tell
        return [], False
    names = re.sub(r"\s*[–-]\s*", "-", names)  # MARTENS – AMERICA
    others = re.search(r"\s+C\.\s?S\.?\s*$", names, re.I)
    names = names[: others.start()] if others else names
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+EN\s+", names.strip()) if p.strip()]
    return [_person(p) for p in parts], others is not None


def _person(name: str) -> str:
    """``VAN DER LEE`` → ``Van der Lee``, ``NIJHOF-LEEUW`` → ``Nijhof-Leeuw``."""
    words = name.split()
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if i == 0 or w.lower() not in PARTICLES
                    else w.lower() for i, w in enumerate(words))


def _signatures(tail: str, titled: list[str], others: bool) -> list[Indiener]:
    """The names signed under the motion (with their case as printed, and a party if given).

    Trusted only when they agree with the title: as many names (more, for a ``c.s.`` motion) and
    the first signer is the first name of the title. Otherwise page furniture or a footnote may
    have crept in, and the title's names are used.
    """
    found: list[Indiener] = []
    for line in re.split(r"\n+|\t", tail):
        line = line.strip().rstrip(",;")
        if not line or re.fullmatch(r"[\d\s.–-]+", line):
            continue
        match = SIGNATURE.match(line)
        if match is None:
            break
        found.append(Indiener(match.group("name"), match.group("party")))
    if not titled:
        return found
    enough = len(found) > len(titled) if others else len(found) == len(titled)
    first = titled[0].split()[-1].lower()
    return found if found and enough and found[0].name.split()[-1].lower() == first else []
