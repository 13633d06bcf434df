"""Issue 21, the query path: a search embeds its query without torch or spaCy, faithfully, and what costs
seconds to compute is kept on disk between processes."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from kamerspoor.settings import Settings
from nlp.disk_cache import on_disk
from nlp.embeddings import OPENVINO_INT8, Encoder, load_encoder, load_query_encoder
from tests.conftest import ROOT

QUERIES = ["hybride docenten in Oost", "tekort aan technici", "motie over de evaluatie van het Techniekpact"]


def test_a_search_imports_neither_torch_nor_spacy(corpus_db):
    script = ("import sys\n"
              "from kamerspoor.cli import main\n"
              f"code = main(['search', 'hybride docenten', '--db', {str(corpus_db)!r}, '--limit', '3', '--format', 'jsonl'])\n"
              "heavy = sorted(m for m in ('torch', 'spacy', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
              "print('HEAVY', heavy, file=sys.stderr)\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr and '"doc_id"' in done.stdout


def test_the_query_encoder_gives_the_models_own_vectors():
    model = Settings().model
    fast, reference = load_query_encoder(model), Encoder(model)
    assert type(fast).__name__ != "Encoder"
    cosines = (fast.encode(QUERIES, "query") * reference.encode(QUERIES, "query")).sum(axis=1)
    assert cosines.min() >= 0.99, cosines


def test_a_result_on_disk_is_reused_until_its_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "lexicon.txt"
    source.write_text("een", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"words": source.read_text(encoding="utf-8")}

    assert on_disk("proef", [source], build) == {"words": "een"}
    assert on_disk("proef", [source], build) == {"words": "een"} and len(calls) == 1  # from disk
    time.sleep(0.01)
    source.write_text("twee", encoding="utf-8")
    assert on_disk("proef", [source], build) == {"words": "twee"} and len(calls) == 2  # the source changed
    assert on_disk("proef", [source], build, key="x") == {"words": "twee"} and len(calls) == 3  # another key
    assert np.frombuffer(on_disk("bytes", [], lambda: np.ones(3, dtype=np.float32).tobytes()), dtype=np.float32).sum() == 3


def test_ingest_encodes_with_the_checked_openvino_build_and_the_same_vectors(monkeypatch):
    """Issue 21: statements are embedded by the OpenVINO build when the model folder has it (``make install``
    builds it), with the PyTorch path's vectors; ``KAMERSPOOR_FAST_ENCODER=0`` goes back to PyTorch."""
    from nlp.classify import load_classifier
    from tests.test_classify import dutch_sentences

    model = Settings().model
    statements = dutch_sentences(60)
    fast, reference = load_encoder(model), Encoder(model)
    assert type(fast).__name__ == "OpenVinoEncoder" and fast.name == reference.name  # one vector space in the store
    assert (Path(model) / OPENVINO_INT8).exists() and fast.precision.startswith("int8")  # built, checked and used
    assert load_classifier(model).encoder is fast
    cosines = (fast.encode(statements, "passage") * reference.encode(statements, "passage")).sum(axis=1)
    assert cosines.min() >= 0.99, cosines.min()
    monkeypatch.setenv("KAMERSPOOR_FAST_ENCODER", "0")
    load_encoder.cache_clear()
    try:
        assert type(load_encoder(model)).__name__ == "Encoder"
    finally:
        load_encoder.cache_clear()  # the next test loads the default again


def test_a_statements_vector_does_not_depend_on_the_batch_it_lands_in():
    """Batches are grouped by token count and padded to a multiple of 8: the padding is masked, so a text has the
    same vector alone, among short texts or among long ones; and a batch holds texts of near-equal length."""
    from tests.test_classify import dutch_sentences

    encoder = load_encoder(Settings().model)
    texts = dutch_sentences(40)
    together = encoder.encode(texts, "passage")
    alone = np.vstack([encoder.encode([text], "passage") for text in texts[:8]])
    reversed_order = encoder.encode(texts[::-1], "passage")[::-1]
    assert (together[:8] * alone).sum(axis=1).min() >= 0.999
    assert (together * reversed_order).sum(axis=1).min() >= 0.999
    batches = list(encoder.batches(texts, "passage"))
    for rows, ids, mask in batches:
        assert ids.shape[1] % encoder.pad_multiple == 0 and ids.shape[1] - mask.sum(axis=1).max() < encoder.pad_multiple
    assert sorted(n for rows, _, _ in batches for n in rows) == list(range(len(texts)))  # each text once
    widths = [ids.shape[1] for _, ids, _ in batches]
    assert widths == sorted(widths)  # shortest first: texts of like length share a batch
