"""Zoeken: one search box, the filters of the search issue in the sidebar, result cards."""
from __future__ import annotations

from datetime import date

import streamlit as st

from ingest.records import DOC_TYPES
from nlp.records import ROLES
from store.db import Paper, file_stamp
from search import NO_GOOD_HITS, SearchError, SearchRequest, SearchResult, hits_as_rows, search
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.words import CHOOSE, doc_type_name, role_name
from ui.widgets import chips_html, document_link, downloads, html_block, marked_html, safe

MODES = {"hybride": "hybrid", "op woorden": "keyword", "op betekenis": "semantic"}
LABEL_FILTERS = {"actielijn": "Actielijn", "landsdeel": "Landsdeel", "doel": "Doel", "thema": "Thema"}


def page(ctx: PageContext) -> None:
    st.header("Zoeken")
    params = address_params(ctx)
    restore("zoeken", params)
    query = st.text_input("Zoekvraag", key="query", placeholder="bijvoorbeeld: hybride docenten in Oost")
    request = _filters(ctx, query)
    publish("zoeken", params)
    encoder = ctx.encoder()  # loaded once per server, on the landing page, so the first search is quick
    _warm_up(str(ctx.settings.db_path), file_stamp(ctx.settings.db_path), ctx, encoder)
    if not query.strip():
        st.info("Typ een zoekvraag; filters staan links.")
        return
    try:
        result = search(ctx.store, request, ctx.settings.search, encoder if request.mode != "keyword" else None)
    except SearchError as exc:
        st.warning(str(exc))
        return
    for note in result.notes:
        if note == NO_GOOD_HITS:
            st.info(f"{note[:1].upper()}{note[1:]}: probeer andere of meer specifieke woorden.")
        else:
            st.caption(f"Let op: {note}")
    if result.hits:
        st.caption(count_caption(result))
    for n, hit in enumerate(result.hits):
        _card(ctx, hit, n)
    if result.hits:
        downloads(hits_as_rows(result.hits), "zoekresultaten", key="search")


def count_caption(result: SearchResult) -> str:
    """The real number of relevant results: those shown, and how many more there are."""
    shown = f"{len(result.hits)} resultaten"
    if not result.more:
        return shown
    found = f"{'ten minste ' if not result.relevant_exact else ''}{result.relevant}"
    return f"{shown} getoond van {found} relevante; verhoog 'Aantal resultaten' (links) om meer te zien"


@st.cache_resource(show_spinner=False, max_entries=4)
def _warm_up(db_path: str, stamp: tuple[int, int], _ctx: PageContext, _encoder) -> bool:
    """One throwaway search per store file (a swapped-in store is a new file), while the user is
    still typing: the first search in a fresh server process is several times slower than the next."""
    try:
        search(_ctx.store, SearchRequest(query="techniek"), _ctx.settings.search, _encoder)
    except SearchError:
        pass
    return True


def address_params(ctx: PageContext) -> list[Param]:
    """The search in the URL: ``/zoeken?q=hybride+docenten&landsdeel=oost&knelpunt=ja``."""
    documents = ctx.store.documents()
    return [Param("q", "query", ""),
            *(Param(s, f"f-{s}", [], "list", ctx.frame.ids(s)) for s in LABEL_FILTERS),
            Param("knelpunt", "f-knelpunt", False, "flag"),
            Param("document", "f-doc", [], "list", [d.id for d in documents]),
            Param("soort", "f-type", [], "list", doc_type_options(documents)),
            Param("rol", "f-role", [], "list", list(ROLES)),
            Param("spreker", "f-speaker", ""),
            Param("verwijst", "f-ref", ""),
            Param("periode", "f-period", False, "flag"),
            Param("van", "f-from", date(2013, 1, 1), "date"),
            Param("tot", "f-to", date.today(), "date"),
            Param("modus", "f-mode", next(iter(MODES)), "text", list(MODES)),
            Param("aantal", "f-limit", 20, "int", range(5, 101))]


def doc_type_options(documents: list[Paper]) -> list[str]:
    return sorted({d.doc_type for d in documents} | set(DOC_TYPES))


def _filters(ctx: PageContext, query: str) -> SearchRequest:
    """The sidebar's filters; their values come from the session state (``restore`` put them there)."""
    side = st.sidebar
    side.subheader("Filters")
    chosen = {}
    for label_set in LABEL_FILTERS:
        chosen[label_set] = side.multiselect(LABEL_FILTERS[label_set], ctx.frame.ids(label_set), key=f"f-{label_set}", placeholder=CHOOSE,
                                             format_func=lambda i, s=label_set: f"{i} – {ctx.label_name(s, i)}"
                                             if s == "doel" else ctx.label_name(s, i))
    knelpunt = side.checkbox("Alleen knelpunten", key="f-knelpunt")
    documents = ctx.store.documents()
    doc_ids = side.multiselect("Document", [d.id for d in documents], key="f-doc", placeholder=CHOOSE)
    doc_types = side.multiselect("Soort document", doc_type_options(documents), key="f-type", placeholder=CHOOSE, format_func=doc_type_name)
    roles = side.multiselect("Rol", list(ROLES), key="f-role", placeholder=CHOOSE, format_func=role_name)
    speaker = side.text_input("Spreker of fractie", key="f-speaker")
    reference = side.text_input("Verwijst naar Kamerstuk of motie", key="f-ref", placeholder="32637-391")
    date_from = date_to = None
    if side.checkbox("Periode", key="f-period"):
        date_from = side.date_input("Vanaf", key="f-from")
        date_to = side.date_input("Tot en met", key="f-to")
    mode = side.radio("Zoeken", list(MODES), key="f-mode", horizontal=True)
    limit = side.slider("Aantal resultaten", 5, 100, key="f-limit")
    return SearchRequest(query=query, limit=limit, mode=MODES[mode], doc_ids=doc_ids, doc_types=doc_types,
                         date_from=date_from, date_to=date_to, knelpunt=knelpunt, roles=roles,
                         speaker=speaker or None, reference=reference or None, **chosen)


def _card(ctx: PageContext, hit, n: int) -> None:
    with st.container(border=True):
        where = " › ".join(hit.section_path[-3:])
        html_block(f"<b>{safe(hit.title or hit.doc_id)}</b> · {safe(hit.date or 'datum onbekend')} · "
                   f"p. {hit.page} · <span style='color:#555'>{safe(where)}</span>"
                   f"<div class='kamerspoor-hit'>{marked_html(hit.text, hit.highlights)}</div>"
                   + chips_html(hit.labels, ctx.settings.search.label_threshold, ctx.label_name)
                   + f" <span style='color:#888;font-size:0.8em'>{safe(role_name(hit.role))}"
                   + (f" · {safe(hit.speaker)}" if hit.speaker else "")
                   + f" · <span class='kamerspoor-relevance'>relevantie {hit.relevance:.2f}</span></span>")
        document_link(hit.doc_id, hit.statement_id)
