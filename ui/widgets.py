"""Pieces several pages share: safe text rendering, label chips, table downloads.

Document text is untrusted. It is only ever shown through ``safe`` (HTML and Markdown syntax escaped, inside our own
HTML) or as plain text, so ``<script>``, Markdown links and HTML in a paper stay text.
"""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from store.records import MotieAudit, StoredCommitment
from ui.address import address_of
from ui.words import cell

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


ID = re.compile(r"[\w.#-]{1,100}")


def plain_id(value: str) -> str:
    """An id from a URL, for a message rendered as Markdown: shown only when it looks like an id (a link
    crafted as ``?id=[klik](https://…)`` must not become one)."""
    return value if ID.fullmatch(value) else "(onleesbaar id)"


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
    """Show HTML we built ourselves (every piece of document text in it is escaped). Through ``st.html``, not
    Markdown: Streamlit's Markdown turns any URL-like text into a live link after decoding the escapes
    (a paper's "https://evil.example/login" became a link on Zoeken; tests/test_app_browser.py)."""
    st.html(markup)


def table(rows: list[dict[str, Any]], name: str, key: str, downloadable: bool = True) -> None:
    """A table as a reader sees it (Dutch yes/no, empty for unknown, lists as text), with its downloads."""
    st.dataframe(_frame(rows), hide_index=True, width="stretch")
    if downloadable:
        downloads(rows, name, key)


def downloads(rows: list[dict[str, Any]], name: str, key: str) -> None:
    """CSV and Excel download buttons for a table; the files are made only when clicked (no rerun: see
    ``ui.evidence.export_buttons``)."""
    left, right = st.columns(2)
    left.download_button("CSV downloaden", lambda: as_csv(rows), f"{name}.csv", "text/csv", key=f"{key}-csv",
                         on_click="ignore")
    right.download_button("Excel downloaden", lambda: as_excel(rows, name), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx",
                          on_click="ignore")


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    return _frame(rows).to_csv(index=False).encode("utf-8")


def as_excel(rows: list[dict[str, Any]], name: str) -> bytes:
    """One sheet with the table; text from a paper stays text (``=HYPERLINK(…)`` is no formula)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", name)[:31] or "tabel"
    frame = _frame(rows)
    sheet.append([excel_cell(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        sheet.append([excel_cell(v) for v in record])
    never_formulas(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_cell(value: Any) -> Any:
    """A value Excel takes as it is: text without control characters; dates, numbers and empty as such."""
    if value is None or value == "" or isinstance(value, (int, float, date)):
        return None if value == "" else value
    if hasattr(value, "item"):  # a numpy number from a table
        return value.item()
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def never_formulas(sheet) -> None:
    """openpyxl makes every text starting with "=" a formula: a paper's text must stay text."""
    for row in sheet.iter_rows():
        for sheet_cell in row:
            if isinstance(sheet_cell.value, str) and sheet_cell.data_type == "f":
                sheet_cell.data_type = "s"


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as a table: text columns show nothing where a value is missing, date columns are ISO text
    (so they still sort), numbers stay numbers."""
    frame = pd.DataFrame([{k: _flat(v) for k, v in row.items()} for row in rows])
    for column in frame.columns:
        values = [v for v in frame[column] if v is not None and v == v]
        if values and all(isinstance(v, date) for v in values):
            frame[column] = [v.isoformat() if isinstance(v, date) else "" for v in frame[column]]
        elif values and all(isinstance(v, str) for v in values):
            frame[column] = frame[column].fillna("")
    return frame


def _flat(value: Any) -> Any:
    """Lists and dicts as readable text, so every table fits a CSV cell and an Excel cell:
    ``["Kerstens", "Moorlag"]`` → ``Kerstens, Moorlag``; labels → ``actielijn: leren 0.8``; None → empty,
    True → ja (``ui/words.py``)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items() if v not in ([], None, ""))
    if isinstance(value, (list, tuple)):
        return ", ".join(" ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(_flat(v)) for v in value)
    return value if value is None else cell(value)  # None: the table decides (empty text, or no number)


def document_link(doc_id: str, statement_id: str | None, label: str = "Toon in document") -> None:
    """A link to the Documenten page with this document (and statement, scrolled into view and marked), at
    its own address: Back returns to where the link was, and it opens in a new tab too."""
    st.page_link(address_of("documenten"), label=label, query_params={"id": doc_id, "uitspraak": statement_id or ""})


def sure_enough(records: list[StoredCommitment | MotieAudit], key: str, column: Any = None
                ) -> list[StoredCommitment | MotieAudit]:
    """A slider "Minimale zekerheid" and the records found at least that surely. Each record's rule has a
    measured confidence (bench/motie_mentions.py, bench/toezegging_forms.py); a record without one
    (a motie known only from the Kamer's open data) is always kept."""
    floor = (column or st).slider("Minimale zekerheid", 0.0, 1.0, step=0.05, key=key,
                                  help="Verberg vondsten waarvan de regel minder zeker is dan dit.")
    return [r for r in records if (sure := commitment_in(r).confidence) is None or sure >= floor - 1e-9]


def commitment_in(record: StoredCommitment | MotieAudit) -> StoredCommitment:
    """The commitment a page shows: the record itself, or the motie of a Moties audit row."""
    return record.commitment if isinstance(record, MotieAudit) else record


def finding_text(record: StoredCommitment) -> str | None:
    """How a motie or toezegging was found: its form, rule and confidence."""
    if not record.rule:
        return None
    return f"Gevonden als {record.found_as} · regel {record.rule} · zekerheid {record.confidence:.2f}"


SCROLL = """<script>(() => {{ /* {nonce} */
  let tries = 0;
  const timer = setInterval(() => {{
    const target = window.parent.document.getElementById("{element_id}") || document.getElementById("{element_id}");
    if (target || ++tries > 100) {{ clearInterval(timer); if (target) target.scrollIntoView({{block: "center"}}); }}
  }}, 100);
}})();</script>"""


def scroll_into_view(element_id: str, nonce: str) -> None:
    """Bring our own element into view once the browser has drawn it (an opened statement). The script is
    ours alone: ``element_id`` is a fixed name, ``nonce`` (which makes Streamlit run it again) is hashed."""
    tag = hashlib.sha1(nonce.encode()).hexdigest()[:12]
    st.html(SCROLL.format(element_id=re.sub(r"[^\w-]", "", element_id), nonce=tag), unsafe_allow_javascript=True)
