"""Kamerspoor web front end (Streamlit): the three jobs of its users, read from the store.

Run: ``kamerspoor serve --db kamerspoor.duckdb`` (``make run`` does this; plain ``streamlit run
app.py -- --db …`` works too, without the speed options of ``ui/server.py``). Each run
reads the store through a read-only cursor (``ui/context.py`` says why); each page is a module
of ``ui/`` with one ``page`` function.
"""
from __future__ import annotations

import streamlit as st

from store.db import StoreError
from ui import documenten, knelpunten, moties, toezeggingen, zoeken
from ui.context import PageContext, app_settings, frame, open_store

PAGES = {
    "Zoeken": zoeken.page,
    "Toezeggingen": toezeggingen.page,
    "Moties": moties.page,
    "Knelpunten per regio": knelpunten.page,
    "Documenten": documenten.page,
}


def main() -> None:
    st.set_page_config(page_title="Kamerspoor", layout="wide")
    st.sidebar.title("Kamerspoor")
    name = st.sidebar.radio("Pagina", list(PAGES), key="page")
    settings = app_settings()
    try:
        store = open_store(settings.db_path)
    except StoreError as exc:
        st.error(f"De database kan niet worden geopend: {exc}")
        return
    with store:
        PAGES[name](PageContext(store, settings, frame()))


main()
