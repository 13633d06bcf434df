"""The scope decision (issue 18): is a statement about the Techniekpact's field at all?

1. On the held-aside papers of the hand-labelled set (``tests/data/scope``, ``kit/scope_set.py``): precision
   and recall of "in scope", over all statements and over content only (page furniture left out), per source.
2. In the pipeline, on the sample corpus (``corpus/``, each paper judged whole): the share of the statements
   labelled in scope by hand that the store keeps in scope, and of the gold classification items
   (``shared/gold/classification.jsonl``) that keep their labels.
3. In the pipeline, on papers outside the field — the ``shared/real`` papers with no statement labelled in
   scope, and moties of ``shared/tk-opendata`` drawn at random among those whose zaak Onderwerp is not about
   education, techniek or the labour market: the share of their statements that still carry a filterable
   actielijn or knelpunt (score ≥ the search label threshold). Target: at most 5 %.

Run from the checkout: ``.venv/bin/python -m bench.scope [--moties N]`` (in ``make bench``).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.machine import describe
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from kit.motie_names import subjects
from kit.scope_set import features, load, split_of, truth
from nlp.classify import load_classifier
from nlp.scope import furniture, load_weights
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIELD = re.compile(r"techni|bèta|stem-|mbo|hbo|vmbo|onderwijs|leraar|leraren|arbeidsmarkt|personeelstekort|vakmens|"
                   r"scholing|opleiding|leven lang|praktijkleren|stage", re.I)


def held_aside(classifier) -> None:
    rows = [r for r in load() if split_of(r["doc_id"]) == "test"]
    judge = classifier.scope
    x, y = features(judge, rows), truth(rows)
    model = load_weights(classifier.encoder.name)
    p = 1 / (1 + np.exp(-(x @ np.array(model["weights"]) + model["bias"])))
    content = np.array([furniture(r["text"]) is None for r in rows])
    predicted = (p >= model["threshold"]) & content
    print(f"\n1. held-aside papers: {len(rows)} statements from {len({r['doc_id'] for r in rows})} papers "
          f"({y.sum()} in scope by hand)")
    for name, mask in (("all", np.ones(len(rows), bool)), ("content only", content)):
        report(name, predicted[mask], y[mask])
    for source in ("corpus", "real", "tk-opendata"):
        report(f"  {source}", predicted[[r["source"] == source for r in rows]], y[[r["source"] == source for r in rows]])


def report(name: str, predicted: np.ndarray, y: np.ndarray) -> None:
    tp = int((predicted & y).sum())
    print(f"  {name:<14} n={len(y):3d}  in-scope precision {tp / max(1, predicted.sum()):.3f}  recall "
          f"{tp / max(1, y.sum()):.3f}  out of scope let in {(predicted & ~y).sum()}/{(~y).sum()}")


def sample_corpus(settings: Settings, threshold: float) -> None:
    hand = {(r["doc_id"], r["text"]): r["scope"] == "in" for r in load() if r["source"] == "corpus"}
    gold = [json.loads(line) for line in (SHARED / "gold" / "classification.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        started = time.perf_counter()
        ingest_paths([ROOT / "corpus"], Settings(db_path=db, workers=2, model=settings.model), progress=False)
        took = time.perf_counter() - started
        with Store(db, read_only=True) as store:
            statements = store.statements()
            scope = {r.statement_id: r.label_id == "in" for r in store.labels() if r.label_set == "scope"}
    kept = [scope.get(s.id, False) for s in statements if hand.get((s.doc_id, s.text))]
    texts = [(s.text, scope.get(s.id, False)) for s in statements]
    gold_kept = [any(g["text"][:60] in text and keep for text, keep in texts) for g in gold]
    print(f"\n2. sample corpus in the pipeline ({len(statements)} statements, ingested with the model in {took:.0f} s): "
          f"in scope {sum(scope.values())}/{len(scope)}")
    print(f"  statements in scope by hand kept in scope: {sum(kept)}/{len(kept)} = {sum(kept) / max(1, len(kept)):.3f}")
    print(f"  gold classification items in a statement kept in scope: {sum(gold_kept)}/{len(gold)} = "
          f"{sum(gold_kept) / max(1, len(gold)):.3f}")


def outside_the_field(settings: Settings, threshold: float, moties: int) -> None:
    hand_in = {r["doc_id"] for r in load() if r["scope"] == "in"}
    onderwerp = subjects(SHARED / "tk-opendata")
    others = [p for p in sorted((SHARED / "tk-opendata" / "moties").glob("*.xml")) if not FIELD.search(onderwerp.get(p.stem, ""))]
    drawn = random.Random(18).sample(others, min(moties, len(others)))
    real = [p for p in sorted((SHARED / "real").iterdir()) if p.suffix in (".pdf", ".xml")]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "outside.duckdb"
        started = time.perf_counter()
        ingest_paths(real + drawn, Settings(db_path=db, workers=2, model=settings.model), progress=False)
        took = time.perf_counter() - started
        with Store(db, read_only=True) as store:
            papers = [d.id for d in store.documents() if d.id not in hand_in]
            statements = [s for s in store.statements() if s.doc_id in set(papers)]
            labelled = {}
            for row in store.labels():
                if row.score >= threshold and row.label_set in ("actielijn", "knelpunt"):
                    labelled.setdefault(row.statement_id, set()).add(row.label_set)
    carrying = [s for s in statements if s.id in labelled]
    print(f"\n3. papers outside the field ({len(papers)}: shared/real without a statement in scope by hand, and "
          f"{len(drawn)} moties on other subjects; ingested with the model in {took:.0f} s)")
    print(f"  statements carrying a filterable actielijn or knelpunt: {len(carrying)}/{len(statements)} = "
          f"{len(carrying) / max(1, len(statements)):.3f} (target ≤ 0.05)")
    for s in carrying[:12]:
        print(f"    {s.doc_id}: {s.text[:120]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moties", type=int, default=150, help="moties on other subjects to draw (default 150)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    settings = Settings()
    classifier = load_classifier(settings.model)
    threshold = settings.search.label_threshold
    print(f"model: {classifier.encoder.name}; scope weights trained for it: "
          f"{load_weights(classifier.encoder.name).get('model') == classifier.encoder.name}")
    held_aside(classifier)
    sample_corpus(settings, threshold)
    outside_the_field(settings, threshold, args.moties)


if __name__ == "__main__":
    main()
