"""End to end in a real browser: Debian's headless Chromium driven by Playwright.

Starts the app on the sample store, searches, opens a toezegging and a document, visits every
page, and saves a screenshot of each under tests/output/screenshots/. Fails on any Streamlit
exception shown in the page. Then issue 19's walk (addresses, Back and Forward, a pasted motie, the
export of one evidence chain) and a hostile paper that must not reach the network.
"""
from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kit.browser import act, exceptions, launch, load, open_page, wait_idle
from tests.conftest import ROOT
from ui import server

SHOTS = ROOT / "tests" / "output" / "screenshots"


@pytest.fixture(scope="module")
def app_url(corpus_db):
    process, url = server.start(corpus_db)
    yield url
    server.stop(process)


def test_search_toezegging_and_document_in_chromium(app_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        load(page, app_url)
        page.get_by_label("Zoekvraag").fill("hybride docenten")
        act(page, lambda: page.get_by_label("Zoekvraag").press("Enter"))
        page.locator("mark").first.wait_for(timeout=60_000)
        assert "hybride" in page.locator("mark").first.inner_text().lower()
        page.screenshot(path=str(SHOTS / "zoeken.png"), full_page=True)
        assert not exceptions(page)

        open_page(page, "Toezeggingen")
        page.get_by_text("Gedaan / genoemd in").wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "toezeggingen.png"), full_page=True)
        assert not exceptions(page)
        act(page, lambda: page.get_by_role("link", name="Toon in document").first.click())
        page.locator("#kamerspoor-selected").wait_for(timeout=60_000)
        page.locator('[data-testid="stImage"] img').first.wait_for(timeout=60_000)
        page.screenshot(path=str(SHOTS / "document.png"), full_page=True)
        assert not exceptions(page)

        for name, marker in (("Moties", "Beantwoord"), ("Knelpunten per regio", "knelpunten"),
                             ("Documenten", "Document")):
            open_page(page, name)
            page.get_by_text(marker).first.wait_for(timeout=60_000)
            page.screenshot(path=str(SHOTS / f"{name.split()[0].lower()}.png"), full_page=True)
            assert not exceptions(page), name
        browser.close()


IN_VIEW = """() => { const r = document.getElementById('kamerspoor-selected')?.getBoundingClientRect();
                     return !!r && r.top >= 0 && r.bottom <= window.innerHeight; }"""


def test_search_open_back_forward_a_pasted_motie_and_its_export(app_url):
    """Issue 19's walk: search → open in document (statement in view) → Back → the same search; a pasted
    motie URL opens that motie; its evidence chain downloads as Excel and as a memo."""
    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        load(page, app_url)
        box = page.get_by_label("Zoekvraag")
        box.fill("tekort aan technici")
        act(page, lambda: box.press("Enter"))
        page.locator("mark").first.wait_for(timeout=60_000)
        assert "q=tekort+aan+technici" in page.url
        act(page, lambda: page.get_by_role("link", name="Toon in document").first.click())
        page.locator("#kamerspoor-selected").wait_for(timeout=60_000)
        assert "/documenten?id=" in page.url and "uitspraak=" in page.url
        page.wait_for_function(IN_VIEW, timeout=30_000)  # scrolled to, not only on the page

        page.go_back()
        page.wait_for_function("() => document.querySelector('input[aria-label=\"Zoekvraag\"]')?.value === 'tekort aan technici'",
                               timeout=60_000)
        page.locator("mark").first.wait_for(timeout=60_000)
        assert page.url.endswith("/?q=tekort+aan+technici")
        page.go_forward()
        page.locator("#kamerspoor-selected").wait_for(timeout=60_000)
        assert not exceptions(page)

        page.goto(f"{app_url}/moties?id=32637-392")
        wait_idle(page)
        page.get_by_role("button", name="Bewijsketen (Excel)").wait_for(timeout=60_000)
        wait_idle(page)  # a click while the page still runs can be lost (a clean-clone run timed out here once)
        with page.expect_download(timeout=90_000) as excel:  # the file is made on the server when clicked
            page.get_by_role("button", name="Bewijsketen (Excel)").click()
        sheet = load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes())).active  # the file has no .xlsx name
        assert "32637-392" in sheet["A1"].value  # the motie of the URL, not the first in the list
        with page.expect_download(timeout=90_000) as memo:
            page.get_by_role("button", name="Memo (HTML, af te drukken)").click()
        assert "32637-392" in open(memo.value.path(), encoding="utf-8").read()
        assert not exceptions(page)
        browser.close()


def test_a_hostile_paper_makes_no_request_and_no_link(tmp_path):
    """A paper with Markdown and HTML meant to phone home or trick a reader: on every page that shows its
    text, the browser asks nothing of another host, and no link, image or formatting comes from it."""
    from playwright.sync_api import sync_playwright

    from kamerspoor.pipeline import ingest_paths
    from kamerspoor.settings import Settings
    from store.db import Store

    paper = tmp_path / "kwaadaardig.txt"  # as text: a Markdown paper's syntax is read (and dropped) at ingest
    paper.write_text("Brief over hybride docenten\n\nDe minister schrijft over hybride docenten "
                     "![pixel](https://evil.example/pixel.png) en [hier inloggen](https://evil.example/login) en "
                     "<img src='https://evil.example/img.png'> en <a href='https://evil.example/a'>klik</a> en "
                     "<iframe src='https://evil.example/frame'></iframe> en **vet** en www.evil.example en "
                     "<style>body{background:url(https://evil.example/bg.png)}</style> over een tekort aan "
                     "technici.\n", encoding="utf-8")
    db = tmp_path / "kwaad.duckdb"
    ingest_paths([paper], Settings(db_path=db, workers=1, classify=False), progress=False)
    with Store(db, read_only=True) as store:
        doc_id = store.documents()[0].id
        statement = store.statements(doc_id)[-1].id
    process, url = server.start(db)
    asked: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda request: asked.append(request.url))
            for path, text in ((f"documenten?id={doc_id}&uitspraak={statement.replace('#', '%23')}", "hier inloggen"),
                               ("?q=hybride+docenten&modus=op+woorden", "hier inloggen"),
                               ("knelpunten", "Knelpunten per regio"),
                               ("moties?id=%5Bklik%5D(https://evil.example/x)", "onleesbaar id")):
                page.goto(f"{url}/{path}")
                wait_idle(page)
                page.get_by_text(text).first.wait_for(timeout=60_000)
                assert not exceptions(page), path
                hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
                assert not [h for h in hrefs if urlparse(h).hostname not in ("127.0.0.1", "localhost")], path  # no way out
                assert not page.locator("iframe[src*='evil'], img[src*='evil'], strong:has-text('vet')").count(), path
                if text == "hier inloggen":
                    assert "**vet**" in page.inner_text("body") and "](https://evil.example/login)" in page.inner_text("body")
            browser.close()
    finally:
        server.stop(process)
    strangers = {urlparse(u).hostname for u in asked if not u.startswith(("data:", "blob:"))} - {"127.0.0.1", "localhost"}
    assert not strangers, strangers
