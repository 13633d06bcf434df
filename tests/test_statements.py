"""Statements: sentence rules, section paths, roles and speakers, Q/A pairs, references, export."""
from __future__ import annotations

import json
import subprocess
import sys

from kit.sentence_gold import boundary_scores
from kamerspoor.pipeline import ingest_paths
from nlp.references import extract_references
from nlp.sentences import sentence_spans
from store.db import Store


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in sentence_spans(text)]


def test_no_split_inside_abbreviations_numbers_and_references():
    text = ("Dit geldt o.a. voor het mbo, t.a.v. de docenten en d.m.v. stages e.d. zoals in 2020 jl. besproken "
            "met Moorlag c.s. in Kamerstuk 32 637, nr. 391 (TK 2012-2013, 32 637, nr. 57), met 3.131 docenten, "
            "10,9% en € 2.700 per jaar en € 48 mln. extra op 18 september 2020 via www.techniekpact.nl/x. "
            "Daarna volgt de tweede zin. Is dat zo? Ja!")
    assert sentences(text) == [text[: text.index(" Daarna")], "Daarna volgt de tweede zin.", "Is dat zo?", "Ja!"]


def test_boundary_f1_on_the_hand_checked_sample():
    precision, recall, f1, total = boundary_scores()
    assert total >= 300
    assert f1 >= 0.97


def test_references_are_normalised():
    assert extract_references("Kamerstuk 32 637, nr. 391") == ["32637-391"]
    assert extract_references("Kamerstukken 26 643 en 24 095, nr. 758") == ["26643-758", "24095-758"]
    assert extract_references("(Kamerstuk 35 570 XIII, nr. 43)") == ["35570-XIII-43"]
    assert extract_references("(TK 2013-2014, 32 637, nr. 133)") == ["32637-133"]
    assert extract_references("zie kst-32637-433 en Kamerstuk 2020D07186") == ["32637-433", "2020D07186"]
    assert extract_references("brief (Kamerstuk 32 637, 438).") == ["32637-438"]
    assert extract_references("tijdens het AO Techniekpact van 8 oktober 2019") == ["AO Techniekpact 2019-10-08"]
    assert extract_references("WGO Emancipatie van 2 november 2020") == ["WGO Emancipatie 2020-11-02"]
    assert extract_references("van 6200 in 2017 naar 9800 in 2019") == []


def test_every_question_in_the_verslag_is_paired(corpus_store):
    statements = corpus_store.statements("kst-32637-448")
    questions = {s.question_id for s in statements if s.question_id}
    pairs = corpus_store.qa_pairs("kst-32637-448")
    assert len(questions) == 64 and {p.question_id for p in pairs} == questions
    first = next(s for s in statements if s.role == "question")
    assert first.speaker == "VVD" and first.text.startswith("De leden van de VVD-fractie hebben")
    follow_up = next(s for s in statements if s.role == "question" and s.text.startswith("Deze leden vragen wanneer"))
    assert follow_up.speaker == "VVD"
    answer = next(s for s in statements if s.answer_to == first.question_id)
    assert answer.role == "answer" and answer.speaker == "Staatssecretaris van Economische Zaken en Klimaat"


def test_section_path_of_a_box_item(corpus_store):
    rows = corpus_store.statements("seo-2020-49-evaluerend-advies-techniekpact")
    item = next(s for s in rows if s.text.startswith("Verbinden van alle zaakvakken"))
    assert list(item.section_path) == ["2 Kiezen, leren en werken 2013-2020", "2.1 Kiezen voor techniek",
                                          "Box 2.1", "Oost", "Doel 1"]
    assert item.role == "list_item"


def test_footnote_references_land_on_the_statement_with_the_mark(corpus_store):
    rows = corpus_store.statements("kst-32637-433")
    motie = next(s for s in rows if s.text.startswith("De motie Kerstens/Moorlag"))
    assert "32637-391" in motie.references and motie.role == "question"
    answer = next(s for s in rows if s.text.startswith("De motie is expliciet meegenomen"))
    assert answer.answer_to == motie.question_id


def test_offsets_and_roles(corpus_store):
    for doc in corpus_store.documents():
        text = corpus_store.document_text(doc.id)
        rows = corpus_store.statements(doc.id)
        assert rows
        for s in rows:
            assert text[s.start:s.end] == s.text
            assert s.role in {"body", "heading", "list_item", "question", "answer", "footnote", "table"}
            assert s.lemmas or not any(ch.isalpha() for ch in s.text), s.text


def test_export_statements_contract(corpus_db):
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "export", "statements", "--doc", "kst-32637-448",
                          "--format", "jsonl", "--db", str(corpus_db)], capture_output=True, text=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) > 500
    for key in ("id", "doc_id", "page", "start", "end", "text", "role", "section_path", "speaker",
                "question_id", "answer_to", "references"):
        assert key in rows[0]
    assert isinstance(rows[0]["section_path"], list) and isinstance(rows[0]["references"], list)
    assert any(r["references"] == ["32637-402"] or "32637-402" in r["references"] for r in rows)


def test_hostile_text_does_not_crash(settings, tmp_path):
    (tmp_path / "leeg.md").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "lang.txt").write_text(("woord " * 8000 + "\n") * 1, encoding="utf-8")
    (tmp_path / "controle.txt").write_text("Een zin\x07 met\x1b controle\x00tekens. En nog een." * 20, encoding="utf-8")
    summary = ingest_paths([tmp_path], settings, progress=False)
    assert not summary.failed, summary.failed
    messages = {o.path.split("/")[-1]: o.message or "" for o in summary.outcomes}
    assert "no text found" in messages["leeg.md"]
    assert "cut into pieces" in messages["lang.txt"]
    assert "control characters" in messages["controle.txt"]
    with Store(settings.db_path, read_only=True) as store:
        assert len(store.statements("lang")) >= 10
