"""The DuckDB store: the only shared state of Kamerspoor.

A thin layer in the manner of sqlite-utils: the schema lives in ``schema.sql``,
every query lives in this module, and callers get plain dicts back. Writes happen
one document per transaction, so a killed ingest leaves the file consistent.
"""
from __future__ import annotations

import fcntl
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ingest.identity import Placement, StoredPaper, place, same_paper
from ingest.records import Document, Metadata
from nlp.besluitenlijst import Agendapunt, Besluitenlijst
from nlp.forms import Form
from nlp.handelingen import Handelingen
from nlp.kamervragen import Kamervragen
from nlp.motie_form import MotieForm
from store.opendata import OpenData
from store.search_index import SearchIndex
from store.vector_index import assign_clusters, build_vector_index, index_size
from nlp.records import StatementSet  # a plain record: no spaCy (and through it torch) for readers of a store

SCHEMA_VERSION = "6"  # 2: search index (statement_terms, …); 3: forms (motie_forms, …); 4: open data (tk_zaken, …);
#                       5: how each motie and toezegging was found (commitments.found_as, rule, confidence);
#                       6: a regional pact's afspraken carry their money (commitments.amount_eur)
FORM_TABLES = ("motie_forms", "kamervragen_sets", "besluiten", "handelingen_moties")
# How an older store becomes this version in place (new tables come from schema.sql). Papers
# stored before keep what they had; ingest them again to read their forms.
UPGRADES = {
    "2": ["ALTER TABLE commitments ADD COLUMN IF NOT EXISTS vervangt VARCHAR",
          "ALTER TABLE commitments ADD COLUMN IF NOT EXISTS vervangen_door VARCHAR"],
    "3": [],  # 4 only adds tables
    "4": ["ALTER TABLE commitments ADD COLUMN IF NOT EXISTS found_as VARCHAR",
          "ALTER TABLE commitments ADD COLUMN IF NOT EXISTS rule VARCHAR",
          "ALTER TABLE commitments ADD COLUMN IF NOT EXISTS confidence DOUBLE",
          "ALTER TABLE handelingen_moties ADD COLUMN IF NOT EXISTS vervangt VARCHAR"],
    "5": ["ALTER TABLE commitments ADD COLUMN IF NOT EXISTS amount_eur DOUBLE"],
}


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


