"""Broken and hostile files: each fails alone with a one-line reason, nothing stored is lost."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kamerspoor.pipeline import ingest_paths
from store.db import Store
from tests.conftest import CORPUS, TYPESET
from kit.pdfmaker import scanned_pdf, text_pdf


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    good = TYPESET / "kst-32637-433.pdf"
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:9000])
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    text_pdf(folder / "locked.pdf", encrypt="geheim")
    text_pdf(folder / "huge.pdf", pages=2000)
    (folder / "binary.txt").write_bytes(bytes(range(0, 32)) * 200)
    return folder


def test_each_bad_file_fails_alone_with_a_reason(bad_folder: Path, settings, tmp_path):
    shutil.copy(CORPUS / "kst-32637-448.md", bad_folder / "good.md")
    summary = ingest_paths([bad_folder], settings, progress=False)
    reasons = {Path(o.path).name: o.message for o in summary.failed}
    assert set(reasons) == {"truncated.pdf", "garbage.pdf", "empty.pdf", "page.pdf", "locked.pdf", "huge.pdf", "binary.txt"}
    assert "corrupt PDF" in reasons["garbage.pdf"]
    assert reasons["empty.pdf"] == "empty file (0 bytes)"
    assert "HTML" in reasons["page.pdf"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "too many pages: 2000" in reasons["huge.pdf"]
    assert "control characters" in reasons["binary.txt"]
    assert all("\n" not in r for r in reasons.values())
    with Store(settings.db_path, read_only=True) as store:
        assert [d.id for d in store.documents()] == ["kst-32637-448"]
        logged = {Path(r.path).name: r.message for r in store.ingest_log() if r.outcome == "failed"}
    assert logged == reasons


def test_failed_run_keeps_what_was_stored_and_exits_non_zero(bad_folder: Path, tmp_path: Path):
    db = tmp_path / "keep.duckdb"
    cli = [sys.executable, "-m", "kamerspoor.cli", "ingest", "--quiet", "--no-classify", "--db", str(db)]
    first = subprocess.run(cli + [str(CORPUS / "kst-32637-433.md")], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    second = subprocess.run(cli + [str(bad_folder)], capture_output=True, text=True)
    assert second.returncode == 1
    assert "FAILED" in second.stderr and "7 failed" in second.stdout
    with Store(db, read_only=True) as store:
        assert [d.id for d in store.documents()] == ["kst-32637-433"]
        assert store.counts()["blocks"] > 50


def test_scanned_page_is_read_by_ocr(tmp_path: Path, settings):
    scan = scanned_pdf(tmp_path / "scan.pdf", TYPESET / "kst-32637-433.pdf", page=2)
    summary = ingest_paths([scan], settings, progress=False)
    assert not summary.failed, summary.failed
    with Store(settings.db_path, read_only=True) as store:
        doc = store.documents()[0]
        text = store.document_text(doc.id)
    assert doc.ocr_pages == [1]
    assert "knelpunten" in text and "samenwerking" in text


def test_windows_1252_text_is_read_with_a_warning(tmp_path: Path, settings):
    path = tmp_path / "oud.txt"
    path.write_bytes("De Minister zal de Kamer vóór de zomer informeren over bèta-techniek.".encode("cp1252"))
    summary = ingest_paths([path], settings, progress=False)
    assert not summary.failed
    assert "Windows-1252" in summary.outcomes[0].message
    with Store(settings.db_path, read_only=True) as store:
        assert "vóór de zomer" in store.document_text("oud")


def test_missing_path_is_reported(settings, tmp_path):
    summary = ingest_paths([tmp_path / "nope.pdf"], settings, progress=False)
    assert summary.failed[0].message == "no such file or folder"

