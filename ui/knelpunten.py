"""Knelpunten per regio: a landsdeel × actielijn heat map, a map of the landsdelen, the statements."""
from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from nlp.taxonomy import package_file
from store.records import Knelpunt
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.widgets import document_link, downloads, html_block, safe

PROVINCES = package_file("corpus", "map/provinces.geojson")
ALL = "(alle)"
NO_REGION = "zonder regio"        # a knelpunt whose statement names no place, programme or regional section
NO_ACTIELIJN = "zonder actielijn"
PER_PAGE = 20


def page(ctx: PageContext) -> None:
    """The heat map, the map and the list count the same statements (``Store.knelpunten``): each once,
    in the cell of its strongest landsdeel and actielijn."""
    st.header("Knelpunten per regio")
    threshold = ctx.settings.search.label_threshold
    rows = [replace(r, landsdeel=r.landsdeel or NO_REGION, actielijn=r.actielijn or NO_ACTIELIJN)
            for r in ctx.store.knelpunten(threshold)]
    landsdelen = ctx.frame.ids("landsdeel") + ["landelijk", NO_REGION]
    actielijnen = ctx.frame.ids("actielijn") + [NO_ACTIELIJN]
    counts = pd.Series([(r.landsdeel, r.actielijn) for r in rows], dtype=object).value_counts().to_dict()
    grid = pd.DataFrame([{"landsdeel": l, "actielijn": a, "knelpunten": counts.get((l, a), 0)}
                         for l in landsdelen for a in actielijnen])
    st.caption(f"{len(rows)} knelpunten in het veld van dit kader; elke uitspraak telt één keer, in de cel van "
               "haar sterkste landsdeel en actielijn. Een regio alleen op grond van een plaats, regionaal "
               "programma of regionale paragraaf.")
    left, right = st.columns([3, 2])
    with left:
        picked = heat_map(grid, landsdelen, actielijnen)
    with right:
        landsdeel_map(ctx, grid)
    downloads(grid.to_dict("records"), "knelpunten-per-regio", key="matrix")
    cell_statements(rows, landsdelen, actielijnen, picked)


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


def landsdeel_map(ctx: PageContext, grid: pd.DataFrame) -> None:
    """The provinces, grouped into landsdelen (from the frame) and coloured by knelpunt count: a landsdeel's
    row total of the heat map."""
    geo = json.loads(Path(PROVINCES).read_text(encoding="utf-8"))
    per_landsdeel = grid.groupby("landsdeel")["knelpunten"].sum().to_dict()
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


def cell_statements(rows: list[Knelpunt], landsdelen: list[str], actielijnen: list[str], picked: dict) -> None:
    """The knelpunt statements of the clicked (or chosen) cell: the very statements the cell counts."""
    params = [Param("landsdeel", "k-landsdeel", ALL, "text", [ALL, *landsdelen]),
              Param("actielijn", "k-actielijn", ALL, "text", [ALL, *actielijnen]), Param("blad", "k-blad", 1, "int")]
    restore("knelpunten", params)
    if picked and picked != st.session_state.get("k-last-pick"):  # a new click sets the two boxes below
        st.session_state["k-last-pick"] = picked
        st.session_state["k-landsdeel"] = picked.get("landsdeel", ALL)
        st.session_state["k-actielijn"] = picked.get("actielijn", ALL)
    left, right = st.columns(2)
    landsdeel = left.selectbox("Landsdeel", [ALL, *landsdelen], key="k-landsdeel")
    actielijn = right.selectbox("Actielijn", [ALL, *actielijnen], key="k-actielijn")
    rows = [r for r in rows if landsdeel in (ALL, r.landsdeel) and actielijn in (ALL, r.actielijn)]
    st.caption(f"{len(rows)} knelpunten")
    pages = max(1, -(-len(rows) // PER_PAGE))
    if not 1 <= st.session_state["k-blad"] <= pages:
        st.session_state["k-blad"] = 1
    shown = st.number_input(f"Blad (van {pages})", 1, pages, key="k-blad") if pages > 1 else 1
    publish("knelpunten", params)
    first = (shown - 1) * PER_PAGE
    for n, row in enumerate(rows[first:first + PER_PAGE], start=first):
        with st.container(border=True):
            html_block(f"<b>{safe(row.title or row.doc_id)}</b> · p. {row.page} · "
                       f"<span style='color:#555'>{safe(' › '.join(row.section_path[-2:]))}</span>"
                       f"<div>{safe(row.text)}</div>"
                       f"<span style='color:#888;font-size:0.8em'>knelpunt {row.knelpunt:.2f} · {safe(row.reason)}</span>")
            document_link(row.doc_id, row.statement_id)
    if rows:
        downloads([asdict(r) for r in rows], "knelpunten", key="cell")
