"""Issue 17: the Handelingen as a document type, the moties read out in them, and letters that
discuss moties staying letters."""
from __future__ import annotations

from pathlib import Path

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from nlp.handelingen import read_handelingen
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
HANDELINGEN = ROOT / "tests" / "data" / "handelingen" / "h-tk-20242025-61-12.txt"

LETTER = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 3 maart 2025
Betreft Uitvoering van moties over techniekonderwijs

Geachte voorzitter,

In deze brief ga ik in op de motie van het lid Van der Veen c.s. (Kamerstuk 32 637, nr. 702) en op de
motie van de leden Kwint en Tjeerd de Groot (Kamerstuk 32 637, nr. 613). De Kamer verzocht de regering
in de eerste motie om een regeling voor hybride docenten, "en gaat over tot de orde van de dag".

De minister van Onderwijs, Cultuur en Wetenschap,
"""


def test_handelingen_is_its_own_type_and_its_numbered_moties_are_read(tmp_path):
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    summary = ingest_paths([HANDELINGEN], settings, progress=False)
    assert not summary.failed
    with Store(settings.db_path, read_only=True) as store:
        documents = store.documents()
        moties = {m["kamerstuk_id"]: m for m in store.handelingen_moties()}
    assert [(d["id"], d["type"]) for d in documents] == [("h-tk-20242025-61-12", "handelingen")]
    assert set(moties) == {"32637-702", "36600-VIII-41"}
    assert moties["32637-702"]["indieners"] == ["Van der Veen", "Tjeerd de Groot"]
    assert moties["32637-702"]["dictum"][0].startswith("verzoekt de regering om samen met de regio's")
    assert len(moties["32637-702"]["considerations"]) == 2
    assert moties["36600-VIII-41"]["indieners"] == ["El Abassi"]


def test_a_letter_that_discusses_moties_is_no_motie(tmp_path):
    letter = tmp_path / "brief-moties.md"
    letter.write_text(LETTER, encoding="utf-8")
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    ingest_paths([letter], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        (document,) = store.documents()
        moties = store.commitments("motie")
    assert document["type"] == "brief"
    assert {m["id"] for m in moties} <= {"32637-702", "32637-613"}  # the moties it names, never itself


def test_the_chairs_number_needs_the_motion_text_before_it():
    assert read_handelingen("Zij krijgt nr. 3 (32637).", None, None).moties == []
