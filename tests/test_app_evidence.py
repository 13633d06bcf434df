"""Evidence chains worth citing (issue 19, item 3): cards with title, type and date, answers as passages,
the toezegging's deadline and te laat, the overdue list, and the export of one chain (Excel, memo)."""
from __future__ import annotations

import copy
import io
import re
from datetime import date

from openpyxl import load_workbook

from nlp.registry import is_overdue
from store.db import Store
from tests.test_app import rerun, run_app, shown
from ui.evidence import build_chain, chain_excel, chain_memo_html, chain_memo_markdown, paper_html

HOSTILE = "<script>alert('x')</script> [klik](https://evil.example/) ![p](//evil.example/p.png)"
FORMULA = '=HYPERLINK("https://evil.example/","klik")'


def cards(app) -> list[str]:
    """The quote cards shown: our markdown blocks holding a blockquote."""
    blocks = [m.value for m in app.markdown] + [h.proto.body for h in app.get("html")]  # ui.widgets.html_block
    return [re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), b) for b in blocks
            if "<blockquote" in b]  # numeric references (ui.widgets.safe) read back, as shown() does


def test_motie_cards_show_title_type_date_and_one_passage_per_answer(corpus_db):
    app = run_app(corpus_db, "Moties", id="32637-391")  # the motie's own address
    assert not app.exception
    text = shown(app)
    # the motion known only from its mentions: its verzoek, and where the papers give it
    assert "verzoekt de regering bij de voorziene evaluatie" in text and "Genoemd in" in text
    # every card: title, type and date of its paper, its page and statement ids
    shown_cards = cards(app)
    assert shown_cards and all(" · p. " in c or "<small>" in c for c in shown_cards)
    vso = [c for c in shown_cards if "kst-32637-448" in c]
    assert vso and all("<b>Bedrijfslevenbeleid; Verslag van een schriftelijk overleg</b>" in c
                       and "verslag schriftelijk overleg" in c and "10 maart 2021" in c for c in vso)
    assert any("18 september 2020" in c and " · brief · " in c for c in shown_cards)
    # the answer in kst-32637-448 (#608–#613) is one passage with its first sentence marked, not six cards
    answer = [c for c in vso if "Reacties op beide moties zijn reeds gegeven." in c]
    assert len(answer) == 1
    assert "kst-32637-448#608–#613" in answer[0] and "p. 23" in answer[0]
    assert "<mark>Reacties op beide moties zijn reeds gegeven.</mark>" in answer[0]
    assert "In de eerder genoemde kabinetsinzet 2021" in answer[0]
    assert sum("kst-32637-448#6" in c for c in vso) == 2  # that passage and the mention #602, nothing else
    # the status with its deciding quote in full (the registry keeps 120 characters of it)
    assert "door SEO beantwoord in het meegestuurde eindrapport.»" in text
    labels = [b.proto.label for b in app.get("download_button")]
    assert {"Bewijsketen (Excel)", "Memo (HTML, af te drukken)", "Memo (Markdown)"} <= set(labels)


def test_toezegging_detail_deadline_te_laat_and_the_overdue_list(corpus_db):
    app = run_app(corpus_db, "Toezeggingen")
    assert not app.exception
    app.date_input(key="t-asof").set_value(date(2025, 1, 1))
    app.checkbox(key="t-overdue").check()
    rerun(app, corpus_db)
    assert not app.exception
    table = app.dataframe[0].value
    with Store(corpus_db, read_only=True) as store:
        late = {r.id for r in store.commitments("toezegging")
                if is_overdue(r.status, r.deadline_end, date(2025, 1, 1))}
    assert late and set(table["id"]) == late and set(table["te laat"]) == {"ja"}
    assert any(f"{len(late)} toezegging" in c.value and "1 januari 2025" in c.value for c in app.caption)
    chosen = table[table["deadline"] == "In 2022"]["id"].iloc[0]
    app.selectbox(key="t-chosen").select(chosen)
    rerun(app, corpus_db)
    assert not app.exception
    text = shown(app)
    assert "In 2022 (1 januari 2022 – 31 december 2022)" in text
    assert "ja — nog open na 31 december 2022 (peildatum 1 januari 2025)" in text
    assert "Staatssecretaris van Economische Zaken en Klimaat" in text  # who
    assert "Gevonden als " in text and "10 maart 2021" in text  # how it was found; where and when made
    assert any("<blockquote" in c and "verslag schriftelijk overleg" in c for c in cards(app))


