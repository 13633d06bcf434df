"""The PDF parser against the typeset corpus PDFs and their ground truth (corpus/pdf/*.truth.json)."""
from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from ingest import parse_file
from kamerspoor.settings import Settings
from tests.conftest import TYPESET

PAPERS = ["kst-32637-433", "kst-32637-448", "seo-2020-49-evaluerend-advies-techniekpact",
          "techniekpact-2018-2020-de-handen-ineen"]


def char_similarity(truth: str, parsed: str) -> float:
    """Character-level similarity, aligned word by word (difflib on 300 kB of chars is too slow)."""
    a, b = truth.split(), parsed.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(sum(len(w) + 1 for w in a[i1:i2]) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag == "equal")
    total = max(sum(len(w) + 1 for w in a), sum(len(w) + 1 for w in b))
    return same / total


@pytest.fixture(scope="module", params=PAPERS)
def parsed(request):
    name = request.param
    truth = json.loads((TYPESET / f"{name}.truth.json").read_text(encoding="utf-8"))
    return name, truth, parse_file(TYPESET / f"{name}.pdf", Settings())


def body_text(doc) -> str:
    return "\n\n".join(b.text for b in doc.blocks if b.kind != "footnote")


def test_text_matches_ground_truth(parsed):
    name, truth, doc = parsed
    similarity = char_similarity("\n\n".join(b["text"] for b in truth["blocks"]), body_text(doc))
    print(f"{name}: character similarity {similarity:.4f}")
    assert similarity >= 0.995


def test_every_footnote_found_split_off_and_tied_to_its_mark(parsed):
    name, truth, doc = parsed
    expected = [(n["number"], " ".join(n["text"].split())) for n in truth["footnotes"]]
    found = [(f.number, " ".join(f.text.split())) for f in doc.footnotes]
    assert found == expected
    assert all(f.mark_start is not None for f in doc.footnotes)
    for note in doc.footnotes:  # footnote text is not left inside the body
        assert note.text not in body_text(doc)


def test_headings_recalled(parsed):
    name, truth, doc = parsed
    wanted = [b["text"] for b in truth["blocks"] if b["kind"] == "heading"]
    found = {b.text for b in doc.blocks if b.kind == "heading"}
    recall = sum(h in found for h in wanted) / max(1, len(wanted))
    print(f"{name}: heading recall {recall:.3f}")
    assert recall >= 0.95


def test_no_page_furniture_left(parsed):
    name, _, doc = parsed
    text = doc.text
    for furniture in ("ISSN 0921", "’s-Gravenhage 20", "kst-32637", "Ons kenmerk", "Tweede Kamer, vergaderjaar"):
        assert furniture not in text, furniture
    assert not re.search(r"(?m)^\d{1,3}$", text), "a bare page number survived"


def test_pages_counted_and_kinds_from_layout(parsed):
    name, truth, doc = parsed
    assert doc.pages == truth["pages"]
    kinds = {b.kind for b in doc.blocks}
    wanted = {b["kind"] for b in truth["blocks"]}
    assert wanted <= kinds


def test_break_hyphens_repaired_real_hyphens_kept():
    doc = parse_file(TYPESET / "kst-32637-433.pdf", Settings())
    assert "samenbrengen" in doc.text and "samen-brengen" not in doc.text
    assert "mkb-bedrijven" in doc.text
    assert "bèta-technisch" in doc.text
    assert not re.search(r"[a-z]- [a-z]{3,}", doc.text.replace("om- en", "")), "a break hyphen left with a space"


def test_italic_questions_recorded():
    doc = parse_file(TYPESET / "kst-32637-448.pdf", Settings())
    italic = [b for b in doc.blocks if b.italic]
    assert len(italic) > 40
    assert all(b.text.startswith(("De leden", "Deze leden", "Zij", "Ook", "Tevens", "Daarnaast", "Hoe", "Wat", "Kan", "Welke", "Is", "Op", "In", "Wordt", "Waarom", "Heeft", "Zijn", "Klopt", "Verder", "Graag", "Voorts", "Wanneer", "Bij", "Om", "Ziet", "Hierbij", "Vervolgens", "Als", "Tot", "Wil", "Met", "Gaat"))
               or "?" in b.text for b in italic)
    assert doc.meta.doc_type == "verslag_schriftelijk_overleg"


