"""Issue 16: the Kamer's own record beside the papers — ids that keep sub-dossiers apart, open-data
pages loaded into a real store, the besluit kept apart from the uitvoering status."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.opendata import PageError, besluit_of, read_page
from kamerspoor.settings import Settings
from kamerspoor.tk_load import load_dir, load_pages
from nlp.stemmingsuitslag import read_uitslagen
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "tk-opendata"           # twelve real moties and their zaak records
SHARED = ROOT.parent / "shared" / "tk-opendata"            # all 5,591 (beside the checkout, as in CI)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamerspoor.cli", *args], capture_output=True, text=True, cwd=ROOT)


def recorded(pages: list[Path]) -> dict[str, str]:
    """Zaak nummer → besluit as the Kamer recorded it, read straight from the JSON."""
    out = {}
    for page in pages:
        for zaak in json.loads(page.read_text())["value"]:
            if zaak["Besluit"]:
                out[zaak["Nummer"]] = besluit_of(zaak["Besluit"][-1]["BesluitSoort"])
    return out


@pytest.mark.slow
def test_every_shared_motie_keeps_its_own_kamerstuk_id(shared_moties):
    """5,591 real moties, 1,096 of them in groups that collide without their sub-dossier
    (36600-22 / 36600-XVI-22, 21501-04-279 / 21501-28-279): one id per file, the file's own."""
    assert [doc.id for _, doc in shared_moties] == [path.stem for path, _ in shared_moties]
    assert {doc.meta.doc_type for _, doc in shared_moties} == {"motie"}


def test_sub_dossiers_are_separate_documents_and_every_zaak_meets_its_paper(tmp_path):
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    summary = load_dir(DATA, settings, progress=False)
    assert not summary.refused and not summary.papers.failed
    with Store(settings.db_path, read_only=True) as store:
        ids = {d.id for d in store.documents()}
        assert ids == {p.stem for p in (DATA / "moties").glob("*.xml")}  # 12 files, 12 documents
        assert store.opendata.unlinked_zaken() == []
        audit = {r.commitment.id: r for r in store.opendata.motie_audit()}
    assert {"36600-22", "36600-XVI-22", "36600-J-22", "36600-XIV-22", "21501-04-279", "21501-28-279"} <= set(audit)
    assert audit["36600-22"].besluit == "verworpen" and audit["36600-XVI-22"].besluit == "aangenomen"
    # a rejected motion asks nothing of the government: never open work
    assert audit["36600-22"].commitment.status == "n.v.t." and audit["36600-22"].uitvoering == "open"
    zaak = audit["32637-601"].zaak
    assert zaak.kabinetsappreciatie and zaak.nummer == "2024Z03050"
    assert zaak.voor > zaak.tegen and zaak.fracties_voor


def test_moties_cli_filters_on_besluit_and_status(tmp_path):
    db = tmp_path / "s.duckdb"
    assert cli("tk", "load", str(DATA), "--db", str(db), "--quiet").returncode == 0
    out = cli("moties", "--db", str(db), "--besluit", "aangenomen", "--status", "open", "--format", "jsonl")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(r["besluit"] == "aangenomen" and r["status"] == "open" for r in rows)
    assert all(r["besluit_bron"].startswith("open data") for r in rows)
    rejected = cli("moties", "--db", str(db), "--besluit", "verworpen", "--format", "jsonl").stdout.splitlines()
    assert rejected and all(json.loads(line)["status"] == "n.v.t." for line in rejected)
    trace = cli("trace", "32637-601", "--db", str(db)).stdout
    assert "besluit: aangenomen" in trace and "stemmen:" in trace and "kabinetsappreciatie:" in trace


def test_all_shared_pages_load_and_besluit_equals_the_recorded_besluitsoort(tmp_path):
    pages = sorted((SHARED / "zaak").glob("*.json"))
    with Store(tmp_path / "s.duckdb") as store:
        summary = load_pages(store, SHARED / "zaak", progress=False)
        assert summary.zaken == 5591 and not summary.refused
        stored = {z.nummer: z.besluit for z in store.opendata.zaken()}
        again = load_pages(store, SHARED / "zaak", progress=False)  # idempotent
        assert again.skipped == len(pages) and again.pages == 0
        assert store.opendata.counts()["tk_zaken"] == 5591
    want = recorded(pages)
    assert len(want) > 4000
    assert {n: stored[n] for n in want} == want


def test_bad_pages_are_refused_whole_and_the_good_ones_load(tmp_path):
    folder = tmp_path / "mirror"
    (folder / "zaak").mkdir(parents=True)
    good = json.loads((DATA / "zaak" / "page-0001.json").read_text())
    (folder / "zaak" / "page-0001.json").write_text(json.dumps(good))
    (folder / "zaak" / "page-0002.json").write_text('{"value": [')  # cut off
    broken = {**good, "value": good["value"][:2] + [{"Nummer": "2099Z00001"}]}  # third record has no Id
    (folder / "zaak" / "page-0003.json").write_text(json.dumps(broken))
    (folder / "zaak" / "page-0004.json").write_text(json.dumps({"@odata.context": "x#Persoon", "value": []}))
    db = tmp_path / "s.duckdb"
    run = cli("tk", "load", str(folder), "--db", str(db), "--quiet")
    assert run.returncode == 1
    refused = [line for line in run.stderr.splitlines() if line.startswith("refused")]
    assert len(refused) == 3 and "page-0002" in refused[0] and "no Id" in refused[1] and "Persoon" in refused[2]
    assert "Traceback" not in run.stderr
    with Store(db, read_only=True) as store:
        assert store.opendata.counts()["tk_zaken"] == len(good["value"])  # page 3's two good records not written
        assert store.opendata.counts()["tk_pages"] == 1
    with pytest.raises(PageError):
        read_page(b"[]", "x")


