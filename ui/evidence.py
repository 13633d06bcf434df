"""One motie's or toezegging's evidence chain, fit to cite and to hand on (issue 19, item 3).

``build_chain`` turns a registry record (``Store.commitment``, or a Moties audit row: ``MotieAudit``) into a ``Chain``:
where the commitment was made or named and where it was answered, as **passages** — consecutive
statements of one paper (``kst-32637-448#608``…``#613``) read as one quote, not one card per sentence —
each with its document's title, type and date, its pages and statement ids, and (for answers) the
evidence kind and score; the status with its deciding quote in full; for a toezegging its deadline
and whether it is overdue on a peildatum.

``show_chain`` draws it in the app; ``chain_excel``, ``chain_memo_html`` and ``chain_memo_markdown``
export it. Text from papers is untrusted: in the app and in the HTML memo it is escaped and collapsed
to one line (so it stays inside our own HTML block and is never read as Markdown); in the Markdown memo
every ASCII punctuation mark in it is backslash-escaped; in Excel it is always a string, never a
formula. Our own highlighting (``<mark>``) is the only markup around it.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import streamlit as st

from nlp.records import Link, Statement
from nlp.registry import is_overdue
from store.db import Store
from store.records import MotieAudit, Paper, StoredCommitment, StoredMention
from ui.widgets import commitment_in, document_link, excel_cell, finding_text, html_block, never_formulas, safe
from ui.words import doc_type_name

EVIDENCE_NAMES = {"antwoord": "antwoord", "vervulling": "vervulling", "gelijkenis": "gelijkenis (naar betekenis)"}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
MENTIONED, ANSWERED = "genoemd", "antwoord"
PART_NAMES = {MENTIONED: "Gedaan / genoemd in", ANSWERED: "Beantwoord in"}
# "antwoord in kst-32637-433: De motie …", "lijkt beantwoord in kst-32637-448 (0.73): …",
# "in uitvoering volgens kst-…: …": the registry keeps the first 120 characters of the deciding quote.
STATUS_QUOTE = re.compile(r"^(?P<head>.+? (?:in|volgens)) (?P<doc>\S+?)(?: \((?P<score>[\d.]+)\))?: (?P<text>.+)$", re.S)
OFFICIAL_ID = re.compile(r"^(?:kst|ah-tk|h-tk|h-ek|stcrt|stb|blg)-[0-9a-z-]+$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ------------------------------------------------------------------------------------------ the chain
@dataclass
class Sentence:
    statement_id: str
    text: str
    page: int | None
    score: float | None = None
    evidence: str | None = None
    marked: bool = False


@dataclass
class Passage:
    """Consecutive statements of one paper, quoted as one."""
    part: str  # MENTIONED or ANSWERED
    doc_id: str
    title: str | None
    doc_type: str | None
    doc_date: date | None
    sentences: list[Sentence]
    speaker: str | None = None
    rank: int = 0  # the registry's rank of its best sentence (ties keep the registry's order)

    @property
    def score(self) -> float | None:
        scores = [s.score for s in self.sentences if s.score is not None]
        return max(scores) if scores else None

    @property
    def evidence(self) -> str | None:
        """The evidence kinds of its sentences, best first (``antwoord``, ``antwoord, gelijkenis``)."""
        ranked = sorted(self.sentences, key=lambda s: -(s.score or 0))
        kinds = list(dict.fromkeys(s.evidence for s in ranked if s.evidence))
        return ", ".join(EVIDENCE_NAMES.get(k, k) for k in kinds) or None

    @property
    def pages(self) -> str:
        pages = sorted({s.page for s in self.sentences if s.page is not None})
        if not pages:
            return "p. ?"
        return f"p. {pages[0]}" if len(pages) == 1 else f"p. {pages[0]}–{pages[-1]}"

    @property
    def statements(self) -> str:
        """``kst-32637-448#608`` or ``kst-32637-448#608–#613``."""
        first, last = self.sentences[0].statement_id, self.sentences[-1].statement_id
        return first if first == last else f"{first}–#{last.rsplit('#', 1)[-1]}"

    @property
    def text(self) -> str:
        return " ".join(one_line(s.text) for s in self.sentences)

    @property
    def anchor(self) -> str:
        """The statement to open in the document: the first marked one, else the first."""
        return next((s.statement_id for s in self.sentences if s.marked), self.sentences[0].statement_id)

    @property
    def doc_type_name(self) -> str:
        return doc_type_name(self.doc_type)

    @property
    def link(self) -> str | None:
        return official_link(self.doc_id)


