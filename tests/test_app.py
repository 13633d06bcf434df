"""The Streamlit app against the real corpus store (streamlit.testing AppTest), page by page."""
from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from store.db import Store
from tests.conftest import ROOT
from ui.navigation import PAGES
from ui.upload import checked_uploads


def run_app(db, page: str = "Zoeken", **query: str | list[str]) -> AppTest:
    """The app on store ``db``, opened at a page (by its title) and query, as a pasted link opens it."""
    return goto(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), db, page, **query)


def goto(app: AppTest, db, page: str, **query: str | list[str]) -> AppTest:
    """Follow a link to ``/<page>?<query>``: the page by its title (``ui/navigation.py``). AppTest can switch
    only to pages in files, so the page's script hash (Streamlit's hash of its url_path) is set here."""
    url_path = next(p.url_path for p in PAGES if p.title == page)
    app._page_hash = calc_hash(url_path)
    app.query_params = dict(query)
    return rerun(app, db)


def document_links(app: AppTest) -> list:
    """The "Toon in document" links on the page (``ui.widgets.document_link``)."""
    return [link for link in app.get("page_link") if link.proto.label == "Toon in document"]


def follow(app: AppTest, db, link) -> AppTest:
    """Click a page link: its page and query, as the browser sends them."""
    page = next(p.title for p in PAGES if p.url_path == link.proto.page.strip("/"))
    query = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(link.proto.query_string).items()}
    return goto(app, db, page, **query)


def page_title(app: AppTest) -> str:
    return app.header[0].value


def rerun(app: AppTest, db) -> AppTest:
    old = sys.argv
    sys.argv = ["app.py", "--db", str(db)]
    try:
        return app.run()
    finally:
        sys.argv = old


def shown(app: AppTest, raw: bool = False) -> str:
    """The page's markup. ``ui.widgets.safe`` writes Markdown's syntax characters as numeric character
    references (so a paper's text can never form a link); those are read back here, unless ``raw``.
    HTML's own escapes (&lt; &gt; &amp;) stay as they are."""
    markup = " ".join([m.value for m in app.markdown] + [h.proto.body for h in app.get("html")])
    return markup if raw else re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), markup)


def test_search_page_shows_cards_with_highlights_and_labels(corpus_db):
    app = run_app(corpus_db, "Zoeken")
    assert not app.exception
    app.text_input(key="query").input("hybride docenten")
    rerun(app, corpus_db)
    assert not app.exception
    text = shown(app)
    assert "<mark>hybride</mark>" in text.lower() and "p. " in text
    assert "background:#dbeafe" in text  # a label chip
    assert document_links(app)


def test_search_filters_and_click_through_to_the_document(corpus_db):
    app = run_app(corpus_db, "Zoeken")
    # issue 18: only relevant hits are shown; none of the few knelpunten in Oost speaks of "tekort aan technici"
    app.text_input(key="query").input("knelpunten in de regio")
    app.multiselect(key="f-landsdeel").select("oost")
    app.checkbox(key="f-knelpunt").check()
    rerun(app, corpus_db)
    assert not app.exception
    assert "resultaten" in " ".join(c.value for c in app.caption)
    follow(app, corpus_db, document_links(app)[0])
    assert not app.exception
    assert page_title(app) == "Documenten"
    assert "kamerspoor-selected" in shown(app)


def test_search_page_says_when_nothing_answers_well(corpus_db):
    """Issue 18: a nonsense query gets a message, not 20 padded results."""
    app = run_app(corpus_db, "Zoeken")
    app.text_input(key="query").input("qqqzzz xyzzy plofkip")
    rerun(app, corpus_db)
    assert not app.exception
    assert any("geen goede treffers voor deze zoekvraag" in i.value.lower() for i in app.info)
    assert not document_links(app)
    assert not any(c.value.endswith("resultaten") for c in app.caption)


