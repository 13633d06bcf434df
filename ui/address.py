"""Addresses: every page and every object in the app has a URL that can be sent to a colleague.

A page names the widgets that make up its state as ``Param``s (name in the URL, widget key, kind, default).
``restore`` runs before the page draws its widgets and sets them from the URL when the URL is news to this
session (a first visit, a pasted link, Back or Forward) or when Streamlit dropped them (the page was left
and is visited again). ``publish`` runs after and writes the widgets' values back into the URL, leaving out
defaults. Streamlit adds a browser history entry for every change of the query string, so Back and
Forward step through searches and opened objects; ``/zoeken?q=…&landsdeel=oost`` opens that search.

The widgets of such a page take their value from the session state only (no ``value=``/``default=``
argument): ``restore`` always puts one there first.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

PUBLISHED = "_address_published"  # page → the query (name → values) this session last wrote for it


def _one(values: list[str]) -> str:
    return values[-1]


# kind → (value → URL values, URL values → value); a URL value that does not parse is ignored
KINDS: dict[str, tuple[Callable[[Any], list[str]], Callable[[list[str]], Any]]] = {
    "text": (lambda v: [str(v)], _one),
    "list": (lambda v: [str(x) for x in v], list),
    "flag": (lambda v: ["ja"] if v else [], lambda vs: _one(vs).lower() in ("ja", "1", "true")),
    "int": (lambda v: [str(int(v))], lambda vs: int(_one(vs))),
    "float": (lambda v: [f"{float(v):g}"], lambda vs: float(_one(vs))),
    "date": (lambda v: [v.isoformat()], lambda vs: date.fromisoformat(_one(vs))),
}


@dataclass(frozen=True)
class Param:
    """One piece of a page's state in its URL: ``?name=value`` ↔ the widget with ``key``."""
    name: str
    key: str
    default: Any = None
    kind: str = "text"
    options: Sequence[Any] | None = None  # the values a widget accepts; others in a URL are dropped

    def to_url(self, value: Any) -> list[str]:
        if value == self.default or value is None or value == "":
            return []
        if value == []:  # chosen empty where the default is not: a value no option has
            return ["-"]
        return KINDS[self.kind][0](value)

    def from_url(self, values: list[str]) -> Any:
        """The widget value a URL gives, or the default when it gives none that the widget accepts."""
        if not values:
            return self.default
        try:
            value = KINDS[self.kind][1](values)
        except (ValueError, TypeError):
            return self.default
        if self.options is None:
            return value
        if self.kind == "list":
            return [v for v in value if v in self.options]
        return value if value in self.options else self.default


def current() -> dict[str, list[str]]:
    """The query string of this run, every name with all its values."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def restore(page: str, params: Sequence[Param]) -> bool:
    """Set the page's widgets from the URL when it is news to this session (all of them), or when
    Streamlit dropped some (those: the page was left, or a widget was not drawn in the last run).
    Returns whether the URL was news: a page may then also scroll to what it points at."""
    state = st.session_state
    asked = _own(current(), params)
    news = asked != state.get(PUBLISHED, {}).get(page)
    for param in params:
        if news or param.key not in state:
            state[param.key] = param.from_url(asked.get(param.name, []))
    state.setdefault(PUBLISHED, {})[page] = asked
    return news


def publish(page: str, params: Sequence[Param]) -> None:
    """Write the widgets' values into the URL (defaults left out); nothing is sent if it already says so."""
    state = st.session_state
    wanted = {p.name: p.to_url(state.get(p.key, p.default)) for p in params}
    wanted = {name: values for name, values in wanted.items() if values}
    if wanted != _own(current(), params):
        for param in params:
            if param.name in wanted:
                st.query_params[param.name] = wanted[param.name]
            elif param.name in st.query_params:
                del st.query_params[param.name]
    state.setdefault(PUBLISHED, {})[page] = wanted


def published(page: str) -> dict[str, list[str]]:
    """The query this session last showed for ``page``: the sidebar's link to it keeps a search."""
    return st.session_state.get(PUBLISHED, {}).get(page, {})


def _own(query: dict[str, list[str]], params: Sequence[Param]) -> dict[str, list[str]]:
    names = {p.name for p in params}
    return {name: values for name, values in query.items() if name in names and values}


def address_of(url_path: str) -> st.Page:
    """Another page of the app by its address, for ``st.page_link``: Streamlit matches it on ``url_path``."""
    return st.Page(_elsewhere, title=url_path, url_path=url_path)


def _elsewhere() -> None:
    """Stands for a page of the app by its address only: Streamlit runs the registered one."""
