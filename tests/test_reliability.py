"""Issue 8: crash-safe incremental ingest, readers during ingest, hostile input, the Ray executor."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from ingest import IngestError, parse_file
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Limits, Settings
from store.db import Store
from tests.conftest import CORPUS, TYPESET
from kit.hostile import PAPER_WORDS, AppReader, bomb_pdf, many_papers, nested_pdf, page_count_lie_pdf

FUZZ = Settings(workers=1, classify=False, limits=Limits(max_seconds=20))


def cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, **kwargs)


def consistent(db: Path) -> dict[str, int]:
    """Open the store and check that no half document is visible; return its counts."""
    with Store(db, read_only=True) as store:
        orphans = store.orphans()
        assert not any(orphans.values()), orphans
        return store.counts()


def test_kills_at_random_moments_leave_a_consistent_store_and_a_rerun_completes(tmp_path):
    folder = many_papers(tmp_path / "papers", 60)
    db = tmp_path / "killed.duckdb"
    rng = random.Random(8)
    for _ in range(10):  # bench/reliability.py kills 20 times; ten keep this test under two minutes
        proc = cli("ingest", str(folder), "--db", str(db), "--no-classify", "--quiet", "--workers", "1")
        time.sleep(rng.uniform(2.5, 7.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if db.exists():
            consistent(db)
    done = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", str(folder), "--db", str(db),
                           "--no-classify", "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert consistent(db)["documents"] == 60


def test_readers_never_fail_while_an_ingest_runs(tmp_path):
    """The app's queries in a loop, read as the app reads, during `ingest --swap`: none fails, and
    they see the new store once it is swapped in."""
    first = many_papers(tmp_path / "first", 5)
    more = many_papers(tmp_path / "more", 30, offset=5)
    db = tmp_path / "live.duckdb"
    ingest_paths([first], Settings(db_path=db, workers=1, classify=False), progress=False)
    with AppReader(db) as reader:
        writer = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "ingest", "--swap", str(more), "--db", str(db),
                                 "--no-classify", "--quiet"], capture_output=True, text=True)
        reader.wait_rounds(2)
    assert writer.returncode == 0, writer.stderr
    assert reader.tried > 20 and reader.failures == []
    assert reader.most_documents == 35
    assert consistent(db)["documents"] == 35


def test_a_second_writer_waits_for_the_first(tmp_path):
    """A swap renames its copy over the store when done: a writer that ran meanwhile would be undone."""
    db = tmp_path / "one.duckdb"
    ingest_paths([many_papers(tmp_path / "papers", 2)], Settings(db_path=db, workers=1, classify=False), progress=False)
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from store.db import writer_lock\n"
                               "with writer_lock(sys.argv[1]):\n    print('held', flush=True); sys.stdin.readline()",
                               str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    prune = subprocess.Popen([sys.executable, "-m", "kamerspoor.cli", "prune", "--db", str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "waiting for another writer" in prune.stderr.readline()
    assert prune.poll() is None, "prune went ahead while another writer held the store"
    holder.communicate("done\n")
    out, _ = prune.communicate(timeout=120)
    assert prune.returncode == 0 and "0 documents removed" in out


def test_adding_one_paper_processes_only_that_paper_and_prune_removes_deleted_ones(tmp_path):
    folder = many_papers(tmp_path / "papers", 60)
    db = tmp_path / "inc.duckdb"
    settings = Settings(db_path=db, workers=2, classify=False)
    ingest_paths([folder], settings, progress=False)
    many_papers(folder, 1, offset=60)
    summary = ingest_paths([folder], settings, progress=False)
    assert (summary.count("new"), summary.count("unchanged")) == (1, 60)
    changed = folder / "paper-007.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nDe minister zal de Kamer voor de zomer informeren.\n",
                       encoding="utf-8")
    summary = ingest_paths([folder], settings, progress=False)
    assert summary.count("replaced") == 1 and summary.count("unchanged") == 60
    with Store(db, read_only=True) as store:
        assert any("voor de zomer informeren" in s.text for s in store.statements("paper-007"))
    (folder / "paper-003.md").unlink()
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "prune", "--db", str(db)], capture_output=True,
                         text=True)
    assert out.returncode == 0 and "paper-003" in out.stdout
    assert consistent(db)["documents"] == 60


# ----------------------------------------------------------------- hostile input
def _parses_or_fails_cleanly(path: Path) -> None:
    try:
        parse_file(path, FUZZ)
    except IngestError as exc:
        assert exc.reason and "\n" not in exc.reason


REAL_PDF = (TYPESET / "kst-32637-433.pdf").read_bytes()


@hsettings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".pdf", ".md", ".txt", ".pdf.txt"]))
def test_fuzz_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _parses_or_fails_cleanly(path)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(REAL_PDF)), flips=st.lists(st.tuples(st.integers(0, len(REAL_PDF) - 1),
                                                                   st.integers(0, 255)), max_size=30))
def test_fuzz_truncated_and_corrupted_pdfs(tmp_path, cut, flips):
    data = bytearray(REAL_PDF[:cut] if cut > 2000 else REAL_PDF)
    for offset, value in flips:
        if offset < len(data):
            data[offset] = value
    path = tmp_path / "mutant.pdf"
    path.write_bytes(bytes(data))
    _parses_or_fails_cleanly(path)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=3000),
       junk=st.binary(max_size=200))
def test_fuzz_text_forms_and_invalid_utf8(tmp_path, text, junk):
    path = tmp_path / "brief.md"
    path.write_bytes(text.encode("utf-8") + junk)
    _parses_or_fails_cleanly(path)


@pytest.mark.parametrize("make,expected", [
    (nested_pdf, None), (page_count_lie_pdf, None), (bomb_pdf, "limit"),
])
def test_crafted_hostile_pdfs_fail_alone(tmp_path, make, expected):
    path = make(tmp_path / "hostile.pdf")
    try:
        parse_file(path, FUZZ)
    except IngestError as exc:
        if expected:
            assert expected in exc.reason
    else:
        assert expected is None


def test_a_ten_megabyte_line_is_parsed_or_refused_alone(tmp_path, settings):
    path = tmp_path / "line.txt"
    path.write_text(" ".join(random.Random(1).choice(PAPER_WORDS) for _ in range(3_400_000)), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    summary = ingest_paths([path, CORPUS / "kst-32637-433.md"], settings, progress=False)
    assert summary.count("new") >= 1 and len(summary.outcomes) == 2


def test_time_limit_fails_a_slow_document_alone(tmp_path, settings):
    from kamerspoor.pipeline import process_file

    process_file(CORPUS / "kst-32637-433.md", settings)  # load the Dutch pipeline and word lists first
    slow = settings.with_overrides(limits=Limits(max_seconds=3))
    summary = ingest_paths([TYPESET / "seo-2020-49-evaluerend-advies-techniekpact.pdf", CORPUS / "kst-32637-433.md"],
                           slow, progress=False)
    failed = {Path(o.path).name: o.message for o in summary.failed}
    assert "time limit" in failed["seo-2020-49-evaluerend-advies-techniekpact.pdf"]
    assert summary.count("new") == 1


def test_ray_executor_makes_the_same_store(tmp_path):
    folder = many_papers(tmp_path / "papers", 12)
    stores = {}
    for executor in ("process", "ray"):
        db = tmp_path / f"{executor}.duckdb"
        summary = ingest_paths([folder], Settings(db_path=db, workers=2, classify=False, executor=executor),
                               progress=False)
        assert summary.count("new") == 12, summary.failed
        with Store(db, read_only=True) as store:
            stores[executor] = ({d.id: d.title for d in store.documents()},
                                sorted((s.id, s.text) for s in store.statements()))
    assert stores["ray"] == stores["process"]
