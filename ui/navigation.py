"""The app's pages and their addresses (``/zoeken``, ``/toezeggingen``, ``/moties``, ``/knelpunten``,
``/regios``, ``/documenten``), and the sidebar that links to them. The link to a page carries the query this session
last had on it, so leaving Zoeken and coming back keeps the search (``ui/address.py``)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from ui import documenten, knelpunten, moties, regios, toezeggingen, zoeken
from ui.address import published
from ui.context import PageContext


@dataclass(frozen=True)
class AppPage:
    title: str
    url_path: str
    draw: Callable[[PageContext], None]


PAGES = (AppPage("Zoeken", "zoeken", zoeken.page),
         AppPage("Toezeggingen", "toezeggingen", toezeggingen.page),
         AppPage("Moties", "moties", moties.page),
         AppPage("Knelpunten per regio", "knelpunten", knelpunten.page),
         AppPage("Regio's", "regios", regios.page),
         AppPage("Documenten", "documenten", documenten.page))


def navigation(ctx: PageContext):
    """Register the pages, draw the sidebar's links, and return the page this URL asks for (to ``run``)."""
    pages = [st.Page(partial(p.draw, ctx), title=p.title, url_path=p.url_path, default=n == 0)
             for n, p in enumerate(PAGES)]
    chosen = st.navigation(pages, position="hidden")
    for page, spec in zip(pages, PAGES):
        st.sidebar.page_link(page, label=spec.title, query_params=published(spec.url_path) or None)
    return chosen
