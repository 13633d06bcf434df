"""Driving the app in Debian's headless Chromium with Playwright (tests and bench/app.py)."""
from __future__ import annotations

import shutil

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

# Counts finished script runs: Streamlit flips data-test-script-state on its root element.
WATCH = """() => {
  if (window.__kamerspoor) return;
  const root = document.querySelector('[data-testid="stApp"]');
  window.__kamerspoor = {runs: 0, last: root.getAttribute('data-test-script-state')};
  new MutationObserver(() => {
    const state = root.getAttribute('data-test-script-state');
    if (state === 'notRunning' && window.__kamerspoor.last === 'running') window.__kamerspoor.runs += 1;
    window.__kamerspoor.last = state;
  }).observe(root, {attributes: true});
}"""


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no Chromium found: run `make install` (it installs Debian's chromium)")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


def load(page, url: str, timeout_ms: int = 120_000) -> None:
    """Open the app and wait for its first run to finish."""
    page.goto(url)
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=timeout_ms)
    page.evaluate(WATCH)


def act(page, action, timeout_ms: int = 120_000) -> None:
    """Do something that reruns the script, then wait for that run to finish and nothing to be stale."""
    before = page.evaluate("() => window.__kamerspoor.runs")
    action()
    page.wait_for_function(f"() => window.__kamerspoor.runs > {before} && !document.querySelector('[data-stale=\"true\"]')",
                           timeout=timeout_ms, polling=20)


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def open_page(page, name: str) -> None:
    """Click a page's link in the sidebar and wait for it. Now and then Streamlit reruns the page one is on
    instead of going (seen going Moties → Documenten → Moties; see README, open work): then click once more."""
    link = page.locator('[data-testid="stSidebar"] a').filter(has_text=name).first
    target = (link.get_attribute("href") or "").split("?")[0]
    act(page, link.click)
    if target and page.url.split("?")[0].rsplit("/", 1)[-1] != target:
        act(page, link.click)


def wait_idle(page, timeout_ms: int = 120_000) -> None:
    """After a navigation the browser did itself (Back, a link, a pasted URL): wait for the run to end."""
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') === 'notRunning'"
                           " && !document.querySelector('[data-stale=\"true\"]')", timeout=timeout_ms)
