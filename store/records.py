"""The store's own records: what a write returns, what the model stage hands it, and its error."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


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
