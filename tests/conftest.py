"""Shared fixtures: a real DuckDB store built once from the sample corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TYPESET = CORPUS / "pdf"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A store holding all of corpus/, ingested once per test session with two workers."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    summary = ingest_paths([CORPUS], Settings(db_path=db, workers=2), progress=False)
    assert not summary.failed, summary.failed
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
