"""Registry update after an ingest (issue 16): one paper on a large store, incremental vs full rebuild.

The store: the synthetic 100 000-statement store of bench/search.py, of which ~61 500
statements are 5 591 motie papers (as the real moties will be: each its own paper with its form,
dictum and indieners; some gewijzigd) and the rest 300-statement papers into which motie mentions,
fulfilments ("in reactie op de motie …") and promises ("Ik zal uw Kamer … informeren over …")
are written. Query vectors of the registry's searches are put in the store's cache (random,
a third of them close to a stored statement so that answers by meaning are found); encoding a
new query one by one is measured on its own. Built once and cached under ``--workdir``
(default /tmp/kamerspoor-bench-registry); every run works on a copy.

Measured, each followed by a full rebuild of the same store (``rebuild_registry(full=True)``,
what every ingest did before) that must give the same tables:
a new motie paper, a new 300-statement letter that names moties and makes promises, and a
removed paper (prune). The encoder is loaded beforehand, as it is in an ingest.

Run: ``python bench/registry.py [--db sample.duckdb] [--workdir DIR] [--rebuild]`` (``make bench``).
"""
from __future__ import annotations

import argparse
import math
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kamerspoor.settings import Settings

TOTAL = 100_000
MOTIES = 5_591
SURNAMES = ("Bruins Moorlag Kerstens Amhaouch Rog Holman Bikker Dassen Omtzigt Klaver Jetten Agema Paternotte Kwint Segers "
            "Tielen Heerma Westerveld Bisschop Eerdmans Stoffer Jasper Hijink Piri Wuite Kops Graus Dijk Kuik Aartsen "
            "Grinwis Boswijk Sneller Inge Ceder Mutluer Vijlbrief Michon Werner Peters Bontenbal Thijssen Drost").split()
TOPICS = ("praktijkleren techniekonderwijs leerbanen vakmanschap bèta-onderwijs energietransitie vakmensen "
          "doorstroom mbo-studenten laaggeletterdheid scholingsbudget leerwerktrajecten regiodeals "
          "gelijke kansen zij-instromers arbeidsmarktkrapte omscholing").split()


def words(rng, n: int) -> str:
    return " ".join(rng.choice(TOPICS) for _ in range(n))


def names(rng) -> list[str]:
    return list(dict.fromkeys(rng.choice(SURNAMES) for _ in range(int(rng.integers(1, 4)))))


def motie_paper(rng, number: int, day: date, replaces: str | None = None) -> dict:
    """One motie paper: its statements (texts, roles) and its form."""
    indieners = names(rng)
    verzoek = f"verzoekt de regering {words(rng, 6)} te onderzoeken en de Kamer voor {day.year + 1} te informeren (nr {number})"
    texts = [(f"Motie van {'het lid' if len(indieners) == 1 else 'de leden'} {' en '.join(indieners)} over {words(rng, 3)}",
              "heading"), ("De Kamer,", "body"), ("gehoord de beraadslaging,", "body")]
    texts += [(f"constaterende dat {words(rng, 12)};", "list_item") for _ in range(3)]
    texts += [(f"overwegende dat {words(rng, 14)};", "list_item") for _ in range(3)]
    texts += [(verzoek + ",", "body"), ("en gaat over tot de orde van de dag.", "body")]
    dossier = 30000 + number % 7000
    return {"id": f"kst-{dossier}-{number}", "kamerstuk_id": f"{dossier}-{number}", "doc_type": "motie", "date": day,
            "statements": texts, "form": {"title": texts[0][0], "indieners": indieners, "voorgesteld": day,
                                          "dictum": [verzoek], "vervangt": replaces}}


def naming(rng, doc_id: str, day: date, moties: list[tuple[str, list[str]]], statements: int = 300) -> dict[int, str]:
    """Sentences of a letter (by position) that name these moties (number and indieners; half of
    them "in reactie op") and make two promises."""
    out = {}
    slots = [int(s) for s in rng.choice(statements, size=min(statements, len(moties) + 2), replace=False)]
    for slot, (kst, indieners) in zip(slots, moties):
        dossier, nr = kst.split("-")
        verb = "In reactie op" if rng.random() < 0.5 else "Over"
        out[slot] = (f"{verb} de motie van de leden {' en '.join(indieners)} (Kamerstuk {dossier[:2]} {dossier[2:]}, "
                     f"nr. {nr}) meld ik dat {words(rng, 8)}.")
    for slot in slots[len(moties):]:
        out[slot] = f"Ik zal uw Kamer voor de zomer van {day.year + 1} informeren over {words(rng, 5)} ({doc_id}, {slot})."
    return out


