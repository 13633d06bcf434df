"""Records of the nlp stages: the statement (the unit a user searches, labels and cites), a label it carries, where
a commitment is named and answered, and what the registry reads of a paper."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ROLES = ("body", "heading", "list_item", "question", "answer", "footnote", "table")


@dataclass
class Statement:
    id: str  # "<doc_id>#<seq>"
    doc_id: str
    seq: int
    block_seq: int
    page: int
    start: int  # offsets into the document text
    end: int
    text: str
    role: str
    section_path: list[str] = field(default_factory=list)
    speaker: str | None = None
    question_id: str | None = None
    answer_to: str | None = None
    references: list[str] = field(default_factory=list)
    lemmas: str = ""
    terms: dict[str, int] = field(default_factory=dict)  # search terms with counts (nlp.terms)


@dataclass
class QAPair:
    """A question in a verslag (or a motie/toezegging before its ``Antwoord``) and its answer."""

    doc_id: str
    question_id: str
    question_start: int
    question_end: int
    answer_start: int
    answer_end: int
    asked_by: str | None = None
    answered_by: str | None = None


@dataclass
class StatementSet:
    """What the statement stage makes of one document (importable without spaCy)."""

    statements: list[Statement]
    qa_pairs: list[QAPair]
    warnings: list[str]


@dataclass
class LabelScore:
    """One label of a statement (``nlp.classify``): which, how sure, by which methods and why."""

    label_set: str
    label_id: str
    score: float
    method: str  # the methods that contributed, strongest first: "section+embedding"
    reason: str


@dataclass
class Mention:
    """Where a motie, toezegging or afspraak is named (``nlp.commitments``)."""

    doc_id: str
    statement_id: str
    page: int
    text: str
    date: datetime.date | None


@dataclass
class Link:
    """A statement that answers a commitment, with how sure and by which evidence (``nlp.registry``)."""

    doc_id: str
    statement_id: str
    page: int
    text: str
    score: float
    evidence: str  # antwoord | referentie | vervulling | gelijkenis


@dataclass
class RegistryPaper:
    """What the registry reads of a paper besides its statements (``Store.registry_documents``). ``stamp``
    changes whenever any of it, or the stored version of the paper, does: a store's caches are keyed on it."""

    id: str
    doc_type: str
    date: datetime.date | None
    bewindspersoon: str | None = None
    kamerstuk_id: str | None = None
    stamp: str = ""