def no_store(path: str | Path) -> StoreError:
    return StoreError(f"no store at {path}: run `kamerspoor ingest` first")


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only and not path.exists():
        raise no_store(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        hint = (" (another process has it open, perhaps the app: while the app runs, use `kamerspoor ingest --swap`)"
                if "lock" in str(exc).lower() else "")
        raise StoreError(f"cannot open store {path}: {exc}{hint}") from exc


class SharedReader:
    """One read-only database on a store file, kept open by a long-lived reader (the app) whose
    threads each take their own cursor: DuckDB's cache then lasts from one request to the next.

    ``duckdb.connect(path)`` hands back a database this process already has open under that
    path, so after ``ingest --swap`` renamed a new file into place it would keep serving the old
    one. Attaching the file to a private in-memory database opens whatever file is at the path now.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise no_store(self.path)
        self._database = duckdb.connect()
        quoted = str(self.path.resolve()).replace("'", "''")
        try:
            self._database.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def store(self) -> "Store":
        """A read-only Store on its own cursor (close it when done; the database stays open)."""
        cursor = self._database.cursor()
        cursor.execute("USE store")
        return Store(self.path, read_only=True, con=cursor)


def file_stamp(path: str | Path) -> tuple[int, int]:
    """Inode and modification time: a store renamed into place by ``ingest --swap`` is a new file."""
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        raise no_store(path) from None
    return stat.st_ino, stat.st_mtime_ns


@contextmanager
def writer_lock(db: str | Path):
    """One writer of a store at a time, across processes: a swapping ingest renames its copy over
    the store when done, which would silently undo whatever another writer (a plain ingest,
    ``prune``, ``index``) did to the store meanwhile. Waits, saying so, while another one runs."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".ingest.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"kamerspoor: waiting for another writer of {db} to finish …", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def own_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new connection to the same database, reading the same store: a cursor starts in the
    database's default catalog, and ``SharedReader`` attaches the store under another one."""
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    cursor = con.cursor()
    cursor.execute('USE "{}"'.format(catalog.replace('"', '""')))
    return cursor


class Store:
    def __init__(self, path: str | Path, read_only: bool = False,
                 con: duckdb.DuckDBPyConnection | None = None):
        """Open the store at ``path``; or, with ``con``, wrap a connection already open on it
        (``SharedReader.store`` passes a cursor)."""
        self.path = Path(path)
        self.read_only = read_only
        self.con = con if con is not None else connect(self.path, read_only=read_only)
        old = self._check_version()
        if not read_only:
            self.con.execute(resources.files("store").joinpath("schema.sql").read_text())
            for version in range(int(old or SCHEMA_VERSION), int(SCHEMA_VERSION)):  # each step from the stored one
                for statement in UPGRADES.get(str(version), []):
                    self.con.execute(statement)
            self.con.execute(
                "INSERT OR REPLACE INTO store_info VALUES ('schema_version', ?)", [SCHEMA_VERSION]
            )

    def _check_version(self) -> str | None:
        """A store written by an older Kamerspoor lacks tables this one needs: upgrade it when opened
        for writing, else say so (don't crash later). Returns the stored version."""
        exists = self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'store_info'").fetchone()
        row = self.con.execute("SELECT value FROM store_info WHERE key = 'schema_version'").fetchone() if exists else None
        if row is None or row[0] == SCHEMA_VERSION:
            return row[0] if row else None
        if row[0] in UPGRADES and not self.read_only:
            return row[0]
        self.con.close()
        hint = ("open it once for writing to upgrade it (for example `kamerspoor index --db …`)" if row[0] in UPGRADES
                else "ingest the papers again into a new --db")
        raise StoreError(f"{self.path} was made by another Kamerspoor version (schema {row[0]}, this one "
                         f"needs {SCHEMA_VERSION}): {hint}")

    @property
    def opendata(self) -> "OpenData":
        """The Kamer's open-data tables and the motion audit (``store/opendata.py``)."""
        return OpenData(self)

    # ------------------------------------------------------------ embeddings
    def embedding_model(self) -> tuple[str, int] | None:
        row = self.con.execute("SELECT value FROM store_info WHERE key = 'embedding_model'").fetchone()
        dim = self.con.execute("SELECT value FROM store_info WHERE key = 'embedding_dim'").fetchone()
        return (row[0], int(dim[0])) if row and dim else None

    def use_embedding_model(self, name: str, dim: int) -> None:
        """Record the model that makes this store's vectors; refuse a second one."""
        current = self.embedding_model()
        if current and current != (name, dim):
            raise StoreError(f"this store's vectors were made by {current[0]} ({current[1]} dims), not {name}: "
                             "use that model (--model / KAMERSPOOR_MODEL) or a new --db")
        if current is None:
            self.con.execute("INSERT OR REPLACE INTO store_info VALUES ('embedding_model', ?), ('embedding_dim', ?)",
                             [name, str(dim)])
            self.con.execute(f"""CREATE TABLE IF NOT EXISTS statement_vectors (
                                   statement_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
                                   vector FLOAT[{int(dim)}] NOT NULL,
                                   cluster INTEGER)""")  # its IVF cell (store/vector_index.py), NULL = none yet

    def search_index(self) -> SearchIndex:
        """The store as search reads it (``search/``), on a cursor of its own."""
        return SearchIndex(own_cursor(self.con))

    def build_vector_index(self) -> int:
        """(Re)build the IVF index over every stored vector (``store/vector_index.py``); the number of cells."""
        return build_vector_index(self.con)

    def vector_index_size(self) -> int:
        """How many vectors the IVF index was built on (0: none)."""
        return index_size(self.con)

    def cached_vectors(self, model: str, keys: list[str]) -> dict[str, list[float]]:
        if not keys:
            return {}
        self.con.register("wanted_keys", pa.table({"key": keys}))
        rows = self.con.execute("""SELECT c.key, c.vector FROM embedding_cache c JOIN wanted_keys w USING (key)
                                   WHERE c.model = ?""", [model]).fetchall()
        self.con.unregister("wanted_keys")
        return dict(rows)

    def cache_vectors(self, model: str, keys: list[str], vectors) -> None:
        if not keys:
            return
        table = pa.table({"model": [model] * len(keys), "key": keys,
                          "vector": pa.array([list(map(float, v)) for v in vectors], pa.list_(pa.float32()))})
        self.con.register("new_cache", table)
        self.con.execute("INSERT OR IGNORE INTO embedding_cache SELECT * FROM new_cache")
        self.con.unregister("new_cache")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ reading
    def _rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def has_source(self, path: str, sha256: str) -> bool:
        """True when exactly this file content from this path is already stored."""
        return bool(self.con.execute(
            "SELECT 1 FROM sources WHERE sha256 = ? AND path = ?", [sha256, path]).fetchone())

    def has_content(self, sha256: str) -> str | None:
        row = self.con.execute("SELECT doc_id FROM sources WHERE sha256 = ? LIMIT 1", [sha256]).fetchone()
        return row[0] if row else None

    def documents(self) -> list[dict[str, Any]]:
        rows = self._rows(
            """SELECT d.id, d.doc_type AS type, d.title, d.date, d.dossiers, d.ondernummer,
                      d.vergaderjaar, d.bewindspersoon, d.pages, d.ocr_pages, d.kamerstuk_id,
                      d.text_source, d.warnings,
                      list(s.path ORDER BY s.path) AS sources
               FROM documents d LEFT JOIN sources s ON s.doc_id = d.id
               GROUP BY ALL ORDER BY d.date NULLS LAST, d.id""")
        for row in rows:
            row["status"] = "ok" if not row["warnings"] else "warnings"
        return rows

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", [doc_id])
        return rows[0] if rows else None

    def blocks(self, doc_id: str) -> list[dict[str, Any]]:
        return self._rows('SELECT * FROM blocks WHERE doc_id = ? ORDER BY seq', [doc_id])

    def footnotes(self, doc_id: str) -> list[dict[str, Any]]:
        return self._rows('SELECT * FROM footnotes WHERE doc_id = ? ORDER BY start', [doc_id])

    def sources(self, doc_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM sources WHERE doc_id = ? ORDER BY path", [doc_id])

    def ingest_log(self, run_id: str | None = None) -> list[dict[str, Any]]:
        if run_id:
            return self._rows("SELECT * FROM ingest_log WHERE run_id = ? ORDER BY logged_at", [run_id])
        return self._rows("SELECT * FROM ingest_log ORDER BY logged_at")

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

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "sources", "blocks", "footnotes", "statements", "qa_pairs")}

    # ------------------------------------------------------------ writing
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

    def prune(self, dry_run: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
        """Forget source files that no longer exist on disk, and documents left with none.
        Returns (the missing sources, the documents removed); nothing changes on a dry run."""
        missing = [r for r in self._rows("SELECT doc_id, path FROM sources ORDER BY path") if not Path(r["path"]).exists()]
        if dry_run or not missing:
            return missing, []
        self.con.execute("BEGIN TRANSACTION")
        try:
            for row in missing:
                self.con.execute("DELETE FROM sources WHERE path = ? AND doc_id = ?", [row["path"], row["doc_id"]])
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
        row = self.document(found) if found else None
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

    def vector_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM statement_vectors").fetchone()[0] if self._has_vectors() else 0

    def vectors_outside_index(self) -> int:
        """Vectors in no IVF cell: all of them before the index is built, none after (a new one joins a cell)."""
        return self.con.execute("SELECT count(*) FROM statement_vectors WHERE cluster IS NULL").fetchone()[0] \
            if self._has_vectors() else 0

    def cached_vector_count(self) -> int:
        """Texts whose vector the cache holds (any model): grows only by texts never encoded before."""
        return self.con.execute("SELECT count(*) FROM embedding_cache").fetchone()[0]

    def _has_vectors(self) -> bool:
        return bool(self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'statement_vectors'").fetchone())

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
        self.con.register("new_blocks", blocks)
        self.con.execute("INSERT INTO blocks SELECT * FROM new_blocks")
        self.con.unregister("new_blocks")
        notes = pa.table({
            "doc_id": [doc_id] * len(doc.footnotes),
            "number": [f.number for f in doc.footnotes],
            "page": pa.array([f.page for f in doc.footnotes], pa.int32()),
            "start": pa.array([f.start for f in doc.footnotes], pa.int32()),
            "end": pa.array([f.end for f in doc.footnotes], pa.int32()),
            "mark_start": pa.array([f.mark_start for f in doc.footnotes], pa.int32()),
            "text": [f.text for f in doc.footnotes],
        })
        self.con.register("new_notes", notes)
        self.con.execute("INSERT INTO footnotes SELECT * FROM new_notes")
        self.con.unregister("new_notes")

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
        self.con.register("new_statements", table)
        self.con.execute("INSERT INTO statements SELECT * FROM new_statements")
        self.con.unregister("new_statements")
        self._insert_terms(doc_id, [rename(s.id) for s in rows], [s.terms for s in rows])
        for pair in result.qa_pairs:
            self.con.execute("INSERT INTO qa_pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [doc_id, rename(pair.question_id), pair.question_start, pair.question_end,
                              pair.answer_start, pair.answer_end, pair.asked_by, pair.answered_by])

    def _insert_terms(self, doc_id: str, ids: list[str], terms: list[dict[str, int]]) -> None:
        """The keyword index rows of one document's statements (issue 6)."""
        from nlp.terms import term_hash

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
        self.con.register("new_postings", table)
        self.con.register("new_words", words)
        self.con.execute("INSERT INTO statement_terms SELECT * FROM new_postings")
        self.con.execute("INSERT OR IGNORE INTO search_terms SELECT * FROM new_words")
        self.con.unregister("new_postings")
        self.con.unregister("new_words")

    def _insert_enrichment(self, parsed_id: str, doc_id: str, result: StatementSet, enrichment: "Enrichment") -> None:
        ids = [doc_id + s.id[len(parsed_id):] for s in result.statements]
        if enrichment.vectors is not None and len(ids):
            clusters = assign_clusters(self.con, enrichment.vectors)
            table = pa.table({"statement_id": ids, "doc_id": [doc_id] * len(ids),
                              "vector": pa.array([list(map(float, v)) for v in enrichment.vectors], pa.list_(pa.float32())),
                              "cluster": pa.array(clusters, pa.int32())})
            self.con.register("new_vectors", table)
            self.con.execute("DELETE FROM statement_vectors WHERE statement_id IN (SELECT statement_id FROM new_vectors)")
            self.con.execute("INSERT INTO statement_vectors SELECT statement_id, doc_id, vector, cluster FROM new_vectors")
            self.con.unregister("new_vectors")
        self._insert_labels(doc_id, ids, enrichment.labels)

    def replace_labels(self, doc_id: str, statement_ids: list[str], labels: list) -> None:
        """A paper's labels anew (``kamerspoor relabel``: the labelling changed, the statements did not)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM statement_labels WHERE doc_id = ?", [doc_id])
            self._insert_labels(doc_id, statement_ids, labels)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _insert_labels(self, doc_id: str, ids: list[str], all_labels: list) -> None:
        rows = {"statement_id": [], "label_set": [], "label_id": [], "score": [], "method": [], "reason": []}
        for statement_id, labels in zip(ids, all_labels):
            entries = []
            if labels.in_scope:  # out of scope: only the scope label, so no filter, count or export sees it
                entries = [(x.label_set, x.label_id, x.score, x.method, x.reason) for x in labels.scores]
                if labels.knelpunt > 0:
                    entries.append(("knelpunt", "knelpunt", labels.knelpunt, "cue", labels.knelpunt_reason))
            if labels.scope is not None:
                scope = labels.scope
                entries.append(("scope", "in" if scope.in_scope else "uit", scope.score, scope.method, scope.reason))
            for label_set, label_id, score, method, reason in entries:
                for key, value in zip(rows, (statement_id, label_set, label_id, score, method, reason)):
                    rows[key].append(value)
        table = pa.table({"statement_id": rows["statement_id"], "doc_id": [doc_id] * len(rows["statement_id"]),
                          "label_set": rows["label_set"], "label_id": rows["label_id"],
                          "score": pa.array(rows["score"], pa.float32()), "method": rows["method"], "reason": rows["reason"]})
        self.con.register("new_labels", table)
        self.con.execute("INSERT INTO statement_labels SELECT * FROM new_labels")
        self.con.unregister("new_labels")

    def labels(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return self._rows(f"SELECT * FROM statement_labels {where} ORDER BY statement_id, label_set, score DESC", params)

    # ------------------------------------------------------------ forms (issue 9)
    def _insert_form(self, doc_id: str, form: "Form") -> None:
        if isinstance(form, MotieForm):
            self.con.execute(
                "INSERT INTO motie_forms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc_id, form.kamerstuk_id, form.title, [i.name for i in form.indieners],
                 [i.party for i in form.indieners], form.voorgesteld, form.considerations, form.dictum,
                 form.addressee, form.vervangt, form.closed])
        elif isinstance(form, Kamervragen):
            self.con.execute(
                "INSERT INTO kamervragen_sets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc_id, form.id, [a.name for a in form.askers], [a.party for a in form.askers], form.addressee,
                 form.subject, form.asked_on, form.answered_by, form.answered_on, form.mededeling,
                 form.questions, form.answered])
        elif isinstance(form, Handelingen):
            for motie in form.moties:
                self.con.execute("INSERT INTO handelingen_moties VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 [doc_id, motie.kamerstuk_id, motie.title, [i.name for i in motie.indieners],
                                  motie.voorgesteld, motie.considerations, motie.dictum, motie.addressee, motie.vervangt])
        elif isinstance(form, Besluitenlijst):
            rows = [[doc_id, form.meeting, form.meeting_date, form.commissie, item.number, item.rubriek,
                     item.onderwerp, zaak, refs, besluit, item.noot, item.page]
                    for item in form.items for zaak, refs, besluit in _decisions(item)]
            if rows:
                self.con.executemany("INSERT INTO besluiten VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def handelingen_moties(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM handelingen_moties ORDER BY voorgesteld NULLS LAST, kamerstuk_id")

    def motie_forms(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM motie_forms ORDER BY voorgesteld NULLS LAST, kamerstuk_id")

    def kamervragen(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        where, params = _where(("doc_id = ?", doc_id))
        return self._rows(f"SELECT * FROM kamervragen_sets {where} ORDER BY answered_on NULLS LAST, id", params)

    def besluiten(self, doc_id: str | None = None, ref: str | None = None) -> list[dict[str, Any]]:
        """Committee decisions, all of one besluitenlijst or those about one Kamerstuk (``32637-611``)."""
        where, params = _where(("doc_id = ?", doc_id), ("list_contains(refs, ?)", ref and ref.removeprefix("kst-")))
        return self._rows(f"SELECT * FROM besluiten {where} ORDER BY meeting_date NULLS LAST, doc_id, agendapunt", params)

    # ------------------------------------------------------------ commitments (issue 5)
    def statement_vectors(self) -> tuple[list[str], Any]:
        import numpy as np

        if not self._has_vectors():
            return [], np.zeros((0, 0), dtype=np.float32)
        rows = self.con.execute("SELECT statement_id, vector FROM statement_vectors").fetchall()
        return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.float32)

    # The registry's own memory (kamerspoor/registry_stage.py), so that a new paper costs what that
    # paper costs: per paper its candidate records (``registry_papers``, with the stamp of the
    # paper version they were read from), per record search its best hits (``registry_searches``).
    # Caches only: made on first use, and dropping them means one full rebuild.
    REGISTRY_TABLES = ("""CREATE TABLE IF NOT EXISTS registry_papers (
                            doc_id    VARCHAR PRIMARY KEY,
                            stamp     VARCHAR NOT NULL,    -- what the paper's candidates depend on
                            collected VARCHAR NOT NULL)""",  # nlp.registry.collected_to_json
                       """CREATE TABLE IF NOT EXISTS registry_searches (
                            key       VARCHAR NOT NULL,    -- nlp.registry.Search.key
                            mentioned VARCHAR NOT NULL,    -- JSON [[doc_id, statement_id], …]
                            hits      VARCHAR NOT NULL)""",  # JSON [[statement_id, doc_id, page, text, cosine], …]
                       """CREATE TABLE IF NOT EXISTS registry_written (  -- what replace_commitments wrote last
                            commitment_id VARCHAR PRIMARY KEY,
                            digest        VARCHAR NOT NULL)""")

    def registry_documents(self) -> list[dict[str, Any]]:
        """What the registry reads of every paper, with a stamp that changes whenever that does
        (a new version of the paper is stored with a new ``ingested_at``; a merge changes metadata)."""
        rows = self._rows("""SELECT id, doc_type, date, bewindspersoon, kamerstuk_id, ingested_at FROM documents""")
        for row in rows:
            row["stamp"] = "|".join(str(row[k]) for k in ("ingested_at", "doc_type", "date", "bewindspersoon",
                                                          "kamerstuk_id"))
        return rows

    def registry_state(self) -> tuple[str | None, dict[str, str]]:
        """(the registry version the caches were made by, doc id → stamp of the paper they hold)."""
        row = self.con.execute("SELECT value FROM store_info WHERE key = 'registry_version'").fetchone()
        if row is None or not self._has_table("registry_papers"):
            return None, {}
        return row[0], dict(self.con.execute("SELECT doc_id, stamp FROM registry_papers").fetchall())

    def registry_collections(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT doc_id, collected FROM registry_papers").fetchall()) \
            if self._has_table("registry_papers") else {}

    def registry_searches(self) -> list[tuple[str, str, str]]:
        return self.con.execute("SELECT key, mentioned, hits FROM registry_searches").fetchall() \
            if self._has_table("registry_searches") else []

    def registry_statements(self, doc_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """The statements of these papers (None: all), per paper in order."""
        out: dict[str, list[dict[str, Any]]] = {}
        if doc_ids is not None and not doc_ids:
            return out
        for row in self._of_papers("SELECT s.* FROM statements s {join} ORDER BY s.doc_id, s.seq", "s", doc_ids):
            out.setdefault(row["doc_id"], []).append(row)
        return out

    def registry_motie_forms(self, doc_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """Per paper, the moties it holds in full: a motie's own form, or the moties a Handelingen reads out."""
        out: dict[str, list[dict[str, Any]]] = {}
        if doc_ids is not None and not doc_ids:
            return out
        for table in ("motie_forms", "handelingen_moties"):
            for row in self._of_papers(f"SELECT f.* FROM {table} f {{join}} ORDER BY f.doc_id, f.kamerstuk_id", "f", doc_ids):
                out.setdefault(row["doc_id"], []).append(row)
        return out

    def registry_rows(self, statement_ids: list[str]) -> dict[str, dict[str, Any]]:
        """id, doc_id, page and text of these statements (what a link shows)."""
        if not statement_ids:
            return {}
        self.con.register("wanted_statements", pa.table({"id": list(statement_ids)}))
        try:
            rows = self._rows("SELECT s.id, s.doc_id, s.page, s.text FROM statements s JOIN wanted_statements USING (id)")
        finally:
            self.con.unregister("wanted_statements")
        return {row["id"]: row for row in rows}

    def registry_vectors(self, doc_ids: list[str] | None = None, skip_roles: tuple[str, ...] = ()):
        """(statement ids, their doc ids, float32 matrix) of the stored vectors of these papers (None: all),
        leaving out statements of the roles ``skip_roles``. Read through Arrow: no Python float per value."""
        import numpy as np

        empty = ([], [], np.zeros((0, 0), dtype=np.float32))
        if not self._has_vectors() or (doc_ids is not None and not doc_ids):
            return empty
        skip = ("AND s.role NOT IN (" + ", ".join("?" * len(skip_roles)) + ")") if skip_roles else ""
        join = "JOIN wanted_papers w ON w.doc_id = v.doc_id" if doc_ids is not None else ""
        if doc_ids is not None:
            self.con.register("wanted_papers", pa.table({"doc_id": list(doc_ids)}))
        try:
            table = self.con.execute(f"""SELECT v.statement_id, v.doc_id, v.vector FROM statement_vectors v {join}
                                         JOIN statements s ON s.id = v.statement_id WHERE true {skip}""",
                                     list(skip_roles))
            table = self._arrow(table)
        finally:
            if doc_ids is not None:
                self.con.unregister("wanted_papers")
        if table.num_rows == 0:
            return empty
        column = table.column(2).combine_chunks()
        dim = column.type.list_size
        matrix = column.values.to_numpy(zero_copy_only=False).reshape(-1, dim).astype(np.float32, copy=False)
        return table.column(0).to_pylist(), table.column(1).to_pylist(), matrix

    def cached_vector_matrix(self, model: str, keys: list[str]):
        """The cached vectors of these keys as one float32 matrix in key order, and a mask of the keys found."""
        import numpy as np

        dim = (self.embedding_model() or (model, 0))[1]
        matrix, found = np.zeros((len(keys), dim), dtype=np.float32), np.zeros(len(keys), dtype=bool)
        if not keys:
            return matrix, found
        self.con.register("wanted_keys", pa.table({"key": keys, "position": pa.array(range(len(keys)), pa.int64())}))
        try:
            table = self.con.execute("""SELECT w.position, c.vector FROM embedding_cache c JOIN wanted_keys w USING (key)
                                        WHERE c.model = ?""", [model])
            table = self._arrow(table)
        finally:
            self.con.unregister("wanted_keys")
        if table.num_rows:
            positions = table.column(0).to_numpy()
            values = table.column(1).combine_chunks().flatten().to_numpy(zero_copy_only=False)
            matrix[positions] = values.reshape(len(positions), -1)
            found[positions] = True
        return matrix, found

    def _of_papers(self, sql: str, alias: str, doc_ids: list[str] | None) -> list[dict[str, Any]]:
        """Run ``sql`` (with a ``{join}`` slot) for these papers only (None: all)."""
        if doc_ids is None:
            return self._rows(sql.format(join=""))
        self.con.register("wanted_papers", pa.table({"doc_id": list(doc_ids)}))
        try:
            return self._rows(sql.format(join=f"JOIN wanted_papers w ON w.doc_id = {alias}.doc_id"))
        finally:
            self.con.unregister("wanted_papers")

    @staticmethod
    def _arrow(cursor) -> pa.Table:
        table = cursor.arrow()
        return table.read_all() if hasattr(table, "read_all") else table  # newer DuckDB: a batch reader

    def _has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]).fetchone())

    def replace_commitments(self, records: list, registry: dict | None = None) -> None:
        """Write the whole registry in one transaction, in bulk: a registry over thousands of papers
        has tens of thousands of mentions. With ``registry`` (from kamerspoor/registry_stage.py), its
        caches change in the same transaction: ``version``, ``papers`` (doc id, stamp, collected) to
        store, ``gone`` (doc ids to forget), ``searches`` (key, mentioned, hits: all of them); and
        only the records that differ from the ones written last time are rewritten (``registry_written``
        holds a digest per record; ``all``: everything is rewritten)."""
        import hashlib

        rows: dict[str, tuple[list, list, list]] = {}  # id → (commitment, mentions, links)
        for r in records:
            docs = [m.doc_id for m in sorted(r.mentions, key=lambda m: (m.date is None, m.date or date.min))]
            rows[r.id] = (
                [r.id, r.kind, r.kamerstuk_id, r.indieners, r.by, r.made_at, r.made_on, r.subject, r.verzoek,
                 r.deadline.start if r.deadline else None, r.deadline.end if r.deadline else None,
                 r.deadline.text if r.deadline else None, r.status, r.status_evidence,
                 docs[0] if docs else None, docs[-1] if docs else None, r.vervangt, r.vervangen_door,
                 r.found_as, r.rule, r.confidence, r.amount_eur],
                [[r.id, m.doc_id, m.statement_id, m.page, m.text] for m in r.mentions],
                [[r.id, rank, a.doc_id, a.statement_id, a.page, a.text, a.score, a.evidence]
                 for rank, a in enumerate(r.answers, start=1)])
        digests = {key: hashlib.sha1(repr(value).encode()).hexdigest() for key, value in rows.items()} \
            if registry is not None else {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for statement in self.REGISTRY_TABLES:
                self.con.execute(statement)
            written = dict(self.con.execute("SELECT commitment_id, digest FROM registry_written").fetchall()) \
                if registry is not None and not registry.get("all") else None
            if written is None:  # everything
                write = list(rows)
                for table in ("commitments", "commitment_mentions", "commitment_links", "registry_written"):
                    self.con.execute(f"DELETE FROM {table}")
                if registry is None:  # written without the caches: the next update starts from scratch
                    self.con.execute("DELETE FROM store_info WHERE key = 'registry_version'")
            else:  # only what differs from last time
                write = [key for key, digest in digests.items() if written.get(key) != digest]
                stale = sorted({key for key, digest in written.items() if digests.get(key) != digest})
                if stale:
                    self.con.register("stale_commitments", pa.table({"id": stale}))
                    for table, column in (("commitments", "id"), ("commitment_mentions", "commitment_id"),
                                          ("commitment_links", "commitment_id"), ("registry_written", "commitment_id")):
                        self.con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM stale_commitments)")
                    self.con.unregister("stale_commitments")
            for table, part in (("commitments", 0), ("commitment_mentions", 1), ("commitment_links", 2)):
                self._insert_rows(table, [rows[key][0] for key in write] if part == 0
                                  else [row for key in write for row in rows[key][part]])
            self._insert_rows("registry_written", [[key, digests[key]] for key in write if key in digests])
            if registry is not None:
                self._write_registry_caches(registry)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _write_registry_caches(self, registry: dict) -> None:
        papers = registry["papers"]
        forget = sorted(set(registry["gone"]) | {doc_id for doc_id, _, _ in papers})
        if registry.get("all"):
            self.con.execute("DELETE FROM registry_papers")
        elif forget:
            self.con.register("forget_papers", pa.table({"doc_id": forget}))
            self.con.execute("DELETE FROM registry_papers WHERE doc_id IN (SELECT doc_id FROM forget_papers)")
            self.con.unregister("forget_papers")
        self._insert_rows("registry_papers", [list(row) for row in papers])
        searches, before = set(registry["searches"]), registry.get("searches_before")
        if before is None:
            self.con.execute("DELETE FROM registry_searches")
            self._insert_rows("registry_searches", [list(row) for row in sorted(searches)])
        else:  # only the rows that changed: a small write-ahead log, so DuckDB seldom checkpoints
            stale = sorted(set(before) - searches)
            if stale:
                self.con.register("stale_searches", pa.table({"key": [r[0] for r in stale], "mentioned": [r[1] for r in stale]}))
                self.con.execute("""DELETE FROM registry_searches USING stale_searches s
                                    WHERE registry_searches.key = s.key AND registry_searches.mentioned = s.mentioned""")
                self.con.unregister("stale_searches")
            self._insert_rows("registry_searches", [list(row) for row in sorted(searches - set(before))])
        self.con.execute("INSERT OR REPLACE INTO store_info VALUES ('registry_version', ?)", [registry["version"]])

    def _insert_rows(self, table: str, rows: list[list[Any]]) -> None:
        """Insert many rows at once, through an Arrow table with the target table's column types."""
        if not rows:
            return
        columns = self.con.execute(f"SELECT * FROM {table} LIMIT 0").description
        names = [c[0] for c in columns]
        arrow = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
        self.con.register("new_rows", arrow)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM new_rows")
        finally:
            self.con.unregister("new_rows")

    def commitments(self, kind: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        where, params = _where(("kind = ?", kind), ("status = ?", status))
        return self._rows(f"SELECT * FROM commitments {where} ORDER BY made_on NULLS LAST, id", params)

    def moties_by_kamerstuk(self, kamerstukken: list[str]) -> dict[str, str]:
        """Of these Kamerstuk numbers, those that are a motie the store knows (from a paper or from the
        Kamer's open data), with the motie's id: a paper's reference then links to the motie."""
        wanted = sorted(set(kamerstukken))
        if not wanted:
            return {}
        rows = self._rows("""SELECT kamerstuk_id AS ref, id FROM commitments
                             WHERE kind = 'motie' AND list_contains(?, kamerstuk_id)
                             UNION ALL
                             SELECT DISTINCT ref, ref AS id FROM (SELECT unnest(kamerstukken) AS ref FROM tk_zaken
                                                                 WHERE soort = 'Motie')
                             WHERE list_contains(?, ref)""", [wanted, wanted])
        found: dict[str, str] = {}
        for row in rows:  # a motie of the papers first: its id may differ from its number
            found.setdefault(row["ref"], row["id"])
        return found

    def commitment(self, commitment_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM commitments WHERE id = ?", [commitment_id])
        if not rows:
            return None
        record = rows[0]
        record["mentions"] = self._rows("SELECT doc_id, statement_id, page, text FROM commitment_mentions "
                                        "WHERE commitment_id = ?", [commitment_id])
        record["answers"] = self._rows("SELECT doc_id, statement_id, page, text, score, evidence FROM commitment_links "
                                       "WHERE commitment_id = ? ORDER BY rank", [commitment_id])
        record["form"] = self._motie_text(record["kamerstuk_id"]) if record["kamerstuk_id"] else None
        record["besluiten"] = self.besluiten(ref=record["kamerstuk_id"]) if record["kamerstuk_id"] else []
        return record

    def _motie_text(self, kamerstuk_id: str) -> dict[str, Any] | None:
        """A motion's own text: its Kamerstuk's form, else as the Handelingen read it out."""
        forms = self._rows("SELECT * FROM motie_forms WHERE kamerstuk_id = ?", [kamerstuk_id])
        if forms:
            return forms[0]
        read_out = self._rows("SELECT * FROM handelingen_moties WHERE kamerstuk_id = ? ORDER BY doc_id", [kamerstuk_id])
        if not read_out:
            return None
        return {**read_out[0], "partijen": [None] * len(read_out[0]["indieners"] or []), "closed": True}

    def statements(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return self._rows(f"SELECT * FROM statements {where} ORDER BY doc_id, seq", params)

    def qa_pairs(self, doc_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM qa_pairs WHERE doc_id = ? ORDER BY question_start", [doc_id])

    # ------------------------------------------------------------ knelpunten per regio (issue 7)
    def knelpunten(self, threshold: float) -> list[dict[str, Any]]:
        """Every knelpunt statement (knelpunt score at or above ``threshold``; in scope, since statements out
        of scope carry no knelpunt label), once, in the cell of its strongest landsdeel and actielijn at or
        above the threshold (None where it has none). The heat map, the map and the list are all counted
        from these rows, so they add up: a statement is never counted in two cells."""
        return self._rows(
            """WITH k AS (SELECT statement_id, score, reason FROM statement_labels
                          WHERE label_set = 'knelpunt' AND score >= ?),
                    best AS (SELECT statement_id, label_set, arg_max(label_id, score) AS label_id
                             FROM statement_labels
                             WHERE label_set IN ('landsdeel', 'actielijn') AND score >= ?
                               AND statement_id IN (SELECT statement_id FROM k)
                             GROUP BY statement_id, label_set)
               SELECT s.id AS statement_id, s.doc_id, d.title, d.date, s.page, s.section_path, s.text,
                      round(k.score, 3) AS knelpunt, k.reason,
                      l.label_id AS landsdeel, a.label_id AS actielijn
               FROM k JOIN statements s ON s.id = k.statement_id JOIN documents d ON d.id = s.doc_id
               LEFT JOIN best l ON l.statement_id = k.statement_id AND l.label_set = 'landsdeel'
               LEFT JOIN best a ON a.statement_id = k.statement_id AND a.label_set = 'actielijn'
               ORDER BY k.score DESC, s.id""", [threshold, threshold])

    def pacts(self, threshold: float) -> list[dict[str, Any]]:
        """Every regional pact (doc type ``pact``) with its region: the landsdeel most of its statements carry
        at or above ``threshold`` (None when none does), the share of its labelled statements that carry it,
        and its afspraken counted by status with their money."""
        return self._rows(
            """WITH regions AS (SELECT l.doc_id, l.label_id, count(DISTINCT l.statement_id) AS n
                                FROM statement_labels l JOIN documents d ON d.id = l.doc_id
                                WHERE d.doc_type = 'pact' AND l.label_set = 'landsdeel' AND l.score >= ?
                                GROUP BY ALL),
                    region AS (SELECT doc_id, arg_max(label_id, n) AS landsdeel, max(n) / sum(n) AS share
                               FROM regions GROUP BY doc_id),
                    deals AS (SELECT made_at AS doc_id, count(*) AS afspraken,
                                     count(*) FILTER (WHERE status IN ('open', 'onbekend')) AS open,
                                     count(*) FILTER (WHERE status IN ('afgedaan', 'deels', 'in uitvoering')) AS beantwoord,
                                     sum(amount_eur) AS bedrag
                              FROM commitments WHERE kind = 'afspraak' GROUP BY made_at)
               SELECT d.id AS doc_id, d.title, d.date, r.landsdeel, round(r.share, 2) AS share,
                      coalesce(a.afspraken, 0) AS afspraken, coalesce(a.open, 0) AS open,
                      coalesce(a.beantwoord, 0) AS beantwoord, a.bedrag
               FROM documents d LEFT JOIN region r ON r.doc_id = d.id LEFT JOIN deals a ON a.doc_id = d.id
               WHERE d.doc_type = 'pact' ORDER BY r.landsdeel NULLS LAST, d.date NULLS LAST, d.id""", [threshold])

    def pdf_source(self, doc_id: str) -> str | None:
        """A PDF this document was read from, if one is still on disk (for the page image)."""
        for row in self.sources(doc_id):
            if row["format"] == "pdf" and Path(row["path"]).exists():
                return row["path"]
        return None

    def _update_metadata(self, doc_id: str, meta: Metadata) -> None:
        self.con.execute(
            """UPDATE documents SET kamerstuk_id = ?, doc_type = ?, title = ?, date = ?, vergaderjaar = ?,
                      dossiers = ?, ondernummer = ?, bewindspersoon = ? WHERE id = ?""",
            [meta.kamerstuk_id, meta.doc_type, meta.title, meta.date, meta.vergaderjaar,
             meta.dossiers, meta.ondernummer, meta.bewindspersoon, doc_id])

    # ------------------------------------------------------------ evidence chains (issue 19: ui/evidence.py)
    def evidence_documents(self, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Title, type, date (and Kamerstuk id, pages) of each document id, by id; unknown ids are left out."""
        ids = sorted({d for d in doc_ids if d})
        if not ids:
            return {}
        rows = self._rows("""SELECT id, doc_type AS type, title, date, kamerstuk_id, pages, bewindspersoon
                              FROM documents WHERE list_contains(?, id)""", [ids])
        return {row["id"]: row for row in rows}

    def evidence_statements(self, statement_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Position (seq, page), role and speaker of each statement id, by id; unknown ids are left out."""
        ids = sorted({s for s in statement_ids if s})
        if not ids:
            return {}
        rows = self._rows("""SELECT id, doc_id, seq, page, role, speaker, text FROM statements
                              WHERE list_contains(?, id)""", [ids])
        return {row["id"]: row for row in rows}

    def evidence_statement_starting(self, doc_id: str, prefix: str) -> dict[str, Any] | None:
        """The first statement of a paper whose text starts with ``prefix`` (a quote the registry cut short)."""
        rows = self._rows("""SELECT id, doc_id, seq, page, role, speaker, text FROM statements
                              WHERE doc_id = ? AND starts_with(text, ?) ORDER BY seq LIMIT 1""", [doc_id, prefix])
        return rows[0] if rows else None


def _where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause of the conditions that have a value (None or empty: not filtered on)."""
    used = [(sql, value) for sql, value in conditions if value]
    return ("WHERE " + " AND ".join(sql for sql, _ in used) if used else ""), [value for _, value in used]


def _decisions(item: "Agendapunt") -> list[tuple[str | None, list[str], str | None]]:
    """(zaak, refs, besluit) per decision; an item's own decisions and undecided zaken too."""
    rows = [(None, item.refs, besluit) for besluit in item.besluiten]
    for zaak in item.zaken:
        refs = list(dict.fromkeys(zaak.refs + item.refs))
        rows += [(zaak.text, refs, besluit) for besluit in zaak.besluiten] or [(zaak.text, refs, None)]
    return rows or [(None, item.refs, None)]


def new_run_id() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


def _meta_of(row: dict[str, Any]) -> Metadata:
    return Metadata(
        kamerstuk_id=row["kamerstuk_id"], dossiers=list(row["dossiers"] or []), ondernummer=row["ondernummer"],
        vergaderjaar=row["vergaderjaar"], date=row["date"], doc_type=row["doc_type"], title=row["title"],
        bewindspersoon=row["bewindspersoon"],
    )
