"""Toezeggingen: the commitment tracker, the overdue list, and for one commitment its evidence chain
(``ui/evidence.py``: quotes as passages with title, type and date; deadline and te laat; its export)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from nlp.registry import is_overdue
from store.records import MotieAudit, StoredCommitment
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.evidence import dutch_date, show_chain
from ui.widgets import plain_id, sure_enough, table
from ui.words import CHOOSE

STATUSES = ["afgedaan", "deels", "in uitvoering", "open", "onbekend"]


def page(ctx: PageContext) -> None:
    st.header("Toezeggingen")
    params = [Param("status", "t-status", [], "list", STATUSES), Param("peildatum", "t-asof", date.today(), "date"),
              Param("telaat", "t-overdue", False, "flag"), Param("zekerheid", "t-confidence", 0.0, "float"),
              Param("id", "t-chosen")]
    asked = st.query_params.get("id")
    restore("toezeggingen", params)
    left, middle, right = st.columns([3, 2, 1])
    statuses = left.multiselect("Status", STATUSES, key="t-status", placeholder=CHOOSE)
    as_of = right.date_input("Peildatum (te laat)", key="t-asof", format="DD-MM-YYYY")
    only_late = right.checkbox("Alleen te laat", key="t-overdue",
                               help="Alleen toezeggingen die op de peildatum nog open zijn en hun termijn voorbij.")
    records = [ctx.store.commitment(r.id) for r in ctx.store.commitments("toezegging")]
    if asked and asked not in {r.id for r in records}:
        st.warning(f"Toezegging {plain_id(asked)} staat niet in deze database.")
    records = sure_enough([r for r in records if not statuses or r.status in statuses], "t-confidence", middle)
    late = {r.id for r in records if is_overdue(r.status, r.deadline_end, as_of)}
    if only_late:
        records = sorted((r for r in records if r.id in late), key=lambda r: (r.deadline_end, r.id))
        st.caption(f"{len(records)} toezegging{'en' if len(records) != 1 else ''} te laat op {dutch_date(as_of)} "
                   "(nog open, termijn voorbij), oudste termijn eerst.")
    rows = [table_row(r, r.id in late) for r in records]
    if not rows:
        st.info("Geen toezeggingen te laat op deze peildatum." if only_late else "Geen toezeggingen gevonden.")
        publish("toezeggingen", params[:-1])
        return
    table(rows, "toezeggingen-te-laat" if only_late else "toezeggingen", key="toezeggingen")
    labels = {r.id: f"{r.id} — {r.subject or ''}"[:120] for r in records}
    first = next(iter(labels))
    if st.session_state.get("t-chosen") not in labels:
        st.session_state["t-chosen"] = first
    chosen = st.selectbox("Toezegging", list(labels), key="t-chosen", placeholder=CHOOSE, format_func=lambda i: labels.get(i, i))
    publish("toezeggingen", [*params[:-1], Param("id", "t-chosen", first)])  # the first one needs no id in the URL
    evidence_chain(ctx, next(r for r in records if r.id == chosen), "t", as_of)


def table_row(r: StoredCommitment, late: bool) -> dict:
    return {"id": r.id, "status": r.status, "te laat": "ja" if late else "nee",
            "deadline": r.deadline_text, "deadline tot": r.deadline_end, "door": r.made_by,
            "gedaan in": r.made_at, "datum": r.made_on, "onderwerp": r.subject,
            "antwoorden": len(r.answers), "gevonden als": r.found_as, "regel": r.rule,
            "zekerheid": r.confidence}


def evidence_chain(ctx: PageContext, record: StoredCommitment | MotieAudit, key: str, as_of: date | None = None) -> None:
    """Where it was stated (or named), and where it was answered, with quotes and pages; and its export."""
    show_chain(ctx.store, record, key, as_of)
