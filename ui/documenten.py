"""Documenten: the ingested papers; one paper's clean text with its statements marked in place,
labels per statement, footnotes, and the original PDF page beside it."""
from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import streamlit as st

from nlp.motie_form import with_parties
from nlp.records import Statement
from search import SearchError, SearchRequest, search
from store.search_index import add_label, empty_labels
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.upload import upload_form
from ui.widgets import chips_html, html_block, marked_html, safe, scroll_into_view, table
from ui.words import CHOOSE, count_of, doc_type_name, role_name

KNELPUNT_BACKGROUND = "#fee2e2"
SELECTED_BACKGROUND = "#fde047"
SELECTED_ANCHOR = "kamerspoor-selected"


def page(ctx: PageContext) -> None:
    st.header("Documenten")
    rows = ctx.store.documents()
    upload_form(ctx)
    if not rows:
        st.info("Nog geen documenten. Voer eerst `kamerspoor ingest` uit, of voeg hierboven bestanden toe.")
        return
    documents = [{"id": r.id, "soort": doc_type_name(r.doc_type), "datum": r.date, "titel": r.title,
                  "pagina's": r.pages, "bronnen": len(r.sources), "status": r.status} for r in rows]
    table(documents, "documenten", key="documents")
    ids = [r.id for r in rows]
    params = [Param("id", "document", None, "text", ids), Param("uitspraak", "statement"),
              Param("zoek", "d-find", ""), Param("pagina", "d-page", None, "int")]
    arrived = restore("documenten", params)
    if st.session_state["document"] is None:  # the URL names none: the first; the URL will name it
        st.session_state["document"] = ids[0]
    doc_id = st.selectbox("Document", ids, key="document", placeholder=CHOOSE, on_change=_another_document)
    selected = st.session_state.get("statement")
    statements = ctx.store.statements(doc_id)
    pages = sorted({s.page for s in statements}) or [1]
    opening = _selected_page(statements, selected, pages)  # the page a link to this statement opens on
    if st.session_state.get("d-page") not in pages:
        st.session_state["d-page"] = opening
    scroll = (arrived or st.session_state.pop("d-scroll", False)) and selected is not None
    document_view(ctx, doc_id, statements, pages, selected, scroll)
    publish("documenten", [*params[:3], Param("pagina", "d-page", opening, "int")])


def _another_document() -> None:
    """A document chosen in the box starts at its first page, with no statement selected."""
    st.session_state["statement"] = None
    st.session_state["d-page"] = None
    st.session_state["d-find"] = ""


def find_in_document(ctx: PageContext, doc_id: str) -> None:
    """Search this paper only (the same search as Zoeken); "Ga naar" opens the statement in place."""
    with st.expander("Zoeken in dit document", expanded=bool(st.session_state.get("d-find"))):
        query = st.text_input("Zoek in dit document", key="d-find", placeholder="woorden of een vraag")
        if not query.strip():
            return
        try:
            result = search(ctx.store, SearchRequest(query=query, doc_ids=[doc_id], limit=10),
                            ctx.settings.search, ctx.encoder())
        except SearchError as exc:
            st.warning(str(exc))
            return
        if not result.hits:
            st.caption("Niets gevonden in dit document.")
        for n, hit in enumerate(result.hits):
            text, go_to = st.columns([7, 1], vertical_alignment="center")
            text.html(f"<span style='color:#555'>p. {hit.page}</span> {marked_html(hit.text, hit.highlights)}")
            go_to.button("Ga naar", key=f"d-find-{n}", on_click=_select, args=(hit.statement_id, hit.page))


def _select(statement_id: str, page_no: int) -> None:
    st.session_state.update({"statement": statement_id, "d-page": page_no, "d-scroll": True})


def form_summary(ctx: PageContext, doc_id: str) -> None:
    """What the paper's fixed form says (issue 9): who asked and answered, or what a committee decided."""
    for _, vragen in ctx.store.kamervragen(doc_id):
        askers = ", ".join(with_parties([a.name for a in vragen.askers], [a.party for a in vragen.askers]))
        answered = "per Mededeling" if vragen.mededeling else f"{len(vragen.answered)} van {len(vragen.questions)} vragen"
        html_block(f"<div style='background:#eff6ff;padding:0.6em;border-radius:0.4em'>Kamervragen {safe(vragen.id)} van "
                   f"{safe(askers)} aan {safe(vragen.addressee)} (ingezonden {safe(vragen.asked_on)}); beantwoord door "
                   f"{safe(vragen.answered_by)} op {safe(vragen.answered_on)}: {safe(answered)}.</div>")
    besluiten = ctx.store.besluiten(doc_id=doc_id)
    if besluiten:
        rows = [{"agendapunt": b.agendapunt, "onderwerp": b.onderwerp, "zaak": b.zaak,
                 "kamerstukken": ", ".join(b.refs), "besluit": b.besluit} for b in besluiten]
        with st.expander(f"Besluiten ({len(rows)})"):
            table(rows, f"besluiten-{doc_id}"[:31], key=f"besluiten-{doc_id}")


