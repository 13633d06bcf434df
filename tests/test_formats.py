"""Issue 9: official XML, motie forms, schriftelijke Kamervragen and besluitenlijsten.

The real files are the copies in corpus/real (from ../shared/real); their fields were read by
hand into tests/data/formats_expected.yaml. Variants the real files do not show are typed here,
so the parsers are held to the form, not to these exact strings.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kit.format_checks import EXPECTED, REAL, check_file
from ingest import IngestError, parse_file
from kamerspoor.pipeline import ingest_paths, process_file
from kamerspoor.settings import Settings
from store.db import Store
from tests.conftest import ROOT
from kit.pdfmaker import lines_pdf

HAND_READ = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(HAND_READ))
def test_real_file_matches_what_was_read_by_hand(name):
    wrong = [f"{c.part}.{c.field}: expected {c.expected!r}, got {c.got!r}"
             for c in check_file(REAL / name, HAND_READ[name]) if not c.ok]
    assert not wrong, "\n".join(wrong)


def test_store_keeps_forms_chain_and_committee_decisions(corpus_store):
    replaced = corpus_store.commitment("32637-604")
    successor = corpus_store.commitment("32637-611")
    assert replaced.status == "vervangen" and replaced.vervangen_door == "32637-611"
    assert successor.vervangt == "32637-604" and successor.indieners == ["Grinwis", "Flach"]
    assert successor.form.addressee == "de regering" and len(successor.form.considerations) == 2
    sets = {vragen.id: vragen for _, vragen in corpus_store.kamervragen()}
    assert [a.party for a in sets["ah-tk-20232024-1314"].askers] == ["GroenLinks-PvdA", "PvdD"]
    pairs = corpus_store.qa_pairs("ah-tk-20232024-1314")
    assert [p.question_id.split("#")[1] for p in pairs] == ["vraag1", "vraag2", "vraag3+4+5", "vraag6"]
    assert {p.answered_by for p in pairs} == {"Minister Dijkgraaf (Onderwijs, Cultuur en Wetenschap)"}
    promises = [t for t in corpus_store.commitments("toezegging") if t.first_doc == "ah-tk-20232024-2168"]
    assert promises and promises[0].made_by.startswith("Minister Hermans")
    decided = corpus_store.besluiten(ref="29754-145")
    assert [b.agendapunt for b in decided] == [10] and decided[0].meeting_date.isoformat() == "2009-04-02"


def test_trace_shows_the_motion_text_and_its_chain(corpus_db):
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "trace", "32637-611", "--db", str(corpus_db)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "vervangt: 32637-604" in out.stdout
    assert "constaterende dat ondernemers veel gegevens moeten aanleveren" in out.stdout
    assert "▶ verzoekt de regering te bezien" in out.stdout


MOTIE_611_PDF = [
    "Tweede Kamer der Staten-Generaal", "Vergaderjaar 2023–2024", "", "32 637 Bedrijfslevenbeleid", "",
    "Nr. 611 GEWIJZIGDE MOTIE VAN DE LEDEN GRINWIS EN FLACH TER VERVANGING VAN DIE", "GEDRUKT ONDER NR. 604",
    "Voorgesteld 5 maart 2024", "", "De Kamer,", "", "gehoord de beraadslaging,", "",
    "constaterende dat ondernemers veel gegevens moeten aanleveren bij het CBS;", "",
    "verzoekt de regering te bezien of het grensbedrag kan worden verhoogd,", "",
    "en gaat over tot de orde van de dag.", "", "Grinwis", "Flach",
]


@pytest.mark.parametrize("xml_first", [True, False])
def test_same_kamerstuk_as_xml_and_pdf_is_one_document_with_the_xml_structure(tmp_path, xml_first):
    pdf = lines_pdf(tmp_path / "motie-611.pdf", MOTIE_611_PDF, "Tweede Kamer, vergaderjaar 2023–2024, 32 637, nr. 611")
    xml = REAL / "kst-32637-611_motie.xml"
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1, classify=False)
    for path in ([xml, pdf] if xml_first else [pdf, xml]):
        ingest_paths([path], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        docs = store.documents()
        assert [d.id for d in docs] == ["kst-32637-611"] and len(docs[0].sources) == 2
        doc = store.document("kst-32637-611")
        assert doc.text_source.endswith(".xml") and doc.title.startswith("Bedrijfslevenbeleid; GEWIJZIGDE MOTIE")
        assert doc.date.isoformat() == "2024-03-05" and doc.vergaderjaar == "2023-2024"
        assert len(store.motie_forms()) == 1


def test_unseen_kamervragen_variants_pair_by_number(tmp_path):
    text = "\n\n".join([
        "Aanhangsel van de Handelingen", "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden",
        "Vragen van het lid Bikker (ChristenUnie) aan de Minister van Onderwijs, Cultuur en Wetenschap over techniekdocenten "
        "(ingezonden 2 februari 2025).",
        "Antwoord van Minister Bruins (Onderwijs, Cultuur en Wetenschap) (ontvangen 1 maart 2025).",
        "Vraag 1", "Hoeveel techniekdocenten zijn er?", "Vraag 2", "Waarom daalt dat aantal?",
        "Vraag 3", "Wat doet u eraan?", "Vraag 4", "Wanneer?",
        "Antwoord op vraag 1", "Er zijn er 4 000.", "Antwoord 2", "Door vergrijzing.",
        "Antwoord 3 en 4", "Ik zal de Kamer voor de zomer informeren over een plan.",
    ])
    path = tmp_path / "ah-tk-20242025-999.txt"
    path.write_text(text, encoding="utf-8")
    done = process_file(path, Settings(workers=1, classify=False))
    assert done.document.meta.doc_type == "kamervragen" and done.document.id == "ah-tk-20242025-999"
    assert done.document.meta.date.isoformat() == "2025-03-01"
    assert [p.question_id.split("#")[1] for p in done.statements.qa_pairs] == ["vraag1", "vraag2", "vraag3+4"]
    assert [(a.name, a.party) for a in done.form.askers] == [("Bikker", "ChristenUnie")]
    assert done.form.answered == [1, 2, 3, 4]


def test_unseen_motie_without_verzoekt_is_still_a_motion(tmp_path):
    text = "\n\n".join([
        "Tweede Kamer, vergaderjaar 2024–2025, 36 600 VIII, nr. 77", "MOTIE VAN HET LID BIKKER", "Voorgesteld 12 november 2024",
        "De Kamer,", "gehoord de beraadslaging,", "van oordeel dat techniekonderwijs in elke regio bereikbaar moet zijn;",
        "spreekt uit dat geen vmbo-techniekopleiding mag verdwijnen zonder regionaal alternatief,",
        "en gaat over tot de orde van de dag.", "Bikker (ChristenUnie)",
    ])
    path = tmp_path / "motie.txt"
    path.write_text(text, encoding="utf-8")
    done = process_file(path, Settings(workers=1, classify=False))
    form = done.form
    assert done.document.id == "kst-36600-VIII-77" and done.document.meta.doc_type == "motie"
    assert form.dictum == ["spreekt uit dat geen vmbo-techniekopleiding mag verdwijnen zonder regionaal alternatief,"]
    assert form.addressee is None and form.considerations[0].startswith("van oordeel dat")
    assert [(i.name, i.party) for i in form.indieners] == [("Bikker", "ChristenUnie")]


def test_xml_lists_footnotes_and_refused_markup(tmp_path):
    good = tmp_path / "kst-36000-5.xml"
    good.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><officiele-publicatie><kamerstuk><dossier><dossiernummer>'
        '<dossiernr>36 000</dossiernr></dossiernummer><titel>Techniek</titel></dossier><stuk><stuknr>Nr. '
        '<ondernummer>5</ondernummer></stuknr><titel>BRIEF VAN DE MINISTER</titel><algemeen><vrije-tekst><tekst>'
        '<al>Het tekort blijft groot.<noot id="n1"><noot.nr>1</noot.nr><noot.al>Kamerstuk 32 637, nr. 391</noot.al></noot></al>'
        '<lijst><li><li.nr>1.</li.nr><al>meer docenten;</al></li><li><li.nr>2.</li.nr><al>meer stages.</al></li></lijst>'
        '</tekst></vrije-tekst></algemeen></stuk></kamerstuk></officiele-publicatie>', encoding="utf-8")
    doc = parse_file(good, Settings())
    assert doc.id == "kst-36000-5" and doc.meta.title == "Techniek; BRIEF VAN DE MINISTER"
    assert [b.kind for b in doc.blocks if b.kind == "list_item"] == ["list_item", "list_item"]
    assert doc.footnotes[0].text == "Kamerstuk 32 637, nr. 391"
    assert doc.text[:doc.footnotes[0].mark_start].endswith("Het tekort blijft groot.")  # the mark where <noot> stood
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<officiele-publicatie>&b;</officiele-publicatie>', encoding="utf-8")
    with pytest.raises(IngestError, match="XML refused"):
        parse_file(bomb, Settings())
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(IngestError, match="unsupported XML"):
        parse_file(other, Settings())