def test_export_of_one_chain_holds_the_quotes_and_escapes_paper_text(corpus_db):
    with Store(corpus_db, read_only=True) as store:
        record = store.commitment("32637-391")
        chain = build_chain(store, record, date(2025, 1, 1))
        hostile = copy.deepcopy(record)
        hostile.verzoek = FORMULA
        hostile.answers[0].text = HOSTILE
        bad = build_chain(store, hostile, date(2025, 1, 1))

    memo = chain_memo_html(chain)
    assert "<h1>Motie 32637-391</h1>" in memo and "afgedaan" in memo
    assert "Bedrijfslevenbeleid; Verslag van een schriftelijk overleg" in memo and "10 maart 2021" in memo
    assert "<mark>Reacties op beide moties zijn reeds gegeven.</mark> De organisaties Techniek Nederland" in memo
    assert "kst-32637-448#608–#613" in memo and "p. 23" in memo
    markdown = chain_memo_markdown(chain)
    assert "==Reacties op beide moties zijn reeds gegeven.==" in markdown and "kst-32637-448#608–#613" in markdown

    sheet = load_workbook(io.BytesIO(chain_excel(chain))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["deel", "document", "titel"])
    quotes = [dict(zip(rows[header], r)) for r in rows[header + 1:]]
    facts = {r[0]: r[1] for r in rows[1:header] if r[0]}
    assert facts["Motie"] == "32637-391" and facts["Status"] == "afgedaan" and "eindrapport" in facts["Waarom"]
    vso = next(q for q in quotes if q["statements"] == "kst-32637-448#608–#613")
    assert vso["titel"] == "Bedrijfslevenbeleid; Verslag van een schriftelijk overleg"
    assert vso["datum"].date() == date(2021, 3, 10) and vso["pagina"] == "23" and vso["bewijs"] == "antwoord"
    assert vso["citaat"].startswith("Reacties op beide moties zijn reeds gegeven. De organisaties")
    assert vso["link"] == "https://zoek.officielebekendmakingen.nl/kst-32637-448.html" and vso["score"] == 1.0
    assert len(quotes) == len(chain.mentions) + len(chain.answers) == 5

    # a hostile paper: escaped in the HTML memo, inert in Markdown, never a formula in Excel
    memo = chain_memo_html(bad)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in memo and "<script" not in memo
    assert not re.search(r"(?:href|src)\s*=\s*['\"]?[^'\"]*evil", memo)
    assert all(h.startswith("https://zoek.officielebekendmakingen.nl/") for h in re.findall(r"href='([^']*)'", memo))
    assert "default-src 'none'" in memo  # nothing is ever fetched when a colleague opens it
    markdown = chain_memo_markdown(bad)
    assert r"\[klik\]\(https\://evil.example/\)" in markdown and r"\!\[p\]" in markdown
    assert r"\<script\>" in markdown and not re.search(r"(?<!\\)[<\[]", markdown)  # every < and [ escaped
    sheet = load_workbook(io.BytesIO(chain_excel(bad))).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    formula = next(c for c in cells if c.value == FORMULA)
    assert formula.data_type == "s"  # text, not a formula
    assert any(HOSTILE in c.value for c in cells)
    # and in the app the same text is escaped, its Markdown written as character references
    shown_text = paper_html(HOSTILE)
    assert "&lt;script&gt;" in shown_text and "[" not in shown_text and "](" not in shown_text
