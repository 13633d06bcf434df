"""The open-data tables (issue 16): the Kamer's zaken, besluiten, stemmingen and toezeggingen
register beside what the papers say, and the motion audit that joins the two.

Reached through ``Store.opendata``. Each page is written in one transaction; a record replaces
the stored one only when it is at least as new (``ApiGewijzigdOp``), so loading pages in any
order, or twice, ends in the same state.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from typing import Any

import pyarrow as pa

from ingest.opendata import Page, Stemming, TkToezegging, TkZaak
from nlp.register_match import RegisterMatch, match_register
from nlp.stemmingsuitslag import outcomes_in, read_uitslagen
from store.commitments import commitment_of
from store.records import MotieAudit, PaperUitslag, StoredCommitment, StoredZaak
from store.rows import Tables


# An audit counts only adopted motions as open work: these ask nothing of the government.
NOT_ADOPTED = ("verworpen", "aangehouden", "ingetrokken", "uitgesteld", "gestaakt")
NOT_APPLICABLE = "n.v.t."  # the uitvoering status of a motion that was not adopted


@dataclass
class PageLoad:
    path: str
    entity: str
    records: int
    skipped: bool  # this exact page was loaded before


class OpenData:
    def __init__(self, store: Tables):
        self.store = store
        self.con = store.con

    # ------------------------------------------------------------ writing
    def load_page(self, path: str, data: bytes, page: Page) -> PageLoad:
        """Write one page's records in one transaction (all or nothing)."""
        sha = hashlib.sha256(data).hexdigest()
        records = len(page.zaken) + len(page.toezeggingen)
        if self.con.execute("SELECT 1 FROM tk_pages WHERE path = ? AND sha256 = ?", [path, sha]).fetchone():
            return PageLoad(path, page.entity, records, skipped=True)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write_zaken(page.zaken, path)
            self._write_toezeggingen(page.toezeggingen, path)
            self.con.execute("INSERT OR REPLACE INTO tk_pages VALUES (?, ?, ?, ?, ?)",
                             [path, sha, page.entity, records, datetime.now()])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return PageLoad(path, page.entity, records, skipped=False)

    def _current(self, table: str, key: str, records: list) -> list:
        """The records that are at least as new as the stored version (all, for a new record)."""
        self.con.register("incoming", pa.table({"id": [r.id for r in records],
                                                "gewijzigd": [_utc(r.gewijzigd) for r in records]}))
        stale = {row[0] for row in self.con.execute(
            f"""SELECT i.id FROM incoming i JOIN {table} t ON t.{key} = i.id
                WHERE i.gewijzigd IS NOT NULL AND t.gewijzigd IS NOT NULL AND i.gewijzigd < t.gewijzigd""").fetchall()}
        self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM incoming) "
                         f"AND {key} NOT IN (SELECT unnest(?::VARCHAR[]))", [sorted(stale)])
        self.con.unregister("incoming")
        return [r for r in records if r.id not in stale]

    def _write_zaken(self, zaken: list[TkZaak], page: str) -> None:
        zaken = self._current("tk_zaken", "zaak_id", zaken)
        ids = [z.id for z in zaken]
        self.con.execute("DELETE FROM tk_stemmingen WHERE zaak_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        zaken = [z for z in zaken if not z.verwijderd]
        rows, votes = [], []
        for zaak in zaken:
            besluit = zaak.besluit
            stemmingen = besluit.stemmingen if besluit else []
            rows.append({
                "zaak_id": zaak.id, "nummer": zaak.nummer, "soort": zaak.soort, "onderwerp": zaak.onderwerp,
                "titel": zaak.titel, "gestart_op": zaak.gestart_op, "vergaderjaar": zaak.vergaderjaar,
                "volgnummer": zaak.volgnummer, "afgedaan": zaak.afgedaan,
                "kabinetsappreciatie": zaak.kabinetsappreciatie, "kamerstukken": zaak.kamerstukken,
                "document_nummers": zaak.document_nummers,
                "besluit": besluit.besluit if besluit else "onbekend",
                "besluit_soort": besluit.soort if besluit else None, "besluit_tekst": besluit.tekst if besluit else None,
                "besluit_datum": besluit.datum if besluit else None,
                "stemmings_soort": besluit.stemmings_soort if besluit else None,
                "voor": besluit.voor if stemmingen else None, "tegen": besluit.tegen if stemmingen else None,
                "fracties_voor": besluit.fracties("Voor") if stemmingen else None,
                "fracties_tegen": besluit.fracties("Tegen") if stemmingen else None,
                "gewijzigd": _utc(zaak.gewijzigd), "page": page})
            votes += [{"zaak_id": zaak.id, "besluit_id": besluit.id, "fractie": v.fractie, "soort": v.soort,
                       "zetels": v.zetels, "vergissing": v.vergissing, "lid": v.lid} for v in stemmingen]
        self._insert("tk_zaken", rows)
        self._insert("tk_stemmingen", votes)

    def _write_toezeggingen(self, entries: list[TkToezegging], page: str) -> None:
        entries = [e for e in self._current("tk_toezeggingen", "toezegging_id", entries) if not e.verwijderd]
        self._insert("tk_toezeggingen", [{
            "toezegging_id": e.id, "nummer": e.nummer, "tekst": e.tekst, "status": e.status,
            "datum_nakoming": e.datum_nakoming, "ministerie": e.ministerie, "naam": e.naam, "functie": e.functie,
            "aanmaakdatum": e.aanmaakdatum, "activiteit_nummer": e.activiteit_nummer,
            "activiteit_datum": e.activiteit_datum, "activiteit_onderwerp": e.activiteit_onderwerp,
            "kamerbrieven": e.kamerbrieven, "gewijzigd": _utc(e.gewijzigd), "page": page} for e in entries])

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Rows in the table's column order, in one statement (row-at-a-time inserts are slow in DuckDB)."""
        if not rows:
            return
        columns = [c[0] for c in self.con.execute(f"DESCRIBE {table}").fetchall()]
        self.store._append(table, pa.Table.from_pylist([{c: r[c] for c in columns} for r in rows]))

    # ------------------------------------------------------------ reading
    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("tk_zaken", "tk_stemmingen", "tk_toezeggingen", "tk_pages")}

    def zaken(self, soort: str | None = None) -> list[StoredZaak]:
        """The Kamer's zaken as loaded (of one soort), oldest first."""
        where, params = ("WHERE soort = ?", [soort]) if soort else ("", [])
        return [StoredZaak(**row) for row in
                self.store._rows(f"SELECT * FROM tk_zaken {where} ORDER BY gestart_op NULLS LAST, nummer", params)]

    def zaak_of(self, kamerstuk: str) -> StoredZaak | None:
        """The newest zaak that names this Kamerstuk (``32637-601``)."""
        rows = self.store._rows("SELECT * FROM tk_zaken WHERE list_contains(kamerstukken, ?) "
                                "ORDER BY gewijzigd DESC NULLS LAST LIMIT 1", [kamerstuk])
        return StoredZaak(**rows[0]) if rows else None

    def stemmingen(self, zaak_id: str) -> list[Stemming]:
        """The votes on a zaak's besluit as loaded (``ingest.opendata.Stemming``), per soort, largest fractie first."""
        return [Stemming(**row) for row in self.store._rows(
            "SELECT fractie, soort, zetels, vergissing, lid FROM tk_stemmingen WHERE zaak_id = ? "
            "ORDER BY soort, zetels DESC NULLS LAST, fractie", [zaak_id])]

    def toezeggingen(self) -> list[TkToezegging]:
        """The Kamer's toezeggingen register as loaded (``ingest.opendata.TkToezegging``; deleted entries are not
        stored), oldest first."""
        rows = self.store._rows("SELECT * EXCLUDE (page) FROM tk_toezeggingen ORDER BY aanmaakdatum NULLS LAST, nummer")
        return [TkToezegging(id=row.pop("toezegging_id"), **row, verwijderd=False) for row in rows]

    def unlinked_zaken(self) -> list[StoredZaak]:
        """Zaken none of whose Kamerstukken is a stored document: loaded, but their paper is missing."""
        return [StoredZaak(**row) for row in self.store._rows(
            """SELECT z.* FROM tk_zaken z
               WHERE len(z.kamerstukken) > 0 AND NOT EXISTS (
                   SELECT 1 FROM documents d WHERE list_contains(z.kamerstukken, regexp_replace(d.kamerstuk_id, '^kst-', '')))
               ORDER BY z.nummer""")]

    def paper_uitslagen(self) -> dict[str, PaperUitslag]:
        """Per Kamerstuk, the besluit the papers state (the latest paper wins), with where it says so."""
        rows = self.store._rows(
            """WITH hits AS (
                   SELECT doc_id, seq FROM statements
                   WHERE regexp_matches(lower(text), 'aangenomen|verworpen|aangehouden|aan te houden|ingetrokken|in te trekken|gestaakt|stemmen staken|staken de stemmen'))
               SELECT s.id, s.doc_id, s.seq, s.text, s.refs, d.date FROM statements s
               JOIN hits h ON h.doc_id = s.doc_id AND s.seq BETWEEN h.seq - 2 AND h.seq
               JOIN documents d ON d.id = s.doc_id
               GROUP BY ALL ORDER BY s.doc_id, s.seq""")
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_doc.setdefault(row["doc_id"], []).append(row)
        found: dict[str, PaperUitslag] = {}
        for statements in by_doc.values():
            when = statements[0]["date"] or date.min
            for uitslag in read_uitslagen(statements):
                current = found.get(uitslag.kamerstuk)
                if current is None or when >= current.date:
                    found[uitslag.kamerstuk] = PaperUitslag(**asdict(uitslag), date=when)
        for row in self.store._rows("SELECT doc_id, meeting_date, refs, besluit FROM besluiten "
                                    "WHERE besluit IS NOT NULL AND len(refs) > 0"):
            self._besluitenlijst_uitslag(row, found)
        return found

    @staticmethod
    def _besluitenlijst_uitslag(row: dict[str, Any], found: dict[str, PaperUitslag]) -> None:
        outcomes = outcomes_in(row["besluit"])
        if len(outcomes) != 1:
            return
        when = row["meeting_date"] or date.min
        for ref in row["refs"]:
            current = found.get(ref)
            if current is None or when >= current.date:
                found[ref] = PaperUitslag(kamerstuk=ref, besluit=next(iter(outcomes)), statement_id=None,
                                          doc_id=row["doc_id"], text=row["besluit"], date=when)

    # ------------------------------------------------------------ the motion audit
    def motie_audit(self, besluit: str | None = None, status: str | None = None,
                    commitment_id: str | None = None) -> list[MotieAudit]:
        """Every motion the store knows, from the papers and from the open data, with the Kamer's
        besluit (open data first, else the papers, saying which decided) kept apart from the
        uitvoering status the papers give. A motion that was not adopted is never ``open``. Where a
        paper states another besluit than the open data, ``besluit_conflict`` says which and where."""
        rows = self.store._rows(
            """SELECT c.*, z AS tk_zaak FROM commitments c
               LEFT JOIN tk_zaken z ON c.kamerstuk_id IS NOT NULL AND list_contains(z.kamerstukken, c.kamerstuk_id)
               WHERE c.kind = 'motie' AND (? IS NULL OR c.id = ?)
               QUALIFY row_number() OVER (PARTITION BY c.id ORDER BY z.gewijzigd DESC NULLS LAST) = 1
               ORDER BY c.made_on NULLS LAST, c.id""", [commitment_id, commitment_id])
        moties: list[tuple[StoredCommitment, StoredZaak | None]] = []
        for row in rows:
            zaak = row.pop("tk_zaak")  # all its fields None where no zaak names the motie
            moties.append((commitment_of(row), StoredZaak(**zaak) if zaak["zaak_id"] is not None else None))
        if commitment_id is None:
            moties += self._zaken_without_paper()
        papers = self.paper_uitslagen() if moties else {}
        audits = [_decide_besluit(motie, zaak, papers.get(motie.kamerstuk_id or "")) for motie, zaak in moties]
        return [a for a in audits if (besluit is None or a.besluit == besluit)
                and (status is None or a.commitment.status == status)]

    def _zaken_without_paper(self) -> list[tuple[StoredCommitment, StoredZaak]]:
        """Moties on record at the Kamer whose paper is not in the store: still part of the audit, each as a
        motie made from its zaak."""
        rows = self.store._rows(
            """SELECT z.* FROM tk_zaken z
               WHERE z.soort = 'Motie' AND NOT EXISTS (
                   SELECT 1 FROM commitments c WHERE c.kind = 'motie' AND list_contains(z.kamerstukken, c.kamerstuk_id))
               ORDER BY z.gestart_op NULLS LAST, z.nummer""")
        out = []
        for zaak in (StoredZaak(**row) for row in rows):
            kamerstuk = zaak.kamerstukken[0] if zaak.kamerstukken else None
            out.append((StoredCommitment(
                id=kamerstuk or zaak.nummer, kind="motie", kamerstuk_id=kamerstuk, indieners=[], made_by=None,
                made_at=zaak.nummer, made_on=zaak.gestart_op, subject=None, verzoek=zaak.onderwerp, deadline_start=None,
                deadline_end=None, deadline_text=None, status="open",
                status_evidence="alleen in de open data: het papier van deze motie is niet in de store",
                first_doc=None, last_doc=None, vervangt=None, vervangen_door=None), zaak))
        return out

    # ------------------------------------------------------------ the toezeggingen register audit (issue 16)
    def register_audit(self, similar=None) -> list[RegisterMatch]:
        """Each register entry beside the toezegging the papers show (or alone), with both statuses and
        a conflict flag; see ``nlp.register_match``. Computed per call: matching ~1,000 entries takes
        well under a second, so no table has to be kept in step with the registry."""
        found = self.store._rows(
            """SELECT c.id, c.made_by, c.made_at, c.made_on, c.subject, c.status, c.status_evidence,
                      (SELECT count(*) FROM commitment_links l WHERE l.commitment_id = c.id) AS answers,
                      (SELECT string_agg(m.text, ' ' ORDER BY m.statement_id) FROM commitment_mentions m
                       WHERE m.commitment_id = c.id) AS text
               FROM commitments c WHERE c.kind = 'toezegging' ORDER BY c.made_on NULLS LAST, c.id""")
        return match_register(self.toezeggingen(), found, similar)


