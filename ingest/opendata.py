"""The Kamer's own record: OData pages of the Tweede Kamer open-data service → plain records.

A page is what the service returns (``{"@odata.context": …, "value": [entity, …]}``); ``tk sync``
mirrors them unchanged and ``tk load`` reads them here. Reading is pure: bytes in, records out,
and a page that does not have the documented shape is refused whole with one line saying why
(``PageError``), so nothing of it is half-loaded.

Two entity sets are read: ``Zaak`` (with ``Document`` and ``Besluit`` + ``Stemming`` expanded: a
motion, its Kamerstuk id, the plenary decision, the vote per fractie, the cabinet's judgement) and
``Toezegging`` (the Kamer's register of promises made by ministers in debates).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

# The Kamer's BesluitSoort ("Stemmen - aangenomen") → our besluit. Only plenary outcomes count;
# other besluiten of a zaak (e.g. "Behandelen in commissie") say nothing about adoption.
BESLUIT_SOORTEN = {
    "aangenomen": "aangenomen",
    "verworpen": "verworpen",
    "aangehouden": "aangehouden",
    "ingetrokken": "ingetrokken",
    "uitstellen": "uitgesteld",
    "uitgesteld": "uitgesteld",
    "gestaakt": "gestaakt",
}
BESLUITEN = ("aangenomen", "verworpen", "aangehouden", "ingetrokken", "uitgesteld", "gestaakt", "onbekend")


class PageError(ValueError):
    """A page that is not what the service sends; the message is one line."""


@dataclass
class Stemming:
    """One fractie's vote on a besluit."""

    fractie: str
    soort: str            # Voor | Tegen | Niet deelgenomen
    zetels: int | None
    vergissing: bool      # the fractie said afterwards it voted by mistake
    lid: str | None = None  # a hoofdelijke stemming has one record per member: who


@dataclass
class TkBesluit:
    id: str
    soort: str                   # the Kamer's own BesluitSoort, e.g. "Stemmen - verworpen"
    besluit: str                 # normalised: one of BESLUITEN
    tekst: str | None
    datum: date | None           # the day the Kamer recorded it (GewijzigdOp; the payload has no vote date)
    stemmings_soort: str | None  # "Met handopsteken", "Hoofdelijk"
    volgorde: int | None
    stemmingen: list[Stemming] = field(default_factory=list)

    @property
    def voor(self) -> int:
        return self._seats("Voor")

    @property
    def tegen(self) -> int:
        return self._seats("Tegen")

    def fracties(self, soort: str) -> list[str]:
        """The fracties on one side, each once (a hoofdelijke stemming lists every member)."""
        return list(dict.fromkeys(s.fractie for s in self.stemmingen if s.soort == soort))

    def _seats(self, soort: str) -> int:
        """Seats on one side: a fractie's size, or one per member in a hoofdelijke stemming."""
        return sum(1 if s.lid else s.zetels or 0 for s in self.stemmingen if s.soort == soort)


@dataclass
class TkZaak:
    id: str                       # the service's GUID
    nummer: str                   # 2024Z03050
    soort: str                    # Motie, Toezegging, Brief regering, …
    onderwerp: str | None         # "Motie van het lid X over …"
    titel: str | None             # the dossier's title
    gestart_op: date | None
    vergaderjaar: str | None
    volgnummer: int | None
    afgedaan: bool | None
    kabinetsappreciatie: str | None
    kamerstukken: list[str]       # normalised like references: 32637-601, 21501-04-278
    document_nummers: list[str]   # 2024D07015
    besluiten: list[TkBesluit]
    gewijzigd: datetime | None    # ApiGewijzigdOp: which record is newer
    verwijderd: bool

    @property
    def besluit(self) -> TkBesluit | None:
        """The decision that stands: the last plenary outcome on record (a motion held over,
        then voted on, has two)."""
        outcomes = [b for b in self.besluiten if b.besluit != "onbekend"]
        return max(outcomes, key=lambda b: (b.datum or date.min, b.volgorde or 0)) if outcomes else None


@dataclass
class TkToezegging:
    """One entry of the Kamer's toezeggingen register."""

    id: str
    nummer: str | None            # TZ202402-040
    tekst: str
    status: str | None            # Openstaand | Voldaan | Deels voldaan | …
    datum_nakoming: date | None
    ministerie: str | None
    naam: str | None              # who promised, as the register writes it
    functie: str | None           # minister | staatssecretaris
    aanmaakdatum: date | None
    activiteit_nummer: str | None  # the debate it was made in
    activiteit_datum: date | None
    activiteit_onderwerp: str | None
    kamerbrieven: list[str]       # documents the register names as its fulfilment
    gewijzigd: datetime | None
    verwijderd: bool


@dataclass
class Page:
    entity: str                   # Zaak | Toezegging
    zaken: list[TkZaak] = field(default_factory=list)
    toezeggingen: list[TkToezegging] = field(default_factory=list)


def read_page(data: bytes, name: str = "page") -> Page:
    """One OData page → records. Raises ``PageError`` (one line) on anything not in the service's shape."""
    try:
        page = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PageError(f"{name}: not JSON ({exc})") from None
    if not isinstance(page, dict) or not isinstance(page.get("value"), list):
        raise PageError(f"{name}: no 'value' list: not an OData page")
    entity = _entity(page, name)
    out = Page(entity)
    for index, raw in enumerate(page["value"]):
        where = f"{name}: record {index + 1}"
        if not isinstance(raw, dict) or not raw.get("Id"):
            raise PageError(f"{where}: no Id")
        try:
            if entity == "Zaak":
                out.zaken.append(read_zaak(raw))
            else:
                out.toezeggingen.append(read_toezegging(raw))
        except (KeyError, TypeError, ValueError) as exc:
            raise PageError(f"{where} ({raw.get('Id')}): {type(exc).__name__} {exc}") from None
    return out


