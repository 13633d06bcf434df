"""Issue 16: the registry is updated, not rebuilt, after an ingest — and is the same registry.

The sample corpus goes into a store in steps (new papers, better forms that replace stored
ones, a gewijzigde motie chain, a paper removed by ``prune``). After each step the registry the
update left must equal, row for row, a full rebuild of the same store and ``build_registry``
(the pure reference) over it; and the update must have read only the papers of that step.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kamerspoor.pipeline import ingest_paths
from kamerspoor.registry_stage import rebuild_registry, reference_similarity
from kamerspoor.settings import Settings
from nlp.records import Statement
from nlp.registry import answers_within, build_registry, collect, collected_from_json, collected_to_json
from store.db import Store
from tests.conftest import CORPUS

REAL = CORPUS / "real"
STEPS = [  # what each step ingests
    [CORPUS / "kst-32637-433.md", REAL / "kst-32637-601_motie.xml", REAL / "ah-tk-2023-2024-1314__00fe7edd-24c8-4857-98da-774ed3b06836.pdf"],
    [CORPUS / "kst-32637-448.md", CORPUS / "seo-2020-49-evaluerend-advies-techniekpact.md", REAL / "kst-32637-604_motie.xml",
     REAL / "motie-35851-71_tkvoorgesteld__pdflab.pdf"],
    [CORPUS / "pdf" / "kst-32637-433.pdf", CORPUS / "pdf" / "kst-32637-448.pdf"],  # replace the Markdown forms
    [CORPUS / "techniekpact-2018-2020-de-handen-ineen.pdf.txt", REAL / "kst-32637-623_motie.xml",
     CORPUS / "kst-32637-433.pdf.txt",  # a poorer form of a stored paper: merged
     REAL / "ah-tk-2023-2024-878__1dac45ca-7591-47a6-877d-9b549c18500a.pdf", REAL / "kst-28286-1366_motie__pdflab.pdf"],
]


def tables(db: Path) -> dict[str, list]:
    with Store(db, read_only=True) as store:
        return store.registry_snapshot()


def replaced_by(db: Path) -> dict[str, str | None]:
    """Per motie of the registry, the gewijzigde motie that replaced it (None: not replaced)."""
    with Store(db, read_only=True) as store:
        return {c.id: c.vervangen_door for c in store.commitments()}


def full_rebuild(db: Path, settings: Settings, reference: bool = False) -> dict[str, list]:
    """The registry from scratch, on a copy of the store: ``rebuild_registry(full=True)``, or
    ``build_registry`` itself fed from the store."""
    copy = db.with_name(db.stem + ("-reference" if reference else "-full") + ".duckdb")
    shutil.copyfile(db, copy)
    with Store(copy) as store:
        if reference:
            documents = store.registry_documents()
            statements = store.registry_statements()
            answers_of: dict[str, list[Statement]] = {}  # as the registry stage made it before issue 16
            for doc_rows in statements.values():
                for row in doc_rows:
                    if row.answer_to:
                        answers_of.setdefault(row.answer_to, []).append(row)
            forms = store.registry_motie_forms()
            records = build_registry(documents, statements, answers_of, reference_similarity(store, settings), forms)
            store.replace_commitments(records)
        else:
            rebuild_registry(store, settings, full=True)
    found = tables(copy)
    copy.unlink()
    return found


@pytest.fixture
def seeded(corpus_db: Path, tmp_path: Path) -> Settings:
    """An empty store with the corpus store's vector cache (nothing is encoded twice)."""
    settings = Settings(db_path=tmp_path / "steps.duckdb", workers=1)
    with Store(corpus_db, read_only=True) as source:
        model = source.embedding_model()
    with Store(settings.db_path) as store:
        store.use_embedding_model(*model)
        assert store.copy_embedding_cache(corpus_db) > 0
    return settings


