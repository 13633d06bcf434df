"""The store's own records: what a write returns, what the model stage hands it, what its reads give back where no
record of another stage fits, and its error."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from nlp.records import Link
from nlp.motie_form import MotieForm
from nlp.records import LabelScore
from nlp.stemmingsuitslag import Uitslag


class StoreError(Exception):
    """The store cannot be opened or used; the message says why."""


@dataclass
class Enrichment:
    """What the model stage adds to a document's statements: one vector and one label set each."""

    vectors: Any  # numpy array (n, dim) or None
    labels: list  # list[nlp.classify.Labels], one per statement
    encoded: int = 0  # how many of the vectors the model computed now (the rest came from the cache)


@dataclass
class WriteResult:
    outcome: str  # new | replaced | merged
    doc_id: str


@dataclass
class Paper:
    """A stored paper as lists show it (``Store.documents``): what it is and where it came from, not its text."""

    id: str
    doc_type: str  # ingest.records.DOC_TYPES
    title: str | None
    date: datetime.date | None
    dossiers: list[str] = field(default_factory=list)
    ondernummer: str | None = None
    vergaderjaar: str | None = None
    bewindspersoon: str | None = None
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    kamerstuk_id: str | None = None
    text_source: str | None = None
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the paths of its files

    @property
    def status(self) -> str:
        return "ok" if not self.warnings else "warnings"


@dataclass
class LogEntry:
    """One line of the ingest log: what a run did with one file, and why when it failed or was skipped."""

    run_id: str
    logged_at: datetime.datetime
    path: str
    sha256: str | None
    outcome: str  # new | replaced | merged | skipped | failed | …
    doc_id: str | None
    message: str | None


@dataclass
class StatementLabel(LabelScore):
    """A label a stored statement carries (``statement_labels``): the classifier's ``LabelScore`` and whose it is."""

    statement_id: str
    doc_id: str


@dataclass
class Knelpunt:
    """A knelpunt statement, once, in the cell of its strongest landsdeel and actielijn (``Store.knelpunten``)."""

    statement_id: str
    doc_id: str
    title: str | None  # of its paper
    date: datetime.date | None
    page: int
    section_path: list[str]
    text: str
    knelpunt: float  # its knelpunt score (3 decimals)
    reason: str
    landsdeel: str | None  # None: none at or above the threshold
    actielijn: str | None


@dataclass
class Pact:
    """A regional pact with its landsdeel and its afspraken counted by status (``Store.pacts``)."""

    doc_id: str
    title: str | None
    date: datetime.date | None
    landsdeel: str | None  # the one most of its statements carry; None when none does
    share: float | None  # of its labelled statements, the share that carries that landsdeel
    afspraken: int
    open: int
    beantwoord: int
    bedrag: float | None  # the money of its afspraken (€)


@dataclass
class Besluit:
    """One decision of a committee's besluitenlijst (``besluiten``): on an agendapunt, or on one zaak of it."""

    doc_id: str
    meeting: str | None
    meeting_date: datetime.date | None
    commissie: str | None
    agendapunt: int
    rubriek: str | None
    onderwerp: str
    zaak: str | None  # None: decided on the agendapunt itself
    refs: list[str]  # the Kamerstukken and zaaknummers the zaak (or item) names
    besluit: str | None  # None: an item without a decision
    noot: str | None
    page: int | None


@dataclass
class StoredMention:
    """Where a stored commitment is named (``commitment_mentions``): ``nlp.commitments.Mention`` without the date,
    which the store keeps with the paper."""

    doc_id: str
    statement_id: str
    page: int | None
    text: str


@dataclass
class StoredCommitment:
    """A motie, toezegging or afspraak as the registry stored it (``commitments``). ``Store.commitments`` gives the
    row alone; ``Store.commitment`` adds where it is named and answered, a motie's own text and the committee
    decisions on its Kamerstuk."""

    id: str
    kind: str  # motie | toezegging | afspraak
    kamerstuk_id: str | None
    indieners: list[str]
    made_by: str | None
    made_at: str | None  # the debate or paper it was made in
    made_on: datetime.date | None
    subject: str | None
    verzoek: str | None
    deadline_start: datetime.date | None
    deadline_end: datetime.date | None
    deadline_text: str | None
    status: str  # afgedaan | deels | in uitvoering | open | vervangen | onbekend (n.v.t.: ``MotieAudit``)
    status_evidence: str | None
    first_doc: str | None
    last_doc: str | None
    vervangt: str | None
    vervangen_door: str | None
    found_as: str | None = None
    rule: str | None = None
    confidence: float | None = None  # None: a motie known only from the Kamer's open data
    amount_eur: float | None = None
    mentions: list[StoredMention] = field(default_factory=list)
    answers: list[Link] = field(default_factory=list)  # best first
    form: MotieForm | None = None  # a motie's own text: its Kamerstuk's form, else as the Handelingen read it out
    form_doc_id: str | None = None  # the paper ``form`` is read from
    besluiten: list[Besluit] = field(default_factory=list)  # committee decisions on its Kamerstuk


@dataclass
class StoredZaak:
    """A zaak of the Kamer's open data as stored (``tk_zaken``). Not ``ingest.opendata.TkZaak``: in place of all its
    besluiten with their votes it keeps the one that stands, with its seats and fracties (``OpenData.stemmingen``:
    the votes)."""

    zaak_id: str
    nummer: str  # 2024Z03050
    soort: str  # Motie, Toezegging, Brief regering, …
    onderwerp: str | None
    titel: str | None
    gestart_op: datetime.date | None
    vergaderjaar: str | None
    volgnummer: int | None
    afgedaan: bool | None
    kabinetsappreciatie: str | None
    kamerstukken: list[str]  # as commitments spell them: 32637-601, 21501-04-278
    document_nummers: list[str]
    besluit: str  # ingest.opendata.BESLUITEN; onbekend when none stands
    besluit_soort: str | None  # the Kamer's own words: "Stemmen - verworpen"
    besluit_tekst: str | None
    besluit_datum: datetime.date | None
    stemmings_soort: str | None
    voor: int | None  # seats; None when no vote is on record
    tegen: int | None
    fracties_voor: list[str] | None
    fracties_tegen: list[str] | None
    gewijzigd: datetime.datetime | None
    page: str  # the page file it was loaded from


@dataclass(frozen=True)
class PaperUitslag(Uitslag):
    """The besluit the papers state on a Kamerstuk (``OpenData.paper_uitslagen``): the latest paper's word, and its
    date (``date.min`` when the paper has none). From a besluitenlijst: no ``statement_id``."""

    date: datetime.date


@dataclass
class MotieAudit:
    """A motion with the Kamer's record beside the papers' (``OpenData.motie_audit``): what the Kamer decided and on
    whose word, kept apart from the uitvoering the papers give."""

    commitment: StoredCommitment  # made from its zaak when the paper is not stored; status n.v.t. when not adopted
    zaak: StoredZaak | None  # the newest zaak that names its Kamerstuk
    besluit: str  # the open data's, else a paper's, else onbekend
    besluit_bron: str | None  # which of them said so
    besluit_datum: datetime.date | None
    besluit_conflict: str | None  # where a paper states another besluit than the open data
    uitvoering: str  # the status the papers give