def test_search_page_shows_relevance_and_the_real_count(corpus_db):
    app = run_app(corpus_db, "Zoeken")
    app.text_input(key="query").input("hybride docenten")
    rerun(app, corpus_db)
    assert not app.exception
    assert re.search(r"relevantie (0\.\d\d|1\.00)", shown(app))
    count = next(c.value for c in app.caption if "resultaten" in c.value)
    assert count.startswith("20 resultaten getoond van") and "relevante" in count  # more than the 20 shown


def test_toezeggingen_page_lists_and_shows_the_evidence_chain(corpus_db):
    app = run_app(corpus_db, "Toezeggingen")
    assert not app.exception
    table = app.dataframe[0].value
    assert {"status", "te laat", "deadline", "door", "gedaan in"} <= set(table.columns)
    assert len(table) >= 3
    text = shown(app)
    assert "Gedaan / genoemd in" in text and "Beantwoord in" in text and "<blockquote" in text


def test_moties_page_has_coverage_and_answers(corpus_db):
    app = run_app(corpus_db, "Moties")
    assert not app.exception
    table = app.dataframe[0].value
    assert "32637-391" in set(table["id"])
    assert {"indieners", "verzoek", "genoemd", "antwoorden", "status"} <= set(table.columns)
    assert {m.label for m in app.metric} == {"Beantwoord", "Deels", "Open", "Vervangen", "Niet aangenomen"}
    assert sum(int(m.value) for m in app.metric) == len(table)
    replaced = table.set_index("id").loc["32637-604"]
    assert replaced["status"] == "vervangen" and replaced["vervangen door"] == "32637-611"
    app.selectbox(key="m-chosen").select("32637-611")
    rerun(app, corpus_db)
    assert "vervangt 32637-604" in " ".join(i.value for i in app.info)
    assert "verzoekt de regering te bezien" in shown(app)


def test_knelpunten_page_lists_a_cell(corpus_db):
    app = run_app(corpus_db, "Knelpunten per regio")
    assert not app.exception
    app.selectbox(key="k-landsdeel").select("oost")
    app.selectbox(key="k-actielijn").select("leren")
    rerun(app, corpus_db)
    assert not app.exception
    count = next(c.value for c in app.caption if c.value.endswith("knelpunten"))
    with Store(corpus_db, read_only=True) as store:
        every = store.knelpunten(0.5)
    expected = sum(1 for r in every if (r.landsdeel, r.actielijn) == ("oost", "leren"))
    assert count == f"{expected} knelpunten" and expected > 0
    # the heat map's cells, the map's landsdelen and the list count the same statements, each once
    app.selectbox(key="k-landsdeel").select("(alle)")
    app.selectbox(key="k-actielijn").select("(alle)")
    rerun(app, corpus_db)
    assert next(c.value for c in app.caption if c.value.endswith(" knelpunten")) == f"{len(every)} knelpunten"
    assert len({r.statement_id for r in every}) == len(every)


def test_documenten_page_shows_text_statements_and_the_pdf_page(corpus_db):
    app = run_app(corpus_db, "Documenten")
    assert not app.exception
    assert set(app.dataframe[0].value["id"]) >= {"kst-32637-433", "kst-32637-448"}
    app.selectbox(key="document").select("kst-32637-448")
    rerun(app, corpus_db)
    assert not app.exception
    import html

    # ids and text are written as character references (no Markdown can form); the browser reads them back
    assert "<span" in shown(app) and "class='ks-st' tabindex='0' title='" in html.unescape(shown(app))
    assert "geopende uitspraak" in shown(app)  # the legend of the shading
    assert app.get("image"), "the PDF page is shown beside the text"


def test_every_table_offers_csv_and_excel(corpus_db):
    for page in ("Toezeggingen", "Moties", "Knelpunten per regio", "Documenten"):
        app = run_app(corpus_db, page)
        labels = [b.proto.label for b in app.get("download_button")]
        assert "CSV downloaden" in labels and "Excel downloaden" in labels, page