def _entity(page: dict, name: str) -> str:
    """Zaak or Toezegging, from the page's @odata.context, else from the records' fields."""
    context = str(page.get("@odata.context", ""))
    found = re.search(r"#(\w+)", context)
    if found and found.group(1) in ("Zaak", "Toezegging"):
        return found.group(1)
    if found:
        raise PageError(f"{name}: entity set {found.group(1)!r} is not loaded (only Zaak and Toezegging)")
    first = page["value"][0] if page["value"] else {}
    if isinstance(first, dict) and "Tekst" in first and "Nummer" in first and "Soort" not in first:
        return "Toezegging"
    if isinstance(first, dict) and ("Soort" in first or not first):
        return "Zaak"
    raise PageError(f"{name}: cannot tell which entity set this page holds")


def read_zaak(raw: dict) -> TkZaak:
    documents = [d for d in raw.get("Document") or [] if not d.get("Verwijderd")]
    kamerstukken = []
    for doc in documents:
        external = (doc.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier")
        if external and (ref := kamerstuk_ref(external)):
            kamerstukken.append(ref)
    return TkZaak(
        id=str(raw["Id"]), nummer=str(raw.get("Nummer") or ""), soort=str(raw.get("Soort") or ""),
        onderwerp=_clean(raw.get("Onderwerp")), titel=_clean(raw.get("Titel")),
        gestart_op=_date(raw.get("GestartOp")), vergaderjaar=raw.get("Vergaderjaar"),
        volgnummer=raw.get("Volgnummer"), afgedaan=raw.get("Afgedaan"),
        kabinetsappreciatie=raw.get("Kabinetsappreciatie"),
        kamerstukken=list(dict.fromkeys(kamerstukken)),
        document_nummers=[d["DocumentNummer"] for d in documents if d.get("DocumentNummer")],
        besluiten=[read_besluit(b) for b in raw.get("Besluit") or [] if not b.get("Verwijderd")],
        gewijzigd=_timestamp(raw.get("ApiGewijzigdOp")), verwijderd=bool(raw.get("Verwijderd")),
    )


def read_besluit(raw: dict) -> TkBesluit:
    soort = str(raw.get("BesluitSoort") or "")
    return TkBesluit(
        id=str(raw["Id"]), soort=soort, besluit=besluit_of(soort), tekst=_clean(raw.get("BesluitTekst")),
        datum=_date(raw.get("GewijzigdOp")), stemmings_soort=raw.get("StemmingsSoort"),
        volgorde=raw.get("AgendapuntZaakBesluitVolgorde"),
        stemmingen=[Stemming(fractie=s.get("ActorFractie") or s.get("ActorNaam") or "?", soort=str(s.get("Soort") or ""),
                             zetels=s.get("FractieGrootte"), vergissing=bool(s.get("Vergissing")),
                             lid=s.get("ActorNaam") if s.get("Persoon_Id") or s.get("SidActorLid") else None)
                    for s in raw.get("Stemming") or [] if not s.get("Verwijderd")],
    )


def read_toezegging(raw: dict) -> TkToezegging:
    activiteiten = raw.get("Activiteit") or []
    activiteit = activiteiten[0] if activiteiten and isinstance(activiteiten[0], dict) else {}
    brieven = [d.get("DocumentNummer") or (d.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier")
               for d in raw.get("KamerbriefNakoming") or [] if isinstance(d, dict)]
    name = raw.get("Naam") or " ".join(p for p in (raw.get("Voornaam"), raw.get("Tussenvoegsel"),
                                                    raw.get("Achternaam")) if p) or None
    return TkToezegging(
        id=str(raw["Id"]), nummer=raw.get("Nummer"), tekst=_clean(raw.get("Tekst")) or "",
        status=raw.get("Status"), datum_nakoming=_date(raw.get("DatumNakoming")),
        ministerie=raw.get("Ministerie"), naam=name, functie=raw.get("Functie"),
        aanmaakdatum=_date(raw.get("Aanmaakdatum")),
        activiteit_nummer=raw.get("ActiviteitNummer") or activiteit.get("Nummer"),
        activiteit_datum=_date(activiteit.get("Datum") or activiteit.get("Aanvangstijd")),
        activiteit_onderwerp=_clean(activiteit.get("Onderwerp")),
        kamerbrieven=[b for b in brieven if b],
        gewijzigd=_timestamp(raw.get("ApiGewijzigdOp")), verwijderd=bool(raw.get("Verwijderd")),
    )


def besluit_of(soort: str) -> str:
    """``Stemmen - verworpen`` → ``verworpen``; anything else → ``onbekend``."""
    word = soort.rsplit("-", 1)[-1].strip().lower()
    return BESLUIT_SOORTEN.get(word, "onbekend")


def kamerstuk_ref(external: str) -> str | None:
    """``kst-21501-04-278`` → ``21501-04-278`` (the id references and moties use); other
    publications (Handelingen, Aanhangsel) keep their own id."""
    found = re.fullmatch(r"kst-(\d{5,6}(?:-[A-Z0-9]{1,5})*)-(\d{1,4})", external.strip(), re.I)
    if found:
        return f"{found.group(1).upper()}-{found.group(2)}"
    return external.strip() or None


def _clean(value) -> str | None:
    return " ".join(str(value).split()) or None if value is not None else None


def _timestamp(value) -> datetime | None:
    if not value:
        return None
    text = str(value)
    text = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")  # .NET's 7-digit fractions
    return datetime.fromisoformat(text)


def _date(value) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])
