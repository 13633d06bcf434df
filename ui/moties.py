"""Moties: the coverage audit — every motion, whether and where it was answered."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui.context import PageContext
from ui.toezeggingen import evidence_chain
from ui.widgets import downloads

COVERAGE = {"afgedaan": "beantwoord", "deels": "deels", "in uitvoering": "deels", "open": "open", "onbekend": "open"}
COLOURS = {"beantwoord": "#16a34a", "deels": "#f59e0b", "open": "#dc2626"}


def page(ctx: PageContext) -> None:
    st.header("Moties")
    records = [ctx.store.commitment(r["id"]) for r in ctx.store.commitments("motie")]
    if not records:
        st.info("Geen moties gevonden.")
        return
    rows = [{"id": r["id"], "kamerstuk": r["kamerstuk_id"], "indieners": ", ".join(r["indieners"] or []),
             "verzoek": r["verzoek"], "genoemd": len(r["mentions"]), "antwoorden": len(r["answers"]),
             "status": r["status"], "dekking": COVERAGE.get(r["status"], "open")} for r in records]
    coverage_bar(rows)
    st.dataframe(rows, hide_index=True, width="stretch")
    downloads(rows, "moties", key="moties")
    chosen = st.selectbox("Motie", [r["id"] for r in rows], key="m-chosen",
                          format_func=lambda i: f"{i} — {next(r['indieners'] for r in rows if r['id'] == i)}")
    evidence_chain(next(r for r in records if r["id"] == chosen), "m")


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
