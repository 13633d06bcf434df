"""Papers and their files: reading documents, blocks, footnotes, sources and statements, and writing
one paper per transaction as ``ingest.identity`` placed it (new, replaced, merged), pruning files that are gone.

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations


from datetime import datetime
from pathlib import Path
from typing import Any


import duckdb
import pyarrow as pa

from ingest.identity import Placement, StoredPaper, place, same_paper
from ingest.records import Block, Document, Footnote, Metadata, SourceFile
from nlp.forms import Form
from nlp.records import QAPair, Statement, StatementSet
from nlp.terms import term_hash
from store.forms import FORM_TABLES
from store.records import Enrichment, LogEntry, Paper, WriteResult


PAPER_TABLES = ("documents", "sources", "blocks", "footnotes", "statements", "qa_pairs")
COUNTED = frozenset(PAPER_TABLES) | {"statement_terms", "statement_vectors", "statement_labels", "commitments",
                                     "commitment_mentions", "commitment_links"}


class Documents:
    """Papers and their files, read and written one paper per transaction."""

    con: duckdb.DuckDBPyConnection

    def has_source(self, path: str, sha256: str) -> bool:
        """True when exactly this file content from this path is already stored."""
        return bool(self.con.execute(
            "SELECT 1 FROM sources WHERE sha256 = ? AND path = ?", [sha256, path]).fetchone())

    def has_content(self, sha256: str) -> str | None:
        row = self.con.execute("SELECT doc_id FROM sources WHERE sha256 = ? LIMIT 1", [sha256]).fetchone()
        return row[0] if row else None

    def documents(self, doc_id: str | None = None) -> list[Paper]:
        """Every stored paper (or the one with this id), oldest first."""
        rows = self._rows(
            f"""SELECT d.id, d.doc_type, d.title, d.date, d.dossiers, d.ondernummer,
                      d.vergaderjaar, d.bewindspersoon, d.pages, d.ocr_pages, d.kamerstuk_id,
                      d.text_source, d.warnings,
                      list(s.path ORDER BY s.path) FILTER (WHERE s.path IS NOT NULL) AS sources
               FROM documents d LEFT JOIN sources s ON s.doc_id = d.id
               {"WHERE d.id = ?" if doc_id else ""}
               GROUP BY ALL ORDER BY d.date NULLS LAST, d.id""", [doc_id] if doc_id else [])
        return [Paper(**{**row, "dossiers": row["dossiers"] or [], "ocr_pages": row["ocr_pages"] or [],
                         "warnings": row["warnings"] or [], "sources": row["sources"] or []}) for row in rows]

    def document(self, doc_id: str) -> Paper | None:
        found = self.documents(doc_id)
        return found[0] if found else None

    def document_text(self, doc_id: str) -> str | None:
        """The paper's whole text, which block, footnote and statement offsets point into."""
        row = self.con.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def blocks(self, doc_id: str) -> list[Block]:
        """The paper's blocks as parsing made them (``ingest.records.Block``), in reading order."""
        return [Block(**row) for row in self._rows(
            'SELECT seq, kind, text, page, start, "end", italic, bold, level FROM blocks WHERE doc_id = ? ORDER BY seq',
            [doc_id])]

    def footnotes(self, doc_id: str) -> list[Footnote]:
        return [Footnote(**row) for row in self._rows(
            'SELECT number, text, page, start, "end", mark_start FROM footnotes WHERE doc_id = ? ORDER BY start', [doc_id])]

    def sources(self, doc_id: str) -> list[SourceFile]:
        """The files the paper was read from (one paper may arrive as XML, PDF and Markdown)."""
        return [SourceFile(**row) for row in self._rows(
            "SELECT path, sha256, size, format FROM sources WHERE doc_id = ? ORDER BY path", [doc_id])]

    def ingest_log(self, run_id: str | None = None) -> list[LogEntry]:
        """What each ingest did with each file, oldest first (of one run, or of all)."""
        where, params = ("WHERE run_id = ?", [run_id]) if run_id else ("", [])
        return [LogEntry(**row) for row in self._rows(f"SELECT * FROM ingest_log {where} ORDER BY logged_at", params)]

    def orphans(self) -> dict[str, int]:
        """Rows a half-written paper would leave, per kind: all 0 in a consistent store (a killed ingest must not
        leave any; tests and bench/reliability.py check it)."""
        checks = {
            "documents without a source": "documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.id)",
            "documents without statements": "documents d WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.doc_id = d.id)",
            "statements without a document": "statements s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)",
            "postings without a statement": "statement_terms t WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = t.statement_id)",
            "blocks without a document": "blocks b WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = b.doc_id)",
        }
        return {kind: self.con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0] for kind, rows in checks.items()}

    def counts(self, tables: tuple[str, ...] = PAPER_TABLES) -> dict[str, int]:
        """Rows per table: the papers' own tables, or any of ``COUNTED`` (the search index, the registry)."""
        if not set(tables) <= COUNTED:
            raise ValueError(f"not a table the store counts: {sorted(set(tables) - COUNTED)}")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def log(self, run_id: str, path: str, outcome: str, sha256: str | None = None,
            doc_id: str | None = None, message: str | None = None) -> None:
        self.con.execute("INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [run_id, datetime.now(), path, sha256, outcome, doc_id, message])

    def write_document(self, doc: Document, statements: StatementSet, run_id: str,
                       duplicate_containment: float, enrichment: "Enrichment | None" = None,
                       form: "Form | None" = None) -> WriteResult:
        """Store one parsed document, its statements, their vectors and labels and its form in
        one transaction, merging it with an earlier form of the same paper."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            result = self._write(doc, statements, run_id, duplicate_containment)
            if enrichment is not None and result.outcome in ("new", "replaced"):
                self._insert_enrichment(doc.id, result.doc_id, statements, enrichment)
            if form is not None and result.outcome in ("new", "replaced"):
                self._insert_form(result.doc_id, form)
            self.con.execute("COMMIT")
            return result
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _write(self, doc: Document, statements: StatementSet, run_id: str, threshold: float) -> WriteResult:
        """Write what ``ingest.identity`` decided for this form of a paper."""
        placement = self._placement(doc, threshold)
        outcome, now = placement.outcome, datetime.now()
        if outcome == "new":
            doc_id = self._free_id(doc.id)
        else:
            doc_id = placement.stored_id
            if placement.rename_to:
                doc_id = self._rename(doc_id, placement.rename_to)
        if outcome == "merged":
            self._update_metadata(doc_id, placement.meta)
        else:
            if outcome == "replaced":
                self._delete_content(doc_id)
            self._insert_document(doc, doc_id, placement.meta, now)
            self._insert_statements(doc.id, doc_id, statements)
        # This path may have held other content before (the file changed): that version goes.
        self.con.execute("DELETE FROM sources WHERE path = ?", [doc.source.path])
        self.con.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                         [doc_id, doc.source.path, doc.source.sha256, doc.source.size, doc.source.format, now])
        self._delete_unsourced()
        self.log(run_id, doc.source.path, outcome, doc.source.sha256, doc_id,
                 "; ".join(doc.warnings) or None)
        return WriteResult(outcome, doc_id)

    def add_source_copy(self, path: str, sha256: str, doc_id: str) -> None:
        """Record another file with the same bytes as a stored source."""
        self.con.execute(
            """INSERT OR REPLACE INTO sources
               SELECT doc_id, ?, sha256, size, format, ? FROM sources WHERE sha256 = ? AND doc_id = ? LIMIT 1""",
            [path, datetime.now(), sha256, doc_id])

    def would_store_text(self, doc: Document, threshold: float) -> bool:
        """True when this form's text would be stored (a new paper, a better form of a stored one,
        or a new version of the file the stored text came from)."""
        return self._placement(doc, threshold).outcome != "merged"

    def _delete_unsourced(self) -> list[str]:
        """Documents none of whose files is on record any more go, with everything derived from them."""
        gone = [r[0] for r in self.con.execute(
            "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.id)").fetchall()]
        for doc_id in gone:
            self._delete_content(doc_id)
        return gone

    def prune(self, dry_run: bool = False) -> tuple[list[tuple[str, str]], list[str]]:
        """Forget source files that no longer exist on disk, and documents left with none.
        Returns (the missing sources as (doc id, path), the documents removed); nothing changes on a dry run."""
        missing = [(doc_id, path) for doc_id, path in self.con.execute("SELECT doc_id, path FROM sources ORDER BY path")
                   .fetchall() if not Path(path).exists()]
        if dry_run or not missing:
            return missing, []
        self.con.execute("BEGIN TRANSACTION")
        try:
            for doc_id, path in missing:
                self.con.execute("DELETE FROM sources WHERE path = ? AND doc_id = ?", [path, doc_id])
            gone = self._delete_unsourced()
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return missing, gone

    def _placement(self, doc: Document, threshold: float) -> Placement:
        """The candidate rows for ``ingest.identity`` and its decision. A paper with a Kamerstuk id: the paper
        stored under it, else only the fingerprints of papers without one (two Kamerstukken are never one paper;
        this also keeps a big store from reading every fingerprint)."""
        named, fingerprints = [], []
        if doc.meta.kamerstuk_id:
            named = [r[0] for r in self.con.execute("SELECT id FROM documents WHERE kamerstuk_id = ? OR id = ?",
                                                    [doc.meta.kamerstuk_id, doc.meta.kamerstuk_id]).fetchall()]
        if not named:
            only_unnamed = " WHERE kamerstuk_id IS NULL" if doc.meta.kamerstuk_id else ""
            fingerprints = self.con.execute("SELECT id, fingerprint FROM documents" + only_unnamed).fetchall()
        found = same_paper(doc, named, fingerprints, threshold)
        rows = self._rows("SELECT * EXCLUDE (text, fingerprint) FROM documents WHERE id = ?", [found]) if found else []
        row = rows[0] if rows else None
        stored = StoredPaper(row["id"], row["text_priority"], row["text_source"], _meta_of(row)) if row else None
        return place(doc, stored)

    def _free_id(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while self.con.execute("SELECT 1 FROM documents WHERE id = ?", [candidate]).fetchone():
            candidate, n = f"{wanted}-{n}", n + 1
        return candidate

    def _rename(self, old: str, new: str) -> str:
        for table, column in (("documents", "id"), ("sources", "doc_id"), ("blocks", "doc_id"),
                              ("footnotes", "doc_id"), ("ingest_log", "doc_id"), ("statements", "doc_id"),
                              ("qa_pairs", "doc_id"), ("statement_labels", "doc_id"),
                              ("statement_terms", "doc_id"), *((t, "doc_id") for t in FORM_TABLES)):
            self.con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
        for table, column in (("statements", "id"), ("statements", "question_id"), ("statements", "answer_to"),
                              ("qa_pairs", "question_id"), ("statement_labels", "statement_id"),
                              ("statement_terms", "statement_id")):
            self.con.execute(f"UPDATE {table} SET {column} = ? || substr({column}, ?) WHERE starts_with({column}, ?)",
                             [new, len(old) + 1, old + "#"])
        if self._has_vectors():
            self.con.execute("""UPDATE statement_vectors SET doc_id = ?, statement_id = ? || substr(statement_id, ?)
                                WHERE doc_id = ?""", [new, new, len(old) + 1, old])
        return new

    def _delete_content(self, doc_id: str) -> None:
        for table in ("blocks", "footnotes", "statements", "qa_pairs", "statement_labels", "statement_terms",
                      *FORM_TABLES):
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        if self._has_vectors():
            self.con.execute("DELETE FROM statement_vectors WHERE doc_id = ?", [doc_id])
        self.con.execute("DELETE FROM documents WHERE id = ?", [doc_id])

    def _insert_document(self, doc: Document, doc_id: str, meta: Metadata, now: datetime) -> None:
        self.con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_id, meta.kamerstuk_id, meta.doc_type, meta.title, meta.date, meta.vergaderjaar,
             meta.dossiers, meta.ondernummer, meta.bewindspersoon, doc.pages, doc.ocr_pages, doc.text,
             doc.source.path, doc.source.priority, doc.fingerprint, doc.warnings, now])
        blocks = pa.table({
            "doc_id": [doc_id] * len(doc.blocks),
            "seq": pa.array([b.seq for b in doc.blocks], pa.int32()),
            "page": pa.array([b.page for b in doc.blocks], pa.int32()),
            "kind": [b.kind for b in doc.blocks],
            "level": pa.array([b.level for b in doc.blocks], pa.int32()),
            "italic": [b.italic for b in doc.blocks],
            "bold": [b.bold for b in doc.blocks],
            "start": pa.array([b.start for b in doc.blocks], pa.int32()),
            "end": pa.array([b.end for b in doc.blocks], pa.int32()),
            "text": [b.text for b in doc.blocks],
        })
        self._append("blocks", blocks)
        notes = pa.table({
            "doc_id": [doc_id] * len(doc.footnotes),
            "number": [f.number for f in doc.footnotes],
            "page": pa.array([f.page for f in doc.footnotes], pa.int32()),
            "start": pa.array([f.start for f in doc.footnotes], pa.int32()),
            "end": pa.array([f.end for f in doc.footnotes], pa.int32()),
            "mark_start": pa.array([f.mark_start for f in doc.footnotes], pa.int32()),
            "text": [f.text for f in doc.footnotes],
        })
        self._append("footnotes", notes)

    def _insert_statements(self, parsed_id: str, doc_id: str, result: StatementSet) -> None:
        """Statement ids carry the document id; a document stored under another id gets them renamed."""
        rename = (lambda value: value) if parsed_id == doc_id else (
            lambda value: None if value is None else doc_id + value[len(parsed_id):])
        rows = result.statements
        table = pa.table({
            "id": [rename(s.id) for s in rows],
            "doc_id": [doc_id] * len(rows),
            "seq": pa.array([s.seq for s in rows], pa.int32()),
            "block_seq": pa.array([s.block_seq for s in rows], pa.int32()),
            "page": pa.array([s.page for s in rows], pa.int32()),
            "start": pa.array([s.start for s in rows], pa.int32()),
            "end": pa.array([s.end for s in rows], pa.int32()),
            "text": [s.text for s in rows],
            "role": [s.role for s in rows],
            "section_path": pa.array([s.section_path for s in rows], pa.list_(pa.string())),
            "speaker": pa.array([s.speaker for s in rows], pa.string()),
            "question_id": pa.array([rename(s.question_id) for s in rows], pa.string()),
            "answer_to": pa.array([rename(s.answer_to) for s in rows], pa.string()),
            "refs": pa.array([s.references for s in rows], pa.list_(pa.string())),
            "lemmas": [s.lemmas for s in rows],
            "n_terms": pa.array([sum(s.terms.values()) for s in rows], pa.int32()),
        })
        self._append("statements", table)
        self._insert_terms(doc_id, [rename(s.id) for s in rows], [s.terms for s in rows])
        for pair in result.qa_pairs:
            self.con.execute("INSERT INTO qa_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [doc_id, rename(pair.question_id), pair.question_start, pair.question_end,
                              pair.answer_start, pair.answer_end, pair.asked_by, pair.answered_by])

    def _insert_terms(self, doc_id: str, ids: list[str], terms: list[dict[str, int]]) -> None:
        """The keyword index rows of one document's statements (issue 6)."""
        postings = {"term_hash": [], "statement_id": [], "tf": [], "n_terms": []}
        for statement_id, counts in zip(ids, terms):
            length = min(sum(counts.values()), 32767)
            for term, tf in counts.items():
                postings["term_hash"].append(term_hash(term))
                postings["statement_id"].append(statement_id)
                postings["tf"].append(min(tf, 32767))
                postings["n_terms"].append(length)
        table = pa.table({"term_hash": pa.array(postings["term_hash"], pa.int64()),
                          "statement_id": postings["statement_id"],
                          "doc_id": [doc_id] * len(postings["term_hash"]),
                          "tf": pa.array(postings["tf"], pa.int16()),
                          "n_terms": pa.array(postings["n_terms"], pa.int16())})
        vocabulary = sorted({t for counts in terms for t in counts})
        words = pa.table({"term": vocabulary, "term_hash": pa.array([term_hash(t) for t in vocabulary], pa.int64())})
        self._append("statement_terms", table)
        self._append("search_terms", words, or_ignore=True)

    def statements(self, doc_id: str | None = None) -> list[Statement]:
        """The statements of one paper (None: of all), in reading order, as the statement stage made them."""
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return [statement_of(row) for row in self._rows(f"SELECT * FROM statements {where} ORDER BY doc_id, seq",
                                                         params)]

    def qa_pairs(self, doc_id: str) -> list[QAPair]:
        return [QAPair(**row) for row in self._rows("SELECT * FROM qa_pairs WHERE doc_id = ? ORDER BY question_start",
                                                   [doc_id])]

    def pdf_source(self, doc_id: str) -> str | None:
        """A PDF this document was read from, if one is still on disk (for the page image)."""
        for source in self.sources(doc_id):
            if source.format == "pdf" and Path(source.path).exists():
                return source.path
        return None

    def _update_metadata(self, doc_id: str, meta: Metadata) -> None:
        self.con.execute(
            """UPDATE documents SET kamerstuk_id = ?, doc_type = ?, title = ?, date = ?, vergaderjaar = ?,
                      dossiers = ?, ondernummer = ?, bewindspersoon = ? WHERE id = ?""",
            [meta.kamerstuk_id, meta.doc_type, meta.title, meta.date, meta.vergaderjaar,
             meta.dossiers, meta.ondernummer, meta.bewindspersoon, doc_id])


def statement_of(row: dict[str, Any]) -> Statement:
    """A stored statement row as the record the statement stage wrote (``nlp.records.Statement``). Its search
    terms stay in the keyword index (``statement_terms``), so ``terms`` is empty."""
    return Statement(id=row["id"], doc_id=row["doc_id"], seq=row["seq"], block_seq=row["block_seq"], page=row["page"],
                     start=row["start"], end=row["end"], text=row["text"], role=row["role"],
                     section_path=list(row["section_path"] or []), speaker=row["speaker"],
                     question_id=row["question_id"], answer_to=row["answer_to"], references=list(row["refs"] or []),
                     lemmas=row["lemmas"])


def _meta_of(row: dict[str, Any]) -> Metadata:
    return Metadata(
        kamerstuk_id=row["kamerstuk_id"], dossiers=list(row["dossiers"] or []), ondernummer=row["ondernummer"],
        vergaderjaar=row["vergaderjaar"], date=row["date"], doc_type=row["doc_type"], title=row["title"],
        bewindspersoon=row["bewindspersoon"],
    )
