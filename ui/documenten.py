"""Documenten: the ingested papers; one paper's clean text with its statements marked in place,
labels per statement, footnotes, and the original PDF page beside it."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from nlp.motie_form import with_parties
from ui.context import PageContext
from ui.upload import upload_form
from ui.widgets import chips_html, downloads, html_block, safe

KNELPUNT_BACKGROUND = "#fee2e2"
SELECTED_BACKGROUND = "#fde047"


def page(ctx: PageContext) -> None:
    st.header("Documenten")
    rows = ctx.store.documents()
    upload_form(ctx)
    if not rows:
        st.info("Nog geen documenten. Voer eerst `kamerspoor ingest` uit, of voeg hierboven bestanden toe.")
        return
    table = [{"id": r["id"], "soort": r["type"], "datum": r["date"], "titel": r["title"], "pagina's": r["pages"],
              "bronnen": len(r["sources"] or []), "status": r["status"]} for r in rows]
    st.dataframe(table, hide_index=True, width="stretch")
    downloads(table, "documenten", key="documents")
    ids = [r["id"] for r in rows]
    if st.session_state.get("document") not in ids:
        st.session_state["document"] = ids[0]
    doc_id = st.selectbox("Document", ids, key="document")
    document_view(ctx, doc_id, st.session_state.get("statement"))


def form_summary(ctx: PageContext, doc_id: str) -> None:
    """What the paper's fixed form says (issue 9): who asked and answered, or what a committee decided."""
    for row in ctx.store.kamervragen(doc_id):
        askers = ", ".join(with_parties(row["askers"] or [], row["partijen"] or []))
        answered = "per Mededeling" if row["mededeling"] else f"{len(row['answered'] or [])} van {len(row['questions'] or [])} vragen"
        html_block(f"<div style='background:#eff6ff;padding:0.6em;border-radius:0.4em'>Kamervragen {safe(row['id'])} van "
                   f"{safe(askers)} aan {safe(row['addressee'])} (ingezonden {safe(row['asked_on'])}); beantwoord door "
                   f"{safe(row['answered_by'])} op {safe(row['answered_on'])}: {safe(answered)}.</div>")
    besluiten = ctx.store.besluiten(doc_id=doc_id)
    if besluiten:
        table = [{"agendapunt": b["agendapunt"], "onderwerp": b["onderwerp"], "zaak": b["zaak"],
                  "kamerstukken": ", ".join(b["refs"] or []), "besluit": b["besluit"]} for b in besluiten]
        with st.expander(f"Besluiten ({len(table)})"):
            st.dataframe(table, hide_index=True, width="stretch")
            downloads(table, f"besluiten-{doc_id}"[:31], key=f"besluiten-{doc_id}")


def document_view(ctx: PageContext, doc_id: str, selected: str | None) -> None:
    doc = ctx.store.document(doc_id)
    statements = ctx.store.statements(doc_id)
    labels = _labels_by_statement(ctx, doc_id)
    html_block(f"<h3>{safe(doc['title'] or doc_id)}</h3><span style='color:#555'>{safe(doc['doc_type'])} · "
               f"{safe(doc['date'] or 'datum onbekend')} · {safe(doc['pages'])} pagina's · tekst uit "
               f"{safe(Path(str(doc['text_source'])).name)}</span>")  # a paper's title is its own text: never Markdown
    form_summary(ctx, doc_id)
    pages = sorted({s["page"] for s in statements}) or [1]
    if selected and st.session_state.get("shown-statement") != selected:  # arriving from a search hit
        st.session_state["shown-statement"] = selected
        st.session_state[f"page-{doc_id}"] = _selected_page(statements, selected, pages)
    text_col, pdf_col = st.columns([3, 2])
    with pdf_col:
        page_no = st.selectbox("Pagina", pages, key=f"page-{doc_id}")
        pdf_page_image(ctx, doc_id, page_no)
    with text_col:
        body = [s for s in statements if s["page"] == page_no and s["role"] != "footnote"]
        html_block(_marked_text(ctx, body, labels, selected))
        notes = [s for s in statements if s["page"] == page_no and s["role"] == "footnote"]
        if notes:
            st.markdown("**Voetnoten**")
            html_block("".join(f"<div style='font-size:0.85em'>{safe(n['text'])}</div>" for n in notes))
    if st.toggle("Alle uitspraken met labels als tabel", key=f"table-{doc_id}"):
        rows = [{"id": s["id"], "pagina": s["page"], "rol": s["role"], "sectie": " › ".join(s["section_path"]),
                 "tekst": s["text"], "labels": chips_text(labels.get(s["id"], {}), ctx.settings.search.label_threshold)}
                for s in statements]
        st.dataframe(rows, hide_index=True, width="stretch")
        downloads(rows, f"uitspraken-{doc_id}"[:31], key=f"statements-{doc_id}")


