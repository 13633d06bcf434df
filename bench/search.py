"""Search quality on the sample corpus and search speed on synthetic stores of 100 000 and 1 000 000 statements.

Quality: the 40 queries of bench/search_queries.yaml (relevance by hand-written concept rules)
→ nDCG@10 and recall@20 (found / min(relevant, 20)) for keyword, semantic and hybrid search, with
the relevance floors of issue 18 and without them; then how many hits nonsense and off-topic
queries get (the floors should leave the nonsense ones none).

Speed: a synthetic store is made from the sample store's own statements (each one a sampled
real statement with 30 % of its words replaced by corpus words, its vector perturbed to cosine
≈ 0.85 with the original, its labels copied; 300 statements per document, dates 2013–2026),
then the IVF index is built, and the 40 queries run end to end (query encoding included) in a
fresh read-only process: p50/p95 latency unfiltered and filtered, exact vs IVF, IVF recall@20
against exact, build times, DB size, the query process' peak memory.

Run: ``make bench`` or ``python bench/search.py [--db sample.duckdb] [--sizes 100000 1000000]``.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import re
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import yaml

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kamerspoor.settings import SearchSettings, Settings

QUERIES = ROOT / "bench" / "search_queries.yaml"
FILTER_HOLDS = (2, 4, 8)  # SearchSettings.ann_filter_hold values compared under a filter
FILTERS = [  # filtered variants, cycled over the queries
    {"landsdeel": ["oost"], "actielijn": ["leren"]},
    {"knelpunt": True},
    {"doc_types": ["brief"]},
    {"actielijn": ["werken"], "date_from": "2018-01-01"},
]


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


# ----------------------------------------------------------------- quality
def sample_store(db: str | None, workdir: Path) -> str:
    if db:
        return db
    from kamerspoor.pipeline import ingest_paths

    path = workdir / "sample.duckdb"
    settings = Settings(db_path=path, workers=2)
    print("ingesting the sample corpus (with vectors and labels) …", flush=True)
    ingest_paths([ROOT / "corpus"], settings, progress=False)
    return str(path)


def relevant_ids(item: dict, statements: list[tuple[str, str]]) -> set[str]:
    """Statements matching every concept rule of the query, plus those judged by hand (``also``)."""
    also = set(item.get("also", []))
    return {sid for sid, text in statements
            if text in also or all(re.search(p, text, re.I) for p in item["relevant"])}


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, sid in enumerate(ranked[:k]) if sid in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def quality(db: str, settings: SearchSettings = SearchSettings(), verbose: bool = True) -> dict[str, tuple[float, float]]:
    from search import SearchRequest, query_encoder, search
    from store.db import Store

    con = Store(db, read_only=True)
    statements = [(s.id, s.text) for s in con.statements()]
    encoder = query_encoder(con, Settings().model)
    results: dict[str, tuple[float, float]] = {}
    per_query = []
    for mode in ("keyword", "semantic", "hybrid"):
        ndcgs, recalls = [], []
        for item in load_queries():
            relevant = relevant_ids(item, statements)
            hits = search(con, SearchRequest(item["query"], limit=20, mode=mode), settings, encoder).hits
            ranked = [h.statement_id for h in hits]
            ndcgs.append(ndcg_at(ranked, relevant))
            recalls.append(len(relevant & set(ranked[:20])) / min(len(relevant), 20) if relevant else 0.0)
            if mode == "hybrid":
                per_query.append((item["query"], len(relevant), ndcgs[-1]))
        results[mode] = (statistics.mean(ndcgs), statistics.mean(recalls))
    worst = sorted(per_query, key=lambda q: q[2])[:5]
    if verbose:
        print("  weakest hybrid queries: " + "; ".join(f"{q!r} ({n} relevant) {v:.2f}" for q, n, v in worst))
    return results


def quality_report(db: str) -> None:
    """The 40 judged queries with the relevance floors, and without them (every fused hit up to the
    limit, as search was before issue 18): the floors must not cost nDCG or recall."""
    from dataclasses import replace

    print("quality on the sample corpus (40 queries):")
    floors = quality(db)
    without = quality(db, replace(SearchSettings(), min_relevance=0.0), verbose=False)
    for mode, (ndcg, recall) in floors.items():
        print(f"  {mode:8s} nDCG@10 {ndcg:.3f}   recall@20 {recall:.3f}     "
              f"(without the relevance floor: {without[mode][0]:.3f} / {without[mode][1]:.3f})")


# ----------------------------------------------------------------- nonsense
# Written by hand for issue 18, none of them among the random-letter and stop-word queries that
# calibrate semantic relevance (search/relevance.py: null_queries). Target: no hits at all.
NONSENSE = ["qqqzzz xyzzy plofkip", "plofkip", "xyzzy", "asdkjh qwpoeiru zxmcnv", "zzzz", "blorp fnargle",
            "jkl mnop", "lorem ipsum dolor sit amet", "gnarf", "de", "het", "het is", "een van de", "ik ben",
            "nou ja", "kamer minister", "de minister en de Kamer"]
# Off-topic but real Dutch: recipes, football, weather. A word the papers also use may match on its own
# ("Utrecht", "maak"): such hits are word matches, shown with their (low) relevance.
OFF_TOPIC = ["recept voor appeltaart met kaneel", "pannenkoeken bakken met spek", "lasagne bolognese",
             "bananenbrood recept", "hoe maak je soep", "uitslag Ajax Feyenoord 3-1", "PSV wint van Ajax",
             "Max Verstappen wint de Grand Prix", "weerbericht voor morgen regen", "wat is het weer",
             "kattenvoer kopen", "fietsenmaker in Utrecht"]


def nonsense_report(db: str) -> None:
    """How many hits nonsense and off-topic queries get in each mode (limit 20)."""
    from search import SearchRequest, query_encoder, search
    from store.db import Store

    con = Store(db, read_only=True)
    encoder = query_encoder(con, Settings().model)
    for title, queries in (("nonsense (target: none)", NONSENSE), ("off-topic", OFF_TOPIC)):
        print(f"{title}: hits per mode (limit 20)")
        print(f"  {'query':38s} {'hybrid':>6s} {'keyword':>7s} {'semantic':>8s}  best relevance")
        for query in queries:
            results = [search(con, SearchRequest(query, limit=20, mode=mode), SearchSettings(), encoder)
                       for mode in ("hybrid", "keyword", "semantic")]
            best = max((h.relevance for r in results for h in r.hits), default=None)
            print(f"  {query[:38]:38s} {len(results[0].hits):6d} {len(results[1].hits):7d} {len(results[2].hits):8d}"
                  f"  {'-' if best is None else f'{best:.2f}'}")


# ----------------------------------------------------------------- synthetic store
def synthesize(source: str, target: str, n: int, seed: int = 0, chunk: int = 50_000) -> float:
    """Write a synthetic store of ``n`` statements modelled on ``source``; returns seconds taken."""
    from nlp.terms import statement_terms, term_hash
    from store.db import Store
    from store.synthetic import SyntheticPaper

    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    with Store(source, read_only=True) as src:
        rows = src.sample_statements()
        labels = src.sample_labels()
        doc_types = src.paper_types()
        model, dim = src.embedding_model()
    vectors = np.array([r.vector for r in rows], dtype=np.float32)
    words = [w for r in rows for w in r.lemmas.split()]
    with Store(target) as store:
        store.use_embedding_model(model, int(dim))
        n_docs = max(1, -(-n // 300))  # every statement in a paper: the last one may be short
        days = rng.integers(0, 14 * 365, size=n_docs)
        types = rng.integers(0, len(doc_types), size=n_docs)
        store.append_papers([SyntheticPaper(f"syn-{d:06d}", doc_types[types[d]], date(2013, 1, 1) + timedelta(days=int(days[d])),
                                            f"Synthetisch document syn-{d:06d}", dossiers=["32637"], pages=30)
                             for d in range(n_docs)])
        vocabulary: set[str] = set()
        for begin in range(0, n, chunk):
            size = min(chunk, n - begin)
            picks = rng.integers(0, len(rows), size=size)
            ids = [f"syn-{(begin + i) // 300:06d}#{(begin + i) % 300}" for i in range(size)]
            texts, lemma_list, term_list = [], [], []
            for p in picks:
                tokens = rows[p].lemmas.split()
                swap = rng.random(len(tokens)) < 0.3
                tokens = [words[rng.integers(len(words))] if s else t for t, s in zip(tokens, swap)]
                lemma_list.append(" ".join(tokens))
                texts.append(" ".join(tokens).capitalize() + ".")
                term_list.append(statement_terms(lemma_list[-1]))
            noise = rng.normal(0, 0.62 / math.sqrt(int(dim)), size=(size, int(dim))).astype(np.float32)
            vecs = vectors[picks] + noise
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            doc_ids = [sid.split("#")[0] for sid in ids]
            store.append_rows("statements", pa.table({
                "id": ids, "doc_id": doc_ids, "seq": pa.array([(begin + i) % 300 for i in range(size)], pa.int32()),
                "block_seq": pa.array([0] * size, pa.int32()), "page": pa.array([rows[p].page for p in picks], pa.int32()),
                "start": pa.array([0] * size, pa.int32()), "end": pa.array([len(t) for t in texts], pa.int32()),
                "text": texts, "role": [rows[p].role for p in picks],
                "section_path": pa.array([rows[p].section_path for p in picks], pa.list_(pa.string())),
                "speaker": pa.array([rows[p].speaker for p in picks], pa.string()),
                "question_id": pa.array([None] * size, pa.string()), "answer_to": pa.array([None] * size, pa.string()),
                "refs": pa.array([rows[p].refs for p in picks], pa.list_(pa.string())), "lemmas": lemma_list,
                "n_terms": pa.array([sum(t.values()) for t in term_list], pa.int32())}))
            postings = [(term_hash(term), sid, tf, sum(terms.values()))
                        for sid, terms in zip(ids, term_list) for term, tf in terms.items()]
            store.append_rows("statement_terms", pa.table({
                "term_hash": pa.array([x[0] for x in postings], pa.int64()), "statement_id": [x[1] for x in postings],
                "doc_id": [x[1].split("#")[0] for x in postings], "tf": pa.array([x[2] for x in postings], pa.int16()),
                "n_terms": pa.array([min(x[3], 32767) for x in postings], pa.int16())}))
            fresh = sorted({t for terms in term_list for t in terms} - vocabulary)
            vocabulary.update(fresh)
            store.append_rows("search_terms", pa.table({"term": fresh,
                                                        "term_hash": pa.array([term_hash(t) for t in fresh], pa.int64())}))
            store.append_rows("statement_vectors", pa.table({
                "statement_id": ids, "doc_id": doc_ids,
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(vecs.ravel()), int(dim)),
                "cluster": pa.array([None] * size, pa.int32())}))
            label_rows = [(sid, sid.split("#")[0], *lab) for sid, p in zip(ids, picks) for lab in labels.get(rows[p].id, [])]
            store.append_rows("statement_labels", pa.table({
                "statement_id": [x[0] for x in label_rows], "doc_id": [x[1] for x in label_rows],
                "label_set": [x[2] for x in label_rows], "label_id": [x[3] for x in label_rows],
                "score": pa.array([x[4] for x in label_rows], pa.float32()), "method": [x[5] for x in label_rows],
                "reason": [x[6] for x in label_rows]}))
            print(f"    {begin + size:>9,} statements written ({time.perf_counter() - start:.0f} s)", flush=True)
        store.checkpoint()
    return time.perf_counter() - start


def _latency_worker(db: str, queue) -> None:
    """In a fresh process: run every query unfiltered and filtered, exact and IVF; report timings."""
    from dataclasses import replace
    from datetime import date

    from search import SearchRequest, query_encoder, search
    from store.db import Store

    con = Store(db, read_only=True)
    encoder = query_encoder(con, Settings().model)
    queries = [q["query"] for q in load_queries()]
    # Synthetic statements are shuffled over their papers, so every frequent word is spread as chance
    # predicts and looks stop-like: stop-likeness is off here, or queries of such words would return at
    # once and flatter the timings. IVF recall compares rankings, so it is measured without the floor.
    ivf = SearchSettings(stop_min_papers=10**9)
    exact = replace(ivf, use_vector_index=False)
    ivf_all, exact_all = replace(ivf, min_relevance=0.0), replace(exact, min_relevance=0.0)
    for q in queries[:3]:  # warm caches and the model
        search(con, SearchRequest(q), ivf, encoder)
    out: dict[str, list] = {"hybrid": [], "filtered": [], "semantic_ivf": [], "semantic_exact": [], "recall": []}
    for hold in FILTER_HOLDS:
        out[f"filtered_semantic_{hold}"], out[f"filtered_recall_{hold}"] = [], []
    for i, q in enumerate(queries):
        t = time.perf_counter()
        search(con, SearchRequest(q), ivf, encoder)
        out["hybrid"].append(time.perf_counter() - t)
        flt = dict(FILTERS[i % len(FILTERS)])
        if "date_from" in flt:
            flt["date_from"] = date.fromisoformat(flt["date_from"])
        t = time.perf_counter()
        search(con, SearchRequest(q, **flt), ivf, encoder)
        out["filtered"].append(time.perf_counter() - t)
        t = time.perf_counter()
        search(con, SearchRequest(q, mode="semantic"), ivf, encoder)
        out["semantic_ivf"].append(time.perf_counter() - t)
        t = time.perf_counter()
        search(con, SearchRequest(q, mode="semantic"), exact, encoder)
        out["semantic_exact"].append(time.perf_counter() - t)
        approx = search(con, SearchRequest(q, mode="semantic"), ivf_all, encoder).hits
        truth = search(con, SearchRequest(q, mode="semantic"), exact_all, encoder).hits
        out["recall"].append(len({h.statement_id for h in approx} & {h.statement_id for h in truth}) / max(1, len(truth)))
        truth = search(con, SearchRequest(q, mode="semantic", **flt), exact_all, encoder).hits
        for hold in FILTER_HOLDS:  # under a filter: recall against exact cosine as the IVF cells scanned hold more
            t = time.perf_counter()
            search(con, SearchRequest(q, mode="semantic", **flt), replace(ivf, ann_filter_hold=hold), encoder)
            out[f"filtered_semantic_{hold}"].append(time.perf_counter() - t)
            approx = search(con, SearchRequest(q, mode="semantic", **flt), replace(ivf_all, ann_filter_hold=hold),
                            encoder).hits
            out[f"filtered_recall_{hold}"].append(len({h.statement_id for h in approx} & {h.statement_id for h in truth})
                                                  / max(1, len(truth)))
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(out)


def hnsw_comparison(db: str, queries: int = 40) -> None:
    """The vss extension's HNSW index on the same vectors, in memory: build time, latency and recall@20 against
    exact cosine (``store.vector_index.hnsw_trial``)."""
    from store.vector_index import hnsw_trial

    build, latencies, recalls = hnsw_trial(db, queries)
    print(f"    vss HNSW (in memory): built in {build:.0f} s, p50 {_pct(latencies, 50):.0f} ms, "
          f"p95 {_pct(latencies, 95):.0f} ms, recall@20 {statistics.mean(recalls):.3f}")


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def scale(source: str, n: int, workdir: Path) -> None:
    from store.db import Store

    target = workdir / f"synthetic-{n}.duckdb"
    if target.exists():
        target.unlink()
    print(f"  synthetic store of {n:,} statements:", flush=True)
    seconds = synthesize(source, str(target), n)
    with Store(target) as store:
        t = time.perf_counter()
        cells = store.build_vector_index()
        index_seconds = time.perf_counter() - t
        postings = store.counts(("statement_terms",))["statement_terms"]
        store.checkpoint()
    size_mb = target.stat().st_size / 2**20
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    worker = ctx.Process(target=_latency_worker, args=(str(target), queue))
    worker.start()
    out = queue.get()
    worker.join()
    print(f"  {n:>9,} statements: store written in {seconds:.0f} s ({postings:,} postings), IVF index of {cells} cells "
          f"in {index_seconds:.0f} s, DB {size_mb:,.0f} MB, query process peak {out['peak_mb']:,.0f} MB")
    for name in ("hybrid", "filtered", "semantic_ivf", "semantic_exact"):
        print(f"    {name:15s} p50 {_pct(out[name], 50):6.0f} ms   p95 {_pct(out[name], 95):6.0f} ms")
    print(f"    IVF recall@20 against exact cosine: {statistics.mean(out['recall']):.3f}")
    for hold in FILTER_HOLDS:
        print(f"    filtered semantic, cells holding {hold} × pool: p50 {_pct(out[f'filtered_semantic_{hold}'], 50):.0f} ms, "
              f"p95 {_pct(out[f'filtered_semantic_{hold}'], 95):.0f} ms, recall@20 against exact "
              f"{statistics.mean(out[f'filtered_recall_{hold}']):.3f}" + (" (the default)" if hold == SearchSettings().ann_filter_hold else ""))
    if n <= 100_000:
        hnsw_comparison(str(target))
    target.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an already ingested sample store (default: ingest corpus/ into a temp dir)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--workdir", help="where the synthetic stores go (default: a temp dir)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db = sample_store(args.db, workdir)
        quality_report(db)
        nonsense_report(db)
        for n in args.sizes:
            scale(db, n, workdir)


if __name__ == "__main__":
    main()
