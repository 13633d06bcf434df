"""The registry of moties, toezeggingen and afspraken (issue 5): what the registry stage reads, its caches, the
commitment rows, and the evidence chains the app shows (issue 19).

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from nlp.motie_form import MotieForm
from nlp.records import Link, RegistryPaper, Statement
from store.documents import statement_of
from store.forms import motie_form_of
from store.records import MotieAudit, Paper, StoredCommitment, StoredMention
from store.rows import where as _where


class Commitments:
    """The registry of moties, toezeggingen and afspraken, and the evidence the app shows of them."""

    con: duckdb.DuckDBPyConnection

    def registry_documents(self) -> list[RegistryPaper]:
        """What the registry reads of every paper, with a stamp that changes whenever that does
        (a new version of the paper is stored with a new ``ingested_at``; a merge changes metadata)."""
        rows = self._rows("""SELECT id, doc_type, date, bewindspersoon, kamerstuk_id, ingested_at FROM documents""")
        return [RegistryPaper(id=row["id"], doc_type=row["doc_type"], date=row["date"],
                              bewindspersoon=row["bewindspersoon"], kamerstuk_id=row["kamerstuk_id"],
                              stamp="|".join(str(row[k]) for k in ("ingested_at", "doc_type", "date", "bewindspersoon",
                                                                   "kamerstuk_id")))
                for row in rows]

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

    def registry_statements(self, doc_ids: list[str] | None = None) -> dict[str, list[Statement]]:
        """The statements of these papers (None: all), per paper in order."""
        out: dict[str, list[Statement]] = {}
        if doc_ids is not None and not doc_ids:
            return out
        for row in self._of_papers("SELECT s.* FROM statements s {join} ORDER BY s.doc_id, s.seq", "s", doc_ids):
            out.setdefault(row["doc_id"], []).append(statement_of(row))
        return out

    def registry_motie_forms(self, doc_ids: list[str] | None = None) -> dict[str, list[MotieForm]]:
        """Per paper, the moties it holds in full: a motie's own form, or the moties a Handelingen reads out."""
        out: dict[str, list[MotieForm]] = {}
        if doc_ids is not None and not doc_ids:
            return out
        for table in ("motie_forms", "handelingen_moties"):
            for row in self._of_papers(f"SELECT f.* FROM {table} f {{join}} ORDER BY f.doc_id, f.kamerstuk_id", "f", doc_ids):
                out.setdefault(row["doc_id"], []).append(motie_form_of(row))
        return out

    def registry_rows(self, statement_ids: list[str]) -> dict[str, Statement]:
        """These statements by id (the registry shows a link's page and text)."""
        if not statement_ids:
            return {}
        self.con.register("wanted_statements", pa.table({"id": list(statement_ids)}))
        try:
            rows = self._rows("SELECT s.* FROM statements s JOIN wanted_statements USING (id)")
        finally:
            self.con.unregister("wanted_statements")
        return {row["id"]: statement_of(row) for row in rows}

    def registry_vectors(self, doc_ids: list[str] | None = None, skip_roles: tuple[str, ...] = ()):
        """(statement ids, their doc ids, float32 matrix) of the stored vectors of these papers (None: all),
        leaving out statements of the roles ``skip_roles``. Read through Arrow: no Python float per value."""
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

    def _of_papers(self, sql: str, alias: str, doc_ids: list[str] | None) -> list[dict[str, Any]]:
        """Run ``sql`` (with a ``{join}`` slot) for these papers only (None: all)."""
        if doc_ids is None:
            return self._rows(sql.format(join=""))
        self.con.register("wanted_papers", pa.table({"doc_id": list(doc_ids)}))
        try:
            return self._rows(sql.format(join=f"JOIN wanted_papers w ON w.doc_id = {alias}.doc_id"))
        finally:
            self.con.unregister("wanted_papers")

    def replace_commitments(self, records: list, registry: dict | None = None) -> None:
        """Write the whole registry in one transaction, in bulk: a registry over thousands of papers
        has tens of thousands of mentions. With ``registry`` (from kamerspoor/registry_stage.py), its
        caches change in the same transaction: ``version``, ``papers`` (doc id, stamp, collected) to
        store, ``gone`` (doc ids to forget), ``searches`` (key, mentioned, hits: all of them); and
        only the records that differ from the ones written last time are rewritten (``registry_written``
        holds a digest per record; ``all``: everything is rewritten)."""
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
        self._append(table, pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)}))

    def commitments(self, kind: str | None = None, status: str | None = None) -> list[StoredCommitment]:
        """The registry's records (of one kind, with one status), oldest first; without their mentions, answers,
        form and committee decisions (``commitment`` adds them)."""
        where, params = _where(("kind = ?", kind), ("status = ?", status))
        return [commitment_of(row) for row in
                self._rows(f"SELECT * FROM commitments {where} ORDER BY made_on NULLS LAST, id", params)]

    def registry_snapshot(self) -> dict[str, list[tuple]]:
        """Every row of the registry's tables in a fixed order: two registries are the same when these are equal
        (an update against a full rebuild: tests and bench/registry.py)."""
        return {table: self.con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall() for table, order in (
            ("commitments", "id"), ("commitment_mentions", "commitment_id, rowid"),
            ("commitment_links", "commitment_id, rank"))}

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

    def commitment(self, commitment_id: str) -> StoredCommitment | None:
        """One record with where it is named, where it is answered (best first), a motie's own text and the
        committee decisions on its Kamerstuk."""
        rows = self._rows("SELECT * FROM commitments WHERE id = ?", [commitment_id])
        if not rows:
            return None
        record = commitment_of(rows[0])
        record.mentions = [StoredMention(**row) for row in self._rows(
            "SELECT doc_id, statement_id, page, text FROM commitment_mentions WHERE commitment_id = ?", [commitment_id])]
        record.answers = [Link(**row) for row in self._rows(
            "SELECT doc_id, statement_id, page, text, score, evidence FROM commitment_links "
            "WHERE commitment_id = ? ORDER BY rank", [commitment_id])]
        if record.kamerstuk_id:
            record.form_doc_id, record.form = self._motie_text(record.kamerstuk_id) or (None, None)
            record.besluiten = self.besluiten(ref=record.kamerstuk_id)
        return record

    def with_evidence(self, audit: MotieAudit) -> MotieAudit:
        """A motion of the audit (``OpenData.motie_audit``) with the registry's mentions, answers, own text and
        committee decisions; the audit's status stays (n.v.t. when the motion was not adopted). A motion known only
        from the open data has no registry record: it gets the committee decisions on its Kamerstuk, if any."""
        motie = audit.commitment
        full = self.commitment(motie.id)
        if full is not None and full.kind == "motie":
            return replace(audit, commitment=replace(full, status=motie.status, status_evidence=motie.status_evidence))
        besluiten = self.besluiten(ref=motie.kamerstuk_id) if motie.kamerstuk_id else []
        return replace(audit, commitment=replace(motie, besluiten=besluiten))

    def _motie_text(self, kamerstuk_id: str) -> tuple[str, MotieForm] | None:
        """(doc id, form) of a motion's own text: its Kamerstuk's form, else as the Handelingen read it out."""
        forms = self._rows("SELECT * FROM motie_forms WHERE kamerstuk_id = ?", [kamerstuk_id]) or \
            self._rows("SELECT * FROM handelingen_moties WHERE kamerstuk_id = ? ORDER BY doc_id", [kamerstuk_id])
        return (forms[0]["doc_id"], motie_form_of(forms[0])) if forms else None

    def evidence_documents(self, doc_ids: list[str]) -> dict[str, Paper]:
        """Title, type, date (and Kamerstuk id, pages, bewindspersoon) of each document id, by id, as ``Paper``s
        without their files and warnings (a chain shows neither); unknown ids are left out."""
        ids = sorted({d for d in doc_ids if d})
        if not ids:
            return {}
        rows = self._rows("""SELECT id, doc_type, title, date, kamerstuk_id, pages, bewindspersoon
                              FROM documents WHERE list_contains(?, id)""", [ids])
        return {row["id"]: Paper(**row) for row in rows}

    def evidence_statements(self, statement_ids: list[str]) -> dict[str, Statement]:
        """Each statement id's statement (position, role, speaker, text), by id; unknown ids are left out."""
        ids = sorted({s for s in statement_ids if s})
        if not ids:
            return {}
        rows = self._rows("SELECT * FROM statements WHERE list_contains(?, id)", [ids])
        return {row["id"]: statement_of(row) for row in rows}

    def evidence_statement_starting(self, doc_id: str, prefix: str) -> Statement | None:
        """The first statement of a paper whose text starts with ``prefix`` (a quote the registry cut short)."""
        rows = self._rows("""SELECT * FROM statements WHERE doc_id = ? AND starts_with(text, ?)
                              ORDER BY seq LIMIT 1""", [doc_id, prefix])
        return statement_of(rows[0]) if rows else None


def commitment_of(row: dict[str, Any]) -> StoredCommitment:
    """A ``commitments`` row as its record (a record without indieners has an empty list)."""
    return StoredCommitment(**{**row, "indieners": row["indieners"] or []})
