"""Time to a full render of each app page, and to a search result, in headless Chromium.

On the sample store and on a synthetic 100 000-statement store (made as in bench/search.py).
A page counts as rendered when its own marker text is visible and Streamlit's running
indicator is gone. Each figure is the median of 3 visits (the first, cold visit is reported too).

Run: ``make bench`` or ``python bench/app.py [--db sample.duckdb] [--big big.duckdb | --sample-only]
[--with-streamlit-defaults]``.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from bench.search import sample_store, synthesize
from kit.browser import act, exceptions, launch, load, open_page
from ui import server

PAGES = [("Zoeken", "Zoekvraag"), ("Toezeggingen", "Toezeggingen"), ("Moties", "Moties"),
         ("Knelpunten per regio", "Knelpunten per regio"), ("Documenten", "Documenten")]  # page headers: present on any store
QUERIES = ["hybride docenten", "tekort aan technici in Oost", "leven lang ontwikkelen"]


def measure(db: str, label: str, fast: bool = True) -> None:
    from playwright.sync_api import sync_playwright

    process, url = server.start(db, fast=fast)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            load(page, url)
            print(f"  {label}: first load (cold: model and caches) {time.perf_counter() - start:.2f} s")
            for name, marker in PAGES:
                times = []
                for _ in range(3):
                    open_page(page, "Documenten" if name != "Documenten" else "Zoeken")
                    start = time.perf_counter()
                    open_page(page, name)
                    page.get_by_text(marker).first.wait_for(timeout=120_000)
                    times.append(time.perf_counter() - start)
                    assert not exceptions(page), name
                print(f"    page {name:22s} median {statistics.median(times):.2f} s   max {max(times):.2f} s")
            open_page(page, "Zoeken")
            times = []
            for query in QUERIES * 2:
                box = page.get_by_label("Zoekvraag")
                box.fill(query)
                start = time.perf_counter()
                act(page, lambda: box.press("Enter"))
                page.locator("mark").first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - start)
            print(f"    search to result         median {statistics.median(times):.2f} s   max {max(times):.2f} s")
            browser.close()
    finally:
        server.stop(process)


def connection_reuse(db: str) -> None:
    """The search function alone, as the app once read (a fresh read-only connection per click)
    and as it reads now (a cursor on one SharedReader): medians of the same six queries."""
    from kamerspoor.settings import Settings
    from store.db import SharedReader, Store
    from search import SearchRequest, query_encoder, search

    settings = Settings()
    with Store(db, read_only=True) as store:
        encoder = query_encoder(store, settings.model)
    reader = SharedReader(db)

    def timed(open_store) -> float:
        times = []
        for query in ["techniek"] + QUERIES * 2:  # the first, cold search is left out
            start = time.perf_counter()
            with open_store() as store:
                search(store, SearchRequest(query=query), settings.search, encoder)
            times.append(time.perf_counter() - start)
        return statistics.median(times[1:])

    fresh, shared = timed(lambda: Store(db, read_only=True)), timed(reader.store)
    print(f"  search function, hybrid: fresh connection per search {fresh:.3f} s, shared reader {shared:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an ingested sample store (default: ingest corpus/ into a temp dir)")
    parser.add_argument("--big", help="a 100 000-statement store (default: synthesise one)")
    parser.add_argument("--with-streamlit-defaults", action="store_true",
                        help="also measure the big store served without ui/server.py's SPEED_OPTIONS")
    parser.add_argument("--sample-only", action="store_true", help="only the sample store (a few minutes, not an hour)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        db = sample_store(args.db, Path(tmp))
        measure(db, "sample store")
        if args.sample_only:
            return
        big = args.big
        if not big:
            from store.db import Store

            big = str(Path(tmp) / "synthetic-100000.duckdb")
            synthesize(db, big, 100_000)
            with Store(big) as store:
                store.build_vector_index()
        measure(big, "100 000-statement store")
        connection_reuse(big)
        if args.with_streamlit_defaults:
            measure(big, "100 000-statement store, Streamlit's defaults (file watcher, GC after each run)", fast=False)


if __name__ == "__main__":
    main()
