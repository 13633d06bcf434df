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
