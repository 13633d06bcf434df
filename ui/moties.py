"""Moties: the coverage audit — every motion, what the Kamer decided, whether and where it was answered.

The rows come from ``Store.opendata.motie_audit()``: the papers' registry beside the Kamer's own
record (besluit, kabinetsappreciatie, stemmingen). A motion that was not adopted asks nothing of
the government, so it is never open: its status is ``n.v.t.`` and it has its own grey category.
"""
from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ingest.opendata import Stemming
from nlp.motie_form import with_parties
from store.opendata import NOT_ADOPTED, NOT_APPLICABLE
from store.records import Besluit, MotieAudit, StoredCommitment
from ui.address import Param, publish, restore
from ui.context import PageContext
from ui.toezeggingen import evidence_chain
from ui.evidence import document_text, dutch_date, one_line, paper_html, verzoek_text
from ui.widgets import html_block, plain_id, safe, sure_enough, table
from ui.words import CHOOSE

BESLUITEN = ["aangenomen", "verworpen", "aangehouden", "ingetrokken", "uitgesteld", "gestaakt", "onbekend"]
STATUSES = ["afgedaan", "deels", "in uitvoering", "open", "onbekend", "vervangen", NOT_APPLICABLE]
NIET_AANGENOMEN = "niet aangenomen"
COVERAGE = {"afgedaan": "beantwoord", "deels": "deels", "in uitvoering": "deels", "open": "open", "onbekend": "open",
            "vervangen": "vervangen", NOT_APPLICABLE: NIET_AANGENOMEN}
COLOURS = {"beantwoord": "#16a34a", "deels": "#f59e0b", "open": "#dc2626", "vervangen": "#9ca3af",
           NIET_AANGENOMEN: "#4b5563"}
VOTE_COLOURS = {"Voor": "#16a34a", "Tegen": "#dc2626", "Niet deelgenomen": "#9ca3af"}


def page(ctx: PageContext) -> None:
    st.header("Moties")
    records = [ctx.store.with_evidence(r) for r in ctx.store.opendata.motie_audit()]
    asked = st.query_params.get("id")
    if asked and asked not in {r.commitment.id for r in records}:
        st.warning(f"Motie {plain_id(asked)} staat niet in deze database.")
    if not records:
        st.info("Geen moties gevonden.")
        return
    besluit_options = _options(BESLUITEN, [r.besluit for r in records])
    status_options = _options(STATUSES, [r.commitment.status for r in records])
    params = [Param("besluit", "m-besluit", besluit_options, "list", besluit_options),
              Param("status", "m-status", status_options, "list", status_options),
              Param("zekerheid", "m-confidence", 0.0, "float"),
              Param("id", "m-chosen", None, "text", [r.commitment.id for r in records])]
    restore("moties", params)
    left, middle, right = st.columns([2, 2, 1])
    besluiten = left.multiselect("Besluit van de Kamer", besluit_options, key="m-besluit", placeholder=CHOOSE)
    statuses = middle.multiselect("Status (uitvoering)", status_options, key="m-status", placeholder=CHOOSE)
    records = sure_enough([r for r in records if r.besluit in besluiten and r.commitment.status in statuses],
                          "m-confidence", right)
    if not records:
        st.info("Geen moties met dit besluit en deze status.")
        publish("moties", params[:-1])
        return
    rows = [table_row(r) for r in records]
    coverage_bar(rows)
    table(rows, "moties", key="moties")
    labels = {r.commitment.id: _label(r) for r in records}
    first = next(iter(labels))
    if st.session_state.get("m-chosen") not in labels:
        st.session_state["m-chosen"] = first
    chosen = st.selectbox("Motie", list(labels), key="m-chosen", placeholder=CHOOSE, format_func=lambda i: labels.get(i, i))
    publish("moties", [*params[:-1], Param("id", "m-chosen", first)])  # the first one needs no id in the URL
    record = next(r for r in records if r.commitment.id == chosen)
    motie_text(ctx, record.commitment)
    kamer_besluit(ctx, record)
    evidence_chain(ctx, record, "m")
    committee_decisions(record.commitment.besluiten)


def coverage_of(record: MotieAudit) -> str:
    """The coverage category: a motion that was not adopted is never open work."""
    status = record.commitment.status
    if status == "vervangen":
        return "vervangen"
    if status == NOT_APPLICABLE or record.besluit in NOT_ADOPTED:
        return NIET_AANGENOMEN
    return COVERAGE.get(status, "open")


