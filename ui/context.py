"""What every page gets: the store (read-only), the settings (read by ``app.py``), the frame, the query encoder.

The server keeps one read-only DuckDB database open per store file and gives every script
run its own cursor on it: DuckDB's cache then survives from click to click (a fresh
connection per click read its data cold: bench/app.py measures a search on 100 000
statements at 0.20 s that way, 0.10 s on the shared reader). The file is recognised by inode
and modification time, so a store swapped in by ``kamerspoor ingest --swap`` (a new file
renamed over the old) is opened on the next click.
While the app runs it holds the file's read lock: writers must use ``--swap``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from nlp.taxonomy import Frame, load_frame
from search import encoder_for
from store.db import SharedReader, Store, file_stamp

if TYPE_CHECKING:  # read by app.py, the one place the app reads its environment
    from kamerspoor.settings import Settings


@dataclass
class PageContext:
    store: Store
    settings: Settings
    frame: Frame

    def encoder(self) -> Any:
        """The query encoder for the store's model (loaded once per server process), or None."""
        model = self.store.embedding_model()
        return _encoder(model[0], self.settings.model) if model else None

    def label_name(self, label_set: str, label_id: str) -> str:
        for label in self.frame.labels.get(label_set, []):
            if label.id == label_id:
                return label.name
        return label_id


@st.cache_resource(show_spinner="Model laden …")
def _encoder(store_model_name: str, configured: str):
    return encoder_for(store_model_name, configured)


def open_store(path: Path) -> Store:
    """The store for one script run: a cursor on the server's open database for this file."""
    return _reader(str(path.resolve()), file_stamp(path)).store()


@st.cache_resource(show_spinner=False, max_entries=1)
def _reader(path: str, stamp: tuple[int, int]) -> SharedReader:
    """One open database per store file (``stamp`` tells a swapped-in file apart). The previous
    file's database is dropped from the cache, not closed: a run still using it finishes first."""
    return SharedReader(path)


def frame() -> Frame:
    return load_frame()
