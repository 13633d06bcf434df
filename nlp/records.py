"""Records of the statement stage: the unit a user searches, labels and cites."""
from __future__ import annotations

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
