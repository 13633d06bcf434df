"""Read a paper's metadata from its first pages and its closing.

Kamerstukken state who they are in fixed phrases: ``Tweede Kamer, vergaderjaar
2020–2021, 32 637, nr. 433``, ``Vergaderjaar 2020–2021 / 32 637 / Nr. 448``,
``kst-32637-433``, ``Datum 18 september 2020``, ``Vastgesteld 10 maart 2021``.
"""
from __future__ import annotations

import re
from datetime import date

from ingest.records import Block, Metadata

MONTHS = {
    m: i for i, m in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split(), start=1
    )
}
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
# A dossier with its sub-dossier: 32 637, 36 410 XVI / 36 410-XVI (begroting), 21 501-04 (EU council).
DOSSIER = r"(\d{2})\s?(\d{3})((?:\s+[A-Z]{1,5}\b|-[A-Z]{1,5}\b|-\d{2}(?!\d))?)"
KST_ID = re.compile(r"\bkst-(\d{5,6})((?:-[A-Z0-9]{1,5})*)-(\d{1,4})\b", re.I)
VERGADERJAAR_NR = re.compile(
    r"vergaderjaar\s+(\d{4})\s*[–-]\s*(\d{4}),\s*" + DOSSIER + r"\s*,\s*nr\.\s*(\d{1,4})", re.I
)
STACKED = re.compile(
    r"vergaderjaar\s+(\d{4})\s*[–-]\s*(\d{4})\s*\n+\s*" + DOSSIER + r"\s*\n+(?:.*\n+){0,3}?\s*nr\.\s*(\d{1,4})", re.I
)
H_ID = re.compile(r"\bh-tk-\d{8}-\d{1,4}(?:-\d{1,4})?\b", re.I)  # Handelingen: h-tk-20232024-58-8
AH_ID = re.compile(r"\bah-tk-(\d{4})(\d{4})-(\d{1,5})\b", re.I)  # Aanhangsel: ah-tk-20232024-1314
# tweedekamer.nl's own motie layout opens with "35851-71   16 januari 2025" (no vergaderjaar line).
TK_HEAD_ID = re.compile(r"\A\s*(?:\d{1,2}\s+\w+\s+\d{4}\s+)?(\d{5,6})((?:-[A-Z]{1,5}|-\d{2})?)-(\d{1,4})(?![\d-])")
# Kamervragen: "Antwoord van Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap) (ontvangen 25 maart 2024)".
ANSWERED = re.compile(r"\b(?P<kind>Antwoord|Mededeling) van (?P<who>(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)"
                      r"[^()]{0,80}?(?:\s*\([^()]{2,80}\))?)\s*\(ontvangen\s+(?:\(ontvangen\s+)?(?P<on>[^)]{6,30})\)")
BEWINDSPERSOON = re.compile(
    r"\b(?:De\s+)?((?:Minister|Staatssecretaris|Minister-President)\s+(?:voor|van)\s+[A-Z][\w ,’'-]+?)(?:,|\n|$)",
)

