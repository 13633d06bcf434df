"""Which stored paper a newly read file is another form of, and what becomes of it: a pure decision.

One paper reaches Kamerspoor in several forms (official XML, the PDF, a text copy) and in new versions of one
file. The store hands this module the candidate rows it holds; this module decides, and the store only writes
what was decided (``Store.write_document``). Kept pure so it can be tested, and reasoned about, without a store.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ingest.fingerprint import containment
from ingest.metadata import merge_metadata
from ingest.records import Document, Metadata


@dataclass(frozen=True)
class StoredPaper:
    """What the decision needs of a stored paper: its id, whose text it holds and how good that form is."""

    id: str
    text_priority: int
    text_source: str
    meta: Metadata


@dataclass(frozen=True)
class Placement:
    """What to write: a ``new`` paper; the stored one ``replaced`` by this better (or newer) form; or this form
    ``merged`` into it (only metadata it lacked). ``rename_to``: the stored paper takes its Kamerstuk id."""

    outcome: Literal["new", "replaced", "merged"]
    stored_id: str | None = None
    rename_to: str | None = None
    meta: Metadata | None = None


def same_paper(doc: Document, named: list[str], fingerprints: list[tuple[str, list[int] | None]],
               threshold: float) -> str | None:
    """The stored paper this document is another form of: one stored under its Kamerstuk id (``named``), else
    the stored text it is most contained in, at ``threshold`` or above. The store hands, for a document with a
    Kamerstuk id, only the fingerprints of papers without one: two different Kamerstukken are never one paper."""
    if doc.meta.kamerstuk_id and named:
        return named[0]
    best, best_score = None, threshold
    for doc_id, stored in fingerprints:
        score = containment(doc.fingerprint, stored or [])
        if score >= best_score:
            best, best_score = doc_id, score
    return best


def place(doc: Document, stored: StoredPaper | None) -> Placement:
    """New, replacing or merged. The form with the better text (XML over PDF over text) keeps its text, and a new
    version of the very file the stored text came from replaces it; the metadata of both forms is merged, the
    winner's first."""
    if stored is None:
        return Placement("new", meta=doc.meta)
    rename = doc.meta.kamerstuk_id if doc.meta.kamerstuk_id and stored.id != doc.meta.kamerstuk_id else None
    if doc.source.priority > stored.text_priority or stored.text_source == doc.source.path:
        return Placement("replaced", stored.id, rename, merge_metadata(doc.meta, stored.meta))
    return Placement("merged", stored.id, rename, merge_metadata(stored.meta, doc.meta))
