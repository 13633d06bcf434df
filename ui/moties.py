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
    records = [with_commitment(ctx, r) for r in ctx.store.opendata.motie_audit()]
    asked = st.query_params.get("id")
    if asked and asked not in {r["id"] for r in records}:
        st.warning(f"Motie {plain_id(asked)} staat niet in deze database.")
    if not records:
        st.info("Geen moties gevonden.")
        return
    besluit_options, status_options = _options(BESLUITEN, records, "besluit"), _options(STATUSES, records, "status")
    params = [Param("besluit", "m-besluit", besluit_options, "list", besluit_options),
              Param("status", "m-status", status_options, "list", status_options),
              Param("zekerheid", "m-confidence", 0.0, "float"),
              Param("id", "m-chosen", None, "text", [r["id"] for r in records])]
    restore("moties", params)
    left, middle, right = st.columns([2, 2, 1])
    besluiten = left.multiselect("Besluit van de Kamer", besluit_options, key="m-besluit", placeholder=CHOOSE)
    statuses = middle.multiselect("Status (uitvoering)", status_options, key="m-status", placeholder=CHOOSE)
    records = sure_enough([r for r in records if r["besluit"] in besluiten and r["status"] in statuses], "m-confidence", right)
    if not records:
        st.info("Geen moties met dit besluit en deze status.")
        publish("moties", params[:-1])
        return
    rows = [table_row(r) for r in records]
    coverage_bar(rows)
    table(rows, "moties", key="moties")
    labels = {r["id"]: _label(r) for r in rows}
    first = next(iter(labels))
    if st.session_state.get("m-chosen") not in labels:
        st.session_state["m-chosen"] = first
    chosen = st.selectbox("Motie", list(labels), key="m-chosen", placeholder=CHOOSE, format_func=lambda i: labels.get(i, i))
    publish("moties", [*params[:-1], Param("id", "m-chosen", first)])  # the first one needs no id in the URL
    record = next(r for r in records if r["id"] == chosen)
    motie_text(ctx, record)
    kamer_besluit(ctx, record)
    evidence_chain(ctx, record, "m")
    committee_decisions(record["besluiten"])


def with_commitment(ctx: PageContext, audit: dict[str, Any]) -> dict[str, Any]:
    """The audit row with the registry's mentions, answers, form and committee decisions. A motion
    known only from the open data has no commitment row: it gets empty lists (and the committee
    decisions on its Kamerstuk, if a besluitenlijst names it)."""
    commitment = ctx.store.commitment(audit["id"])
    if commitment is None or commitment.get("kind") != "motie":
        kamerstuk = audit.get("kamerstuk_id")
        commitment = {"mentions": [], "answers": [], "form": None,
                      "besluiten": ctx.store.besluiten(ref=kamerstuk) if kamerstuk else []}
    return {**commitment, **audit}  # the audit's status (n.v.t. when not adopted) wins


def coverage_of(record: dict[str, Any]) -> str:
    """The coverage category: a motion that was not adopted is never open work."""
    if record["status"] == "vervangen":
        return "vervangen"
    if record["status"] == NOT_APPLICABLE or record["besluit"] in NOT_ADOPTED:
        return NIET_AANGENOMEN
    return COVERAGE.get(record["status"], "open")


def table_row(r: dict[str, Any]) -> dict[str, Any]:
    return {"id": r["id"], "besluit": r["besluit"], "stemmen": votes_text(r),
            "kabinetsappreciatie": r.get("kabinetsappreciatie"), "status": r["status"], "dekking": coverage_of(r),
            "indieners": ", ".join(r["indieners"] or []), "verzoek": r["verzoek"] or r.get("zaak_onderwerp"),
            "genoemd": len(r["mentions"]), "antwoorden": len(r["answers"]), "vervangt": r["vervangt"],
            "vervangen door": r["vervangen_door"], "in commissie": len(r["besluiten"]),
            "uitvoering (papieren)": r.get("uitvoering"), "besluit datum": r.get("besluit_datum"),
            "bron besluit": r.get("besluit_bron"), "kamerstuk": r["kamerstuk_id"], "zaak": r.get("zaak"),
            "gevonden als": r.get("found_as"), "regel": r.get("rule"), "zekerheid": r.get("confidence")}


def votes_text(r: dict[str, Any]) -> str | None:
    """``86–64``: seats voor–tegen, or None when no vote is on record."""
    if r.get("voor") is None and r.get("tegen") is None:
        return None
    return f"{r.get('voor') or 0}–{r.get('tegen') or 0}"