DOC_TYPE_CUES = [
    ("kamervragen", re.compile(r"\bAanhangsel van de Handelingen\b|\bVragen gesteld door de leden der Kamer\b", re.I)),
    ("besluitenlijst", re.compile(r"^\s*(?:Document:\s*)?Besluitenlijst\b", re.I | re.M)),
    ("verslag_schriftelijk_overleg", re.compile(r"\bVERSLAG VAN EEN SCHRIFTELIJK OVERLEG\b|\bverslag van een schriftelijk overleg\b", re.I)),
    ("verslag_overleg", re.compile(r"\bVERSLAG VAN EEN (?:ALGEMEEN |COMMISSIE|NOTA)?\s*OVERLEG\b|\bverslag van een (?:algemeen|commissie)\w* overleg\b", re.I)),
    # The plenary record: moties are read out in it, so it is recognised before them.
    ("handelingen", re.compile(r"\bh-tk-\d{8}-\d+|^\s*Aan de orde is (?:de|het)\b|\bPlenair verslag\b|"
                               r"^\s*(?:De voorzitter|Voorzitter: [A-Z][^\n]{1,40})\s*$", re.M)),
    # A motie is the paper itself: its capitalised title, or "De Kamer, gehoord de beraadslaging, …". A letter
    # that mentions "de motie van het lid …" or quotes a dictum is no motie.
    ("motie", re.compile(r"^\s*(?:Nr\.\s*\d+\s+)?(?:GEWIJZIGDE\s+|NADER GEWIJZIGDE\s+)?MOTIE\s+VAN\b|"
                         r"^\s*De Kamer,\s*(?:\n\s*)?gehoord de beraadslaging\b", re.M)),
    # A letter says so plainly, even when it quotes a convenant ("Partijen komen overeen …")
    ("brief", re.compile(r"\bGeachte [Vv]oorzitter\b|\bBRIEF VAN DE\b|;\s*[Bb]rief van\b")),
    # A regional pact is a contract: its signatories and their agreeing, or a title that names its kind first
    # ("Regio Deal Achterhoek", "Techniekpact Twente 2024–2027", "Human Capital Agenda Stedendriehoek").
    ("pact", re.compile(r"\b[Dd]e ondergetekenden\b|\b[Pp]artijen (?:komen|spreken) (?:het volgende |als volgt )?(?:overeen|af)\b|"
                        r"\b[Vv]erbinden zich (?:tot|als volgt)\b|\b[Vv]erklaren als volgt\b|"
                        r"\A\W*(?:(?:[Rr]egionaal|[Rr]egionale|[Gg]ezamenlijk|[Gg]ezamenlijke|[Bb]estuurlijk|[Bb]estuurlijke)\s+)?"
                        r"(?:Techniekpact|Regio ?[Dd]eal|Human Capital (?:Agenda|Akkoord)|Convenant|Pact|Akkoord|Bestuursakkoord|"
                        r"(?:Samenwerkings)?[Oo]vereenkomst|Intentieverklaring|Samenwerkingsagenda|Actieplan|"
                        r"(?:Uitvoerings|Actie|Arbeidsmarkt)programma|Statenvoorstel|Raadsvoorstel)\b(?![^\n]*;\s*[Bb]rief)")),
    ("brief", re.compile(r"\bGeachte [Vv]oorzitter\b|\bBRIEF VAN DE\b|\bBetreft\b|^De (?:Minister|Staatssecretaris) van [^\n]{3,80},?\s*$", re.M)),
    ("rapport", re.compile(r"\b(?:rapport|evaluatie|evaluerend advies|onderzoek)\b", re.I)),
]


def parse_date(text: str) -> date | None:
    match = DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _dossier_id(number: str, suffix: str) -> str:
    suffix = suffix.strip(" -")
    return number + (f"-{suffix}" if suffix else "")


def extract_metadata(text: str, blocks: list[Block], file_name: str, raw_head: str = "") -> Metadata:
    """Metadata from the text and the raw first pages (running heads included).

    The file name is the last resort for the Kamerstuk id.
    """
    head = text[:6000]
    raw = raw_head or head
    meta = Metadata()
    match = VERGADERJAAR_NR.search(raw) or VERGADERJAAR_NR.search(text) or STACKED.search(raw)
    if match:
        meta.vergaderjaar = f"{match.group(1)}-{match.group(2)}"
        dossier = _dossier_id(match.group(3) + match.group(4), match.group(5))
        meta.dossiers = [dossier]
        meta.ondernummer = match.group(6)
    kst = KST_ID.search(raw) or KST_ID.search(text[:20000]) or KST_ID.search(file_name)
    if kst:
        dossier = kst.group(1) + kst.group(2).upper()
        meta.dossiers = meta.dossiers or [dossier]
        meta.ondernummer = meta.ondernummer or kst.group(3)
    meta.doc_type = _doc_type(head + "\n" + text[-3000:])
    tk_head = TK_HEAD_ID.search(raw[:200]) if meta.doc_type == "motie" and not meta.dossiers else None
    if tk_head:
        meta.dossiers, meta.ondernummer = [tk_head.group(1) + tk_head.group(2)], tk_head.group(3)
    if meta.dossiers and meta.ondernummer:
        meta.kamerstuk_id = f"kst-{meta.dossiers[0]}-{meta.ondernummer}"
    meta.date = _document_date(head)
    meta.title = _title(head, blocks)
    meta.bewindspersoon = _bewindspersoon(text)
    if meta.doc_type == "kamervragen":
        _kamervragen_metadata(meta, raw + "\n" + text[-3000:], head)
    if meta.doc_type == "handelingen":
        found = H_ID.search(raw) or H_ID.search(file_name)
        meta.kamerstuk_id = found.group(0).lower() if found else meta.kamerstuk_id
    if meta.vergaderjaar is None and meta.date:
        start = meta.date.year if meta.date.month >= 9 else meta.date.year - 1
        meta.vergaderjaar = f"{start}-{start + 1}" if meta.kamerstuk_id else None
    return meta


