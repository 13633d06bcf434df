"""Kamerspoor web front end (Streamlit). Reads the store only, through a read-only connection.

Run: ``streamlit run app.py -- --db kamerspoor.duckdb`` (``make run`` does this).
"""
from __future__ import annotations

import argparse
import os
import sys

import streamlit as st

from store.db import Store, StoreError


def database_path() -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("KAMERSPOOR_DB", "kamerspoor.duckdb"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.db


def open_store() -> Store | None:
    try:
        return Store(database_path(), read_only=True)
    except StoreError as exc:
        st.error(f"De database kan niet worden geopend: {exc}")
        return None


def documents_page(store: Store) -> None:
    st.header("Documenten")
    rows = store.documents()
    if not rows:
        st.info("Nog geen documenten. Voer eerst `kamerspoor ingest` uit.")
        return
    table = [{"id": r["id"], "soort": r["type"], "datum": r["date"], "pagina's": r["pages"],
              "titel": r["title"], "bronnen": len(r["sources"] or [])} for r in rows]
    st.dataframe(table, hide_index=True, use_container_width=True)
    chosen = st.selectbox("Document", [r["id"] for r in rows])
    if chosen:
        document_view(store, chosen)


def document_view(store: Store, doc_id: str) -> None:
    doc = store.document(doc_id)
    st.subheader(doc["title"] or doc_id)
    st.caption(f"{doc['doc_type']} · {doc['date'] or 'datum onbekend'} · {doc['pages']} pagina's")
    page = None
    for block in store.blocks(doc_id):
        if block["kind"] == "footnote":
            continue
        if block["page"] != page:
            page = block["page"]
            st.caption(f"— pagina {page} —")
        text = block["text"]
        if block["kind"] == "heading":
            st.markdown(f"**{escape_markdown(text)}**")
        else:
            st.text(text) if block["kind"] == "table" else st.markdown(escape_markdown(text))
    notes = store.footnotes(doc_id)
    if notes:
        st.markdown("**Voetnoten**")
        for note in notes:
            st.markdown(escape_markdown(f"[{note['number']}] {note['text']}"))


def escape_markdown(text: str) -> str:
    """Document text is untrusted: show it as text, never as Markdown or HTML."""
    specials = "\\`*_{}[]()#+-.!|<>~$"
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def main() -> None:
    st.set_page_config(page_title="Kamerspoor", layout="wide")
    st.title("Kamerspoor")
    store = open_store()
    if store is None:
        return
    with store:
        documents_page(store)


main()
