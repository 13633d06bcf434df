"""Knelpunten per regio: a landsdeel × actielijn heat map, a map of the landsdelen, the statements."""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from kamerspoor.settings import PROJECT_ROOT
from ui.context import PageContext
from ui.widgets import downloads, html_block, open_document_button, safe

PROVINCES = PROJECT_ROOT / "corpus" / "map" / "provinces.geojson"
ALL = "(alle)"
PER_PAGE = 20


def page(ctx: PageContext) -> None:
    st.header("Knelpunten per regio")
    threshold = ctx.settings.search.label_threshold
    landsdelen = ctx.frame.ids("landsdeel") + ["landelijk"]
    actielijnen = ctx.frame.ids("actielijn")
    counts = {(r["landsdeel"], r["actielijn"]): r["knelpunten"] for r in ctx.store.knelpunt_counts(threshold)}
    grid = pd.DataFrame([{"landsdeel": l, "actielijn": a, "knelpunten": counts.get((l, a), 0)}
                         for l in landsdelen for a in actielijnen])
    left, right = st.columns([3, 2])
    with left:
        picked = heat_map(grid, landsdelen, actielijnen)
    with right:
        landsdeel_map(ctx, threshold)
    downloads(grid.to_dict("records"), "knelpunten-per-regio", key="matrix")
    cell_statements(ctx, threshold, landsdelen, actielijnen, picked)


def heat_map(grid: pd.DataFrame, landsdelen: list[str], actielijnen: list[str]) -> dict:
    """Counts per cell; clicking a cell selects it (returned as {landsdeel, actielijn})."""
    pick = alt.selection_point(name="cel", fields=["landsdeel", "actielijn"], on="click")
    base = alt.Chart(grid).encode(x=alt.X("actielijn:N", sort=actielijnen, title="actielijn"),
                                  y=alt.Y("landsdeel:N", sort=landsdelen, title="landsdeel"))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("knelpunten:Q", scale=alt.Scale(scheme="orangered"), title="knelpunten"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
        tooltip=["landsdeel", "actielijn", "knelpunten"]).add_params(pick)
    text = base.mark_text(fontSize=14).encode(text="knelpunten:Q")
    event = st.altair_chart((cells + text).properties(height=320), width="stretch",
                            on_select="rerun", key="heat")
    chosen = (event or {}).get("selection", {}).get("cel") or []
    return chosen[0] if chosen else {}


def landsdeel_map(ctx: PageContext, threshold: float) -> None:
    """The provinces, grouped into landsdelen (from the frame) and coloured by knelpunt count."""
    geo = json.loads(Path(PROVINCES).read_text(encoding="utf-8"))
    per_landsdeel = {lab.id: len(ctx.store.knelpunt_statements(threshold, landsdeel=lab.id))
                     for lab in ctx.frame.labels["landsdeel"]}
    for feature in geo["features"]:
        landsdeel = ctx.frame.places.get(feature["properties"]["name"], "?")
        feature["properties"].update(landsdeel=ctx.label_name("landsdeel", landsdeel),
                                     knelpunten=per_landsdeel.get(landsdeel, 0))
    chart = alt.Chart(alt.Data(values=geo["features"])).mark_geoshape(stroke="white", strokeWidth=1).encode(
        color=alt.Color("properties.knelpunten:Q", scale=alt.Scale(scheme="orangered"), title="knelpunten"),
        tooltip=[alt.Tooltip("properties.name:N", title="provincie"),
                 alt.Tooltip("properties.landsdeel:N", title="landsdeel"),
                 alt.Tooltip("properties.knelpunten:Q", title="knelpunten")],
    ).project("mercator").properties(height=360)
    st.altair_chart(chart, width="stretch")
    st.caption("Schematische kaart (provincies met de hand getekend, zie corpus/map/). West-Brabant hoort bij Zuidwest.")


def cell_statements(ctx: PageContext, threshold: float, landsdelen: list[str], actielijnen: list[str],
                    picked: dict) -> None:
    """The knelpunt statements of the clicked (or chosen) cell."""
    if picked and picked != st.session_state.get("k-last-pick"):  # a new click sets the two boxes below
        st.session_state["k-last-pick"] = picked
        st.session_state["k-landsdeel"] = picked.get("landsdeel", ALL)
        st.session_state["k-actielijn"] = picked.get("actielijn", ALL)
    left, right = st.columns(2)
    landsdeel = left.selectbox("Landsdeel", [ALL, *landsdelen], key="k-landsdeel")
    actielijn = right.selectbox("Actielijn", [ALL, *actielijnen], key="k-actielijn")
    rows = ctx.store.knelpunt_statements(threshold, None if landsdeel == ALL else landsdeel,
                                         None if actielijn == ALL else actielijn)
    st.caption(f"{len(rows)} knelpunten")
    pages = max(1, -(-len(rows) // PER_PAGE))
    shown = st.number_input(f"Blad (van {pages})", 1, pages, 1, key="k-blad") if pages > 1 else 1
    first = (shown - 1) * PER_PAGE
    for n, row in enumerate(rows[first:first + PER_PAGE], start=first):
        with st.container(border=True):
            html_block(f"<b>{safe(row['title'] or row['doc_id'])}</b> · p. {row['page']} · "
                       f"<span style='color:#555'>{safe(' › '.join(row['section_path'][-2:]))}</span>"
                       f"<div>{safe(row['text'])}</div>"
                       f"<span style='color:#888;font-size:0.8em'>knelpunt {row['knelpunt']:.2f} · {safe(row['reason'])}</span>")
            open_document_button(row["doc_id"], row["statement_id"], key=f"k-open-{n}")
    if rows:
        downloads(rows, "knelpunten", key="cell")
