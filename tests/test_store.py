"""The store built from the sample corpus: one document per paper, idempotent, crash-safe."""
from __future__ import annotations

import shutil
from pathlib import Path

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from store.db import Store
from tests.conftest import CORPUS, TYPESET


def test_corpus_is_four_sample_papers_and_the_real_files(corpus_store):
    docs = {d.id: d for d in corpus_store.documents()}
    samples = {i: d for i, d in docs.items() if "/corpus/real/" not in d.sources[0]}
    assert set(samples) == {"kst-32637-433", "kst-32637-448", "seo-2020-49-evaluerend-advies-techniekpact",
                            "techniekpact-2018-2020-de-handen-ineen"}
    assert len(docs) - len(samples) == len(list((CORPUS / "real").glob("*.*"))) - 1  # one document each; not SOURCES.md
    names = sorted(Path(p).name for p in docs["kst-32637-433"].sources)
    assert names == ["kst-32637-433.md", "kst-32637-433.pdf", "kst-32637-433.pdf.txt"]
    assert all(len(d.sources) == 2 for i, d in samples.items() if i != "kst-32637-433")


def test_pdf_text_wins_and_gaps_are_filled_from_other_forms(corpus_store):
    doc = corpus_store.document("kst-32637-433")
    assert doc.text_source.endswith("kst-32637-433.pdf")
    assert str(doc.date) == "2020-09-18"  # only the Markdown letterhead states the date
    assert doc.doc_type == "brief" and doc.vergaderjaar == "2020-2021"
    text = corpus_store.document_text("kst-32637-433")
    assert "Techniekpact" in text and "Techniepact" not in text


def test_offsets_point_into_the_document_text(corpus_store):
    text = corpus_store.document_text("kst-32637-448")
    for block in corpus_store.blocks("kst-32637-448"):
        assert text[block.start:block.end] == block.text
    notes = corpus_store.footnotes("kst-32637-448")
    assert len(notes) == 36
    for note in notes:
        assert text[note.start:note.end] == note.text
        assert 0 < note.mark_start < note.start


def test_reingest_skips_unchanged_files(corpus_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, db)
    summary = ingest_paths([CORPUS], Settings(db_path=db, workers=1, classify=False), progress=False)
    assert summary.count("unchanged") == len(summary.outcomes) == 9 + 11  # sample papers' forms + corpus/real


def test_same_paper_under_another_name_is_one_document(settings, tmp_path):
    renamed = tmp_path / "brief-techniekpact.pdf"
    shutil.copy(TYPESET / "seo-2020-49-evaluerend-advies-techniekpact.pdf", renamed)
    ingest_paths([CORPUS / "seo-2020-49-evaluerend-advies-techniekpact.md", renamed], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        docs = store.documents()
    assert len(docs) == 1 and len(docs[0].sources) == 2


def test_swapped_ingest_never_blocks_an_open_reader(tmp_path):
    """`ingest --swap` writes a copy: a reader keeps its snapshot, the next reader sees the new store."""
    from kamerspoor.pipeline import ingest_swapped

    first, second = tmp_path / "eerste.md", tmp_path / "tweede.md"
    first.write_text("# Eerste brief\n\nHet tekort aan technici blijft groot in Twente.\n", encoding="utf-8")
    second.write_text("# Tweede brief\n\nDe minister zal de Kamer voor de zomer informeren over zij-instromers.\n",
                      encoding="utf-8")
    settings = Settings(db_path=tmp_path / "store.duckdb", workers=1, classify=False)
    ingest_paths([first], settings, progress=False)
    reader = Store(settings.db_path, read_only=True)  # would block an in-place writer
    summary = ingest_swapped([second], settings, progress=False)
    assert summary.count("new") == 1
    assert len(reader.documents()) == 1  # its own snapshot, still readable
    reader.close()
    with Store(settings.db_path, read_only=True) as store:
        assert len(store.documents()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eerste.md", "store.duckdb", "store.duckdb.ingest.lock",
                                                           "tweede.md"]


def test_a_changed_paper_embeds_only_its_changed_statements(tmp_path):
    """Issue 21, cheap repeats: vectors are kept by text hash, so re-ingesting a paper with one sentence changed
    encodes that statement alone; the unchanged ones come from the cache."""
    paper = tmp_path / "brief.md"
    sentences = [f"De minister schrijft over het tekort aan technici in regio {n}." for n in range(12)]
    paper.write_text("# Brief over technici\n\n" + " ".join(sentences), encoding="utf-8")
    settings = Settings(db_path=tmp_path / "store.duckdb", workers=1)
    ingest_paths([paper], settings, progress=False)
    with Store(settings.db_path, read_only=True) as store:
        before = store.cached_vector_count()
        statements = len(store.statements())
    assert before == statements  # every statement text encoded once
    sentences[5] = "De minister schrijft dat het tekort aan monteurs in het oosten het grootst is."
    paper.write_text("# Brief over technici\n\n" + " ".join(sentences), encoding="utf-8")
    summary = ingest_paths([paper], settings, progress=False)
    assert summary.count("replaced") == 1
    assert (summary.statements_embedded, summary.vectors_computed) == (statements, 1)  # the model saw one text
    with Store(settings.db_path, read_only=True) as store:
        after = store.cached_vector_count()
        texts = [s.text for s in store.statements()]
    assert after == before + 1 and sentences[5] in " ".join(texts)