def test_untrusted_document_text_renders_as_text(tmp_path):
    hostile = tmp_path / "kwaadaardig.md"
    hostile.write_text("# Brief\n\nDe minister schrijft <script>alert('x')</script> en [klik](javascript:alert(1)) "
                       "en <img src=x onerror=alert(2)> over hybride docenten. ![x](//host/pixel.png) "
                       "[hier inloggen](https://evil.example/login) www.evil.example\n", encoding="utf-8")
    db = tmp_path / "hostile.duckdb"
    ingest_paths([hostile], Settings(db_path=db, workers=1, classify=False), progress=False)
    app = run_app(db, "Documenten")
    assert not app.exception
    text = shown(app, raw=True)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text and "&lt;img" in text
    # Markdown from the paper stays text: no link, no image for the browser to fetch, no autolink
    assert "](https://evil" not in text and "](//host" not in text and "www.evil" not in text
    assert "&#33;&#91;x&#93;&#40;//host/pixel.png&#41;" in text and "/tmp/" not in text  # nor a server path
    goto(app, db, "Zoeken")
    app.text_input(key="query").input("script hybride")
    rerun(app, db)
    assert not app.exception
    assert "<script" not in shown(app) and "&lt;<mark>script</mark>&gt;" in shown(app)


def test_a_store_swapped_in_is_shown_on_the_next_run(tmp_path):
    """The app keeps its database open between runs; `ingest --swap` must still show on the next click."""
    from kamerspoor.pipeline import ingest_swapped

    first, second = tmp_path / "eerste.md", tmp_path / "tweede.md"
    first.write_text("# Eerste brief\n\nHet tekort aan technici blijft groot in Twente.\n", encoding="utf-8")
    second.write_text("# Tweede brief\n\nIn Zeeland starten twintig hybride docenten.\n", encoding="utf-8")
    settings = Settings(db_path=tmp_path / "live.duckdb", workers=1, classify=False)
    ingest_paths([first], settings, progress=False)
    app = run_app(settings.db_path, "Documenten")
    assert len(app.dataframe[0].value) == 1
    ingest_swapped([second], settings, progress=False)
    rerun(app, settings.db_path)
    assert not app.exception
    assert len(app.dataframe[0].value) == 2


def test_upload_refuses_a_wrong_type():
    class Upload:
        def __init__(self, name: str, data: bytes):
            self.name, self._data = name, data

        def getvalue(self) -> bytes:
            return self._data

    accepted = checked_uploads([Upload("echt.pdf", (ROOT / "corpus/real").glob("*.pdf").__next__().read_bytes()),
                         Upload("nep.pdf", b"<html>geen pdf</html>"),
                         Upload("groot.md", b"x" * 2048)], max_bytes=1024)
    assert [name for name, _ in accepted] == []  # the real PDF is over the tiny limit too
    accepted = checked_uploads([Upload("nep.pdf", b"<html>geen pdf</html>"), Upload("brief.md", b"# Brief\n\nTekst.")],
                        max_bytes=10_000)
    assert [name for name, _ in accepted] == ["brief.md"]


def test_missing_store_is_a_message_not_a_crash(tmp_path):
    app = run_app(tmp_path / "none.duckdb")
    assert not app.exception
    assert "kamerspoor ingest" in app.error[0].value



def test_downloads_are_real_csv_and_excel_files():
    import io

    from openpyxl import load_workbook

    from ui.widgets import as_csv, as_excel

    rows = [{"id": "32637-391", "indieners": ["Kerstens", "Moorlag"], "labels": {"actielijn": [["leren", 0.8]]}},
            {"id": "motie-5", "indieners": ["Bruins"], "labels": {}}]
    assert as_csv(rows).decode("utf-8").splitlines()[:2] == ["id,indieners,labels",
                                                             "32637-391,\"Kerstens, Moorlag\",actielijn: leren 0.8"]
    sheet = load_workbook(io.BytesIO(as_excel(rows, "moties"))).active
    assert [c.value for c in sheet[1]] == ["id", "indieners", "labels"]
    assert sheet["B3"].value == "Bruins"
