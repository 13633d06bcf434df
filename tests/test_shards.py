"""Per-file results travel as Parquet shards from workers to the one writer (issue 8)."""
from __future__ import annotations

import subprocess
import sys

from pathlib import Path

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
        assert "came from the shard" in store.document(done.document.id).warnings
    assert not shard_path(settings.shard_folder, done.document.source.sha256).exists()
    assert not settings.shard_folder.exists()  # emptied and removed after the run


def test_prune_removes_the_shards_no_ingest_will_use(tmp_path):
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    papers = {}
    for name in ("kst-32637-433.md", "real/kst-32637-601_motie.xml", "real/kst-32637-604_motie.xml",
                 "real/kst-32637-611_motie.xml"):
        papers[name] = tmp_path / Path(name).name
        papers[name].write_bytes((CORPUS / name).read_bytes())
    ingest_paths([papers["kst-32637-433.md"]], settings, progress=False)  # its shard: killed after the commit
    for path in papers.values():  # what killed runs leave: one shard per file
        done = process_file(path, settings)
        kept = write_shard(done.document, done.statements, done.form, settings.shard_folder)
    # kept: the last paper's, unchanged and not yet stored, so the next ingest will use it
    papers["real/kst-32637-601_motie.xml"].unlink()  # deleted since
    papers["real/kst-32637-604_motie.xml"].write_text("Een andere tekst.\n", encoding="utf-8")  # changed
    half_written = settings.shard_folder / f"{'0' * 64}.tmp-12345"
    half_written.mkdir()
    dry = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "prune", "--dry-run", "--db", str(settings.db_path)],
                         capture_output=True, text=True)
    assert dry.returncode == 0 and "4 stale shards found" in dry.stdout and half_written.exists()
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "prune", "--db", str(settings.db_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "4 stale shards removed" in out.stdout, out.stdout + out.stderr
    assert list(settings.shard_folder.iterdir()) == [kept]
