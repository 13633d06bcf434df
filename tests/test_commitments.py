"""Moties and toezeggingen: patterns, deadlines, the registry over the corpus, and its commands."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import yaml

from kit.commitment_gold import evaluate, sample_papers
from kit.statement_rows import statement
from nlp.records import Statement
from nlp.commitments import new_promise
from nlp.motie_mentions import find_moties
from nlp.deadlines import parse_deadline
from kamerspoor.settings import Settings
from tests.conftest import ROOT


def answer(text: str, role: str = "answer") -> Statement:
    return statement(text, role)


def test_motion_mentions_and_not_motions():
    cases = {
        "De motie Kerstens/Moorlag die de regering verzoekt": [["Kerstens", "Moorlag"]],
        "de motie van de leden Kerstens en Moorlag (Kamerstuk 32 637, nr. 391)": [["Kerstens", "Moorlag"]],
        "de motie van het lid Moorlag c.s.": [["Moorlag"]],
        "Motie Amhaouch en Bruins": [["Amhaouch", "Bruins"]],
        "de moties Bruins en Moorlag": [["Bruins", "Moorlag"]],
        "conform de motie van de leden Rog en Van Meenen": [["Rog", "Van Meenen"]],
        "Promotie Evenement Techniek Noord-Holland": [],
        "Dit vraagt om emotie en Promoties van bedrijven.": [],
    }
    for text, expected in cases.items():
        assert [list(m.indieners) for m in find_moties(text)] == expected, text


def test_promises_are_not_requests_or_descriptions():
    assert new_promise(answer("Het kabinet zal de Kamer nader informeren over de uitkomsten."))
    assert new_promise(answer("Op basis van die evaluatie zal de Kamer geïnformeerd worden."))
    assert new_promise(answer("Ik zal uw Kamer voor de zomer over de voortgang informeren."))
    assert new_promise(answer("De Minister komt hier in het Nationaal Programma Onderwijs op terug."))
    assert new_promise(answer("Is de Staatssecretaris bereid de Kamer hierover te informeren?", "question")) is None
    assert new_promise(answer("Kan de Minister de Kamer informeren over de stand van zaken?")) is None
    assert new_promise(answer("SBB zal de komende jaren meer leerbedrijven werven.")) is None


def test_deadlines_become_date_ranges():
    letter = date(2021, 3, 10)
    assert parse_deadline("vóór de zomer 2021", letter).end == date(2021, 6, 30)
    assert (parse_deadline("begin 2021", letter).start, parse_deadline("begin 2021", letter).end) == (date(2021, 1, 1), date(2021, 3, 31))
    assert parse_deadline("eind maart 2021", letter).end == date(2021, 3, 31)
    assert parse_deadline("in 2022", letter).end == date(2022, 12, 31)
    assert parse_deadline("dit voorjaar", letter).start == date(2021, 3, 1)
    assert parse_deadline("voor de zomer", date(2020, 9, 18)).end == date(2021, 6, 30)  # said after the summer
    assert parse_deadline("zonder termijn", letter) is None


def test_registry_meets_the_gold_list(corpus_store, capsys):
    evaluate(corpus_store, yaml.safe_load((ROOT / "tests" / "data" / "gold" / "commitments.yaml").read_text()),
             sample_papers(corpus_store))
    report = capsys.readouterr().out
    assert "motions: recall 1.000" in report and "0 false motions" in report and "0 extra motions" in report
    assert "toezeggingen: recall 1.000" in report
    top1 = float(report.split("answers: top-1 ")[1].split(",")[0])
    status = float(report.split("status accuracy: ")[1].split(" ")[0])
    assert top1 >= 0.85 and status >= 0.85


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamerspoor.cli", *args], capture_output=True, text=True)


def test_moties_toezeggingen_trace_and_export(corpus_db):
    db = ["--db", str(corpus_db)]
    table = run("moties", *db)
    assert "32637-391" in table.stdout and "Kerstens, Moorlag" in table.stdout
    open_ones = run("toezeggingen", "--status", "open", "--format", "jsonl", "--as-of", "2026-11-23", *db)
    rows = [json.loads(line) for line in open_ones.stdout.splitlines()]
    assert rows and all(r["status"] == "open" for r in rows)
    praktijkleren = next(r for r in rows if "raktijkleren" in r["subject"])
    assert praktijkleren["deadline"]["end"] == "2022-12-31" and praktijkleren["overdue"] is True
    trace = run("trace", "32637-391", *db)
    assert "De motie is expliciet meegenomen" in trace.stdout and "kst-32637-448" in trace.stdout
    exported = [json.loads(line) for line in run("export", "moties", "--format", "jsonl", *db).stdout.splitlines()]
    motion = next(r for r in exported if r["id"] == "32637-392")
    assert {"id", "kind", "indieners", "made_at", "verzoek", "deadline", "status", "mentions", "answers"} <= set(motion)
    assert motion["answers"][0]["evidence"] == "antwoord" and motion["answers"][0]["page"] >= 1
    toezeggingen = [json.loads(line) for line in run("export", "toezeggingen", *db).stdout.splitlines()]
    assert all({"by", "subject"} <= set(t) for t in toezeggingen)
    csv = run("toezeggingen", "--format", "csv", *db)
    assert csv.stdout.startswith("id,status,wie")
    assert run("trace", "motie-999", *db).returncode == 2


def test_every_record_says_how_it_was_found_and_weak_ones_can_be_hidden(corpus_db):
    db = ["--db", str(corpus_db)]
    every = [json.loads(line) for line in run("toezeggingen", "--format", "jsonl", *db).stdout.splitlines()]
    assert every and all(r["rule"] and 0 < r["confidence"] <= 1 and r["found_as"] for r in every)
    assert {r["found_as"] for r in every} >= {"register", "new"}
    floor = sorted(r["confidence"] for r in every)[len(every) // 2]
    sure = [json.loads(line) for line in run("toezeggingen", "--format", "jsonl", "--min-confidence", str(floor),
                                             *db).stdout.splitlines()]
    assert sure and len(sure) < len(every) and all(r["confidence"] >= floor - 1e-6 for r in sure)
    moties = [json.loads(line) for line in run("moties", "--format", "jsonl", *db).stdout.splitlines()]
    by_name = next(r for r in moties if r["id"] == "32637-391")  # named in two letters, never filed here
    assert by_name["found_as"] in ("leden", "naam") and by_name["rule"].startswith("motie:")
    trace = run("trace", "32637-391", *db).stdout
    assert "gevonden als:" in trace and "regel motie:" in trace
    wrong = run("toezeggingen", "--min-confidence", "1.5", *db)
    assert wrong.returncode == 2 and "not between 0 and 1" in wrong.stderr


def test_an_ingested_motie_is_the_authoritative_record(settings):
    from kamerspoor.pipeline import ingest_paths
    from store.db import Store

    real = ROOT / "corpus" / "real" / "kst-28286-1366_motie__pdflab.pdf"
    summary = ingest_paths([real], settings, progress=False)
    assert not summary.failed, summary.failed
    with Store(settings.db_path, read_only=True) as store:
        record = store.commitment("28286-1366")
    assert list(record.indieners) == ["Holman", "Van Campen"]
    assert record.verzoek.startswith("verzoekt de regering de mogelijkheden te onderzoeken om Aeres")
    assert str(record.made_on) == "2024-12-05" and record.status == "open"


def test_ids_survive_an_unrelated_paper(tmp_path):
    """A note citing ``toezegging-…`` or ``motie-…`` must still find it after the next ingest: ids come from
    what a record is (its paper, statement and words), not from its place in a numbered list."""
    from kamerspoor.pipeline import ingest_paths
    from store.db import Store

    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    first = tmp_path / "first"
    first.mkdir()
    for name in ("kst-32637-448.md", "kst-32637-433.md"):
        (first / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    ingest_paths([first], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        before = {r.id: (r.kind, r.subject or r.verzoek) for r in store.commitments()}
    assert any(i.startswith("toezegging-kst-32637-") for i in before)
    assert any(i.startswith("motie-kst-32637-448-") for i in before)  # a motion named without its number
    unrelated = tmp_path / "brief-2019.md"  # older than both, with its own toezegging and motie
    unrelated.write_text("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDatum 4 maart 2019\n"
                         "Betreft Opvang\n\nGeachte voorzitter,\n\nIk zal uw Kamer voor de zomer informeren over de "
                         "opvang van asielzoekers in Ter Apel. De motie van het lid Brekelmans over de spreiding "
                         "wordt uitgevoerd.\n", encoding="utf-8")
    ingest_paths([unrelated], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        after = {r.id: (r.kind, r.subject or r.verzoek) for r in store.commitments()}
    assert len(after) >= len(before) + 2
    assert {i: after.get(i) for i in before} == before
