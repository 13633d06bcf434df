"""Toezeggingen: the commitment tracker, and for one commitment its evidence chain."""
from __future__ import annotations

from datetime import date

import streamlit as st

from nlp.registry import is_overdue
from ui.context import PageContext
from ui.widgets import downloads, finding_text, html_block, open_document_button, safe, sure_enough

STATUSES = ["afgedaan", "deels", "in uitvoering", "open", "onbekend"]


def page(ctx: PageContext) -> None:
    st.header("Toezeggingen")
    left, middle, right = st.columns([3, 2, 1])
    statuses = left.multiselect("Status", STATUSES, key="t-status")
    as_of = right.date_input("Peildatum (te laat)", value=date.today(), key="t-asof")
    records = [ctx.store.commitment(r["id"]) for r in ctx.store.commitments("toezegging")]
    records = sure_enough([r for r in records if not statuses or r["status"] in statuses], "t-confidence", middle)
    rows = [{"id": r["id"], "status": r["status"], "te laat": is_overdue(r["status"], r["deadline_end"], as_of),
             "deadline": r["deadline_text"], "deadline tot": r["deadline_end"], "door": r["made_by"],
             "gedaan in": r["made_at"], "datum": r["made_on"], "onderwerp": r["subject"],
             "antwoorden": len(r["answers"]), "gevonden als": r.get("found_as"), "regel": r.get("rule"),
             "zekerheid": r.get("confidence")} for r in records]
    if not rows:
        st.info("Geen toezeggingen gevonden.")
        return
    st.dataframe(rows, hide_index=True, width="stretch")
    downloads(rows, "toezeggingen", key="toezeggingen")
    chosen = st.selectbox("Toezegging", [r["id"] for r in rows], key="t-chosen",
                          format_func=lambda i: f"{i} — {next(r['onderwerp'] for r in rows if r['id'] == i) or ''}"[:120])
    evidence_chain(next(r for r in records if r["id"] == chosen), "t")


def evidence_chain(record: dict, key: str) -> None:
    """Where it was stated (or named), and where it was answered, with quotes and pages."""
    st.subheader(f"{record['id']} · {record['status']}")
    if record.get("status_evidence"):
        st.caption(f"Status: {record['status_evidence']}")
    if finding_text(record):
        st.caption(finding_text(record))
    st.markdown("**Gedaan / genoemd in**")
    for n, m in enumerate(record["mentions"]):
        _quote(m, f"{key}-m-{n}")
    st.markdown("**Beantwoord in** (beste eerst)")
    if not record["answers"]:
        st.caption("Nog geen antwoord gevonden in de opgeslagen stukken.")
    for n, a in enumerate(record["answers"]):
        _quote(a, f"{key}-a-{n}", f"{a['evidence']} · score {a['score']:.2f}")


def _quote(item: dict, key: str, extra: str = "") -> None:
    with st.container(border=True):
        html_block(f"<b>{safe(item['doc_id'])}</b> · p. {safe(item['page'])}"
                   + (f" · {safe(extra)}" if extra else "")
                   + f"<blockquote style='margin:0.3em 0'>{safe(item['text'])}</blockquote>")
        open_document_button(item["doc_id"], item["statement_id"], key=key)
