"""The Markdown and raw-text forms of the sample papers, and the hyphenation rules."""
from __future__ import annotations

from ingest import parse_file
from ingest.hyphenation import join_lines, line_end_hyphen
from kamerspoor.settings import Settings
from tests.conftest import CORPUS


def test_markdown_footnotes_html_fragments_tables_and_italics():
    seo = parse_file(CORPUS / "seo-2020-49-evaluerend-advies-techniekpact.md", Settings())
    assert len(seo.footnotes) == 20 and all(f.mark_start is not None for f in seo.footnotes)
    items = [b.text for b in seo.blocks if b.kind == "list_item"]
    assert "TecLab" in items and not any(i.startswith(("•", "<li")) for i in items)
    assert "<p>" not in seo.text and "<b>" not in seo.text and "<sup>" not in seo.text
    assert any(b.kind == "table" and "\t" in b.text for b in seo.blocks)
    vso = parse_file(CORPUS / "kst-32637-448.md", Settings())
    questions = [b for b in vso.blocks if b.italic]
    assert questions[0].text.startswith("De leden van de VVD-fractie hebben kennisgenomen")
    assert "*" not in questions[0].text


def test_pdf_text_layer_furniture_hyphens_and_footnotes():
    doc = parse_file(CORPUS / "kst-32637-433.pdf.txt", Settings())
    for furniture in ("ISSN", "’s-Gravenhage", "kst-32637-433\n"):
        assert furniture not in doc.text
    assert "samenbrengen" in doc.text and "bedrijfsleven" in doc.text
    assert [f.number for f in doc.footnotes] == [str(n) for n in range(1, 9)]
    assert doc.footnotes[2].text == "Kamerstuk 32 637, nr. 391"
    assert "Antwoord" in [b.text for b in doc.blocks if b.kind == "heading"]


def test_markdown_and_text_layer_are_the_same_kamerstuk():
    md = parse_file(CORPUS / "kst-32637-433.md", Settings())
    layer = parse_file(CORPUS / "kst-32637-433.pdf.txt", Settings())
    assert md.id == layer.id == "kst-32637-433"


def test_hyphen_decisions():
    vocab = frozenset({"samenbrengen"})
    assert line_end_hyphen("samen", "brengen", vocab) == "join"
    assert line_end_hyphen("mkb", "bedrijven", frozenset()) == "keep"
    assert line_end_hyphen("bèta", "technisch", frozenset()) == "keep"
    assert line_end_hyphen("vmbo", "mbo", frozenset()) == "keep"
    assert line_end_hyphen("Noord", "Holland", frozenset()) == "keep"
    assert line_end_hyphen("zee", "egel", frozenset()) == "keep"
    assert line_end_hyphen("werk", "en", frozenset()) == "space"
    assert line_end_hyphen("ontwikke", "ling", frozenset()) == "join"
    assert join_lines(["zie www.example.nl/home-", "affairs/x"], frozenset()) == "zie www.example.nl/home-affairs/x"