def document_view(ctx: PageContext, doc_id: str, statements: list[Statement], pages: list[int], selected: str | None,
                  scroll: bool = False) -> None:
    """One paper: its heading, its form's summary, and page by page its text beside the PDF page."""
    doc = ctx.store.document(doc_id)
    labels, reasons = _labels_by_statement(ctx, doc_id)
    html_block(f"<h3>{safe(doc.title or doc_id)}</h3><span style='color:#555'>{safe(doc_type_name(doc.doc_type))} · "
               f"{safe(doc.date or 'datum onbekend')} · {safe(count_of(doc.pages or 0, 'pagina', 'pagina' + chr(39) + 's'))} · tekst uit "
               f"{safe(Path(str(doc.text_source)).name)}</span>")  # a paper's title is its own text: never Markdown
    form_summary(ctx, doc_id)
    find_in_document(ctx, doc_id)
    text_col, pdf_col = st.columns([3, 2])
    with pdf_col:
        page_no = page_picker(pages)
        pdf_page_image(ctx, doc_id, page_no)
    with text_col:
        body = [s for s in statements if s.page == page_no and s.role != "footnote"]
        moties = ctx.store.moties_by_kamerstuk([r for s in body for r in s.references])
        html_block(_marked_text(ctx, body, labels, reasons, selected, moties))
        if scroll:
            scroll_into_view(SELECTED_ANCHOR, f"{doc_id} {selected}")
        notes = [s for s in statements if s.page == page_no and s.role == "footnote"]
        if notes:
            st.markdown("**Voetnoten**")
            html_block("".join(f"<div style='font-size:0.85em'>{safe(n.text)}</div>" for n in notes))
    if st.toggle("Alle uitspraken met labels als tabel", key=f"table-{doc_id}"):
        rows = [{"id": s.id, "pagina": s.page, "rol": role_name(s.role), "sectie": " › ".join(s.section_path),
                 "tekst": s.text, "labels": chips_text(labels.get(s.id, {}), ctx.settings.search.label_threshold)}
                for s in statements]
        table(rows, f"uitspraken-{doc_id}"[:31], key=f"statements-{doc_id}")


def _selected_page(statements: list[Statement], selected: str | None, pages: list[int]) -> int:
    for s in statements:
        if s.id == selected:
            return s.page
    return pages[0]


def _labels_by_statement(ctx: PageContext, doc_id: str) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """Per statement its labels (export shape) and, for those at or above the threshold, why it has them."""
    threshold = ctx.settings.search.label_threshold
    labels: dict[str, dict] = {}
    reasons: dict[str, list[str]] = {}
    for row in ctx.store.labels(doc_id):
        add_label(labels.setdefault(row.statement_id, empty_labels()), row.label_set, row.label_id, row.score)
        if row.score >= threshold and row.label_set != "scope":
            name = ctx.label_name(row.label_set, row.label_id) if row.label_set != "knelpunt" else ""
            reasons.setdefault(row.statement_id, []).append(
                f"{row.label_set} {name} ({row.score:.2f}): {row.reason}".replace("  ", " "))
    return labels, reasons


STYLE = """<style>
.ks-st{cursor:pointer;border-radius:0.2em} .ks-st:focus{outline:2px solid #60a5fa}
.ks-why{display:none} .ks-st:focus + .ks-why{display:block;font-size:0.8em;background:#f8fafc;border:1px solid #cbd5e1;
  border-radius:0.3em;padding:0.3em 0.5em;margin:0.2em 0}
</style>"""
LEGEND = (f"<div style='font-size:0.8em;color:#444;margin-bottom:0.4em'>"
          f"<span style='background:{SELECTED_BACKGROUND};padding:0 0.4em'>geopende uitspraak</span> "
          f"<span style='background:{KNELPUNT_BACKGROUND};padding:0 0.4em'>knelpunt</span> "
          "<span style='background:#f1f5f9;padding:0 0.4em'>grijs en wit wisselen per uitspraak</span> · "
          "muis op een uitspraak: haar labels en waarom; klik erop om ze hieronder te lezen</div>")


