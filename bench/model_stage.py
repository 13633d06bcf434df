"""The model stage on the old path (PyTorch) and the new one (OpenVINO), side by side in one run (issue 21).

For each path the whole sample corpus is ingested into its own store (vectors, labels, registry), then:
- **speed**: the classify stage (encode + label) over every statement of the corpus, statements/s, and the
  encoder alone;
- **labels in the pipeline**: actielijn / doel / landsdeel accuracy@1 on the gold set (``shared/gold``),
  read from the store; and how many statements' top labels differ between the two stores;
- **labels on bare text**: the same gold texts classified alone;
- **Q→A MRR**: each question of kst-32637-448 must find its own answer among all its answers;
- **answer linking**: top-1 / top-3 of the registry's answers against ``shared/gold/commitments.yaml``;
- **search nDCG@10**: the 40 queries of ``bench/search_queries.yaml``, hybrid and semantic.
The new path must be faithful: every quality figure within 0.01 of the old one. Last, the estimate for all
Kamerstukken since 1995 from these figures: parsing per page (measured here on the typeset PDFs of ``corpus``)
plus the model stage per statement, on each path.

Run: ``make bench`` or ``.venv/bin/python -m bench.model_stage``.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import yaml

from bench.classify import match_statements, scores
from bench.commitments import evaluate, sample_papers
from bench.embed import qa_pairs
from bench.machine import describe
from bench.search import quality
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from nlp import classify as classify_module
from nlp import embeddings
from store.db import Store
from store.records import StatementLabel

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
SETS = ("actielijn", "doel", "landsdeel")
PATHS = {"old (PyTorch, float32)": "0", "new (OpenVINO)": "1"}  # KAMERSPOOR_FAST_ENCODER


def use_path(flag: str) -> None:
    """Switch the encoder path for everything loaded from now on in this process."""
    os.environ["KAMERSPOOR_FAST_ENCODER"] = flag
    embeddings.load_encoder.cache_clear()
    classify_module.load_classifier.cache_clear()


def run(flag: str, folder: Path) -> dict:
    use_path(flag)
    settings = Settings(db_path=folder / f"store-{flag}.duckdb", workers=2)
    started = time.perf_counter()
    ingest_paths([ROOT / "corpus"], settings, progress=False)
    figures: dict = {"ingest_s": time.perf_counter() - started, "db": settings.db_path}
    classifier = classify_module.load_classifier(settings.model)
    figures["encoder"] = f"{type(classifier.encoder).__name__} {getattr(classifier.encoder, 'precision', '')}".strip()
    with Store(settings.db_path, read_only=True) as store:
        rows = store.statements()
        texts = [r.text for r in rows]
        warm = rows[::max(1, len(rows) // 200)]  # 200 statements of every length, so every batch shape is met once
        classifier.classify([r.text for r in warm], [r.section_path for r in warm], [r.lemmas for r in warm])
        started = time.perf_counter()  # after the warm-up: both runtimes prepare kernels for new shapes on first use
        classifier.classify(texts, [r.section_path for r in rows], [r.lemmas for r in rows])
        figures["stage_per_s"] = len(rows) / (time.perf_counter() - started)
        started = time.perf_counter()
        classifier.encoder.encode(texts, kind="passage")
        figures["encode_per_s"] = len(rows) / (time.perf_counter() - started)
        figures["statements"] = len(rows)
        figures["top_labels"] = top_labels(store)
        figures.update(pipeline_accuracy(store))
        figures["answers"] = answer_linking(store)
    figures.update(bare_accuracy(classifier))
    figures["qa_mrr"] = qa_mrr(classifier.encoder)
    search = quality(str(settings.db_path), verbose=False)
    figures["ndcg_hybrid"], figures["ndcg_semantic"] = search["hybrid"][0], search["semantic"][0]
    return figures


def top_labels(store: Store) -> dict[tuple[str, str], str]:
    """Each statement's best label per label set (above the store's threshold)."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for row in store.labels():
        key = (row.statement_id, row.label_set)
        if row.score > best.get(key, (-1.0, ""))[0]:
            best[key] = (row.score, row.label_id)
    return {key: label for key, (_, label) in best.items()}


def gold_items() -> list[dict]:
    path = GOLD / "classification.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pipeline_accuracy(store: Store) -> dict[str, float]:
    gold = gold_items()
    rows = [r for doc_id in dict.fromkeys(re.sub(r"\.(md|pdf\.txt|pdf|txt)$", "", g["file"]) for g in gold)
            for r in store.statements(doc_id)]
    labels: dict[str, list[StatementLabel]] = {}
    for row in store.labels():
        labels.setdefault(row.statement_id, []).append(row)
    out = {}
    matched = match_statements(gold, rows)
    for label_set in SETS:
        pairs = [(g[label_set], [r.label_id for r in sorted(labels.get(m.id, []), key=lambda r: -r.score)
                                  if r.label_set == label_set] if m else [])
                 for g, m in zip(gold, matched) if g.get(label_set)]
        out[f"pipeline_{label_set}"] = scores(pairs)["acc1"]
    return out


