"""A paper's fixed form, when its type has one: the motie, the set of Kamervragen, the besluitenlijst,
the moties read out in the Handelingen.

``read_form`` is a pure function of one parsed document, like the other per-document stages;
each document type with a form registers its reader in ``FORM_READERS``.
"""
from __future__ import annotations

from collections.abc import Callable

from ingest.records import Document
from nlp.besluitenlijst import Besluitenlijst, parse_besluitenlijst
from nlp.handelingen import Handelingen, read_handelingen
from nlp.kamervragen import Kamervragen, parse_kamervragen, segments_of
from nlp.motie_form import MotieForm, parse_motie

Form = MotieForm | Kamervragen | Besluitenlijst | Handelingen


def _motie(doc: Document) -> MotieForm | None:
    meta = doc.meta
    kamerstuk = meta.kamerstuk_id.removeprefix("kst-") if meta.kamerstuk_id else None
    return parse_motie(doc.text, kamerstuk, meta.dossiers[0] if meta.dossiers else None, meta.date)


def _kamervragen(doc: Document) -> Kamervragen:
    return parse_kamervragen(doc.text, doc.meta.kamerstuk_id, segments_of(doc.id, doc.blocks))


def _besluitenlijst(doc: Document) -> Besluitenlijst:
    return parse_besluitenlijst(doc.blocks)


def _handelingen(doc: Document) -> Handelingen:
    return read_handelingen(doc.text, doc.meta.kamerstuk_id, doc.meta.date)


FORM_READERS: dict[str, Callable[[Document], Form | None]] = {
    "handelingen": _handelingen,
    "motie": _motie,
    "kamervragen": _kamervragen,
    "besluitenlijst": _besluitenlijst,
}


def read_form(doc: Document) -> Form | None:
    reader = FORM_READERS.get(doc.meta.doc_type)
    return reader(doc) if reader else None