@dataclass
class Chain:
    record: StoredCommitment | MotieAudit
    as_of: date
    mentions: list[Passage] = field(default_factory=list)
    answers: list[Passage] = field(default_factory=list)
    status_head: str = ""  # "antwoord in", "lijkt beantwoord (score 0.73) in"; the whole evidence without a quote
    status_quote: Passage | None = None  # the deciding quote in full, when the status names one
    made_in: Paper | None = None  # the paper a toezegging was made in, when it is one

    @property
    def commitment(self) -> StoredCommitment:
        return commitment_in(self.record)

    @property
    def audit(self) -> MotieAudit | None:
        """The Kamer's record beside the motie, on the Moties page."""
        return self.record if isinstance(self.record, MotieAudit) else None

    @property
    def kind(self) -> str:
        return "Toezegging" if self.commitment.kind == "toezegging" else "Motie"

    @property
    def subject(self) -> str:
        c, zaak = self.commitment, self.audit and self.audit.zaak
        return one_line(c.subject or c.verzoek or (zaak.onderwerp if zaak else None) or "")

    @property
    def overdue(self) -> bool:
        return is_overdue(self.commitment.status or "", self.commitment.deadline_end, self.as_of)

    def facts(self) -> list[tuple[str, str]]:
        """(name, value) lines: the commitment, its status and why, its deadline, who, where, how found."""
        c, audit = self.commitment, self.audit
        status_why = self.status_head
        if self.status_quote is not None:
            q = self.status_quote
            status_why += f" {source_text(q)}, {q.pages}: «{q.text}»"
        out = [(self.kind, c.id), ("Onderwerp" if self.kind == "Toezegging" else "Verzoek", self.subject or "—"),
               ("Status", c.status or "—"), ("Waarom", status_why or "—")]
        if self.kind == "Toezegging":
            out += [("Termijn", deadline_text(c)), ("Te laat", overdue_text(c, self.as_of)),
                    ("Door", c.made_by or "—"), ("Gedaan in", self.made_in_text()),
                    ("Datum", dutch_date(c.made_on) or "—")]
        else:
            out += [("Indieners", ", ".join(c.indieners) or "—")]
            if audit is not None and audit.besluit:
                out += [("Besluit van de Kamer", audit.besluit + (f" ({dutch_date(audit.besluit_datum)})"
                                                                  if audit.besluit_datum else ""))]
            if c.vervangen_door or c.vervangt:
                out += [("Gewijzigd", " · ".join(x for x in (f"vervangt {c.vervangt}" if c.vervangt else "",
                                                             f"vervangen door {c.vervangen_door}"
                                                             if c.vervangen_door else "") if x))]
        out.append(("Gevonden", finding_text(c) or "—"))
        return out

    def made_in_text(self) -> str:
        made_at = self.commitment.made_at
        if not made_at:
            return "—"
        if self.made_in:
            return f"{made_at} — {document_text(self.made_in)}"
        return made_at

    def passages(self) -> list[Passage]:
        return self.mentions + self.answers


def build_chain(store: Store, record: StoredCommitment | MotieAudit, as_of: date | None = None) -> Chain:
    """The record's mentions and answers as passages, with their documents, and its status in full."""
    commitment = commitment_in(record)
    mentions, answers = commitment.mentions, commitment.answers
    made_at = commitment.made_at if commitment.kind == "toezegging" else None
    docs = store.evidence_documents([i.doc_id for i in [*mentions, *answers]] + ([made_at] if made_at else []))
    rows = store.evidence_statements([i.statement_id for i in [*mentions, *answers]])
    chain = Chain(record, as_of or date.today(), made_in=docs.get(made_at or ""))
    chain.mentions = passages(mentions, MENTIONED, docs, rows)
    chain.answers = passages(answers, ANSWERED, docs, rows)
    chain.status_head, chain.status_quote = status_reason(commitment, chain, store)
    return chain


