"""Per-file results travel as Parquet shards from workers to the one writer (issue 8)."""
from __future__ import annotations

import duckdb
import pytest

from kamerspoor.pipeline import ingest_paths, process_file
from kamerspoor.settings import Settings
from kamerspoor.shards import read_shard, shard_path, write_shard
from store.db import Store
from tests.conftest import CORPUS


@pytest.mark.parametrize("name", ["kst-32637-448.md", "real/kst-32637-611_motie.xml",
                                  "real/ah-tk-2023-2024-1314__00fe7edd-24c8-4857-98da-774ed3b06836.pdf",
                                  "real/besluitenlijst-commissie-example1__openkamer.pdf"])
def test_a_shard_gives_back_exactly_what_the_worker_made(tmp_path, name):
    done = process_file(CORPUS / name, Settings(classify=False))
    folder = write_shard(done.document, done.statements, done.form, tmp_path)
    document, statements, form = read_shard(folder)
    assert (document, statements, form) == (done.document, done.statements, done.form)
    counted = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/statements.parquet')").fetchone()[0]
    assert counted == len(done.statements.statements) > 0  # plain Parquet: DuckDB reads it


def test_a_shard_left_by_a_killed_run_is_stored_without_parsing_again(tmp_path):
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    path = CORPUS / "kst-32637-433.md"
    done = process_file(path, settings)
    done.document.warnings.append("came from the shard")  # only the shard carries this
    write_shard(done.document, done.statements, done.form, settings.shard_folder)
    summary = ingest_paths([path], settings, progress=False)
    assert summary.count("new") == 1
    with Store(settings.db_path, read_only=True) as store:
        assert "came from the shard" in store.document(done.document.id)["warnings"]
    assert not shard_path(settings.shard_folder, done.document.source.sha256).exists()
    assert not settings.shard_folder.exists()  # emptied and removed after the run
