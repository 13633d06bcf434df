"""The baseline Kamerspoor's search is measured against (bench/paraphrase.py): SQLite FTS5 over the statements'
text, BM25 with diacritics folded — what a plain full-text tool of tkconv's kind gives. In memory, built from
statements handed to it; not part of the product's store, but its SQL lives with the rest."""
from __future__ import annotations

import re
import sqlite3


class Fts5Baseline:
    """SQLite FTS5 over (statement id, text) pairs; a query's words are ORed, as a search box would."""

    def __init__(self, statements: list[tuple[str, str]]):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE s USING fts5(id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO s VALUES (?, ?)", statements)

    def search(self, query: str, limit: int = 10) -> list[str]:
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        return [r[0] for r in self.db.execute("SELECT id FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?", [match, limit])]
