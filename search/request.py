"""What a search is asked and what it answers: ``SearchRequest`` in, ``SearchResult`` of ``SearchHit`` out, and
``validate``, which turns a request that cannot be run into a ``SearchError`` the user can act on."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.records import DOC_TYPES
from nlp.records import ROLES
from nlp.references import extract_references
from nlp.taxonomy import LABEL_SETS, Frame, load_frame
from store.search_index import HitRow, SearchIndex, StatementFilter

MODES = ("hybrid", "keyword", "semantic")
LABEL_FILTERS = LABEL_SETS  # a search filters on every label set of the frame


class SearchError(ValueError):
    """The request cannot be answered as asked; the message tells the user what to change."""


@dataclass
class SearchRequest:
    query: str
    limit: int = 20
    mode: str = "hybrid"
    doc_ids: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    actielijn: list[str] = field(default_factory=list)
    doel: list[str] = field(default_factory=list)
    thema: list[str] = field(default_factory=list)
    landsdeel: list[str] = field(default_factory=list)
    knelpunt: bool = False
    roles: list[str] = field(default_factory=list)
    speaker: str | None = None  # part of a speaker's name or fractie, any case
    reference: str | None = None  # a Kamerstuk or motie as cited: "32 637, nr. 391" or "32637-391"

    def statement_filter(self, label_threshold: float) -> StatementFilter:
        """The request's filters as the store takes them (the reference in its normal form)."""
        return StatementFilter(
            doc_ids=self.doc_ids, doc_types=self.doc_types, date_from=self.date_from, date_to=self.date_to,
            roles=self.roles, speaker=self.speaker,
            reference=normalise_reference(self.reference) if self.reference else None,
            labels={name: getattr(self, name) for name in LABEL_FILTERS if getattr(self, name)},
            knelpunt=self.knelpunt, label_threshold=label_threshold)

    def has_filters(self) -> bool:
        return bool(self.statement_filter(0.0))


@dataclass
class SearchHit(HitRow):
    """A statement as found: the store's row, and its fused score, relevance, ranks, highlights and labels."""

    score: float
    relevance: float  # 0–1: how well the statement answers the query (max of the methods' relevance)
    keyword_rank: int | None
    semantic_rank: int | None
    highlights: list[tuple[int, int]]  # character spans in ``text`` that match the query
    labels: dict[str, Any]

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The text with each highlight wrapped in the given marks."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], open_mark, self.text[start:end], close_mark]
            last = end
        return "".join(out + [self.text[last:]])


@dataclass
class SearchResult:
    hits: list[SearchHit]
    notes: list[str]  # what the user should know: query cut, keyword only, no index …
    terms: list[str]  # the query terms searched, variants included
    relevant: int = 0  # relevant statements found, shown or not (at least this many unless relevant_exact)
    relevant_exact: bool = True

    @property
    def more(self) -> bool:
        """More relevant statements exist than the limit let through."""
        return self.relevant > len(self.hits)


def normalise_reference(text: str) -> str:
    """``Kamerstuk 32 637, nr. 391`` or ``32 637, nr. 391`` → ``32637-391``; an id stays as it is."""
    found = extract_references(text) or extract_references(f"Kamerstuk {text}")
    return found[0] if found else text.strip()


def validate(request: SearchRequest, index: SearchIndex, frame: Frame | None = None) -> list[str]:
    """Raise SearchError for a request that cannot be run; return notes for one that was adjusted. The CLI calls
    it before loading the model, so a typo is reported at once."""
    frame = frame or load_frame()
    if not request.query or not request.query.strip():
        raise SearchError("lege zoekvraag: typ een of meer woorden")
    if request.mode not in MODES:
        raise SearchError(f"onbekende zoekmethode {request.mode!r}; kies uit {', '.join(MODES)}")
    if not 1 <= request.limit <= 1000:
        raise SearchError("limit moet tussen 1 en 1000 liggen")
    for label_set in LABEL_FILTERS:
        known = frame.ids(label_set)
        for value in getattr(request, label_set):
            if value not in known:
                raise SearchError(f"onbekende {label_set} {value!r}; bekend: {', '.join(known)}")
    for role in request.roles:
        if role not in ROLES:
            raise SearchError(f"onbekende rol {role!r}; bekend: {', '.join(ROLES)}")
    known_types = set(DOC_TYPES) | index.doc_types()
    for doc_type in request.doc_types:
        if doc_type not in known_types:
            raise SearchError(f"onbekend documenttype {doc_type!r}; bekend: {', '.join(sorted(known_types))}")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise SearchError("de begindatum ligt na de einddatum")
    return []


def hits_as_rows(hits: list[SearchHit]) -> list[dict[str, Any]]:
    """Plain rows for tables and JSON lines."""
    return [{"statement_id": h.statement_id, "doc_id": h.doc_id, "title": h.title, "doc_type": h.doc_type,
             "date": h.date.isoformat() if h.date else None, "page": h.page, "section_path": h.section_path,
             "role": h.role, "speaker": h.speaker, "text": h.text, "score": h.score, "relevance": h.relevance,
             "keyword_rank": h.keyword_rank, "semantic_rank": h.semantic_rank,
             "highlights": [list(span) for span in h.highlights], "labels": h.labels} for h in hits]