def passages(items: list[StoredMention] | list[Link], part: str, docs: dict[str, Paper],
             rows: dict[str, Statement]) -> list[Passage]:
    """Consecutive statements of one paper (adjacent ``seq``) joined into one passage. Answers: the
    best passage first, and in a passage of several sentences the best-scoring one(s) marked (the
    sentence the match was made on; the rest of the answer follows it). Mentions: oldest paper first."""
    seen: dict[str, int] = {}
    for rank, item in enumerate(items):
        seen.setdefault(item.statement_id, rank)  # a statement linked twice is quoted once
    unique = [items[rank] for rank in sorted(seen.values())]
    ordered = sorted(unique, key=lambda i: (i.doc_id, _seq(i, rows) if _seq(i, rows) is not None else 10**9,
                                            seen[i.statement_id]))
    runs: list[list[StoredMention | Link]] = []
    for item in ordered:
        seq, last = _seq(item, rows), runs[-1][-1] if runs else None
        if last is not None and last.doc_id == item.doc_id and seq is not None \
                and _seq(last, rows) is not None and seq == _seq(last, rows) + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    out = []
    for run in runs:
        doc = docs.get(run[0].doc_id)
        sentences = [Sentence(i.statement_id, i.text, i.page, _float(i.score), i.evidence) if isinstance(i, Link)
                     else Sentence(i.statement_id, i.text, i.page) for i in run]
        speakers = [rows[i.statement_id].speaker if i.statement_id in rows else None for i in run]
        passage = Passage(part, run[0].doc_id, doc.title if doc else None, doc.doc_type if doc else None,
                          doc.date if doc else None, sentences, speaker=next((s for s in speakers if s), None),
                          rank=min(seen[i.statement_id] for i in run))
        best = passage.score
        if part == ANSWERED and len(sentences) > 1 and best is not None:
            for s in sentences:
                s.marked = s.score is not None and s.score >= best - 1e-6
        out.append(passage)
    if part == ANSWERED:
        return sorted(out, key=lambda p: (-(p.score or 0), p.rank))
    return sorted(out, key=lambda p: (p.doc_date or date.max, p.doc_id, p.rank))


def _seq(item: StoredMention | Link, rows: dict[str, Statement]) -> int | None:
    row = rows.get(item.statement_id)
    if row is not None:
        return row.seq
    tail = item.statement_id.rsplit("#", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)


def status_reason(record: StoredCommitment, chain: Chain, store: Store | None = None) -> tuple[str, Passage | None]:
    """The status evidence with its quote in full: the registry keeps only the quote's first 120
    characters; the quote is one of the chain's sentences, found by that prefix (else the paper's
    statement that starts with it)."""
    evidence = one_line(record.status_evidence or "")
    match = STATUS_QUOTE.match(evidence)
    if not match:
        return evidence, None
    prefix = match["text"].strip()
    head = match["head"].removesuffix(" in") + f" (score {match['score']}) in" if match["score"] else match["head"]
    for passage in chain.answers + chain.mentions:
        if passage.doc_id != match["doc"]:
            continue
        for sentence in passage.sentences:
            if one_line(sentence.text).startswith(prefix):
                return head, Passage(passage.part, passage.doc_id, passage.title, passage.doc_type, passage.doc_date,
                                     [Sentence(sentence.statement_id, sentence.text, sentence.page, sentence.score,
                                               sentence.evidence)], passage.speaker)
    row = store.evidence_statement_starting(match["doc"], prefix) if store is not None else None
    if row is None:
        return evidence, None
    doc = store.evidence_documents([row.doc_id]).get(row.doc_id)
    return head, Passage(ANSWERED, row.doc_id, doc.title if doc else None, doc.doc_type if doc else None,
                         doc.date if doc else None, [Sentence(row.id, row.text, row.page)], row.speaker)