def test_a_newer_record_replaces_an_older_one_and_not_the_other_way_round(tmp_path):
    page = json.loads((DATA / "zaak" / "page-0001.json").read_text())
    zaak = next(z for z in page["value"] if z["Nummer"] == "2024Z03050")
    newer = json.loads(json.dumps(zaak))
    newer["ApiGewijzigdOp"] = "2030-01-01T00:00:00Z"
    newer["Kabinetsappreciatie"] = "Overgenomen"
    with Store(tmp_path / "s.duckdb") as store:
        store.opendata.load_page("new", json.dumps([newer]).encode(), read_page(json.dumps({"value": [newer]}).encode()))
        store.opendata.load_page("old", b"old", read_page(json.dumps({"value": [zaak]}).encode()))
        row = next(z for z in store.opendata.zaken() if z.nummer == "2024Z03050")
    assert row.kabinetsappreciatie == "Overgenomen"


def test_besluit_read_from_the_papers_when_no_open_data_is_loaded():
    statements = [
        {"id": "h#1", "doc_id": "h", "text": "In stemming komt de motie-Kwint c.s. (32 637, nr. 613).",
         "refs": ["32637-613"]},
        {"id": "h#2", "doc_id": "h", "text": "De voorzitter: Ik constateer dat deze motie is verworpen.", "refs": []},
        {"id": "h#3", "doc_id": "h", "text": "Op verzoek van mevrouw Van der Lee stel ik voor haar motie (32 637, "
         "nr. 614) aan te houden.", "refs": ["32637-614"]},
        {"id": "b#1", "doc_id": "b", "text": "De door uw Kamer aangenomen motie van het lid Bisschop (Kamerstuk "
         "32 637, nr. 391) vraagt om een plan.", "refs": ["32637-391"]},
        {"id": "b#2", "doc_id": "b", "text": "Er wordt aangenomen dat het tekort groeit (Kamerstuk 32 637, nr. 400).",
         "refs": ["32637-400"]},  # "aangenomen" without a motion: no besluit
    ]
    found = {(u.kamerstuk, u.besluit) for u in read_uitslagen(statements)}
    assert found == {("32637-613", "verworpen"), ("32637-614", "aangehouden"), ("32637-391", "aangenomen")}


def test_paper_besluit_feeds_the_audit_and_names_its_source(tmp_path):
    paper = tmp_path / "handelingen.md"
    paper.write_text("# Stemmingen over moties ingediend bij het debat over het Techniekpact\n\n"
                     "In stemming komt de motie-Thijssen (32 637, nr. 613).\n\n"
                     "De voorzitter: Ik constateer dat deze motie is verworpen.\n", encoding="utf-8")
    motie = DATA / "moties" / "kst-32637-623.xml"
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    from kamerspoor.pipeline import ingest_paths

    ingest_paths([paper, motie], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        uitslagen = store.opendata.paper_uitslagen()
        audit = {r.commitment.id: r for r in store.opendata.motie_audit()}
    assert uitslagen["32637-613"].besluit == "verworpen"
    assert audit["32637-623"].besluit == "onbekend" and audit["32637-623"].commitment.status == "open"


def test_a_paper_that_contradicts_the_open_data_is_flagged(tmp_path):
    """Seen in the real papers: a minister's answer calls a motion adopted that the open data records
    as rejected. The audit keeps the Kamer's record and says where a paper disagrees."""
    letter = tmp_path / "brief.md"
    letter.write_text("# Antwoord op vragen\n\nDit past bij de door uw Kamer aangenomen motie van het lid Stoffer c.s. "
                      "(Kamerstuk 36 600, nr. 22).\n", encoding="utf-8")
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    load_dir(DATA, settings, progress=False)
    from kamerspoor.pipeline import ingest_paths

    ingest_paths([letter], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        audit = {r.commitment.id: r for r in store.opendata.motie_audit()}
    assert audit["36600-22"].besluit == "verworpen"
    assert audit["36600-22"].besluit_conflict.startswith("brief") and "aangenomen" in audit["36600-22"].besluit_conflict
    assert audit["36600-XVI-22"].besluit_conflict is None


def test_a_hoofdelijke_stemming_counts_members_not_fractie_sizes(tmp_path):
    """Zaak 2025Z09518 (21501-04-279) was voted by roll call: a record per member, each carrying its
    fractie's size. Summing those sizes gave 1401–626."""
    with Store(tmp_path / "s.duckdb") as store:
        load_pages(store, DATA / "zaak", progress=False)
        zaak = next(z for z in store.opendata.zaken() if z.nummer == "2025Z09518")
        voor, tegen, fracties = zaak.voor, zaak.tegen, zaak.fracties_voor
    assert (voor, tegen) == (53, 42)
    assert len(fracties) == len(set(fracties))