def _options(order: list[str], records: list[dict[str, Any]], field: str) -> list[str]:
    """Every known value in its fixed order, then any others the data holds."""
    present = {r[field] for r in records if r[field] is not None}
    return order + sorted(present - set(order))


def _label(row: dict[str, Any]) -> str:
    who = row["indieners"] or (row["verzoek"] or "")[:80]
    return f"{row['id']} — {row['besluit']} — {who}"


def motie_text(ctx: PageContext, record: dict) -> None:
    """The motion as filed (its own document, or as the Handelingen read it out: title, indieners,
    considerations, dictum) with where that text comes from; else its verzoek as the papers that name
    it give it; and the chain of gewijzigde moties."""
    chain = [f"vervangt {record['vervangt']}" if record["vervangt"] else "",
             f"vervangen door {record['vervangen_door']}" if record["vervangen_door"] else ""]
    if any(chain):
        st.info(" · ".join(c for c in chain if c))
    form = record["form"]
    if form:
        people = with_parties(form["indieners"] or [], form["partijen"] or [])
        doc = ctx.store.evidence_documents([form["doc_id"]]).get(form["doc_id"]) if form.get("doc_id") else None
        source = f"<br><small>Tekst uit {paper_html(document_text(doc))}, {safe(form['doc_id'])}</small>" if doc else ""
        clauses = "".join(f"<p>{paper_html(c)}</p>" for c in form["considerations"] or []) + \
            "".join(f"<p><b>{paper_html(c)}</b></p>" for c in form["dictum"] or [])
        with st.container(border=True):
            html_block(f"<div><b>{paper_html(form['title'])}</b><br>Voorgesteld "
                       f"{safe(dutch_date(form['voorgesteld']) or '?')} · {paper_html(', '.join(people))}{source}"
                       f"{clauses}</div>")
        return
    if record.get("verzoek") and record.get("mentions"):
        named_in = _verzoek_sources(ctx, record)
        who = ", ".join(record.get("indieners") or [])
        with st.container(border=True):
            html_block("<div><b>Verzoek</b> (de motie zelf is niet in de store; zo noemen de stukken haar)"
                       + (f" · {paper_html(who)}" if who else "")
                       + f"<p><b>{paper_html(verzoek_text(record['verzoek']))}</b></p>"
                       + (f"<small>Genoemd in {named_in}</small>" if named_in else "") + "</div>")
        return
    if record.get("first_doc") is None:
        st.caption("Het papier van deze motie is niet in de store; alleen de open data van de Kamer.")


def _verzoek_sources(ctx: PageContext, record: dict) -> str:
    """The papers whose mention of the motion holds its verzoek: ``title (type, date), p. 1``."""
    wanted = one_line(record["verzoek"]).lower()[:60]
    mentions = [m for m in record["mentions"] if wanted and wanted in one_line(m["text"]).lower()] or record["mentions"]
    docs = ctx.store.evidence_documents([m["doc_id"] for m in mentions])
    seen, out = set(), []
    for m in mentions:
        if m["doc_id"] in seen:
            continue
        seen.add(m["doc_id"])
        doc = docs.get(m["doc_id"], {"id": m["doc_id"]})
        out.append(f"{paper_html(document_text(doc))}, p. {safe(m['page'])}")
    return "; ".join(out)


def kamer_besluit(ctx: PageContext, record: dict[str, Any]) -> None:
    """What the Kamer decided, on whose word, and how each fractie voted."""
    st.markdown("**Besluit van de Kamer**")
    facts = [("Besluit", record["besluit"]), ("Datum", record.get("besluit_datum") or "—"),
             ("Bron", record.get("besluit_bron") or "—"), ("Zaak", record.get("zaak") or "—"),
             ("Kabinetsappreciatie", record.get("kabinetsappreciatie") or "—"), ("Stemmen", votes_text(record) or "—")]
    with st.container(border=True):
        html_block(" · ".join(f"{safe(name)}: <b>{safe(value)}</b>" for name, value in facts))
        votes = fractie_votes(ctx.store.opendata.stemmingen(record["zaak_id"])) if record.get("zaak_id") else []
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


def committee_decisions(besluiten: list[dict]) -> None:
    if besluiten:
        st.markdown("**In commissie behandeld**")
        table([{"datum": b["meeting_date"], "commissie": b["commissie"], "agendapunt": b["agendapunt"],
                "onderwerp": b["onderwerp"], "besluit": b["besluit"]} for b in besluiten], "commissie", "commissie",
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
