"""Regio's: per landsdeel its regional pacts, what their parties promised (afspraken) and how far that got,
beside its knelpunten — the comparison staff used to make by hand, for all landsdelen at once and for one.

A pact's landsdeel is the one most of its statements carry (``Store.pacts``); its afspraken are commitments
of kind ``afspraak`` (``nlp/pact.py``, ``nlp/registry.py``); the knelpunten are counted as on *Knelpunten per
regio* (``Store.knelpunten``: each statement once, in its strongest landsdeel).
"""
from __future__ import annotations

from collections import Counter

import streamlit as st

from store.records import Pact, StoredCommitment
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.evidence import dutch_date
from ui.widgets import document_link, html_block, safe, sure_enough, table
from ui.words import CHOOSE

ALL = "(alle landsdelen)"
UNPLACED = "zonder landsdeel"


def page(ctx: PageContext) -> None:
    st.header("Regio's")
    threshold = ctx.settings.search.label_threshold
    pacts = ctx.store.pacts(threshold)
    afspraken = [c for c in ctx.store.commitments("afspraak")]
    knelpunten = Counter(r.landsdeel or UNPLACED for r in ctx.store.knelpunten(threshold))
    landsdelen = ctx.frame.ids("landsdeel")
    st.caption("Per landsdeel de regionale pacten, de afspraken van hun partijen en hoe ver die zijn, naast de "
               "knelpunten. Het landsdeel van een pact is het landsdeel dat de meeste van zijn uitspraken dragen.")
    table([overview_row(ctx, l, pacts, afspraken, knelpunten) for l in [*landsdelen, None]], "regios", key="regios")
    params = [Param("landsdeel", "r-landsdeel", ALL, "text", [ALL, *landsdelen])]
    restore("regios", params)
    chosen = st.selectbox("Landsdeel", [ALL, *landsdelen], key="r-landsdeel", placeholder=CHOOSE,
                          format_func=lambda i: i if i == ALL else ctx.label_name("landsdeel", i))
    publish("regios", params)
    mine = [p for p in pacts if chosen in (ALL, p.landsdeel)]
    if not mine:
        st.info("Geen regionale pacten in dit landsdeel. Voeg ze toe met `kamerspoor ingest` (PDF of tekst).")
        return
    for pact in mine:
        pact_card(ctx, pact, [a for a in afspraken if a.made_at == pact.doc_id])


def overview_row(ctx: PageContext, landsdeel: str | None, pacts: list[Pact], afspraken: list[StoredCommitment],
                 knelpunten: Counter) -> dict:
    """One landsdeel's line of the comparison (None: pacts whose region could not be told)."""
    docs = {p.doc_id for p in pacts if p.landsdeel == landsdeel}
    own = [a for a in afspraken if a.made_at in docs]
    return {"landsdeel": ctx.label_name("landsdeel", landsdeel) if landsdeel else UNPLACED, "pacten": len(docs),
            "afspraken": len(own), "open": sum(a.status in ("open", "onbekend") for a in own),
            "beantwoord": sum(a.status in ("afgedaan", "deels", "in uitvoering") for a in own),
            "toegezegd bedrag (€)": sum(a.amount_eur or 0 for a in own) or None,
            "knelpunten": knelpunten.get(landsdeel or UNPLACED, 0)}


def pact_card(ctx: PageContext, pact: Pact, afspraken: list[StoredCommitment]) -> None:
    """A pact: title, date, region, and its afspraken per party with money, period and status."""
    with st.container(border=True):
        region = ctx.label_name("landsdeel", pact.landsdeel) if pact.landsdeel else "landsdeel onbekend"
        html_block(f"<b>{safe(pact.title or pact.doc_id)}</b> · {safe(dutch_date(pact.date) or 'datum onbekend')}"
                   f" · {safe(region)} · {len(afspraken)} afspraken")
        document_link(pact.doc_id, None, "Toon het pact")
        shown = sure_enough(afspraken, f"r-zeker-{pact.doc_id}")
        if shown:
            table([afspraak_row(a) for a in shown], f"afspraken-{pact.doc_id}"[:31], key=f"r-{pact.doc_id}")


def afspraak_row(a: StoredCommitment) -> dict:
    return {"partij": a.made_by, "afspraak": a.subject, "bedrag (€)": a.amount_eur,
            "periode": a.deadline_text, "status": a.status, "waarom": a.status_evidence,
            "id": a.id, "regel": a.rule, "zekerheid": a.confidence}
