"""Kamerspoor web front end (Streamlit): the three jobs of its users, read from the store.

Run: ``streamlit run app.py -- --db kamerspoor.duckdb`` (``make run`` does this). The store
is opened read-only on every run; each page is a module of ``ui/`` with one ``page`` function.
"""
from __future__ import annotations

import streamlit as st

from store.db import Store, StoreError
from ui import documenten, knelpunten, moties, toezeggingen, zoeken
from ui.context import PageContext, app_settings, frame

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
        store = Store(settings.db_path, read_only=True)
    except StoreError as exc:
        st.error(f"De database kan niet worden geopend: {exc}")
        return
    with store:
        PAGES[name](PageContext(store, settings, frame()))


main()