# ------------------------------------------------------------------------------------------ words
def one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def dutch_date(value: Any) -> str:
    """``10 maart 2021``; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return str(value)


def deadline_text(record: StoredCommitment) -> str:
    """``In 2022 (1 januari 2022 – 31 december 2022)``, or that it has none."""
    text, start, end = record.deadline_text, record.deadline_start, record.deadline_end
    if not (text or start or end):
        return "geen termijn genoemd"
    span = " – ".join(x for x in (dutch_date(start), dutch_date(end)) if x) if start != end else dutch_date(end)
    return f"{one_line(text) or 'termijn'} ({span})" if span else one_line(text)


def overdue_text(record: StoredCommitment, as_of: date) -> str:
    if is_overdue(record.status or "", record.deadline_end, as_of):
        return f"ja — nog open na {dutch_date(record.deadline_end)} (peildatum {dutch_date(as_of)})"
    if record.deadline_end is None:
        return f"niet te bepalen: geen termijn (peildatum {dutch_date(as_of)})"
    if (record.status or "") != "open":
        return f"nee — status {record.status} (peildatum {dutch_date(as_of)})"
    return f"nee — termijn loopt tot {dutch_date(record.deadline_end)} (peildatum {dutch_date(as_of)})"


def verzoek_text(verzoek: str) -> str:
    """``verzoekt de regering …``: a verzoek read from a mention lacks the verb, one from a form has it."""
    text = one_line(verzoek)
    return text if re.match(r"(?i)(verzoekt|spreekt|draagt|roept|constaterende|overwegende)\b", text) \
        else f"verzoekt de regering {text}"


def document_text(doc: Paper | None, doc_id: str | None = None) -> str:
    """``Bedrijfslevenbeleid; Verslag … (verslag schriftelijk overleg, 10 maart 2021)``; of a paper the store does
    not hold (None), its id ``doc_id`` for a title."""
    kind = doc_type_name(doc.doc_type if doc else None)
    when = dutch_date(doc.date if doc else None) or "datum onbekend"
    return f"{one_line(doc.title if doc else None) or (doc.id if doc else doc_id)} ({kind}, {when})"


def source_text(p: Passage) -> str:
    """``Title (type, date), doc-id``."""
    return f"{one_line(p.title) or p.doc_id} ({p.doc_type_name}, {dutch_date(p.doc_date) or 'datum onbekend'}), {p.doc_id}"


def official_link(doc_id: str) -> str | None:
    """The paper on officielebekendmakingen.nl, for ids that are official publication ids."""
    return f"https://zoek.officielebekendmakingen.nl/{doc_id}.html" if OFFICIAL_ID.match(doc_id or "") else None


def paper_html(text: Any) -> str:
    """Paper text as HTML text: escaped, on one line, and with the characters Markdown and Streamlit's
    own directives react to written as character references (which never count as syntax)."""
    escaped = safe(one_line(text))
    return escaped.translate(_MARKDOWN_REFS)


_MARKDOWN_REFS = str.maketrans({c: f"&#{ord(c)};" for c in "[]()!*_`~$:\\|{}"})


def passage_html(p: Passage) -> str:
    """The passage's sentences, the marked ones in <mark>; each carries its statement id and score on hover."""
    out = []
    for s in p.sentences:
        tip = s.statement_id + (f" · {EVIDENCE_NAMES.get(s.evidence or '', s.evidence)} · score {s.score:.2f}"
                                if s.score is not None else "")
        body = paper_html(s.text)
        out.append(f'<span title="{safe(tip)}">' + (f"<mark>{body}</mark>" if s.marked else body) + "</span>")
    return " ".join(out)


def source_html(p: Passage) -> str:
    """Title, type and date; then the document id, pages, statements and the evidence."""
    title = paper_html(p.title) if p.title else safe(p.doc_id)
    line = [f"<b>{title}</b>", safe(p.doc_type_name), safe(dutch_date(p.doc_date) or "datum onbekend")]
    detail = [safe(p.doc_id), safe(p.pages), safe(p.statements)]
    if p.part == ANSWERED:
        detail.append(safe(p.evidence or "antwoord") + (f" · score {p.score:.2f}" if p.score is not None else ""))
    if p.speaker:
        detail.append(safe(p.speaker))
    return " · ".join(line) + f"<br><small>{' · '.join(detail)}</small>"


