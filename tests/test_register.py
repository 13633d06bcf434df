"""Issue 16, item 4: the Kamer's toezeggingen register beside the toezeggingen found in the papers.

The register page (tests/data/tk-register) is hand-written in the OData service's documented shape:
eight entries restate, in other words, toezeggingen that Kamerspoor finds in corpus/, three are only
in the register. Our toezeggingen are named by where they were made and what they say, not by their
``toezegging-N`` ids, which follow the registry's order.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from ingest.opendata import TkToezegging
from kamerspoor.cli import main
from nlp.register_match import RegisterMatch, actor_evidence, conflict_of, found_date, match_register, word_overlap
from store.db import Store
from store.records import StoredCommitment

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "tests" / "data" / "tk-register"

# register nummer → (where the papers say it was made, words of our subject)
PAIRS = {
    "TZ201910-011": ("AO Techniekpact 2019-10-08", "totaaloverzicht"),
    "TZ201910-012": ("AO Techniekpact 2019-10-08", "deeltijdwerk"),
    "TZ202002-005": ("AO Innovatie 2020-02-05", "tekort aan technisch"),
    "TZ202011-003": ("WGO Emancipatie 2020-11-02", "niet-westerse migranten"),
    "TZ202009-014": ("kst-32637-433", "kabinetsinzet op het Techniekpact"),
    "TZ202103-021": ("kst-32637-448", "subsidie Praktijkleren"),
    "TZ202103-022": ("kst-32637-448", "Nationaal Programma Onderwijs"),
    "TZ202407-031": ("ah-tk-20232024-2168", "TenneT"),
}
ONLY_REGISTER = {"TZ201910-013",   # another promise of the same AO Techniekpact
                 "TZ202206-040",   # a debate that is not in the corpus
                 "TZ202011-004"}   # the same WGO, the same words about women in tech, but another minister
ONLY_TEXT = {("seo-2020-49-evaluerend-advies-techniekpact", "regionale matching"),
             ("kst-32637-448", "Op basis van die evaluatie"),
             ("kst-32637-448", "uitkomsten van deze gesprekken")}
CONFLICTS = {"TZ201910-012": "antwoord-maar-openstaand",   # register Openstaand, the papers answer it
             "TZ202103-021": "voldaan-zonder-antwoord"}    # register Voldaan, no answer in the papers


@pytest.fixture
def register_db(corpus_db: Path, tmp_path: Path) -> Path:
    """A copy of the corpus store (the session store is shared and read-only) with the register page loaded."""
    db = tmp_path / "register.duckdb"
    shutil.copy(corpus_db, db)
    if corpus_db.with_name(corpus_db.name + ".wal").exists():
        shutil.copy(corpus_db.with_name(corpus_db.name + ".wal"), db.with_name(db.name + ".wal"))
    assert main(["tk", "load", str(REGISTER), "--db", str(db), "--quiet"]) == 0
    return db


def _ours(row: StoredCommitment) -> tuple[str, str]:
    return row.made_at, row.subject


# ---------------------------------------------------------------- the loader on the hand-written page

def test_the_register_page_loads_with_every_field(tmp_path, capsys):
    db = tmp_path / "tk.duckdb"
    assert main(["tk", "load", str(REGISTER), "--db", str(db), "--quiet"]) == 0
    assert "1 pages loaded (0 zaken, 11 toezeggingen)" in capsys.readouterr().out
    with Store(db, read_only=True) as store:
        rows = {r.nummer: r for r in store.opendata.toezeggingen()}
    assert len(rows) == 11
    first = rows["TZ201910-011"]
    assert first.id == "00000000-0000-4000-8000-0000000b0001"
    assert first.tekst.startswith("De staatssecretaris stuurt de Kamer een overzicht")
    assert (first.status, first.naam, first.ministerie) == ("Voldaan", "M.C.G. Keijzer", "Economische Zaken en Klimaat")
    assert first.functie == "staatssecretaris van Economische Zaken en Klimaat"
    assert (first.activiteit_nummer, first.activiteit_datum, first.activiteit_onderwerp) == \
        ("2019A03210", date(2019, 10, 8), "Techniekpact")
    assert (first.aanmaakdatum, first.datum_nakoming) == (date(2019, 10, 10), date(2020, 9, 30))
    assert first.kamerbrieven == ["2020D36412"]
    letter = rows["TZ202103-021"]  # made in a letter: no debate, only the date it was entered
    assert (letter.activiteit_nummer, letter.activiteit_datum, letter.kamerbrieven) == (None, None, [])
    assert rows["TZ202011-003"].naam == "I.K. van Engelshoven"
    assert {r.status for r in rows.values()} == {"Voldaan", "Openstaand", "Deels voldaan"}


# ---------------------------------------------------------------- matching on the real corpus store

def test_each_register_entry_meets_the_toezegging_it_restates(register_db):
    with Store(register_db, read_only=True) as store:
        rows = store.opendata.register_audit()
        found = {r.id: r for r in store.commitments("toezegging")}
    pairs = {r.nummer: r for r in rows if r.kind == "both"}
    assert set(pairs) == set(PAIRS)
    for nummer, (made_at, words) in PAIRS.items():
        ours = found[pairs[nummer].commitment_id]
        assert ours.made_at == made_at and words in ours.subject, (nummer, _ours(ours))
        assert pairs[nummer].reason and pairs[nummer].score >= 0.5
    assert {r.nummer for r in rows if r.kind == "alleen-register"} == ONLY_REGISTER
    only_text = [found[r.commitment_id] for r in rows if r.kind == "alleen-tekst"]
    assert {(made_at, words) for made_at, words in ONLY_TEXT
            if any(o.made_at == made_at and words in o.subject for o in only_text)} == ONLY_TEXT
    assert len(rows) == len(found) + len(ONLY_REGISTER)  # every toezegging and every entry exactly once


def test_both_conflicts_are_flagged_and_nothing_else(register_db):
    with Store(register_db, read_only=True) as store:
        rows = store.opendata.register_audit()
    flagged = {r.nummer: r for r in rows if r.conflict}
    assert {n: r.conflict for n, r in flagged.items()} == CONFLICTS
    open_answered, done_unanswered = flagged["TZ201910-012"], flagged["TZ202103-021"]
    assert open_answered.register_status == "Openstaand" and open_answered.our_status == "afgedaan"
    assert open_answered.answers > 0
    assert done_unanswered.register_status == "Voldaan" and done_unanswered.our_status == "open"
    assert done_unanswered.answers == 0


def test_register_listing_in_table_csv_and_jsonl(register_db, capsys):
    assert main(["toezeggingen", "--register", "--db", str(register_db), "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(table[0]) == ["register", "id", "kind", "register_status", "status", "conflict", "tekst"]
    by_nummer = {r["register"]: r for r in table if r["register"]}
    assert by_nummer["TZ202103-021"]["conflict"] == "voldaan-zonder-antwoord"
    assert by_nummer["TZ202206-040"]["kind"] == "alleen-register" and by_nummer["TZ202206-040"]["id"] == ""
    with Store(register_db, read_only=True) as store:
        found = len(store.commitments("toezegging"))
    assert sum(r["kind"] == "alleen-tekst" for r in table) == found - len(PAIRS)  # every other one in the papers

    assert main(["toezeggingen", "--register", "--db", str(register_db), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["nummer"]: line["conflict"] for line in lines if line["conflict"]} == CONFLICTS
    assert all({"reason", "score", "register_tekst", "subject", "naam", "made_by"} <= set(line) for line in lines)

    assert main(["toezeggingen", "--register", "--db", str(register_db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["register", "id", "kind", "register_status", "status", "conflict", "tekst"]
    assert any("TZ201910-012" in line and "antwoord-maar-openstaand" in line for line in out)

    assert main(["toezeggingen", "--register", "--status", "open", "--db", str(register_db),
                 "--format", "jsonl"]) == 0
    assert {json.loads(line)["our_status"] for line in capsys.readouterr().out.splitlines()} == {"open"}


# ---------------------------------------------------------------- the pure function on small records

def entry(**fields) -> TkToezegging:
    base = {"id": "r1", "nummer": "TZ1", "status": "Openstaand", "naam": "M.C.G. Keijzer",
            "functie": "staatssecretaris van Economische Zaken en Klimaat",
            "ministerie": "Economische Zaken en Klimaat",
            "activiteit_datum": date(2019, 10, 8), "aanmaakdatum": date(2019, 10, 10),
            "tekst": "De staatssecretaris stuurt de Kamer een overzicht van de regelingen voor het mkb in de techniek.",
            "datum_nakoming": None, "activiteit_nummer": None, "activiteit_onderwerp": None, "kamerbrieven": [],
            "gewijzigd": None, "verwijderd": False}
    return TkToezegging(**{**base, **fields})


def found(**fields) -> dict:
    base = {"id": "t1", "made_by": "Staatssecretaris Keijzer", "made_at": "AO Techniekpact 2019-10-08",
            "made_on": date(2019, 10, 8), "status": "open", "answers": 0,
            "subject": "een totaaloverzicht te geven van alle beschikbare regelingen voor mkb in techniek"}
    return {**base, **fields}


def kinds(matches: list[RegisterMatch]) -> list[tuple]:
    return [(m.kind, m.register_id, m.commitment_id) for m in matches]


def test_same_promise_same_day_same_actor_is_a_pair():
    [match] = match_register([entry()], [found()])
    assert (match.kind, match.register_id, match.commitment_id) == ("both", "r1", "t1")
    assert "zelfde dag" in match.reason and "naam keijzer" in match.reason and "woorden" in match.reason


@pytest.mark.parametrize("near_miss", [
    {"made_on": date(2019, 10, 12), "made_at": "AO Techniekpact 2019-10-12"},   # four days later: another debate
    {"made_by": "Minister Wiebes"},                                             # another person
    {"made_by": "de Minister van Economische Zaken en Klimaat"},                # another role
    {"made_by": "Staatssecretaris van Sociale Zaken en Werkgelegenheid"},        # same role, another ministry
])
def test_a_near_miss_on_date_or_actor_is_not_a_pair(near_miss):
    assert kinds(match_register([entry()], [found(**near_miss)])) == [
        ("alleen-register", "r1", None), ("alleen-tekst", None, "t1")]


def test_a_role_without_a_name_still_pairs_and_says_so():
    [match] = match_register([entry()], [found(made_by="Staatssecretaris van EZK")])
    assert match.kind == "both" and "functie staatssecretaris" in match.reason


def test_same_meeting_and_actor_with_other_words_is_not_a_pair():
    other = found(subject="te bezien of deeltijdwerk onderdeel is van het IBO deeltijdwerk")
    assert [m.kind for m in match_register([entry()], [other])] == ["alleen-register", "alleen-tekst"]


def test_a_letter_entry_may_be_entered_days_after_the_paper_but_not_before():
    letter = entry(activiteit_datum=None, aanmaakdatum=date(2019, 10, 18))
    assert match_register([letter], [found()])[0].kind == "both"
    early = entry(activiteit_datum=None, aanmaakdatum=date(2019, 10, 1))
    assert match_register([early], [found()])[0].kind == "alleen-register"


def test_assignment_is_one_to_one_best_score_first():
    weaker = entry(id="r2", nummer="TZ2", tekst="De staatssecretaris stuurt een overzicht over het mkb.",
                   activiteit_datum=date(2019, 10, 9))
    matches = match_register([weaker, entry()], [found()])
    assert kinds(matches) == [("both", "r1", "t1"), ("alleen-register", "r2", None)]


def test_embedding_similarity_can_carry_a_paraphrase_words_miss():
    paraphrase = found(subject="een lijst van alle ondersteuning voor kleine bedrijven die met technologie werken")
    assert match_register([entry()], [paraphrase])[0].kind == "alleen-register"
    matches = match_register([entry()], [paraphrase], similar=lambda a, b: [[0.97] * len(b) for _ in a])
    assert matches[0].kind == "both" and "betekenis" in matches[0].reason


def test_conflicts():
    assert conflict_of("Voldaan", "open", 0) == "voldaan-zonder-antwoord"
    assert conflict_of("Voldaan", "onbekend", 0) == "voldaan-zonder-antwoord"
    assert conflict_of("Voldaan", "open", 2) is None          # an answer found, status still open: not this flag
    assert conflict_of("Voldaan", "afgedaan", 3) is None
    for ours in ("afgedaan", "deels", "in uitvoering"):
        assert conflict_of("Openstaand", ours, 1) == "antwoord-maar-openstaand"
    assert conflict_of("Openstaand", "open", 0) is None
    assert conflict_of("Deels voldaan", "open", 0) is None
    [single] = match_register([entry(status="Voldaan")], [])
    assert single.kind == "alleen-register" and single.conflict is None  # nothing to disagree with


def test_evidence_helpers():
    assert word_overlap("regelingen voor het mkb in de technieksector", "alle regeling mkb techniek") == 1.0
    assert word_overlap("", "iets") == 0.0
    assert actor_evidence(entry(naam="I.K. van Engelshoven"), found(made_by="minister Van Engelshoven"))[0] == 1.0
    assert actor_evidence(entry(), found(made_by="kabinet"))[0] == 0.0
    assert actor_evidence(entry(), found(made_by="Minister Hermans (Klimaat en Groene Groei)"))[0] is None


def test_a_handelingen_id_is_not_read_as_the_day_a_toezegging_was_made():
    """A toezegging found in a Handelingen is made at ``h-tk-20242025-61-12``: its tail is no date (month 61), and
    reading it as one stopped ``toezeggingen --register`` with a ValueError."""
    assert found_date({"made_at": "h-tk-20242025-61-12"}) is None
    assert found_date({"made_at": "AO Techniekpact 2019-10-08"}) == date(2019, 10, 8)
