"""Shared fixtures: a real DuckDB store built once from the sample corpus."""
from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TYPESET = CORPUS / "pdf"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, worker_id: str) -> Path:
    """A store holding all of corpus/, ingested once per test run with two workers. `make test` runs the tests in
    two pytest-xdist processes: the first to get here builds the store, the other waits for it (a file lock in
    the run's shared temporary folder), so the corpus is ingested once, not once per process."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    db, ready = shared / "corpus" / "corpus.duckdb", shared / "corpus.ready"
    with FileLock(str(shared / "corpus.lock")):
        if not ready.exists():  # not the store file: an ingest that failed halfway leaves one (the next one resumes it)
            db.parent.mkdir(exist_ok=True)
            summary = ingest_paths([CORPUS], Settings(db_path=db, workers=2), progress=False)
            assert not summary.failed, summary.failed
            ready.touch()
    return db


@pytest.fixture
def corpus_store(corpus_db: Path):
    with Store(corpus_db, read_only=True) as store:
        yield store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh store; no embedding model (tests of parsing and storage need none, and it costs seconds)."""
    return Settings(db_path=tmp_path / "test.duckdb", workers=1, classify=False)


SHARED_TK = ROOT.parent / "shared" / "tk-opendata"  # 5,591 real moties, beside the checkout (as in CI)


@pytest.fixture(scope="session")
def shared_moties() -> list[tuple[Path, object]]:
    """Every shared motie XML parsed once per session: (path, Document)."""
    from ingest.parse import parse_file

    files = sorted((SHARED_TK / "moties").glob("*.xml"))
    assert len(files) == 5591, f"the shared tk-opendata moties are missing under {SHARED_TK}"
    settings = Settings()
    return [(path, parse_file(path, settings)) for path in files]