# ------------------------------------------------------------------------------------------ the app
def show_chain(store: Store, record: StoredCommitment | MotieAudit, key: str, as_of: date | None = None) -> Chain:
    """The evidence chain on a page: status in full, the toezegging's facts, the quotes as passages,
    and the downloads of this one chain (Excel, HTML memo, Markdown memo)."""
    chain = build_chain(store, record, as_of)
    st.subheader(f"{chain.commitment.id} · {chain.commitment.status}")
    with st.container(border=True):
        html_block(f"<div>{facts_html(chain)}</div>")
    st.markdown(f"**{PART_NAMES[MENTIONED]}**")
    if not chain.mentions:
        st.caption("Niet genoemd in de opgeslagen stukken.")
    for n, p in enumerate(chain.mentions):
        _card(p)
    st.markdown(f"**{PART_NAMES[ANSWERED]}** (beste eerst)")
    if not chain.answers:
        st.caption("Nog geen antwoord gevonden in de opgeslagen stukken.")
    for n, p in enumerate(chain.answers):
        _card(p)
    export_buttons(chain, key)
    return chain


def facts_html(chain: Chain) -> str:
    rows = []
    for name, value in chain.facts()[1:]:  # the id is the subheader
        if name == "Waarom" and chain.status_quote is not None:
            q = chain.status_quote
            value_html = (f"{safe(chain.status_head)} {paper_html(q.title) if q.title else safe(q.doc_id)} "
                          f"({safe(q.doc_type_name)}, {safe(dutch_date(q.doc_date) or 'datum onbekend')}), "
                          f"{safe(q.doc_id)}, {safe(q.pages)}: «{paper_html(q.text)}»")
        elif name in ("Onderwerp", "Verzoek", "Waarom", "Gedaan in"):
            value_html = paper_html(value)
        else:
            value_html = safe(value)
        if name == "Te laat" and chain.overdue:
            value_html = f"<span style='color:#dc2626'><b>{value_html}</b></span>"
        rows.append(f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em;white-space:nowrap'>"
                    f"{safe(name)}</th><td>{value_html}</td></tr>")
    return f"<table style='border:none'>{''.join(rows)}</table>"


def _card(p: Passage) -> None:
    with st.container(border=True):
        html_block(f"<div>{source_html(p)}<blockquote style='margin:0.3em 0'>{passage_html(p)}</blockquote></div>")
        document_link(p.doc_id, p.anchor)


def export_buttons(chain: Chain, key: str) -> None:
    """Downloads of this one evidence chain; the files are made only when clicked.

    ``on_click="ignore"``: a click must not rerun the page. Each run registers the file-maker under a new
    id, so a rerun racing the browser's fetch could orphan the file and the click would download nothing."""
    name = file_name(chain)
    st.markdown("**Deze bewijsketen bewaren**")
    left, middle, right = st.columns(3)
    left.download_button("Bewijsketen (Excel)", lambda: chain_excel(chain), f"{name}.xlsx", XLSX, key=f"{key}-chain-xlsx",
                         on_click="ignore")
    middle.download_button("Memo (HTML, af te drukken)", lambda: chain_memo_html(chain).encode("utf-8"),
                           f"{name}.html", "text/html", key=f"{key}-chain-html", on_click="ignore")
    right.download_button("Memo (Markdown)", lambda: chain_memo_markdown(chain).encode("utf-8"), f"{name}.md",
                          "text/markdown", key=f"{key}-chain-md", on_click="ignore")


def file_name(chain: Chain) -> str:
    return "bewijsketen-" + re.sub(r"[^0-9A-Za-z._-]+", "-", str(chain.commitment.id)).strip("-")[:80]


# ------------------------------------------------------------------------------------------ exports
QUOTE_COLUMNS = ["deel", "document", "titel", "soort document", "datum", "pagina", "statements", "link", "bewijs",
                 "score", "spreker", "citaat", "gemarkeerd"]


