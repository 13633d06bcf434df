"""The command line as a user runs it, against the corpus store."""
from __future__ import annotations

import json
import re
import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamerspoor.cli", *args], capture_output=True, text=True)


def test_show_prints_clean_text_with_page_markers_and_footnotes(corpus_db):
    out = run("show", "kst-32637-433", "--db", str(corpus_db))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "--- pagina 1 ---" in text and "--- pagina 2 ---" in text
    body, notes = text.split("--- voetnoten ---")
    for furniture in ("kst-32637-433\n", "ISSN", "’s-Gravenhage", "Ons kenmerk"):
        assert furniture not in body
    assert "samenbrengen" in body and "samen-" not in body
    assert "[3] (p. 1) Kamerstuk 32 637, nr. 391" in notes
    assert "Kamerstuk 32 637, nr. 391" not in body


def test_documents_jsonl_contract(corpus_db):
    out = run("documents", "--format", "jsonl", "--db", str(corpus_db))
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 4 + 11  # the four sample papers, and the real files of corpus/real
    for row in rows:
        assert {"id", "type", "title", "date", "dossier", "pages", "sources", "status"} <= set(row)
    kst = next(r for r in rows if r["id"] == "kst-32637-448")
    assert kst["type"] == "verslag_schriftelijk_overleg" and kst["dossier"] == "32637" and kst["date"] == "2021-03-10"


def test_documents_table_and_unknown_id(corpus_db):
    table = run("documents", "--db", str(corpus_db))
    assert re.search(r"kst-32637-448\s+verslag_schriftelijk_overleg", table.stdout)
    missing = run("show", "kst-1-1", "--db", str(corpus_db))
    assert missing.returncode == 2 and "no document" in missing.stderr


def test_missing_store_is_a_clear_error(tmp_path):
    for command in ("documents", "serve"):
        out = run(command, "--db", str(tmp_path / "none.duckdb"))
        assert out.returncode == 2 and "run `kamerspoor ingest` first" in out.stderr, command
