"""``kamerspoor tk load DIR``: the open-data mirror of ``tk sync`` (or any folder of such pages)
into the store.

Every ``*.json`` page under DIR (but the sync's own state file) is read by ``ingest.opendata`` and
written in one transaction; a bad page is refused with one line and nothing of it is written, the
others still load. Loading is idempotent: a page loaded before is skipped by its hash, and a record
only replaces a stored one that is not newer. The publication files under DIR (XML, PDF, …) are
then ingested like any paper, so each zaak meets its Kamerstuk in the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ingest.opendata import PageError, read_page
from kamerspoor.settings import Settings
from store.db import Store

STATE_FILES = {"sync-state.json"}  # written by tk sync: not a page
PUBLICATION_SUFFIXES = {".xml", ".pdf"}  # the Kamer's publication files (a README beside them is no paper)


@dataclass
class LoadSummary:
    pages: int = 0
    skipped: int = 0          # loaded before, unchanged
    zaken: int = 0
    toezeggingen: int = 0
    refused: list[str] = field(default_factory=list)   # one line each
    papers: object = None     # the IngestSummary of the publication files, if any

    def line(self) -> str:
        text = (f"{self.pages} pages loaded ({self.zaken} zaken, {self.toezeggingen} toezeggingen), "
                f"{self.skipped} unchanged, {len(self.refused)} refused")
        return text + (f"; papers: {self.papers.line()}" if self.papers is not None else "")


def page_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if p.is_file() and p.name not in STATE_FILES)


def paper_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PUBLICATION_SUFFIXES)


def load_pages(store: Store, folder: Path, progress: bool = True) -> LoadSummary:
    """Only the pages (no papers): what the writer holding the store does."""
    summary = LoadSummary()
    files = page_files(folder)
    for path in tqdm(files, desc="tk load", unit="page", disable=not progress or len(files) < 2):
        data = path.read_bytes()
        try:
            page = read_page(data, name=str(path))
            loaded = store.opendata.load_page(str(path.resolve()), data, page)
        except PageError as exc:
            summary.refused.append(str(exc))
            continue
        if loaded.skipped:
            summary.skipped += 1
            continue
        summary.pages += 1
        summary.zaken += len(page.zaken)
        summary.toezeggingen += len(page.toezeggingen)
    return summary


def load_dir(folder: Path, settings: Settings, progress: bool = True) -> LoadSummary:
    """Pages into the store, then the publication files under ``folder`` ingested as papers."""
    from kamerspoor.pipeline import ingest_paths

    if not folder.is_dir():
        raise FileNotFoundError(f"no folder {folder}")
    with Store(settings.db_path) as store:
        summary = load_pages(store, folder, progress)
    papers = paper_files(folder)
    if papers:
        summary.papers = ingest_paths([str(p) for p in papers], settings, progress=progress)
    return summary
