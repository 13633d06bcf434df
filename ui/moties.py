"""Moties: the coverage audit — every motion, whether and where it was answered."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from nlp.motie_form import with_parties
from ui.context import PageContext
from ui.toezeggingen import evidence_chain
from ui.widgets import downloads, html_block, safe

COVERAGE = {"afgedaan": "beantwoord", "deels": "deels", "in uitvoering": "deels", "open": "open", "onbekend": "open",
            "vervangen": "vervangen"}
COLOURS = {"beantwoord": "#16a34a", "deels": "#f59e0b", "open": "#dc2626", "vervangen": "#9ca3af"}


def page(ctx: PageContext) -> None:
    st.header("Moties")
    records = [ctx.store.commitment(r["id"]) for r in ctx.store.commitments("motie")]
    if not records:
        st.info("Geen moties gevonden.")
        return
    rows = [{"id": r["id"], "kamerstuk": r["kamerstuk_id"], "indieners": ", ".join(r["indieners"] or []),
             "verzoek": r["verzoek"], "genoemd": len(r["mentions"]), "antwoorden": len(r["answers"]),
             "status": r["status"], "dekking": COVERAGE.get(r["status"], "open"), "vervangt": r["vervangt"],
             "vervangen door": r["vervangen_door"], "in commissie": len(r["besluiten"])} for r in records]
    coverage_bar(rows)
    st.dataframe(rows, hide_index=True, width="stretch")
    downloads(rows, "moties", key="moties")
    chosen = st.selectbox("Motie", [r["id"] for r in rows], key="m-chosen",
                          format_func=lambda i: f"{i} — {next(r['indieners'] for r in rows if r['id'] == i)}")
    record = next(r for r in records if r["id"] == chosen)
    motie_text(record)
    evidence_chain(record, "m")
    committee_decisions(record["besluiten"])


def motie_text(record: dict) -> None:
    """The motion as filed (from its own document), and the chain of gewijzigde moties."""
    chain = [f"vervangt {record['vervangt']}" if record["vervangt"] else "",
             f"vervangen door {record['vervangen_door']}" if record["vervangen_door"] else ""]
    if any(chain):
        st.info(" · ".join(c for c in chain if c))
    form = record["form"]
    if not form:
        return
    people = with_parties(form["indieners"] or [], form["partijen"] or [])
    clauses = "".join(f"<p>{safe(c)}</p>" for c in form["considerations"] or []) + \
        "".join(f"<p><b>{safe(c)}</b></p>" for c in form["dictum"] or [])
    with st.container(border=True):
        html_block(f"<b>{safe(form['title'])}</b><br>Voorgesteld {safe(form['voorgesteld'] or '?')} · "
                   f"{safe(', '.join(people))}{clauses}")


def committee_decisions(besluiten: list[dict]) -> None:
    if besluiten:
        st.markdown("**In commissie behandeld**")
        st.dataframe([{"datum": b["meeting_date"], "commissie": b["commissie"], "agendapunt": b["agendapunt"],
                       "onderwerp": b["onderwerp"], "besluit": b["besluit"]} for b in besluiten], hide_index=True)


def coverage_bar(rows: list[dict]) -> None:
    """One stacked bar: how many motions are answered, partly answered, open."""
    counts = pd.DataFrame([{"dekking": k, "moties": sum(1 for r in rows if r["dekking"] == k), "volgorde": n,
                            "alle": "moties"} for n, k in enumerate(COLOURS)])
    cols = st.columns(len(COLOURS))
    for col, (_, row) in zip(cols, counts.iterrows()):
        col.metric(row["dekking"].capitalize(), int(row["moties"]))
    chart = alt.Chart(counts).mark_bar(size=30).encode(
        y=alt.Y("alle:N", title=None, axis=None),
        x=alt.X("moties:Q", stack="normalize", title="aandeel van de moties", axis=alt.Axis(format="%")),
        color=alt.Color("dekking:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
        order=alt.Order("volgorde:Q"), tooltip=["dekking", "moties"]).properties(height=70)
    st.altair_chart(chart, width="stretch")