def table_row(r: MotieAudit) -> dict[str, Any]:
    c, zaak = r.commitment, r.zaak
    return {"id": c.id, "besluit": r.besluit, "stemmen": votes_text(r),
            "kabinetsappreciatie": zaak.kabinetsappreciatie if zaak else None, "status": c.status,
            "dekking": coverage_of(r), "indieners": ", ".join(c.indieners),
            "verzoek": c.verzoek or (zaak.onderwerp if zaak else None), "genoemd": len(c.mentions),
            "antwoorden": len(c.answers), "vervangt": c.vervangt, "vervangen door": c.vervangen_door,
            "in commissie": len(c.besluiten), "uitvoering (papieren)": r.uitvoering, "besluit datum": r.besluit_datum,
            "bron besluit": r.besluit_bron, "kamerstuk": c.kamerstuk_id, "zaak": zaak.nummer if zaak else None,
            "gevonden als": c.found_as, "regel": c.rule, "zekerheid": c.confidence}


def votes_text(r: MotieAudit) -> str | None:
    """``86–64``: seats voor–tegen, or None when no vote is on record."""
    if r.zaak is None or (r.zaak.voor is None and r.zaak.tegen is None):
        return None
    return f"{r.zaak.voor or 0}–{r.zaak.tegen or 0}"


def _options(order: list[str], values: list[str | None]) -> list[str]:
    """Every known value in its fixed order, then any others the data holds."""
    present = {v for v in values if v is not None}
    return order + sorted(present - set(order))


def _label(record: MotieAudit) -> str:
    c = record.commitment
    who = ", ".join(c.indieners) or (c.verzoek or (record.zaak.onderwerp if record.zaak else None) or "")[:80]
    return f"{c.id} — {record.besluit} — {who}"


def motie_text(ctx: PageContext, record: StoredCommitment) -> None:
    """The motion as filed (its own document, or as the Handelingen read it out: title, indieners,
    considerations, dictum) with where that text comes from; else its verzoek as the papers that name
    it give it; and the chain of gewijzigde moties."""
    chain = [f"vervangt {record.vervangt}" if record.vervangt else "",
             f"vervangen door {record.vervangen_door}" if record.vervangen_door else ""]
    if any(chain):
        st.info(" · ".join(c for c in chain if c))
    form, doc_id = record.form, record.form_doc_id
    if form:
        people = with_parties([i.name for i in form.indieners], [i.party for i in form.indieners])
        doc = ctx.store.evidence_documents([doc_id]).get(doc_id) if doc_id else None
        source = f"<br><small>Tekst uit {paper_html(document_text(doc))}, {safe(doc_id)}</small>" if doc else ""
        clauses = "".join(f"<p>{paper_html(c)}</p>" for c in form.considerations) + \
            "".join(f"<p><b>{paper_html(c)}</b></p>" for c in form.dictum)
        with st.container(border=True):
            html_block(f"<div><b>{paper_html(form.title)}</b><br>Voorgesteld "
                       f"{safe(dutch_date(form.voorgesteld) or '?')} · {paper_html(', '.join(people))}{source}"
                       f"{clauses}</div>")
        return
    if record.verzoek and record.mentions:
        named_in = _verzoek_sources(ctx, record)
        who = ", ".join(record.indieners)
        with st.container(border=True):
            html_block("<div><b>Verzoek</b> (de motie zelf is niet in de store; zo noemen de stukken haar)"
                       + (f" · {paper_html(who)}" if who else "")
                       + f"<p><b>{paper_html(verzoek_text(record.verzoek))}</b></p>"
                       + (f"<small>Genoemd in {named_in}</small>" if named_in else "") + "</div>")
        return
    if record.first_doc is None:
        st.caption("Het papier van deze motie is niet in de store; alleen de open data van de Kamer.")


def _verzoek_sources(ctx: PageContext, record: StoredCommitment) -> str:
    """The papers whose mention of the motion holds its verzoek: ``title (type, date), p. 1``."""
    wanted = one_line(record.verzoek).lower()[:60]
    mentions = [m for m in record.mentions if wanted and wanted in one_line(m.text).lower()] or record.mentions
    docs = ctx.store.evidence_documents([m.doc_id for m in mentions])
    seen, out = set(), []
    for m in mentions:
        if m.doc_id in seen:
            continue
        seen.add(m.doc_id)
        out.append(f"{paper_html(document_text(docs.get(m.doc_id), m.doc_id))}, p. {safe(m.page)}")
    return "; ".join(out)