def bare_accuracy(classifier) -> dict[str, float]:
    gold = gold_items()
    bare = classifier.classify([g["text"] for g in gold])
    return {f"bare_{label_set}": scores([(g[label_set], [i for i, _ in b.of(label_set)])
                                         for g, b in zip(gold, bare) if g.get(label_set)])["acc1"] for label_set in SETS}


def qa_mrr(encoder) -> float:
    pairs = qa_pairs()
    answers = encoder.encode([a[:2000] for _, a in pairs], kind="passage")
    questions = encoder.encode([q[:2000] for q, _ in pairs], kind="query")
    ranks = (-(questions @ answers.T)).argsort(axis=1)
    return float(np.mean([1.0 / (list(ranks[i]).index(i) + 1) for i in range(len(pairs))]))


def answer_linking(store: Store) -> str:
    """bench/commitments.py's answer line (top-1, top-3) for this store."""
    gold = yaml.safe_load((GOLD / "commitments.yaml").read_text(encoding="utf-8"))
    printed = io.StringIO()
    with redirect_stdout(printed):
        evaluate(store, gold, sample_papers(store))
    return next((line for line in printed.getvalue().splitlines() if line.startswith("answers:")), "answers: ?")


def parse_seconds_per_page() -> tuple[float, float]:
    """Seconds per page to parse and split the typeset PDFs of the corpus in one process, and statements per page."""
    import pypdfium2

    from kamerspoor.pipeline import process_file

    pdfs = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    pages = sum(len(pypdfium2.PdfDocument(str(p))) for p in pdfs)
    started = time.perf_counter()
    statements = sum(len(process_file(p, Settings()).statements.statements) for p in pdfs)
    return (time.perf_counter() - started) / pages, statements / pages


def estimate(results: dict[str, dict]) -> None:
    """All Kamerstukken since 1995 on each path. The corpus size is an assumption; the costs are measured."""
    documents, pages_per_doc = 450_000, 10  # assumed: ~15 000 Kamerstukken a year for 30 years
    cores = os.cpu_count() or 1
    per_page, statements_per_page = parse_seconds_per_page()
    pages = documents * pages_per_doc
    parse_hours = pages * per_page / 3600
    print(f"\nestimate, assumed {documents:,} Kamerstukken × {pages_per_doc} pages since 1995 (measured here: "
          f"{per_page:.3f} s a page to parse and split, {statements_per_page:.1f} statements a page):")
    for name, figures in results.items():
        model_hours = pages * statements_per_page / (figures["stage_per_s"] / cores) / 3600  # the stage uses every core
        days = [(parse_hours + model_hours) / (machines * cores) / 24 for machines in (1, 10, 50)]
        print(f"  {name:24s} parsing {parse_hours:,.0f} + model stage {model_hours:,.0f} core-hours: "
              f"{days[0]:.1f} days on one machine like this, {days[1]:.1f} on 10, {days[2]:.1f} on 50")


def main() -> None:
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: run(flag, Path(tmp)) for name, flag in PATHS.items()}
    old, new = results.values()
    print(f"\n{'':34s} {'old (PyTorch)':>16s} {'new (OpenVINO)':>16s}")
    print(f"{'encoder':34s} {old['encoder']:>16s} {new['encoder']:>16s}")
    for key, label, form in [("stage_per_s", "encode + label, statements/s", "{:.1f}"),
                             ("encode_per_s", "encode alone, statements/s", "{:.1f}"),
                             ("ingest_s", "ingest of the sample corpus, s", "{:.0f}"),
                             *[(f"pipeline_{s}", f"in pipeline {s} acc@1", "{:.3f}") for s in SETS],
                             *[(f"bare_{s}", f"bare text {s} acc@1", "{:.3f}") for s in SETS],
                             ("qa_mrr", "Q→A MRR (kst-32637-448)", "{:.3f}"),
                             ("ndcg_hybrid", "search nDCG@10 hybrid", "{:.3f}"),
                             ("ndcg_semantic", "search nDCG@10 semantic", "{:.3f}")]:
        print(f"{label:34s} {form.format(old[key]):>16s} {form.format(new[key]):>16s}")
    print(f"{'answer linking, old':34s} {old['answers']}")
    print(f"{'answer linking, new':34s} {new['answers']}")
    same = sum(new["top_labels"].get(k) == v for k, v in old["top_labels"].items())
    print(f"statements' top labels equal in both stores: {same} / {len(old['top_labels'])} "
          f"(new store has {len(new['top_labels'])})")
    print(f"speed-up of the model stage: {new['stage_per_s'] / old['stage_per_s']:.2f}×, "
          f"of the encoder: {new['encode_per_s'] / old['encode_per_s']:.2f}×")
    estimate(results)


if __name__ == "__main__":
    main()
