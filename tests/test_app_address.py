"""Issue 19: every page and object has an address; Dutch words; the Documenten page's own tools.

AppTest runs the real app on the sample store; ``goto`` opens a URL as a pasted link does. The walk in a
real browser (Back, scrolling, downloads) is in tests/test_app_browser.py.
"""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from tests.test_app import document_links, follow, goto, page_title, rerun, run_app, shown
from ui.address import Param
from ui.widgets import as_csv, as_excel


def test_a_search_lives_in_its_url_both_ways(corpus_db):
    app = run_app(corpus_db, "Zoeken", q="hybride docenten", landsdeel=["oost", "zuidwest"], knelpunt="ja", aantal="7")
    assert not app.exception
    assert app.text_input(key="query").value == "hybride docenten"
    assert app.multiselect(key="f-landsdeel").value == ["oost", "zuidwest"]
    assert app.checkbox(key="f-knelpunt").value is True and app.slider(key="f-limit").value == 7
    # a change on the page is written back: only what differs from the defaults
    app.text_input(key="query").input("tekort aan technici")
    app.checkbox(key="f-knelpunt").uncheck()
    rerun(app, corpus_db)
    assert app.query_params == {"q": "tekort aan technici", "landsdeel": ["oost", "zuidwest"], "aantal": "7"}


def test_a_url_with_values_the_page_does_not_know_opens_with_those_left_out(corpus_db):
    app = run_app(corpus_db, "Zoeken", q="docenten", landsdeel=["atlantis", "oost"], aantal="many", van="gisteren")
    assert not app.exception
    assert app.multiselect(key="f-landsdeel").value == ["oost"] and app.slider(key="f-limit").value == 20


def test_a_pasted_motie_url_opens_that_motie_and_an_unknown_one_says_so(corpus_db):
    app = run_app(corpus_db, "Moties", id="32637-392")
    assert not app.exception and page_title(app) == "Moties"
    assert app.selectbox(key="m-chosen").value == "32637-392"
    goto(app, corpus_db, "Moties", id="99999-1")
    assert any("Motie 99999-1 staat niet in deze database" in w.value for w in app.warning)


def test_a_pasted_toezegging_url_opens_that_toezegging(corpus_db):
    app = run_app(corpus_db, "Toezeggingen")
    ids = list(app.dataframe[0].value["id"])
    assert len(ids) > 1 and app.selectbox(key="t-chosen").value == ids[0]
    goto(app, corpus_db, "Toezeggingen", id=ids[-1])
    assert app.selectbox(key="t-chosen").value == ids[-1] and app.query_params == {"id": ids[-1]}


def test_a_statement_link_opens_its_page_marked_and_links_the_moties_it_names(corpus_db):
    app = run_app(corpus_db, "Documenten", id="kst-32637-433", uitspraak="kst-32637-433#12")
    assert not app.exception
    assert app.selectbox(key="document").value == "kst-32637-433"
    text = shown(app, raw=True)
    assert "id='kamerspoor-selected'" in text
    assert "href='./moties?id=32637-391' target='_self'" in text  # "motie 32637-391" in the statement: a link to it
    assert app.query_params == {"id": "kst-32637-433", "uitspraak": "kst-32637-433#12"}  # its own page needs no number


def test_search_hits_link_to_the_statement_and_the_search_stays_in_the_sidebar_link(corpus_db):
    app = run_app(corpus_db, "Zoeken", q="hybride docenten")
    link = document_links(app)[0]
    assert "uitspraak=" in link.proto.query_string and link.proto.page.strip("/") == "documenten"
    follow(app, corpus_db, link)
    assert page_title(app) == "Documenten" and "kamerspoor-selected" in shown(app)
    back = next(p for p in app.get("page_link") if p.proto.label == "Zoeken")
    assert back.proto.query_string == "q=hybride+docenten"  # the sidebar's Zoeken returns to the search


def test_search_within_one_document_goes_to_the_statement(corpus_db):
    app = run_app(corpus_db, "Documenten", id="kst-32637-448")
    app.text_input(key="d-find").input("hybride docenten")
    rerun(app, corpus_db)
    assert not app.exception
    go = [b for b in app.button if b.label == "Ga naar"]
    assert go, "the document speaks of hybride docenten"
    go[0].click()
    rerun(app, corpus_db)
    assert app.session_state["statement"].startswith("kst-32637-448#") and "kamerspoor-selected" in shown(app)
    assert app.query_params["zoek"] == "hybride docenten" and app.query_params["uitspraak"].startswith("kst-32637-448#")


def test_pdf_pages_turn_and_zoom(corpus_db):
    app = run_app(corpus_db, "Documenten", id="kst-32637-433")
    assert app.selectbox(key="d-page").value == 1
    app.button(key="d-next").click()
    rerun(app, corpus_db)
    assert app.selectbox(key="d-page").value == 2 and app.query_params["pagina"] == "2"
    app.select_slider(key="d-zoom").set_value("200 %")
    rerun(app, corpus_db)
    assert not app.exception and app.get("image")


def test_tables_speak_dutch_and_excel_never_runs_a_paper_formula():
    rows = [{"rol": "antwoord", "te laat": True, "deadline": None, "datum": date(2025, 3, 1),
             "tekst": '=HYPERLINK("https://evil.example/","klik")', "aantal": 3}]
    csv = as_csv(rows).decode()
    assert "ja" in csv and "None" not in csv and "True" not in csv and "2025-03-01" in csv
    sheet = load_workbook(io.BytesIO(as_excel(rows, "proef: [1]"))).active
    cells = {c.value: c for c in sheet[2]}
    assert cells['=HYPERLINK("https://evil.example/","klik")'].data_type == "s"  # text, not a formula
    assert cells[3].data_type == "n" and sheet.title == "proef- -1-"


def test_params_read_back_what_they_write():
    for param, value in ((Param("a", "a", [], "list", ["x", "y"]), ["y", "x"]), (Param("b", "b", False, "flag"), True),
                         (Param("c", "c", None, "date"), date(2024, 2, 29)), (Param("d", "d", 0.0, "float"), 0.35),
                         (Param("e", "e", ["x"], "list", ["x"]), [])):
        assert param.from_url(param.to_url(value)) == value
    assert Param("f", "f", 20, "int").to_url(20) == []  # defaults stay out of the URL
