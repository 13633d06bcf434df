"""Ingest speed: pages per second and peak memory on the typeset corpus PDFs.

Compares our layout-aware parser (pdfplumber, every cleanup step on) with plain
pypdfium2 text extraction, the raw-speed reference. Run: ``make bench``.
"""
from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from ingest import parse_file
from kamerspoor.settings import Settings

PDFS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
ROUNDS = 2  # each file parsed this many times per measurement, to even out the pool


def parse_pages(path: Path) -> int:
    return parse_file(path, Settings()).pages


def pdfium_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    for index in range(len(pdf)):
        pdf[index].get_textpage().get_text_range()
    count = len(pdf)
    pdf.close()
    return count


def timed(func, jobs: list[Path], workers: int) -> tuple[float, int]:
    start = time.perf_counter()
    if workers == 1:
        pages = sum(func(p) for p in jobs)
    else:
        with ProcessPoolExecutor(workers) as pool:
            pages = sum(pool.map(func, jobs))
    return time.perf_counter() - start, pages


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    import os

    parse_pages(PDFS[0])  # warm up: imports and the Dutch lexicon, paid once per process
    jobs = PDFS * ROUNDS
    cores = os.cpu_count() or 1
    print(f"machine: {describe()}")
    print(f"input: {len(PDFS)} typeset PDFs × {ROUNDS} = {len(jobs)} files")
    seconds, pages = timed(parse_pages, jobs, 1)
    single = pages / seconds
    print(f"kamerspoor (pdfplumber, all cleanup), 1 process : {single:6.1f} pages/s ({pages} pages in {seconds:.1f} s)")
    seconds, pages = timed(parse_pages, jobs, cores)
    print(f"kamerspoor (pdfplumber, all cleanup), {cores} processes: {pages / seconds:6.1f} pages/s")
    seconds, pages = timed(pdfium_pages, jobs, 1)
    raw = pages / seconds
    print(f"pypdfium2 plain text extraction, 1 process  : {raw:6.1f} pages/s")
    print(f"layout-aware speed as a share of raw extraction: {single / raw:.3f}")
    print(f"peak memory (largest process): {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
