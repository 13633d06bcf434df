"""End to end in a real browser: Debian's headless Chromium driven by Playwright.

Starts the app on the sample store, searches, opens a toezegging and a document, visits every
page, and saves a screenshot of each under tests/output/screenshots/. Fails on any Streamlit
exception shown in the page.
"""
from __future__ import annotations

import pytest

from tests.browser import act, exceptions, launch, load, open_page
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
        act(page, lambda: page.get_by_role("button", name="Open in document").first.click())
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
