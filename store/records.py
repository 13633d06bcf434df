"""The store's own records: what a write returns, what the model stage hands it, and its error."""
from __future__ import annotations

from dataclasses import dataclass
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