def letter_paper(rng, doc_id: str, day: date, moties: list[tuple[str, list[str]]], statements: int = 300) -> dict:
    """A letter of ``statements`` sentences that names some moties and makes promises."""
    texts = [(f"{words(rng, 10).capitalize()}.", "body") for _ in range(statements)]
    for slot, text in naming(rng, doc_id, day, moties, statements).items():
        texts[slot] = (text, "body")
    return {"id": doc_id, "kamerstuk_id": None, "doc_type": "brief", "date": day, "statements": texts, "form": None}


def insert_papers(store, papers: list[dict], sample_vectors: np.ndarray, rng, dim: int) -> None:
    """Bulk-write papers (documents, sources, statements, vectors, motie forms): what the registry reads."""
    from store.synthetic import SyntheticPaper

    store.append_papers([SyntheticPaper(p["id"], p["doc_type"], p["date"], f"Synthetisch {p['id']}", p["kamerstuk_id"],
                                        bewindspersoon="de Minister van Onderwijs, Cultuur en Wetenschap", form=p["form"])
                         for p in papers])
    ids, docs, seqs, texts, roles = [], [], [], [], []
    for paper in papers:
        for seq, (text, role) in enumerate(paper["statements"]):
            ids.append(f"{paper['id']}#{seq}")
            docs.append(paper["id"])
            seqs.append(seq)
            texts.append(text)
            roles.append(role)
    n = len(ids)
    store.append_rows("statements", pa.table({
        "id": ids, "doc_id": docs, "seq": pa.array(seqs, pa.int32()), "block_seq": pa.array(seqs, pa.int32()),
        "page": pa.array([1] * n, pa.int32()), "start": pa.array([0] * n, pa.int32()),
        "end": pa.array([len(t) for t in texts], pa.int32()), "text": texts, "role": roles,
        "section_path": pa.array([[]] * n, pa.list_(pa.string())), "speaker": pa.array([None] * n, pa.string()),
        "question_id": pa.array([None] * n, pa.string()), "answer_to": pa.array([None] * n, pa.string()),
        "refs": pa.array([[]] * n, pa.list_(pa.string())), "lemmas": [t.lower() for t in texts],
        "n_terms": pa.array([len(t.split()) for t in texts], pa.int32())}))
    vectors = sample_vectors[rng.integers(0, len(sample_vectors), size=n)] + \
        rng.normal(0, 0.62 / math.sqrt(dim), size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.append_rows("statement_vectors", pa.table({
        "statement_id": ids, "doc_id": docs, "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), dim),
        "cluster": pa.array([None] * n, pa.int32())}))


def seed_queries(store, model: str, rng) -> int:
    """Cache a vector for every query the registry will search with: random, or (a third) close to a statement."""
    from nlp.embeddings import text_key
    from nlp.registry import answers_within, assemble, collect, order_key, search_of

    papers = sorted(store.registry_documents(), key=order_key)
    statements, forms = store.registry_statements(), store.registry_motie_forms()
    records = assemble([collect(d, statements.get(d.id, []), forms.get(d.id),
                                answers_within(statements.get(d.id, []))) for d in papers])
    queries = sorted({s.query for s in map(search_of, records) if s is not None})
    _, _, matrix = store.registry_vectors(None)
    dim = matrix.shape[1]
    vectors = rng.normal(size=(len(queries), dim)).astype(np.float32)
    near = rng.random(len(queries)) < 1 / 3
    vectors[near] = matrix[rng.integers(0, len(matrix), size=int(near.sum()))] * 12 + vectors[near] / math.sqrt(dim) * 4
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.cache_vectors(model, [text_key(q, "query") for q in queries], vectors)
    return len(queries)


def build(sample: str, target: Path) -> None:
    """The large store: bench/search.py's synthetic papers, then the motie papers and the named moties."""
    from bench.search import synthesize
    from store.db import Store

    rng = np.random.default_rng(16)
    per_motie = len(motie_paper(rng, 0, date(2020, 1, 1))["statements"])
    letters = TOTAL - MOTIES * per_motie
    synthesize(sample, str(target), letters)
    with Store(sample, read_only=True) as src:
        sample_vectors = src.statement_vectors()[1]
    with Store(target) as store:
        model, dim = store.embedding_model()
        days = sorted(date(2013, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 13 * 365, size=MOTIES))
        moties = []
        for number, day in enumerate(days, start=1):
            gewijzigd = number > 100 and rng.random() < 0.03
            moties.append(motie_paper(rng, number, day, replaces=moties[-1]["kamerstuk_id"] if gewijzigd else None))
        insert_papers(store, moties, sample_vectors, rng, dim)
        # Letters name moties: rewrite some of their statements (each letter names up to 6, with promises).
        letter_rows = store.synthetic_letters()
        updates: dict[str, str] = {}
        for doc_id, day in letter_rows:
            older = [m for m in moties if m["date"] <= day]
            picks = [older[i] for i in rng.choice(len(older), size=min(len(older), 6), replace=False)] if older else []
            named = [(m["kamerstuk_id"], m["form"]["indieners"]) for m in picks]
            updates.update((f"{doc_id}#{slot}", text) for slot, text in naming(rng, doc_id, day, named).items())
        store.replace_statement_texts(updates)
        queries = seed_queries(store, model, rng)
        store.checkpoint()
    print(f"  built: {letters:,} letter statements ({len(letter_rows)} letters, {len(updates):,} naming moties or "
          f"promising), {MOTIES:,} motie papers; {queries:,} query vectors cached", flush=True)


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an ingested sample store (default: ingest corpus/ into the workdir once)")
    parser.add_argument("--workdir", default="/tmp/kamerspoor-bench-registry", help="where the stores are cached")
    parser.add_argument("--rebuild", action="store_true", help="make the large store again")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    from bench.search import sample_store
    from kamerspoor.registry_stage import rebuild_registry
    from store.db import Store

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    sample = args.db or str(workdir / "sample.duckdb")
    if not args.db and not Path(sample).exists():
        sample_store(None, workdir)
    base = workdir / f"registry-{TOTAL}.duckdb"
    if args.rebuild or not base.exists():
        print(f"building the {TOTAL:,}-statement store (cached in {base}) …", flush=True)
        partial = base.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build(sample, partial)
        partial.rename(base)
    work = workdir / "work.duckdb"
    shutil.copyfile(base, work)
    settings = Settings(db_path=work)
    try:
        from nlp.embeddings import load_encoder

        encoder_seconds = timed(lambda: load_encoder(settings.model))
        import torch

        encoder = load_encoder(settings.model)
        encoder.encode(["opwarmen"], kind="query")
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # as the registry stage encodes its queries
        per_query = timed(lambda: [encoder.encode([f"verzoekt de regering {w} te onderzoeken"], kind="query")
                                   for w in TOPICS]) / len(TOPICS)
        torch.set_num_threads(threads)
        print(f"encoder: loaded in {encoder_seconds:.1f} s (an ingest has it loaded already); "
              f"a new query encoded one by one (one thread): {per_query * 1000:.0f} ms")
    except Exception as exc:  # no model: the bench still runs on the cached query vectors
        print(f"encoder: not available ({exc}); new queries cannot be encoded")
    rng = np.random.default_rng(1616)
    with Store(work) as store:
        sizes = store.counts(("statements", "documents"))
        print(f"store: {sizes['statements']:,} statements in {sizes['documents']:,} papers")
        seed_queries(store, store.embedding_model()[0], np.random.default_rng(17))  # queries of today's patterns
        first = timed(lambda: rebuild_registry(store, settings))
        store.checkpoint()  # each update below is measured on a settled store, as an ingest meets it
        summary = store.registry_figures()
        print(f"registry: {summary['moties']:,} moties, {summary['toezeggingen']:,} toezeggingen, "
              f"{summary['mentions']:,} mentions, {summary['links']:,} links ({summary['by_meaning']:,} by meaning)")
        print(f"  first registry of the store (nothing cached but the query vectors): {first:.1f} s")
        _, dim = store.embedding_model()
        sample_vectors = store.registry_vectors(None)[2][:5000]
        motie_ids = store.first_moties(400)

        def remove_a_motie() -> None:
            store.remove_first_paper("motie")

        today = date(2026, 6, 1)
        cases = [
            ("a new motie paper (12 statements)", lambda: insert_papers(store, [motie_paper(rng, 99_001, today)],
                                                                         sample_vectors, rng, dim)),
            ("a new letter (300 statements, names 6 moties, 2 promises)",
             lambda: insert_papers(store, [letter_paper(rng, "syn-new-letter", today, [motie_ids[i] for i in (5, 50, 100, 150, 200, 250)])],
                                   sample_vectors, rng, dim)),
            ("a motie paper removed (its file gone: prune)", remove_a_motie),
        ]
        print("one change, then the registry (s): incremental vs full rebuild")
        for label, change in cases:
            change()
            before = store.cached_vector_count()
            incremental = timed(lambda: rebuild_registry(store, settings))
            encoded = store.cached_vector_count() - before
            after = store.registry_snapshot()
            full = timed(lambda: rebuild_registry(store, settings, full=True))
            same = "same tables" if store.registry_snapshot() == after else "DIFFERENT TABLES"
            print(f"  {label:58s} {incremental:6.2f}   {full:6.2f}   ({full / incremental:.0f}× faster; {same}; "
                  f"{encoded} new {'query' if encoded == 1 else 'queries'} encoded)", flush=True)
            rebuild_registry(store, settings)  # caches as an update leaves them
            store.checkpoint()
    work.unlink()


if __name__ == "__main__":
    main()
