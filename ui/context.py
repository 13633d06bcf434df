"""What every page gets: the store (read-only), the settings, the frame, the query encoder.

The store is opened afresh on every script run and closed after it: an ingest that swaps
in a new store file (``kamerspoor ingest --swap``) is seen on the next click, and no reader
keeps a lock a writer would wait for.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Any

import streamlit as st

from kamerspoor.settings import Settings, default_settings
from nlp.taxonomy import Frame, load_frame
from store.db import Store


@dataclass
class PageContext:
    store: Store
    settings: Settings
    frame: Frame

    def encoder(self) -> Any:
        """The query encoder for the store's model (loaded once per server process), or None."""
        from store.search import store_model

        name = store_model(self.store.con)
        return _encoder(name, self.settings.model) if name else None

    def label_name(self, label_set: str, label_id: str) -> str:
        for label in self.frame.labels.get(label_set, []):
            if label.id == label_id:
                return label.name
        return label_id


@st.cache_resource(show_spinner="Model laden …")
def _encoder(store_model_name: str, configured: str):
    from store.search import encoder_for

    return encoder_for(store_model_name, configured)


def app_settings() -> Settings:
    """Settings with ``--db`` from the command line (``streamlit run app.py -- --db X``)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("KAMERSPOOR_DB", "kamerspoor.duckdb"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return default_settings().with_overrides(db_path=args.db)


def frame() -> Frame:
    return load_frame()