def test_incremental_registry_equals_a_full_rebuild(seeded: Settings, tmp_path: Path, monkeypatch):
    read: list = []
    original = Store.registry_statements

    def spy(self, doc_ids=None):
        read.append(None if doc_ids is None else sorted(doc_ids))
        return original(self, doc_ids)

    monkeypatch.setattr(Store, "registry_statements", spy)
    moved = tmp_path / "elsewhere"  # papers whose files are deleted before the end
    moved.mkdir()
    steps = [list(paths) for paths in STEPS]
    steps[1] += [Path(shutil.copy(REAL / name, moved)) for name in (
        "kst-32637-611_motie.xml",  # the gewijzigde motie that replaces 32637-604
        "ah-tk-2023-2024-2168__1cf0c343-2da4-429d-8a6d-729da6008af1.pdf")]
    links, outcomes = set(), set()
    for number, paths in enumerate(steps):
        read.clear()
        summary = ingest_paths(paths, seeded, progress=False)
        assert not summary.failed, summary.failed
        written = {o.outcome: set() for o in summary.outcomes}
        for o in summary.outcomes:
            written[o.outcome].add(o.doc_id)
        outcomes |= set(written)
        if number == 0:
            assert read == [None]  # the first registry of a store: everything
        else:
            assert len(read) == 1 and read[0] is not None, f"step {number}: the update read every paper"
            new = written.get("new", set()) | written.get("replaced", set())
            assert new <= set(read[0]) <= new | written.get("merged", set()), f"step {number}: read {read[0]}, wrote {written}"
        found = tables(seeded.db_path)
        assert found == full_rebuild(seeded.db_path, seeded), f"step {number}: update ≠ full rebuild"
        assert found == full_rebuild(seeded.db_path, seeded, reference=True), f"step {number}: update ≠ build_registry"
        links |= {row[-1] for row in found["commitment_links"]}
    assert {"antwoord", "vervulling", "gelijkenis"} <= links  # every kind of answer was exercised
    assert {"new", "replaced", "merged"} <= outcomes
    replaced = replaced_by(seeded.db_path)
    assert replaced["32637-604"] == "32637-611"

    # A paper removed (its file deleted: prune) goes, with the answers it gave and the motie it was.
    for path in moved.iterdir():
        path.unlink()
    with Store(seeded.db_path) as store:
        _, gone = store.prune()
        assert sorted(gone) == ["ah-tk-20232024-2168", "kst-32637-611"]
        read.clear()
        rebuild_registry(store, seeded)
        assert read == [[]]  # nothing to read: only forgotten
    found = tables(seeded.db_path)
    assert found == full_rebuild(seeded.db_path, seeded)
    replaced = replaced_by(seeded.db_path)
    assert "32637-611" not in replaced and replaced["32637-604"] is None


def test_an_unchanged_store_is_not_read_again(seeded: Settings, monkeypatch):
    ingest_paths(STEPS[0], seeded, progress=False)
    before = tables(seeded.db_path)
    monkeypatch.setattr(Store, "registry_vectors", lambda *a, **k: pytest.fail("no paper changed: no vector is read"))
    with Store(seeded.db_path) as store:
        rebuild_registry(store, seeded)
    assert tables(seeded.db_path) == before


def test_a_paper_s_candidates_survive_the_cache(corpus_store):
    """What the store keeps per paper reads back as the same records."""
    papers = {d.id: d for d in corpus_store.registry_documents()}
    statements = corpus_store.registry_statements()
    forms = corpus_store.registry_motie_forms()
    total = 0
    for doc_id, rows in statements.items():
        collected = collect(papers[doc_id], rows, forms.get(doc_id), answers_within(rows))
        assert collected_from_json(collected_to_json(collected)) == collected
        total += len(collected.moties) + len(collected.toezeggingen)
    assert total > 20


def test_without_vectors_too(settings: Settings):
    """A store without an embedding model (no answers by meaning) is updated the same way."""
    for paths in (STEPS[0], STEPS[1][:2], [CORPUS / "pdf" / "kst-32637-433.pdf"]):
        summary = ingest_paths(paths, settings, progress=False)
        assert not summary.failed, summary.failed
        assert tables(settings.db_path) == full_rebuild(settings.db_path, settings)
    assert tables(settings.db_path)["commitments"]