def quote_rows(chain: Chain) -> list[dict[str, Any]]:
    """One row per quote (passage): the Excel sheet's table."""
    return [{"deel": PART_NAMES[p.part], "document": p.doc_id, "titel": one_line(p.title), "soort document": p.doc_type_name,
             "datum": p.doc_date, "pagina": p.pages.removeprefix("p. "), "statements": p.statements, "link": p.link,
             "bewijs": p.evidence if p.part == ANSWERED else "vermelding", "score": p.score, "spreker": p.speaker,
             "citaat": p.text, "gemarkeerd": " ".join(one_line(s.text) for s in p.sentences if s.marked) or None}
            for p in chain.passages()]


def chain_excel(chain: Chain) -> bytes:
    """One sheet: the commitment, its status and why (name/value lines), then one row per quote.
    Every cell from a paper is a string (``=…`` in a paper never becomes a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Bewijsketen"
    sheet.append([excel_cell(f"Bewijsketen {chain.kind.lower()} {chain.commitment.id}")])
    sheet["A1"].font = Font(bold=True, size=14)
    for name, value in chain.facts():
        sheet.append([excel_cell(name), excel_cell(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([excel_cell("Peildatum"), chain.as_of])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append([excel_cell(c) for c in QUOTE_COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in quote_rows(chain):
        sheet.append([excel_cell(row[c]) for c in QUOTE_COLUMNS])
    never_formulas(sheet)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD-MM-YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"A": 22, "B": 40, "C": 40, "D": 18, "E": 12, "F": 8, "G": 26, "H": 30, "I": 18, "J": 7, "K": 22,
              "L": 90, "M": 50}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MEMO_STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:48em;margin:2em auto;line-height:1.45;color:#111}
h1{font-size:1.4em;margin-bottom:0.2em} h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #999}
table.facts th{text-align:left;vertical-align:top;padding-right:1em;white-space:nowrap} table.facts td{vertical-align:top}
.quote{margin:0.8em 0;page-break-inside:avoid} .src{margin:0;font-size:0.92em} .src small{color:#444}
blockquote{margin:0.3em 0 0 0;padding-left:0.8em;border-left:3px solid #999} mark{background:#fde68a}
.late{color:#b91c1c;font-weight:bold} footer{margin-top:2em;font-size:0.8em;color:#555}
@media print{body{margin:0;max-width:none} a{color:inherit;text-decoration:none}}
"""


