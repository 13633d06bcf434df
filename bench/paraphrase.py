"""Search in a staff member's own words (issue 23): the paraphrase benchmark, every method side by side.

``bench/paraphrase_queries.yaml`` holds questions written the way staff ask them, each with the statements of the
sample corpus that answer it (by exact text), sharing few words with them. For each method: the share of
questions with an answer in the top 10, MRR@10 and nDCG@10, for Kamerspoor's keyword, semantic and hybrid
search, and for the baseline a plain tool would give: an SQLite FTS5 index (BM25, diacritics folded) over the
same statements, queried with the question's words joined by OR. The questions are split in two halves by a
fixed rule (``split`` in the file: ``dev`` to look at while building, ``test`` kept aside); both are printed.

Run: ``make bench`` or ``.venv/bin/python -m bench.paraphrase [--db store.duckdb]`` (without ``--db``: the sample
corpus is ingested into a temporary store first).
"""
from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import yaml

from bench.machine import describe
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import SearchSettings, Settings
from search import SearchRequest, query_encoder, search
from store.db import Store
from store.fts5_baseline import Fts5Baseline

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "paraphrase_queries.yaml"
METHODS = ("fts5", "keyword", "semantic", "hybrid")
K = 10


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def answer_ids(item: dict, statements: list[tuple[str, str]]) -> set[str]:
    """The statements that answer a question: its ``answers`` by exact text (whitespace folded)."""
    wanted = {" ".join(a.split()) for a in item["answers"]}
    return {sid for sid, text in statements if " ".join(text.split()) in wanted}


def scores(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """(answer in the top 10, reciprocal rank of the first answer within 10, nDCG@10)."""
    top = ranked[:K]
    first = next((i for i, sid in enumerate(top) if sid in relevant), None)
    dcg = sum(1 / math.log2(i + 2) for i, sid in enumerate(top) if sid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    return float(first is not None), (1 / (first + 1) if first is not None else 0.0), (dcg / ideal if ideal else 0.0)


def run(db: Path, questions_file: Path = QUESTIONS) -> None:
    questions = load_questions(questions_file)
    with Store(db, read_only=True) as store:
        statements = [(s.id, s.text) for s in store.statements()]
        encoder = query_encoder(store, Settings().model)
        fts = Fts5Baseline(statements)
        settings = SearchSettings()
        rows: dict[str, dict[str, list[tuple[float, float, float]]]] = {m: {"dev": [], "test": []} for m in METHODS}
        misses, took = [], {m: 0.0 for m in METHODS}
        for item in questions:
            relevant = answer_ids(item, statements)
            if not relevant:
                misses.append(item["question"])
                continue
            for method in METHODS:
                started = time.perf_counter()
                if method == "fts5":
                    ranked = fts.search(item["question"])
                else:
                    request = SearchRequest(item["question"], limit=K, mode=method)
                    ranked = [h.statement_id for h in search(store, request, settings, encoder).hits]
                took[method] += time.perf_counter() - started
                rows[method][item.get("split", "dev")].append(scores(ranked, relevant))
    counted = len(questions) - len(misses)
    print(f"{counted} questions with answers in this store ({len(misses)} whose answers it does not hold"
          + (f": {misses[:3]}" if misses else "") + ")")
    print(f"{'method':10s} {'split':5s} {'n':>3s} {'top-10':>7s} {'MRR@10':>7s} {'nDCG@10':>8s} {'ms/query':>9s}")
    for method in METHODS:
        for split in ("dev", "test", "all"):
            found = rows[method]["dev"] + rows[method]["test"] if split == "all" else rows[method][split]
            if not found:
                continue
            means = [sum(col) / len(found) for col in zip(*found)]
            print(f"{method:10s} {split:5s} {len(found):3d} {means[0]:7.3f} {means[1]:7.3f} {means[2]:8.3f} "
                  f"{1000 * took[method] / max(counted, 1):9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an ingested sample store (default: ingest corpus/ into a temp dir)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help=f"default: {QUESTIONS.relative_to(ROOT)}")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    if args.db:
        run(args.db, args.questions)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.duckdb"
        ingest_paths([ROOT / "corpus"], Settings(db_path=db, workers=2), progress=False)
        run(db, args.questions)


if __name__ == "__main__":
    main()
