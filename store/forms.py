"""The fixed forms read from papers (issue 9): moties in full, Kamervragen, besluitenlijsten, the moties a
Handelingen numbers.

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations

from typing import Any

import duckdb

from nlp.besluitenlijst import Agendapunt, Besluitenlijst
from nlp.forms import Form
from nlp.handelingen import Handelingen
from nlp.kamervragen import Kamervragen
from nlp.motie_form import MotieForm
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


def _decisions(item: "Agendapunt") -> list[tuple[str | None, list[str], str | None]]:
    """(zaak, refs, besluit) per decision; an item's own decisions and undecided zaken too."""
    rows = [(None, item.refs, besluit) for besluit in item.besluiten]
    for zaak in item.zaken:
        refs = list(dict.fromkeys(zaak.refs + item.refs))
        rows += [(zaak.text, refs, besluit) for besluit in zaak.besluiten] or [(zaak.text, refs, None)]
    return rows or [(None, item.refs, None)]
