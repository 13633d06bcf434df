"""Large stores for measuring at scale (bench/search.py, bench/registry.py): synthetic papers appended as whole
tables, and the few reads, updates and counts those builders need.

The ingest path writes one paper per transaction, with identity and merging; a bench that needs a million
statements cannot wait for that, so it hands this part whole Arrow tables whose columns are named as the stored
ones. Kept apart from the rest of the store so that no bench holds a connection or writes SQL of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import pyarrow as pa



@dataclass
class SampleStatement:
    """A stored statement with its vector: what a synthetic store is modelled on."""

    id: str
    text: str
    role: str
    section_path: list[str]
    speaker: str | None
    refs: list[str]
    lemmas: str
    page: int
    vector: list[float]


@dataclass
class SyntheticPaper:
    """A paper of a synthetic store: its ``documents`` row, and for a motie its form."""

    id: str
    doc_type: str
    date: date
    title: str
    kamerstuk_id: str | None = None
    dossiers: list[str] = field(default_factory=list)
    bewindspersoon: str | None = None
    pages: int = 1
    form: dict | None = None  # title, indieners, voorgesteld, dictum, vervangt


class Synthetic:
    """Part of ``store.db.Store`` (a mixin), on the store's one connection; ``_append`` is ``Tables``' and
    ``_delete_content`` is ``Documents``'."""

    con: duckdb.DuckDBPyConnection

    # ------------------------------------------------------------ reading a sample to model on
    def sample_statements(self) -> list[SampleStatement]:
        rows = self.con.execute("""SELECT s.id, s.text, s.role, s.section_path, s.speaker, s.refs, s.lemmas, s.page, v.vector
                                   FROM statements s JOIN statement_vectors v ON v.statement_id = s.id
                                   ORDER BY s.id""").fetchall()
        return [SampleStatement(*row) for row in rows]

    def sample_labels(self) -> dict[str, list[tuple]]:
        """Per statement its stored labels as (label_set, label_id, score, method, reason)."""
        labels: dict[str, list[tuple]] = {}
        for sid, *rest in self.con.execute(
                "SELECT statement_id, label_set, label_id, score, method, reason FROM statement_labels").fetchall():
            labels.setdefault(sid, []).append(tuple(rest))
        return labels

    def paper_types(self) -> list[str]:
        """The type of every stored paper (one per paper, so common types come often)."""
        return [r[0] for r in self.con.execute("SELECT doc_type FROM documents").fetchall()]

    # ------------------------------------------------------------ writing
    def append_papers(self, papers: list[SyntheticPaper]) -> None:
        """Documents, a source for each (a made-up path) and the forms of the moties among them."""
        now = datetime.now()
        n = len(papers)
        self._append("documents", pa.table({
            "id": [p.id for p in papers], "kamerstuk_id": pa.array([p.kamerstuk_id for p in papers], pa.string()),
            "doc_type": [p.doc_type for p in papers], "title": [p.title for p in papers],
            "date": pa.array([p.date for p in papers], pa.date32()),
            "dossiers": pa.array([p.dossiers for p in papers], pa.list_(pa.string())),
            "bewindspersoon": pa.array([p.bewindspersoon for p in papers], pa.string()),
            "pages": pa.array([p.pages for p in papers], pa.int32()), "ocr_pages": pa.array([[]] * n, pa.list_(pa.int32())),
            "text": [""] * n, "text_source": ["synthetic"] * n, "text_priority": pa.array([3] * n, pa.int32()),
            "fingerprint": pa.array([[]] * n, pa.list_(pa.uint64())), "warnings": pa.array([[]] * n, pa.list_(pa.string())),
            "ingested_at": pa.array([now] * n, pa.timestamp("us"))}), by_name=True)
        self._append("sources", pa.table({
            "doc_id": [p.id for p in papers], "path": [f"/synthetic/{p.id}" for p in papers],
            "sha256": [p.id for p in papers], "size": pa.array([1] * n, pa.int64()), "format": ["xml"] * n,
            "added_at": pa.array([now] * n, pa.timestamp("us"))}), by_name=True)
        forms = [p for p in papers if p.form]
        if forms:
            self._append("motie_forms", pa.table({
                "doc_id": [p.id for p in forms], "kamerstuk_id": [p.kamerstuk_id for p in forms],
                "title": [p.form["title"] for p in forms],
                "indieners": pa.array([p.form["indieners"] for p in forms], pa.list_(pa.string())),
                "partijen": pa.array([[]] * len(forms), pa.list_(pa.string())),
                "voorgesteld": pa.array([p.form["voorgesteld"] for p in forms], pa.date32()),
                "considerations": pa.array([[]] * len(forms), pa.list_(pa.string())),
                "dictum": pa.array([p.form["dictum"] for p in forms], pa.list_(pa.string())),
                "addressee": ["de regering"] * len(forms),
                "vervangt": pa.array([p.form["vervangt"] for p in forms], pa.string()),
                "closed": [True] * len(forms)}), by_name=True)

    def append_rows(self, table: str, rows: pa.Table) -> None:
        """Rows of ``statements``, ``statement_terms``, ``search_terms``, ``statement_vectors`` or
        ``statement_labels``, named as the table's columns (terms already there are skipped)."""
        if table not in ("statements", "statement_terms", "search_terms", "statement_vectors", "statement_labels"):
            raise ValueError(f"not a table synthetic rows go to: {table}")
        self._append(table, rows, or_ignore=table == "search_terms", by_name=True)

    def replace_statement_texts(self, texts: dict[str, str]) -> None:
        """New text for the given statements (read as body text): letters made to name moties."""
        self.con.register("new_texts", pa.table({"id": list(texts), "text": list(texts.values())}))
        try:
            self.con.execute("UPDATE statements SET text = n.text, role = 'body' FROM new_texts n WHERE statements.id = n.id")
        finally:
            self.con.unregister("new_texts")

    def remove_first_paper(self, doc_type: str) -> str:
        """Take away the file of the first paper of a type, and the paper with it, as ``prune`` does when a
        file is gone. Returns the paper's id."""
        doc_id = self.con.execute("SELECT min(id) FROM documents WHERE doc_type = ?", [doc_type]).fetchone()[0]
        self.con.execute("DELETE FROM sources WHERE doc_id = ?", [doc_id])
        self._delete_content(doc_id)
        return doc_id

    def checkpoint(self) -> None:
        """Settle the write-ahead log into the file, so the next measurement meets a store as an ingest leaves it."""
        self.con.execute("CHECKPOINT")

    # ------------------------------------------------------------ reading what was built
    def synthetic_letters(self) -> list[tuple[str, date]]:
        return self.con.execute("SELECT id, date FROM documents WHERE text_source = 'synthetic' AND id LIKE 'syn-%'"
                                ).fetchall()

    def registry_figures(self) -> dict[str, int]:
        return dict(zip(("moties", "toezeggingen", "mentions", "links", "by_meaning"), self.con.execute(
            """SELECT (SELECT count(*) FILTER (kind = 'motie') FROM commitments),
                      (SELECT count(*) FILTER (kind = 'toezegging') FROM commitments),
                      (SELECT count(*) FROM commitment_mentions), (SELECT count(*) FROM commitment_links),
                      (SELECT count(*) FILTER (evidence = 'gelijkenis') FROM commitment_links)""").fetchone()))

    def first_moties(self, limit: int) -> list[tuple[str, list[str]]]:
        """(kamerstuk, indieners) of the oldest moties of the registry."""
        return [(r[0], list(r[1])) for r in self.con.execute(
            "SELECT kamerstuk_id, indieners FROM commitments WHERE kind = 'motie' AND kamerstuk_id IS NOT NULL "
            "ORDER BY made_on NULLS LAST, id LIMIT ?", [limit]).fetchall()]
