"""What the semantic half could gain from the text it embeds (issue 23, a trial: nothing here is in the product).

The paraphrase questions (``bench/paraphrase_queries.yaml``) scored by brute-force cosine over the sample corpus,
with no relevance floor, for three ways of embedding a statement:

- ``plain``: the statement alone, as the store holds it today;
- ``neighbours``: its cosine plus a share of its two neighbours' (same paper, seq ± 1), from the stored vectors;
- ``context``: the statement encoded again with its paper's title and its last two section headings in front;
- ``plain + x context``: one vector per statement, the two above blended (x the context's share).

Each way also gets the semantic nDCG@10 of the 40 staff queries (``bench/search_queries.yaml``), brute force.

Then the relevance floor (``search/relevance.py``): for each question the best semantic margin in its top 100 and
the margin of its best answer, beside the best margin a nonsense or off-topic query reaches (``bench/search.py``).
A floor can only keep what the encoder ranks high; the first table says how much that is.

Run: ``.venv/bin/python -m bench.passage_trial [--db store.duckdb]`` (without ``--db``: the sample corpus is
ingested into a temporary store first, with the model). About a minute on 2 cores.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from bench.machine import describe
from bench.paraphrase import answer_ids, load_questions, scores
from bench.search import NONSENSE, OFF_TOPIC, load_queries, ndcg_at, relevant_ids
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import SearchSettings, Settings
from nlp.embeddings import load_encoder
from nlp.records import Statement
from search.relevance import null_vectors
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
NEIGHBOUR_SHARE = 0.35
CONTEXT_SHARES = (0.3, 0.5, 0.6)


def context_text(statement: Statement, title: str | None) -> str:
    """The statement as a reader meets it: under its paper's title and its nearest headings."""
    return " › ".join([title or "", *statement.section_path[-2:]]) + ": " + statement.text


def report(name: str, similarity: np.ndarray, questions: list[dict], ids: list[str], relevant: list[set[str]],
           staff: np.ndarray | None = None, judged: list[set[str]] | None = None) -> None:
    """One way of embedding: paraphrase top-10 and MRR@10 per split, and (``staff``: the 40 queries' similarities)
    the semantic nDCG@10 of ``bench/search_queries.yaml``, both brute force without a floor."""
    line = [f"{name:22s}"]
    for split in ("dev", "test"):
        rows = [scores([ids[j] for j in np.argsort(-similarity[i])[:10]], relevant[i])
                for i, q in enumerate(questions) if q["split"] == split]
        line.append(f"{split} top-10 {np.mean([r[0] for r in rows]):.3f} MRR@10 {np.mean([r[1] for r in rows]):.3f}")
    if staff is not None:
        line.append(f"40 queries nDCG@10 {np.mean([ndcg_at([ids[j] for j in np.argsort(-row)[:10]], judged[i]) for i, row in enumerate(staff)]):.3f}")
    print("  ".join(line))


def run(db: Path) -> None:
    settings = Settings()
    with Store(db, read_only=True) as store:
        titles = {paper.id: paper.title for paper in store.documents()}
        stored_ids, matrix = store.statement_vectors()
        position = {sid: n for n, sid in enumerate(stored_ids)}
        statements = [s for s in store.statements() if s.id in position]
    ids = [s.id for s in statements]
    vectors = matrix[[position[sid] for sid in ids]]
    questions = load_questions()
    relevant = [answer_ids(q, [(s.id, s.text) for s in statements]) for q in questions]
    encoder = load_encoder(settings.model)
    queries = encoder.encode([q["question"] for q in questions], kind="query")
    print(f"{len(questions)} questions, {len(ids)} statements, model {encoder.name}")

    staff_queries = load_queries()
    judged = [relevant_ids(item, [(s.id, s.text) for s in statements]) for item in staff_queries]
    staff = encoder.encode([item["query"] for item in staff_queries], kind="query")

    plain = queries @ vectors.T
    report("plain", plain, questions, ids, relevant, staff @ vectors.T, judged)
    at = {(s.doc_id, s.seq): n for n, s in enumerate(statements)}
    before = np.array([at.get((s.doc_id, s.seq - 1), n) for n, s in enumerate(statements)])
    after = np.array([at.get((s.doc_id, s.seq + 1), n) for n, s in enumerate(statements)])
    report("neighbours", plain + NEIGHBOUR_SHARE * (plain[:, before] + plain[:, after]) / 2, questions, ids, relevant)
    context = encoder.encode([context_text(s, titles.get(s.doc_id)) for s in statements], kind="passage")
    report("context", queries @ context.T, questions, ids, relevant, staff @ context.T, judged)
    for share in CONTEXT_SHARES:  # one stored vector, (1 − share) · plain + share · context: cosine is linear in it
        blend = (1 - share) * vectors + share * context
        report(f"plain + {share} context", queries @ blend.T, questions, ids, relevant, staff @ blend.T, judged)

    search = SearchSettings()
    baseline = np.sort(vectors @ null_vectors(encoder, search.null_queries).T, axis=1)[:, -search.null_top:].mean(axis=1)
    floor = search.min_relevance * search.semantic_full_margin
    margins = plain - baseline
    nonsense = encoder.encode(NONSENSE + OFF_TOPIC, kind="query") @ vectors.T - baseline
    found = [i for i, r in enumerate(relevant) if r]
    answer_margin = [max(margins[i][ids.index(a)] for a in relevant[i]) for i in found]
    print(f"\nsemantic floor: margin {floor:.3f}; best margin of a nonsense or off-topic query "
          f"{nonsense.max():.3f}")
    print(f"  questions whose best answer is in the plain top 10: "
          f"{sum(bool(set(ids[j] for j in np.argsort(-plain[i])[:10]) & relevant[i]) for i in found)}/{len(found)}")
    print(f"  … and whose best answer's margin reaches the floor: {sum(m >= floor for m in answer_margin)}/{len(found)}")
    print(f"  answers' margins: median {np.median(answer_margin):.3f}, "
          f"{np.mean(np.array(answer_margin) < 0):.0%} below zero (the encoder puts them nearer meaningless queries)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store of the sample corpus with vectors (default: ingest one)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    if args.db:
        run(Path(args.db))
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "corpus.duckdb"
        ingest_paths([ROOT / "corpus"], Settings(db_path=db, workers=2), progress=False)
        run(db)


if __name__ == "__main__":
    main()