def chain_memo_html(chain: Chain) -> str:
    """A printable memo (a self-contained HTML file): heading with id and subject, status and why,
    deadline, then each quote with document title, type, date, page and statement ids. Every text
    from a paper is escaped; the only links are to officielebekendmakingen.nl for official ids, and the
    page's Content-Security-Policy forbids loading anything at all."""
    e = _memo_escape
    r = chain.commitment
    facts = "".join(f"<tr><th>{e(name)}</th><td{' class=late' if name == 'Te laat' and chain.overdue else ''}>"
                    f"{e(value)}</td></tr>" for name, value in chain.facts()[2:])  # id and subject: the heading
    motion = motion_lines(r)
    body = [f"<h1>{e(chain.kind)} {e(r.id)}</h1>", f"<p><b>{e(chain.subject)}</b></p>" if chain.subject else "",
            f"<table class='facts'>{facts}<tr><th>Peildatum</th><td>{e(dutch_date(chain.as_of))}</td></tr></table>"]
    if motion:
        body.append("<h2>Tekst van de motie</h2>" + "".join(f"<p>{e(line)}</p>" for line in motion))
    for part, items in ((MENTIONED, chain.mentions), (ANSWERED, chain.answers)):
        body.append(f"<h2>{e(PART_NAMES[part])}{' (beste eerst)' if part == ANSWERED else ''}</h2>")
        if not items:
            body.append("<p><i>Geen.</i></p>")
        for n, p in enumerate(items, 1):
            link = f" · <a href='{e(p.link)}' rel='noreferrer noopener'>{e(p.link)}</a>" if p.link else ""
            body.append(f"<div class='quote'><p class='src'>{n}. <b>{e(p.title or p.doc_id)}</b> · {e(p.doc_type_name)} · "
                        f"{e(dutch_date(p.doc_date) or 'datum onbekend')}<br><small>{e(p.doc_id)} · {e(p.pages)} · "
                        f"{e(p.statements)}" + (f" · {e(p.evidence or 'antwoord')}" if part == ANSWERED else "")
                        + (f" · score {p.score:.2f}" if p.score is not None else "")
                        + (f" · {e(p.speaker)}" if p.speaker else "") + f"{link}</small></p>"
                        f"<blockquote>{_memo_passage(p)}</blockquote></div>")
    body.append(f"<footer>Gemaakt met Kamerspoor op {e(dutch_date(date.today()))}. Gemarkeerd: de zin waarop het "
                f"antwoord is gevonden. Statement-ids (document#volgnummer) wijzen de zin aan in de store "
                f"(<code>kamerspoor show DOCUMENT</code>).</footer>")
    return ("<!DOCTYPE html>\n<html lang='nl'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name='referrer' content='no-referrer'>"
            f"<title>{e(chain.kind)} {e(r.id)} — bewijsketen</title><style>{MEMO_STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def _memo_escape(text: Any) -> str:
    return html.escape(one_line(text), quote=True)


def _memo_passage(p: Passage) -> str:
    return " ".join(f"<mark>{_memo_escape(s.text)}</mark>" if s.marked else _memo_escape(s.text) for s in p.sentences)


def motion_lines(record: StoredCommitment) -> list[str]:
    """The motion's own text (title, considerations, dictum) when the store has it, else its verzoek."""
    if record.kind != "motie":
        return []
    form = record.form
    if form:
        return [x for x in [form.title, *form.considerations, *form.dictum] if x]
    if record.verzoek:
        return [f"{verzoek_text(record.verzoek)} (verzoek zoals de vermeldingen het noemen)"]
    return []


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()!|~&:=$@^\"]|(?<=[wW]{3})\.)")


def md_escape(text: Any) -> str:
    """Paper text for Markdown, on one line (so it never starts a line: no heading, list or quote), with
    every mark that makes links, images, HTML, emphasis, code or autolinks (``:`` of a scheme, ``www.``,
    ``@``) backslash-escaped, as CommonMark allows for any ASCII punctuation."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", one_line(text))


def chain_memo_markdown(chain: Chain) -> str:
    """The memo as Markdown, with the same content as the HTML memo."""
    m = md_escape
    r = chain.commitment
    lines = [f"# {m(chain.kind)} {m(r.id)}", ""]
    if chain.subject:
        lines += [f"**{m(chain.subject)}**", ""]
    lines += [f"- **{m(name)}**: {m(value)}" for name, value in chain.facts()[2:]]
    lines += [f"- **Peildatum**: {m(dutch_date(chain.as_of))}", ""]
    motion = motion_lines(r)
    if motion:
        lines += ["## Tekst van de motie", ""] + [f"> {m(line)}\n>" for line in motion] + [""]
    for part, items in ((MENTIONED, chain.mentions), (ANSWERED, chain.answers)):
        lines += [f"## {m(PART_NAMES[part])}{' (beste eerst)' if part == ANSWERED else ''}", ""]
        if not items:
            lines += ["*Geen.*", ""]
        for n, p in enumerate(items, 1):
            detail = [p.doc_id, p.pages, p.statements] + ([p.evidence or "antwoord"] if part == ANSWERED else []) \
                + ([f"score {p.score:.2f}"] if p.score is not None else []) + ([p.speaker] if p.speaker else []) \
                + ([p.link] if p.link else [])
            quote = " ".join(f"=={m(s.text)}==" if s.marked else m(s.text) for s in p.sentences)
            lines += [f"{n}\\. **{m(p.title or p.doc_id)}** · {m(p.doc_type_name)} · "
                      f"{m(dutch_date(p.doc_date) or 'datum onbekend')}  ", f"{m(' · '.join(detail))}", "",
                      f"> {quote}", ""]
    lines += [f"*Gemaakt met Kamerspoor op {m(dutch_date(date.today()))}\\. Gemarkeerd \\(==…==\\): de zin waarop het "
              "antwoord is gevonden\\.*", ""]
    return "\n".join(lines)