def _decide_besluit(motie: StoredCommitment, zaak: StoredZaak | None, paper: PaperUitslag | None) -> MotieAudit:
    """The besluit and its bron beside the motie; a motion that was not adopted gets uitvoering n.v.t."""
    recorded = zaak.besluit if zaak is not None else None
    conflict, datum = None, zaak.besluit_datum if zaak is not None else None
    if recorded is not None and recorded != "onbekend":
        besluit, bron = recorded, f"open data ({zaak.nummer})"
        if paper is not None and paper.besluit != recorded:  # the register's word against the papers'
            conflict = f"{paper.doc_id} noemt de motie {paper.besluit}: {paper.text[:160]}"
    elif paper is not None:
        besluit, bron = paper.besluit, f"papier {paper.doc_id}"
        datum = paper.date if paper.date != date.min else None
    else:
        besluit = "onbekend"
        bron = f"open data ({zaak.nummer}): geen stemming op record" if recorded else None
    uitvoering = motie.status
    if besluit in NOT_ADOPTED and motie.status not in ("vervangen",):
        motie.status = NOT_APPLICABLE
        motie.status_evidence = f"{besluit}: de motie vraagt niets van de regering ({bron})"
    return MotieAudit(motie, zaak, besluit, bron, datum, conflict, uitvoering)


def _utc(moment: datetime | None) -> datetime | None:
    """Stored as naive UTC (DuckDB TIMESTAMP)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