def _kamervragen_metadata(meta: Metadata, raw: str, head: str) -> None:
    """An Aanhangsel's id is ``ah-tk-<vergaderjaar>-<nr>``; its date is when the answer came in,
    and the bewindspersoon is the one who answered (not the one asked)."""
    found = AH_ID.search(raw)
    if found:
        meta.kamerstuk_id = f"ah-tk-{found.group(1)}{found.group(2)}-{found.group(3)}"
        meta.vergaderjaar, meta.ondernummer = f"{found.group(1)}-{found.group(2)}", found.group(3)
    answered = ANSWERED.search(head)
    if answered:
        meta.bewindspersoon = re.sub(r"\s+", " ", answered.group("who")).strip()
        meta.date = parse_date(answered.group("on")) or meta.date


def _doc_type(head: str) -> str:
    for doc_type, cue in DOC_TYPE_CUES:
        if cue.search(head):
            return doc_type
    return "other"


def _document_date(head: str) -> date | None:
    for label in ("Vastgesteld", "Datum", "Voorgesteld", "'s-Gravenhage", "’s-Gravenhage", "Den Haag,"):
        index = head.find(label)
        if index >= 0:
            found = parse_date(head[index:index + 60])
            if found:
                return found
    # Unlabelled: only a date near the top is the paper's own.
    found = parse_date(head[:1000])
    if found:
        return found
    month = MONTH_YEAR.search(head[:1000])
    return date(int(month.group(2)), MONTHS[month.group(1).lower()], 1) if month else None


def _title(head: str, blocks: list[Block]) -> str | None:
    betreft = re.search(r"\bBetreft:?\s+(.+?)(?=\s+(?:Ons|Uw) kenmerk\b|\n|$)", head)
    if betreft:
        return betreft.group(1).strip()
    headings = [b.text.strip() for b in blocks[:40] if b.kind == "heading"]
    for index, text in enumerate(headings[:-1]):
        if re.fullmatch(r"Nr\.\s*\d+", headings[index + 1], re.I) and index + 2 < len(headings):
            return f"{text}; {headings[index + 2].capitalize()}"  # dossier title; document title
    for block in blocks[:40]:
        if block.kind != "heading":
            continue
        text = block.text.strip()
        if re.fullmatch(r"(?:Vergaderjaar .*|\d[\d ]*|Nr\. ?\d+|Inhoud|Samenvatting.*)", text, re.I):
            continue
        if len(text) > 3:
            return text[:300]
    return None


ADDRESSEE = re.compile(r"\bvoorgelegd aan de ((?:Minister|Staatssecretaris) (?:voor|van) [A-Z][\w ,’'-]+?) over\b")


def _bewindspersoon(text: str) -> str | None:
    """Who sends a letter (its closing) or answers a verslag (the addressee of the questions)."""
    addressee = ADDRESSEE.search(text[:4000])
    if addressee:
        return addressee.group(1)
    tail = text[-4000:] if len(text) > 4000 else text
    for region in (tail, text[:4000]):
        match = BEWINDSPERSOON.search(region)
        if match:
            return re.sub(r"\s+", " ", match.group(1)).strip()
    return None


def merge_metadata(winner: Metadata, other: Metadata) -> Metadata:
    """The winning form's metadata, with gaps filled from the other form of the paper."""
    merged = Metadata(**vars(winner))
    for name, value in vars(other).items():
        current = getattr(merged, name)
        if current in (None, [], "other") and value not in (None, [], "other"):
            setattr(merged, name, value)
    return merged