def _marked_text(ctx: PageContext, statements: list[Statement], labels: dict[str, dict], reasons: dict[str, list[str]],
                 selected: str | None, moties: dict[str, str]) -> str:
    """The page's text, one span per statement (alternate shades, knelpunten red, the selected one
    yellow). Its labels and why: as a tooltip, and shown under it on a click (CSS only, no script); as chips
    after the selected one. After a statement that refers to a motie the store knows: a link to that motie
    on the Moties page. All text from the paper escaped."""
    threshold = ctx.settings.search.label_threshold
    parts, block = [STYLE, LEGEND], None
    for n, s in enumerate(statements):
        if s.block_seq != block:
            parts.append("</p><p>" if block is not None else "<p>")
            block = s.block_seq
        own = labels.get(s.id, {})
        why = reasons.get(s.id) or ["geen labels boven de drempel"]
        background = (SELECTED_BACKGROUND if s.id == selected else
                      KNELPUNT_BACKGROUND if own.get("knelpunt", 0) >= threshold else
                      "#f1f5f9" if n % 2 else "transparent")
        weight = "font-weight:600;" if s.role == "heading" else ""
        anchor = f" id='{SELECTED_ANCHOR}'" if s.id == selected else ""
        parts.append(f"<span{anchor} class='ks-st' tabindex='0' title='{'&#10;'.join(safe(w) for w in why)}' "
                     f"style='background:{background};{weight}'>{safe(s.text)}</span>"
                     f"<span class='ks-why'>{'<br>'.join(safe(w) for w in why)}</span> ")
        if s.id == selected:
            parts.append(chips_html(own, threshold, ctx.label_name))
        parts += [motie_link(moties[ref], ref) for ref in dict.fromkeys(s.references) if ref in moties]
    return "".join(parts) + "</p>"


def motie_link(motie_id: str, ref: str) -> str:
    """A link of ours (never the paper's) to the motie's own address on the Moties page."""
    return (f"<a href='./moties?id={quote(motie_id)}' target='_self' title='Open motie {safe(ref)}' "
            f"style='font-size:0.8em;text-decoration:none;background:#ede9fe;border-radius:0.6em;padding:0 0.4em'>"
            f"motie {safe(ref)} →</a> ")


def chips_text(labels: dict, threshold: float) -> str:
    ids = [i for s in ("actielijn", "landsdeel", "doel", "thema") for i, score in labels.get(s, []) if score >= threshold]
    return " ".join(ids + (["knelpunt"] if labels.get("knelpunt", 0) >= threshold else []))


def page_picker(pages: list[int]) -> int:
    """The page shown: a box with every page, and previous/next beside it."""
    back, box, forward = st.columns([1, 3, 1], vertical_alignment="bottom")
    at = pages.index(st.session_state["d-page"])
    back.button("◀", key="d-back", help="Vorige pagina", disabled=at == 0, on_click=_turn, args=(pages, -1))
    forward.button("▶", key="d-next", help="Volgende pagina", disabled=at == len(pages) - 1, on_click=_turn, args=(pages, 1))
    return box.selectbox("Pagina", pages, key="d-page")


def _turn(pages: list[int], step: int) -> None:
    at = pages.index(st.session_state["d-page"]) + step
    st.session_state["d-page"] = pages[max(0, min(at, len(pages) - 1))]


ZOOM = {"passend": 100, "150 %": 150, "200 %": 200, "300 %": 300}


def pdf_page_image(ctx: PageContext, doc_id: str, page_no: int) -> None:
    """The PDF page as an image: fitted to the column, or larger in a box that scrolls."""
    path = ctx.store.pdf_source(doc_id)
    if path is None:
        st.caption("Geen PDF van dit document op schijf: alleen de tekst.")
        return
    zoom = ZOOM[st.select_slider("Zoom", list(ZOOM), key="d-zoom")]
    try:
        image = render_page(path, page_no, scale=1.4 * zoom / 100)
    except Exception as exc:  # a damaged PDF must not take the page down
        st.caption(f"Deze pagina kan niet worden getoond: {exc}")
        return
    box = st.container(height=800) if zoom > 100 else st.container()
    box.image(image, caption=f"Pagina {page_no} van de PDF", width="stretch" if zoom == 100 else "content")


@st.cache_data(max_entries=64, show_spinner=False)
def render_page(path: str, page_no: int, scale: float = 1.4) -> bytes:
    """One PDF page as PNG bytes (pypdfium2)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[max(0, min(page_no - 1, len(pdf) - 1))].render(scale=scale).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
