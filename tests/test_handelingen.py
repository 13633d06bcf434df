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
        moties = {m.kamerstuk_id: m for _, m in store.handelingen_moties()}
        registry = {r.id: store.commitment(r.id) for r in store.commitments("motie")}
    assert [(d.id, d.doc_type) for d in documents] == [("h-tk-20242025-61-12", "handelingen")]
    # each motion read out is a motie record of its own, as the Handelingen give it
    assert {"32637-702", "36600-VIII-41"} <= set(registry)
    read_out = registry["32637-702"]
    assert read_out.indieners == ["Van der Veen", "Tjeerd de Groot"] and read_out.found_as == "handelingen"
    assert read_out.made_at == "h-tk-20242025-61-12" and read_out.verzoek.startswith("verzoekt de regering")
    assert read_out.form.dictum[0].startswith("verzoekt de regering om samen met de regio's")
    assert set(moties) == {"32637-702", "36600-VIII-41"}
    assert [i.name for i in moties["32637-702"].indieners] == ["Van der Veen", "Tjeerd de Groot"]
    assert moties["32637-702"].dictum[0].startswith("verzoekt de regering om samen met de regio's")
    assert len(moties["32637-702"].considerations) == 2
    assert [i.name for i in moties["36600-VIII-41"].indieners] == ["El Abassi"]


def test_a_letter_that_discusses_moties_is_no_motie(tmp_path):
    letter = tmp_path / "brief-moties.md"
    letter.write_text(LETTER, encoding="utf-8")
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    ingest_paths([letter], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        (document,) = store.documents()
        moties = store.commitments("motie")
    assert document.doc_type == "brief"
    assert {m.id: m.indieners for m in moties} == {  # the moties it names, never itself
        "32637-702": ["Van der Veen"], "32637-613": ["Kwint", "Tjeerd de Groot"]}
    assert all(m.found_as in ("het-lid", "leden") and m.confidence >= 0.9 for m in moties)


def test_the_chairs_number_needs_the_motion_text_before_it():
    assert read_handelingen("Zij krijgt nr. 3 (32637).", None, None).moties == []


def test_a_gewijzigde_motie_in_the_handelingen_keeps_its_own_number_and_the_one_it_replaces():
    text = ("De voorzitter:\nDe motie-Grinwis/Vedder (32637, nr. 633) is in die zin gewijzigd dat zij thans luidt:\n"
            "Motie\nDe Kamer,\ngehoord de beraadslaging,\nconstaterende dat de regio's wachten op duidelijkheid;\n"
            "verzoekt de regering vóór de zomer een besluit te nemen,\nen gaat over tot de orde van de dag.\n"
            "Deze motie is voorgesteld door de leden Grinwis en Vedder.\nZij krijgt nr. 640, was nr. 633 (32637).")
    (motie,) = read_handelingen(text, "h-tk-20242025-70-3", None).moties
    assert (motie.kamerstuk_id, motie.vervangt) == ("32637-640", "32637-633")
    assert [i.name for i in motie.indieners] == ["Grinwis", "Vedder"]