def kamer_besluit(ctx: PageContext, record: MotieAudit) -> None:
    """What the Kamer decided, on whose word, and how each fractie voted."""
    st.markdown("**Besluit van de Kamer**")
    zaak = record.zaak
    facts = [("Besluit", record.besluit), ("Datum", record.besluit_datum or "—"),
             ("Bron", record.besluit_bron or "—"), ("Zaak", (zaak.nummer if zaak else None) or "—"),
             ("Kabinetsappreciatie", (zaak.kabinetsappreciatie if zaak else None) or "—"),
             ("Stemmen", votes_text(record) or "—")]
    with st.container(border=True):
        html_block(" · ".join(f"{safe(name)}: <b>{safe(value)}</b>" for name, value in facts))
        votes = fractie_votes(ctx.store.opendata.stemmingen(zaak.zaak_id)) if zaak else []
        if not votes:
            st.info("Geen stemming op record.")
            return
        vote_lists(votes)
        vote_chart(votes)


def fractie_votes(stemmingen: list[Stemming]) -> list[dict[str, Any]]:
    """Seats per fractie and soort. A hoofdelijke stemming has a row per member (each carrying its
    fractie's size): there a fractie's votes are its members, not the sum of those sizes."""
    per_member = any(s.lid for s in stemmingen)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for s in stemmingen:
        vote = out.setdefault((s.fractie, s.soort), {"fractie": s.fractie, "soort": s.soort,
                                                    "zetels": 0, "vergissing": False})
        vote["zetels"] += 1 if per_member else (s.zetels or 0)
        vote["vergissing"] = vote["vergissing"] or bool(s.vergissing)
    return sorted(out.values(), key=lambda v: (list(VOTE_COLOURS).index(v["soort"]) if v["soort"] in VOTE_COLOURS
                                               else len(VOTE_COLOURS), -v["zetels"], v["fractie"]))


def vote_lists(votes: list[dict[str, Any]]) -> None:
    """Voor / tegen / niet deelgenomen, each a line of fracties with their seats."""
    soorten = list(VOTE_COLOURS) + sorted({v["soort"] for v in votes} - set(VOTE_COLOURS))
    lines = []
    for soort in soorten:
        these = [v for v in votes if v["soort"] == soort]
        if these:
            names = ", ".join(f"{safe(v['fractie'])} {v['zetels']}" + ("*" if v["vergissing"] else "") for v in these)
            lines.append(f"<b>{safe(soort)} ({sum(v['zetels'] for v in these)})</b>: {names}")
    if any(v["vergissing"] for v in votes):
        lines.append("<small>* stemde naar eigen zeggen bij vergissing zo</small>")
    html_block("<br>".join(lines))


def vote_chart(votes: list[dict[str, Any]]) -> None:
    """A horizontal bar per fractie, coloured voor / tegen / niet deelgenomen, by seats."""
    frame = pd.DataFrame(votes)
    order = frame.groupby("fractie")["zetels"].sum().sort_values(ascending=False).index.tolist()
    soorten = list(VOTE_COLOURS)
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("fractie:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        x=alt.X("zetels:Q", title="zetels"),
        color=alt.Color("soort:N", scale=alt.Scale(domain=soorten, range=list(VOTE_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["fractie", "soort", "zetels", "vergissing"]).properties(height=alt.Step(22))
    st.altair_chart(chart, width="stretch")


def committee_decisions(besluiten: list[Besluit]) -> None:
    if besluiten:
        st.markdown("**In commissie behandeld**")
        table([{"datum": b.meeting_date, "commissie": b.commissie, "agendapunt": b.agendapunt,
                "onderwerp": b.onderwerp, "besluit": b.besluit} for b in besluiten], "commissie", "commissie",
              downloadable=False)


def coverage_bar(rows: list[dict]) -> None:
    """One stacked bar: how many motions are answered, partly answered, open, replaced, not adopted."""
    counts = pd.DataFrame([{"dekking": k, "moties": sum(1 for r in rows if r["dekking"] == k), "volgorde": n,
                            "alle": "moties"} for n, k in enumerate(COLOURS)])
    cols = st.columns(len(COLOURS))
    for col, (_, row) in zip(cols, counts.iterrows()):
        col.metric(row["dekking"].capitalize(), int(row["moties"]))
    chart = alt.Chart(counts).mark_bar(size=30).encode(
        y=alt.Y("alle:N", title=None, axis=None),
        x=alt.X("moties:Q", stack="normalize", title="aandeel van de moties", axis=alt.Axis(format="%")),
        color=alt.Color("dekking:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                        legend=alt.Legend(orient="bottom", title=None)),
        order=alt.Order("volgorde:Q"), tooltip=["dekking", "moties"]).properties(height=70)
    st.altair_chart(chart, width="stretch")
