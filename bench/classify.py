"""Classification quality against a gold file, in the pipeline and on bare text, for the default
model and every other embedding model installed; the whole classifier cross-validated on our own
examples; knelpunt precision/recall on our own hand labels; throughput of the classify stage.

Gold format (../shared/gold/classification.jsonl): one object per line with ``text``,
``actielijn``, optional ``doel`` and ``landsdeel``, and ``file`` (the paper it is from).
Run: ``make bench`` (or ``python bench/classify.py [--gold PATH]``).
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from models.train_heads import FOLDS, examples, fit_quietly
from nlp.classify import Classifier, load_classifier
from nlp.records import Statement
from store.db import Store

SETS = ("actielijn", "doel", "landsdeel")
SHORT_WORDS = 6  # bare programme names ("TechYourFuture") apart from sentences: the text alone says little
KNELPUNT_GOLD = ROOT / "tests" / "data" / "knelpunt_gold.jsonl"


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def match_statements(gold: list[dict], rows: list[Statement]) -> list[Statement | None]:
    """Each gold item's statement, searched in document order from the previous match on
    (an intervention named in two landsdelen is two statements)."""
    found, cursor = [], 0

    def same(row, key):
        text = norm(row.text)
        return text and (text == key or key.startswith(text[:80]))

    for item in gold:
        key = norm(item["text"])
        hit = next((i for i in range(cursor, len(rows)) if same(rows[i], key)), None)
        if hit is None:
            hit = next((i for i in range(len(rows)) if same(rows[i], key)), None)
        if hit is not None:
            cursor = hit + 1
        found.append(rows[hit] if hit is not None else None)
    return found


def scores(pairs: list[tuple[str, list[str]]]) -> dict:
    """Macro-F1 and accuracy@1/@3 over (gold id, ranked predicted ids) pairs."""
    labels = sorted({g for g, _ in pairs})
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p[:1] == [label])
        fp = sum(1 for g, p in pairs if g != label and p[:1] == [label])
        fn = sum(1 for g, p in pairs if g == label and p[:1] != [label])
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"n": len(pairs), "macro_f1": sum(f1s) / len(f1s), "acc1": sum(p[:1] == [g] for g, p in pairs) / len(pairs),
            "acc3": sum(g in p[:3] for g, p in pairs) / len(pairs),
            "confusion": Counter((g, p[0] if p else "-") for g, p in pairs)}


def report(title: str, predicted: list[dict], gold: list[dict], confusion: bool = True) -> None:
    for label_set in SETS:
        pairs = [(g[label_set], predicted[i].get(label_set, [])) for i, g in enumerate(gold)
                 if g.get(label_set) and predicted[i] is not None]
        if not pairs:
            continue
        s = scores(pairs)
        print(f"{title:13s} {label_set:10s} n={s['n']:3d}  macro-F1 {s['macro_f1']:.3f}  acc@1 {s['acc1']:.3f}  acc@3 {s['acc3']:.3f}")
        if label_set == "actielijn" and confusion:
            print(f"{'':13s} confusion (gold→predicted): " + ", ".join(f"{g}→{p}: {n}" for (g, p), n in sorted(s["confusion"].items())))


def by_length(results: list, gold: list[dict]) -> None:
    for title, keep in (("  ≤6 words", lambda g: len(g["text"].split()) <= SHORT_WORDS),
                        ("  longer", lambda g: len(g["text"].split()) > SHORT_WORDS)):
        part = [(b, g) for b, g in zip(results, gold) if keep(g)]
        report(title, [ranked(b.of) for b, _ in part], [g for _, g in part], confusion=False)


def ranked(labels_of) -> dict:
    return {s: [i for i, _ in labels_of(s)] for s in SETS}


def own_examples_cross_validated(classifier: Classifier) -> None:
    """The whole classifier on bare text, 5-fold over our own models/training.yaml (heads
    trained on four folds, scored on the fifth), with and without the doel/actielijn agreement."""
    frame = classifier.frame
    texts, doel_y, actielijn_y = examples(frame)
    vectors = classifier.encoder.encode(texts, kind="passage")
    folds = np.random.default_rng(0).permutation(len(texts)) % FOLDS
    predicted: dict[bool, list] = {False: [None] * len(texts), True: [None] * len(texts)}
    for fold in range(FOLDS):
        train, test = np.where(folds != fold)[0], np.where(folds == fold)[0]
        heads = {"doel": fit_quietly(vectors[train], doel_y[train], frame.ids("doel")),
                 "actielijn": fit_quietly(vectors[train], actielijn_y[train], frame.ids("actielijn"))}
        for consistent, out in predicted.items():
            fold_classifier = Classifier(classifier.encoder, frame, heads=heads, consistent=consistent)
            for i, labels in zip(test, fold_classifier.classify([texts[i] for i in test], vectors=vectors[test])):
                out[i] = ranked(labels.of)
    gold = [{"actielijn": frame.ids("actielijn")[a], "doel": frame.ids("doel")[d]} for a, d in zip(actielijn_y, doel_y)]
    short = [i for i, t in enumerate(texts) if len(t.split()) <= SHORT_WORDS]
    for consistent, out in predicted.items():
        report("own, agreed" if consistent else "own, apart", out, gold, confusion=False)
        report("  ≤6 words", [out[i] for i in short], [gold[i] for i in short], confusion=False)


def other_models(default: Classifier, gold: list[dict], matched: list[Statement | None]) -> None:
    """The same gold, in pipeline (each found statement with its section path) and bare, for
    every other embedding model installed (bench/embed.py finds them). Heads are trained for
    the default model only, so the others go by descriptions, cues and structure."""
    from bench.embed import candidates

    found = [(g, row) for g, row in zip(gold, matched) if row is not None]
    for name, make in list(candidates())[1:]:
        classifier = Classifier(make(), default.frame)
        in_pipeline = classifier.classify([row.text for _, row in found], [row.section_path for _, row in found],
                                          [row.lemmas for _, row in found])
        print(f"model: {name}")
        report("in pipeline", [ranked(r.of) for r in in_pipeline], [g for g, _ in found])
        report("bare text", [ranked(r.of) for r in classifier.classify([g["text"] for g in gold])], gold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "classification.jsonl"))
    args = parser.parse_args()
    print(f"machine: {describe()}")
    settings = Settings()
    classifier = load_classifier(settings.model)
    print(f"model: {classifier.encoder.name}")
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        ingest_paths([ROOT / "corpus"], Settings(db_path=db, workers=2), progress=False)
        ingest_seconds = time.perf_counter() - start
        with Store(db, read_only=True) as store:
            statement_count = store.counts()["statements"]
            corpus_rows = store.statements()
            start = time.perf_counter()
            classifier.classify([r.text for r in corpus_rows], [r.section_path for r in corpus_rows],
                                [r.lemmas for r in corpus_rows])
            stage_seconds = time.perf_counter() - start
            predicted: list[dict | None] = []
            by_file: dict[str, list[Statement]] = {}
            for item in gold:
                doc_id = re.sub(r"\.(md|pdf\.txt|pdf|txt)$", "", item["file"])
                if doc_id not in by_file:
                    by_file[doc_id] = store.statements(doc_id)
            labels = {}
            for row in store.labels():
                labels.setdefault(row.statement_id, []).append(row)
            matched = match_statements(gold, [r for rows in by_file.values() for r in rows])
            for item, row in zip(gold, matched):
                if row is None:
                    predicted.append(None)
                    continue
                mine = sorted(labels.get(row.id, []), key=lambda r: -r.score)
                predicted.append({s: [r.label_id for r in mine if r.label_set == s] for s in SETS})
    print(f"in pipeline: {sum(p is not None for p in predicted)}/{len(gold)} gold items found as statements")
    report("in pipeline", predicted, gold)

    start = time.perf_counter()
    bare = classifier.classify([g["text"] for g in gold])
    bare_seconds = time.perf_counter() - start
    report("bare text", [ranked(b.of) for b in bare], gold)
    by_length(bare, gold)
    apart = Classifier(classifier.encoder, classifier.frame, consistent=False).classify([g["text"] for g in gold])
    report("bare, apart", [ranked(b.of) for b in apart], gold, confusion=False)
    by_length(apart, gold)
    no_heads = Classifier(classifier.encoder, classifier.frame, heads={}).classify([g["text"] for g in gold])
    report("bare, no head", [ranked(b.of) for b in no_heads], gold, confusion=False)

    print(f"own examples (models/training.yaml, {FOLDS}-fold, whole classifier; 'apart' = without the "
          "doel/actielijn agreement):")
    own_examples_cross_validated(classifier)

    other_models(classifier, gold, matched)

    hand = [json.loads(line) for line in KNELPUNT_GOLD.read_text(encoding="utf-8").splitlines()]
    flags = [r.knelpunt >= 0.5 for r in classifier.classify([h["text"] for h in hand])]
    tp = sum(f and h["knelpunt"] for f, h in zip(flags, hand))
    fp = sum(f and not h["knelpunt"] for f, h in zip(flags, hand))
    fn = sum(h["knelpunt"] and not f for f, h in zip(flags, hand))
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"knelpunt on {len(hand)} hand-labelled statements: precision {p:.3f}, recall {r:.3f}, F1 {2 * p * r / max(1e-9, p + r):.3f}")
    print(f"classify stage (encode + label) on the whole sample corpus: {len(corpus_rows)} statements in "
          f"{stage_seconds:.0f} s ({len(corpus_rows) / stage_seconds:.1f} statements/s)")
    print(f"classify stage, bare gold texts (paragraph-long): {len(gold) / bare_seconds:.1f} texts/s")
    print(f"whole sample corpus ingested with vectors and labels: {statement_count} statements in {ingest_seconds:.0f} s "
          f"({statement_count / ingest_seconds:.1f} statements/s, 2 worker processes)")


if __name__ == "__main__":
    main()
