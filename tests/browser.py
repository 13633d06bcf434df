"""Driving the app in Debian's headless Chromium with Playwright (tests and bench/app.py)."""
from __future__ import annotations

import shutil

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no Chromium found: run `make install` (it installs Debian's chromium)")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"


def settle(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has run the script after an action and no element is stale."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => {STATE} === 'running'", timeout=2_000, polling=50)
    except PlaywrightTimeout:
        pass  # the run was over before we looked
    page.wait_for_function(f"() => {STATE} === 'notRunning' && !document.querySelector('[data-stale=\"true\"]')",
                           timeout=timeout_ms, polling=50)


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def open_page(page, name: str) -> None:
    """Click a page in the sidebar's radio."""
    page.locator('[data-testid="stSidebar"] label').filter(has_text=name).first.click()
    settle(page)
