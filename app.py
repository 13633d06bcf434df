"""Kamerspoor web front end (Streamlit): the three jobs of its users, read from the store.

Run: ``kamerspoor serve --db kamerspoor.duckdb`` (``make run`` does this; plain ``streamlit run
app.py -- --db …`` works too, without the speed options of ``ui/server.py``). Each run
reads the store through a read-only cursor (``ui/context.py`` says why); each page is a module
of ``ui/`` with one ``page`` function, at its own address (``ui/navigation.py``).
"""
from __future__ import annotations

import argparse
import os
import sys

import streamlit as st

from kamerspoor.settings import Settings, default_settings
from store.db import StoreError
from ui.context import PageContext, frame, open_store
from ui.navigation import navigation


def app_settings() -> Settings:
    """Settings with ``--db`` from the command line (``streamlit run app.py -- --db X``)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("KAMERSPOOR_DB", "kamerspoor.duckdb"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return default_settings().with_overrides(db_path=args.db)


def main() -> None:
    st.set_page_config(page_title="Kamerspoor", layout="wide")
    st.sidebar.title("Kamerspoor")
    settings = app_settings()
    try:
        store = open_store(settings.db_path)
    except StoreError as exc:
        st.error(f"De database kan niet worden geopend: {exc}")
        return
    with store:
        navigation(PageContext(store, settings, frame())).run()


main()