def _selected_page(statements: list[dict], selected: str | None, pages: list[int]) -> int:
    for s in statements:
        if s["id"] == selected:
            return s["page"]
    return pages[0]


def _labels_by_statement(ctx: PageContext, doc_id: str) -> dict[str, dict]:
    from store.search import add_label, empty_labels

    out: dict[str, dict] = {}
    for row in ctx.store.labels(doc_id):
        add_label(out.setdefault(row["statement_id"], empty_labels()), row["label_set"], row["label_id"], row["score"])
    return out


def _marked_text(ctx: PageContext, statements: list[dict], labels: dict[str, dict], selected: str | None) -> str:
    """The page's text, one span per statement (alternate shades, knelpunten red, the selected one
    yellow), its labels as a tooltip and as chips after headings and knelpunten. All text escaped."""
    threshold = ctx.settings.search.label_threshold
    parts, block = [], None
    for n, s in enumerate(statements):
        if s["block_seq"] != block:
            parts.append("</p><p>" if block is not None else "<p>")
            block = s["block_seq"]
        own = labels.get(s["id"], {})
        background = (SELECTED_BACKGROUND if s["id"] == selected else
                      KNELPUNT_BACKGROUND if own.get("knelpunt", 0) >= threshold else
                      "#f1f5f9" if n % 2 else "transparent")
        weight = "font-weight:600;" if s["role"] == "heading" else ""
        anchor = " id='kamerspoor-selected'" if s["id"] == selected else ""
        parts.append(f"<span{anchor} title='{safe(s['id'] + ' · ' + chips_text(own, threshold))}' "
                     f"style='background:{background};{weight}'>{safe(s['text'])}</span> ")
        if s["id"] == selected:
            parts.append(chips_html(own, threshold, ctx.label_name))
    return "".join(parts) + "</p>"


def chips_text(labels: dict, threshold: float) -> str:
    ids = [i for s in ("actielijn", "landsdeel", "doel", "thema") for i, score in labels.get(s, []) if score >= threshold]
    return " ".join(ids + (["knelpunt"] if labels.get("knelpunt", 0) >= threshold else []))


def pdf_page_image(ctx: PageContext, doc_id: str, page_no: int) -> None:
    path = ctx.store.pdf_source(doc_id)
    if path is None:
        st.caption("Geen PDF van dit document op schijf: alleen de tekst.")
        return
    try:
        st.image(render_page(path, page_no), caption=f"Pagina {page_no} van de PDF", width="stretch")
    except Exception as exc:  # a damaged PDF must not take the page down
        st.caption(f"Deze pagina kan niet worden getoond: {exc}")


@st.cache_data(max_entries=64, show_spinner=False)
def render_page(path: str, page_no: int, scale: float = 1.4) -> bytes:
    """One PDF page as PNG bytes (pypdfium2)."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[max(0, min(page_no - 1, len(pdf) - 1))].render(scale=scale).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
