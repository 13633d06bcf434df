"""Moties and toezeggingen: find them in statements, merge mentions, link answers, decide status.

Works over the whole store (a motion is mentioned in one paper and answered in another),
but every function here is pure: statements and documents in, records out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nlp.deadlines import DateRange, parse_deadline
from nlp.references import DEBATE, debate_id

NAME = r"(?:(?:[Vv]an|[Dd]e|[Tt]er|[Dd]en|[Vv]an der|[Vv]an den|[Vv]an de)\s+)?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)*"
NAMES = rf"{NAME}(?:\s*(?:/|,|\ben\b)\s*{NAME})*"
MOTIE_MENTION = re.compile(
    rf"(?<![A-Za-zÀ-ÿ])[Mm]oties?\s+(?:van\s+(?:de\s+leden|het\s+lid)\s+)?(?P<names>{NAMES})(?P<cs>\s+c\.s\.)?"
)
VERZOEK = re.compile(r"\b(?:die de regering verzoekt|waarin (?:werd|wordt) verzocht|verzoekt de regering)\s+(?:om\s+)?(?P<verzoek>.+?)(?:\.\s*$|$)")
NOT_A_NAME = {"De", "Het", "Een", "Deze", "Die", "Dat", "Dit", "In", "Op", "Over", "Naar", "Tot", "Kamerstuk", "Ook"}

REGISTER = re.compile(
    r"^De toezegging,\s+gedaan tijdens (?:het |de )?(?P<debate>.+?)\s+van\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})"
    r"(?:\s*\((?P<ref>[^)]*)\))?,\s+om\s+(?P<subject>.+?)\.?$"
)
FULFILLED = re.compile(
    r"(?P<subject>.*?),?\s*zoals toegezegd(?:\s+door\s+(?P<by>de\s+[A-Z][\w ]+?))?\s+tijdens\s+(?:het |de )?"
    r"(?P<debate>.+?)\s+van\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})"
)
PROMISED = re.compile(r"\b(?:is|werd|heeft)\b[^.]{0,40}\btoegezegd\s+(?:om\s+)?(?P<subject>.+?)\.?$")
GOVERNMENT = r"(?:Ik|Wij|We|Het kabinet|Het Kabinet|De Minister(?: van [A-Z][\w ,]+?)?|De Staatssecretaris(?: van [A-Z][\w ,]+?)?|Het ministerie(?: van [A-Z][\w]+)?)"
PROMISE_PATTERNS = [
    re.compile(rf"^(?:[^.]*?(?:,|\ben|\bmaar|\bdan)\s+)?(?P<actor>{GOVERNMENT})\s+(?:zal|zullen|ga|gaat|gaan|wil|streef|streeft)\b(?P<rest>.*?)"
               rf"\b(?:informeren|toesturen|toe te sturen|rapporteren|sturen|terugkomen|terug te komen|op terug)\b", re.I),
    re.compile(r"\b(?:zal|zullen)\s+(?:uw|de)\s+Kamer\b(?P<rest>.*?)\b(?:geïnformeerd|geinformeerd|worden ingelicht)\b", re.I),
    re.compile(rf"^(?P<actor>{GOVERNMENT})\s+komt?\s+(?P<rest>.*?)\bop terug\b"),
    re.compile(r"^(?:In|Vóór|Voor|Begin|Eind|Medio)\s+[^,]{0,30}\d{4},?\s+(?:wordt|worden)\s+(?P<rest>.+?)\s+(?:geëvalueerd|onderzocht|herzien)\b"),
]


@dataclass
class Mention:
    doc_id: str
    statement_id: str
    page: int
    text: str
    date: date | None


@dataclass
class Link:
    doc_id: str
    statement_id: str
    page: int
    text: str
    score: float
    evidence: str  # antwoord | referentie | vervulling | gelijkenis


@dataclass
class Commitment:
    id: str
    kind: str  # motie | toezegging
    indieners: list[str] = field(default_factory=list)
    kamerstuk_id: str | None = None
    by: str | None = None
    made_at: str | None = None  # debate or paper where it was made
    made_on: date | None = None
    subject: str | None = None
    verzoek: str | None = None
    deadline: DateRange | None = None
    mentions: list[Mention] = field(default_factory=list)
    answers: list[Link] = field(default_factory=list)
    status: str = "onbekend"  # afgedaan | deels | open | in uitvoering | vervangen | onbekend
    status_evidence: str = ""
    authoritative: bool = False  # from an ingested motie document itself
    vervangt: str | None = None  # a gewijzigde motie: the motion it replaces
    vervangen_door: str | None = None  # replaced by this gewijzigde motie
    question_ids: list[str] = field(default_factory=list)  # Antwoord blocks that answer it


# ---------------------------------------------------------------- moties

def split_names(names: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s*(?:/|,|\ben\b)\s*", names) if p.strip()]
    out = []
    for part in parts:
        if part in NOT_A_NAME:
            break
        out.append(part[0].upper() + part[1:] if part.lower().startswith(("van ", "de ", "ter ")) else part)
    return out


def motie_mentions(statement: dict) -> list[tuple[list[str], bool]]:
    """The motions a statement names: (indieners, c.s.) per mention."""
    found = []
    for match in MOTIE_MENTION.finditer(statement["text"]):
        names = split_names(match.group("names"))
        if names:
            found.append((names, bool(match.group("cs"))))
    return found


def motion_ids(refs: list[str]) -> list[str]:
    return [r for r in refs if re.fullmatch(r"\d{5,6}(?:-[A-Z0-9]+)?-\d{1,4}", r)]


# ---------------------------------------------------------------- toezeggingen

def register_toezegging(text: str) -> dict | None:
    match = REGISTER.match(text.strip())
    if not match:
        return None
    return {"debate": debate_id(*_debate_parts(match.group("debate")), match.group("date")),
            "subject": match.group("subject"), "date_text": match.group("date")}


def fulfilment(text: str) -> dict | None:
    if "zoals toegezegd" not in text:  # the pattern's lazy lead would otherwise be tried at every offset
        return None
    match = FULFILLED.search(text)
    if not match:
        return None
    return {"subject": match.group("subject").strip(" ,:") or text, "by": (match.group("by") or "").strip() or None,
            "debate": debate_id(*_debate_parts(match.group("debate")), match.group("date"))}


def _debate_parts(debate: str) -> tuple[str, str]:
    match = DEBATE.match(debate + " van 1 januari 2000")
    if match:
        return match.group(1), match.group(2)
    kind, _, subject = debate.partition(" ")
    return kind, subject


def new_promise(statement: dict) -> dict | None:
    """A promise the government makes here; questions asking for one are not promises."""
    text = statement["text"].strip()
    if statement["role"] == "question" or text.endswith("?") or statement["role"] in ("heading", "footnote"):
        return None
    if re.search(r"\b(?:bereid|kunt u|kan de|wil de)\b.*\?", text, re.I):
        return None
    for pattern in PROMISE_PATTERNS:
        match = pattern.search(text)
        if match:
            actor = (match.groupdict().get("actor") or "").strip()
            return {"actor": actor or None, "subject": text}
    promised = PROMISED.search(text)
    if promised:
        return {"actor": None, "subject": promised.group("subject"), "reported": True}
    return None


def resolve_actor(actor: str | None, statement: dict, bewindspersoon: str | None) -> str:
    if not actor or actor.lower() in ("ik", "wij", "we"):
        return statement.get("speaker") or bewindspersoon or "kabinet"
    if actor.lower().startswith("het kabinet"):
        return "kabinet"
    return actor.removeprefix("De ").removeprefix("de ")


def deadline_of(text: str, reference: date | None) -> DateRange | None:
    return parse_deadline(text, reference)
