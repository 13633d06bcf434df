"""The fixed forms read from papers (issue 9): moties in full, Kamervragen, besluitenlijsten, the moties a
Handelingen numbers.

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations

from typing import Any

import duckdb

from nlp.besluitenlijst import Agendapunt, Besluitenlijst
from nlp.forms import Form
from nlp.handelingen import Handelingen
from nlp.kamervragen import Asker, Kamervragen
from nlp.motie_form import Indiener, MotieForm
from store.records import Besluit
from store.rows import where as _where


FORM_TABLES = ("motie_forms", "kamervragen_sets", "besluiten", "handelingen_moties")


class Forms:
    """The fixed forms read from papers."""

    con: duckdb.DuckDBPyConnection

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

    def handelingen_moties(self) -> list[tuple[str, MotieForm]]:
        """(doc id, motie) of every motie a Handelingen reads out, oldest first."""
        return [(row["doc_id"], motie_form_of(row)) for row in
                self._rows("SELECT * FROM handelingen_moties ORDER BY voorgesteld NULLS LAST, kamerstuk_id")]

    def motie_forms(self) -> list[tuple[str, MotieForm]]:
        """(doc id, form) of every motie document, oldest first."""
        return [(row["doc_id"], motie_form_of(row)) for row in
                self._rows("SELECT * FROM motie_forms ORDER BY voorgesteld NULLS LAST, kamerstuk_id")]

    def kamervragen(self, doc_id: str | None = None) -> list[tuple[str, Kamervragen]]:
        """(doc id, set) of every set of Kamervragen (or of the one in this paper), last answered last."""
        where, params = _where(("doc_id = ?", doc_id))
        return [(row["doc_id"], _kamervragen_of(row)) for row in
                self._rows(f"SELECT * FROM kamervragen_sets {where} ORDER BY answered_on NULLS LAST, id", params)]

    def besluiten(self, doc_id: str | None = None, ref: str | None = None) -> list[Besluit]:
        """Committee decisions, all of one besluitenlijst or those about one Kamerstuk (``32637-611``)."""
        where, params = _where(("doc_id = ?", doc_id), ("list_contains(refs, ?)", ref and ref.removeprefix("kst-")))
        return [Besluit(**{**row, "refs": row["refs"] or []}) for row in self._rows(
            f"SELECT * FROM besluiten {where} ORDER BY meeting_date NULLS LAST, doc_id, agendapunt", params)]


def motie_form_of(row: dict[str, Any]) -> MotieForm:
    """A stored motie as ``nlp.motie_form`` read it. A Handelingen names no parties and reads a motion out whole:
    its rows have no ``partijen`` and no ``closed``."""
    names = list(row["indieners"] or [])
    parties = row.get("partijen") or [None] * len(names)
    return MotieForm(kamerstuk_id=row["kamerstuk_id"], title=row["title"],
                     indieners=[Indiener(name, party) for name, party in zip(names, parties)],
                     voorgesteld=row["voorgesteld"], considerations=list(row["considerations"] or []),
                     dictum=list(row["dictum"] or []), addressee=row["addressee"], vervangt=row["vervangt"],
                     closed=bool(row.get("closed", True)))


def _kamervragen_of(row: dict[str, Any]) -> Kamervragen:
    """A stored set of Kamervragen as ``nlp.kamervragen`` read it."""
    names = list(row["askers"] or [])
    parties = row["partijen"] or [None] * len(names)
    return Kamervragen(id=row["id"], askers=[Asker(name, party) for name, party in zip(names, parties)],
                       addressee=row["addressee"], subject=row["subject"], asked_on=row["asked_on"],
                       answered_by=row["answered_by"], answered_on=row["answered_on"], mededeling=bool(row["mededeling"]),
                       questions=list(row["questions"] or []), answered=list(row["answered"] or []))


def _decisions(item: "Agendapunt") -> list[tuple[str | None, list[str], str | None]]:
    """(zaak, refs, besluit) per decision; an item's own decisions and undecided zaken too."""
    rows = [(None, item.refs, besluit) for besluit in item.besluiten]
    for zaak in item.zaken:
        refs = list(dict.fromkeys(zaak.refs + item.refs))
        rows += [(zaak.text, refs, besluit) for besluit in zaak.besluiten] or [(zaak.text, refs, None)]
    return rows or [(None, item.refs, None)]
