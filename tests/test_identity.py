"""Issue 22: "same paper or new" is a pure decision in ``ingest/identity.py``; the store only writes it."""
from __future__ import annotations

from datetime import date

from ingest.fingerprint import fingerprint
from ingest.identity import StoredPaper, place, same_paper
from ingest.records import Document, Metadata, SourceFile

TEXT = " ".join(f"De minister schrijft in alinea {n} over het tekort aan technici in de regio." for n in range(60))


def form(path: str, fmt: str, kamerstuk_id: str | None = None, text: str = TEXT, **meta) -> Document:
    return Document(id=kamerstuk_id or path, meta=Metadata(kamerstuk_id=kamerstuk_id, **meta), text=text, blocks=[],
                    footnotes=[], pages=1, source=SourceFile(path, "0" * 64, len(text), fmt),
                    fingerprint=fingerprint(text))


def test_a_paper_under_its_kamerstuk_id_is_that_paper_whatever_its_text():
    doc = form("a.xml", "xml", "kst-32637-1", text="iets heel anders")
    assert same_paper(doc, ["kst-32637-1"], [], 0.8) == "kst-32637-1"


def test_near_duplicate_text_is_the_same_paper_and_other_text_is_not():
    stored = [("brief-a", fingerprint(TEXT)), ("brief-b", fingerprint("Een ander onderwerp. " * 80))]
    assert same_paper(form("a.pdf", "pdf"), [], stored, 0.8) == "brief-a"
    assert same_paper(form("c.md", "markdown", text="Over asielopvang in Ter Apel. " * 50), [], stored, 0.8) is None


def test_the_better_form_replaces_the_worse_keeps_only_metadata_it_lacks():
    markdown = StoredPaper("brief-a", text_priority=1, text_source="a.md", meta=Metadata(title="Brief", date=date(2020, 1, 2)))
    xml = form("a.xml", "xml", "kst-32637-1", doc_type="brief")
    placed = place(xml, markdown)
    assert (placed.outcome, placed.stored_id, placed.rename_to) == ("replaced", "brief-a", "kst-32637-1")
    assert placed.meta.doc_type == "brief" and placed.meta.title == "Brief" and placed.meta.date == date(2020, 1, 2)
    stored_xml = StoredPaper("kst-32637-1", text_priority=4, text_source="a.xml", meta=Metadata(kamerstuk_id="kst-32637-1"))
    merged = place(form("a.md", "markdown", title="Brief"), stored_xml)
    assert merged.outcome == "merged" and merged.rename_to is None and merged.meta.title == "Brief"


def test_a_new_version_of_the_same_file_replaces_its_text_and_a_new_paper_is_new():
    stored = StoredPaper("brief-a", text_priority=3, text_source="a.pdf", meta=Metadata())
    assert place(form("a.pdf", "pdf"), stored).outcome == "replaced"
    assert place(form("b.pdf", "pdf"), None).outcome == "new"