def test_two_column_page_read_column_by_column():
    doc = parse_file(TYPESET / "techniekpact-2018-2020-de-handen-ineen.pdf", Settings())
    truth = json.loads((TYPESET / "techniekpact-2018-2020-de-handen-ineen.truth.json").read_text(encoding="utf-8"))
    long_paragraphs = [b["text"] for b in truth["blocks"] if b["kind"] == "paragraph" and len(b["text"]) > 400]
    texts = {b.text for b in doc.blocks}
    assert sum(p in texts for p in long_paragraphs) / len(long_paragraphs) >= 0.9


def test_table_cells_kept_apart():
    doc = parse_file(TYPESET / "seo-2020-49-evaluerend-advies-techniekpact.pdf", Settings())
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert tables and any("\t" in t.text for t in tables)
    assert any("Primair onderwijs\tSecundair onderwijs" in t.text for t in tables)


def test_a_wrapped_cell_stays_in_its_row_and_column():
    """A cell that wraps over printed lines is one cell of one row, whatever column it is in; an empty cell
    keeps its place. The report's figure tables and its contents list, as typeset."""
    doc = parse_file(TYPESET / "seo-2020-49-evaluerend-advies-techniekpact.pdf", Settings())
    rows = [row for b in doc.blocks if b.kind == "table" for row in b.text.split("\n")]
    assert "Regionale bestuurlijke netwerken W&T (samenwerking)\tRegionale Bètasteunpunten (professionaliseren)" in rows
    assert "3.5 Ontwikkelingen en wendbaarheid van Techniepact.....\t52" in rows  # the page number is its own column
    assert "Mbo 3\t23\t22\t30\t29\t26" in rows and "Mbo 2\t\t\t\t\t29" in rows  # only 2017 has a figure


def test_a_pact_table_with_wrapped_cells_in_several_columns():
    """The party table of a typeset pact: the action column wraps, a party name wraps, a row's number opens it,
    and two cells printed close together are still two cells (written pacts, tests/data/pacts)."""
    pacts = Path(__file__).parent / "data" / "pacts"
    def rows(path: Path) -> list[str]:
        return [row for b in parse_file(path, Settings()).blocks if b.kind == "table" for row in b.text.split("\n")]
    amersfoort = rows(pacts / "holdout2" / "regio-deal-regio-amersfoort.pdf")
    assert "Amersfoort\thuisvesting en exploitatie van het Techniekhuis Eemland\tEUR 75.000 per jaar\t2025–2028" in amersfoort
    stedendriehoek = rows(pacts / "hca-stedendriehoek.pdf")
    assert ("Loopbaanscan voor technici van 55 jaar en ouder\tWerkgeversservicepunt Stedendriehoek\t€ 60.000\t2026"
            in stedendriehoek)
    zeeland = rows(pacts / "programma-zeeland-techniektalent.pdf")
    assert "3. Versneld bbl-traject Operator B\t–\t–\t2025–2026" in zeeland and len(zeeland) == 7


def test_kamerstuk_metadata():
    doc = parse_file(TYPESET / "kst-32637-433.pdf", Settings())
    meta = doc.meta
    assert (doc.id, meta.dossiers, meta.ondernummer, meta.vergaderjaar) == ("kst-32637-433", ["32637"], "433", "2020-2021")
    assert meta.doc_type == "brief"
    assert meta.bewindspersoon == "Staatssecretaris van Economische Zaken en Klimaat"


REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"  # copies of public Kamerstukken, see SOURCES.md there


def test_real_kamerstuk_pdfs_parse_cleanly():
    """Real publications: other fonts, layouts and producers than our typesetter."""
    pdfs = sorted(REAL.glob("*.pdf"))
    assert len(pdfs) >= 6
    for path in pdfs:
        doc = parse_file(path, Settings())
        assert len(doc.text) > 300, path.name
        assert "ISSN" not in doc.text and not re.search(r"(?m)^kst-\d+", doc.text), path.name
    motie = parse_file(REAL / "kst-28286-1366_motie__pdflab.pdf", Settings())
    assert (motie.id, motie.meta.doc_type, str(motie.meta.date)) == ("kst-28286-1366", "motie", "2024-12-05")
    assert any(b.text.startswith("verzoekt de regering") for b in motie.blocks)
