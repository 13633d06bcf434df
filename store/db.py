"""The DuckDB store: the only shared state of Kamerspoor.

A thin layer in the manner of sqlite-utils: the schema lives in ``schema.sql``, every query lives in
``store/`` (one module per concept, mixed into ``Store``; search reads through ``store/search_index.py``),
and callers get plain dicts and records back. Nothing outside ``store/`` holds a connection. Writes happen
one document per transaction, so a killed ingest leaves the file consistent.
"""
from __future__ import annotations

import fcntl
import sys
import uuid
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb

from store.commitments import Commitments
from store.documents import Documents
from store.embeddings import Embeddings
from store.forms import FORM_TABLES, Forms
from store.labels import Labels
from store.opendata import OpenData
from store.records import Enrichment, Paper, StoreError, WriteResult
from store.rows import Tables
from store.search_index import own_cursor
from store.synthetic import Synthetic

__all__ = ["Enrichment", "FORM_TABLES", "Paper", "SharedReader", "Store", "StoreError", "WriteResult", "connect", "file_stamp",
           "new_run_id", "own_cursor", "writer_lock"]  # what the rest of Kamerspoor imports from here

SCHEMA_VERSION = "6"  # 2: search index (statement_terms, …); 3: forms (motie_forms, …); 4: open data (tk_zaken, …);
#                       5: how each motie and toezegging was found (commitments.found_as, rule, confidence);
#                       6: a regional pact's afspraken carry their money (commitments.amount_eur)
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


class Store(Tables, Documents, Embeddings, Labels, Forms, Commitments, Synthetic):
    """The store: one DuckDB connection, and per concept a module holding its queries (``store/documents.py``,
    ``embeddings.py``, ``labels.py``, ``forms.py``, ``commitments.py``; open data through ``opendata``; bulk
    writes of synthetic papers for the bench in ``synthetic.py``)."""

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

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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


def new_run_id() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]


