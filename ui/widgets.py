"""Pieces several pages share: safe text rendering, label chips, table downloads.

Document text is untrusted. It is only ever shown through ``safe`` (HTML and Markdown syntax escaped, inside our own
HTML) or as plain text, so ``<script>``, Markdown links and HTML in a paper stay text.
"""
from __future__ import annotations

import io
import re
from typing import Any

import pandas as pd
import streamlit as st

CHIP_COLOURS = {"actielijn": "#dbeafe", "doel": "#e0e7ff", "thema": "#dcfce7", "landsdeel": "#fef3c7",
                "knelpunt": "#fee2e2"}


# Markdown is parsed around our HTML too: its syntax characters in document text become character
# references, so "[hier inloggen](https://…)" or "![x](//host/pixel.png)" stay text — no link, no image
# fetched by every reader's browser — and a bare URL is not auto-linked.
ESCAPES = str.maketrans({**{c: f"&#{ord(c)};" for c in "[]()!*_`~#|\\$:{}+-=^"},
                        "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
WWW = re.compile(r"\b(www)\.", re.I)


def safe(text: Any) -> str:
    """Any value as text that neither HTML nor Markdown will interpret (one pass: no double escaping)."""
    return WWW.sub(r"\1&#46;", ("" if text is None else str(text)).translate(ESCAPES))


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped text with the given character spans wrapped in <mark>."""
    out, last = [], 0
    for start, end in sorted(spans):
        out += [safe(text[last:start]), "<mark>", safe(text[start:end]), "</mark>"]
        last = end
    return "".join(out + [safe(text[last:])])


def chips_html(labels: dict[str, Any], threshold: float, names=None) -> str:
    """Label chips (labels in the export shape), only those at or above ``threshold``."""
    chips = []
    for label_set in ("actielijn", "landsdeel", "doel", "thema"):
        for label_id, score in labels.get(label_set, []):
            if score >= threshold:
                title = f"{label_set}: {names(label_set, label_id) if names else label_id} ({score:.2f})"
                chips.append(_chip(label_id, CHIP_COLOURS[label_set], title))
    if labels.get("knelpunt", 0) >= threshold:
        chips.append(_chip("knelpunt", CHIP_COLOURS["knelpunt"], f"knelpunt ({labels['knelpunt']:.2f})"))
    if labels.get("scope") and labels["scope"][0] == "uit":  # why a statement carries no labels
        chips.append(_chip("buiten het veld", "#e5e7eb", f"niet over het veld van dit kader ({labels['scope'][1]:.2f})"))
    return " ".join(chips)


def _chip(text: str, colour: str, title: str) -> str:
    return (f'<span title="{safe(title)}" style="background:{colour};border-radius:0.6em;padding:0.05em 0.5em;'
            f'font-size:0.8em;margin-right:0.2em">{safe(text)}</span>')


def html_block(markup: str) -> None:
    """Show HTML we built ourselves (every piece of document text in it is escaped)."""
    st.markdown(markup, unsafe_allow_html=True)


def downloads(rows: list[dict[str, Any]], name: str, key: str) -> None:
    """CSV and Excel download buttons for a table; the files are made only when clicked."""
    left, right = st.columns(2)
    left.download_button("Download CSV", lambda: as_csv(rows), f"{name}.csv", "text/csv", key=f"{key}-csv")
    right.download_button("Download Excel", lambda: as_excel(rows, name), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx")


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    return _frame(rows).to_csv(index=False).encode("utf-8")


def as_excel(rows: list[dict[str, Any]], name: str) -> bytes:
    buffer = io.BytesIO()
    _frame(rows).to_excel(buffer, index=False, sheet_name=name[:31])
    return buffer.getvalue()


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([{k: _flat(v) for k, v in row.items()} for row in rows])


def _flat(value: Any) -> Any:
    """Lists and dicts as readable text, so every table fits a CSV cell and an Excel cell:
    ``["Kerstens", "Moorlag"]`` → ``Kerstens, Moorlag``; labels → ``actielijn: leren 0.8``."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items() if v not in ([], None, ""))
    if isinstance(value, (list, tuple)):
        return ", ".join(" ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(_flat(v)) for v in value)
    return value


def open_document_button(doc_id: str, statement_id: str | None, key: str, label: str = "Open in document") -> None:
    """Go to the Documenten page with this document (and statement) selected."""
    st.button(label, key=key, on_click=go_to_document, args=(doc_id, statement_id))


def go_to_document(doc_id: str, statement_id: str | None) -> None:
    """A button callback: runs before the next script run, so it may set the widgets' state."""
    st.session_state["page"] = "Documenten"
    st.session_state["document"] = doc_id
    st.session_state["statement"] = statement_id


def sure_enough(records: list[dict[str, Any]], key: str, column: Any = None) -> list[dict[str, Any]]:
    """A slider "Minimale zekerheid" and the records found at least that surely. Each record's rule has a
    measured confidence (bench/motie_mentions.py, bench/toezegging_forms.py); a record without one
    (a motie known only from the Kamer's open data) is always kept."""
    floor = (column or st).slider("Minimale zekerheid", 0.0, 1.0, 0.0, 0.05, key=key,
                                  help="Verberg vondsten waarvan de regel minder zeker is dan dit.")
    return [r for r in records if r.get("confidence") is None or r["confidence"] >= floor - 1e-9]


def finding_text(record: dict[str, Any]) -> str | None:
    """How a motie or toezegging was found: its form, rule and confidence."""
    if not record.get("rule"):
        return None
    return f"Gevonden als {record.get('found_as')} · regel {record['rule']} · zekerheid {record['confidence']:.2f}"
