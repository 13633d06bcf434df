"""Bring the registry of moties and toezeggingen up to date with the store (after each ingest and prune).

A new paper can answer an old promise, so the registry is over all papers; but a new paper
should cost what that paper costs. The store remembers (``Store.replace_commitments``' caches):

- per paper, its candidate records (``nlp.registry.collect``: depends on that paper alone), with
  a stamp of the paper version they were read from. Only papers that are new, replaced, merged
  (metadata) or renamed since are read again; removed ones are forgotten.
- per record search (``nlp.registry.Search``), its best hits. A search whose key and mentions
  (outside the changed papers) are unchanged, and none of whose hits was in a changed or
  removed paper, only scores the changed papers' statements; any other scores all vectors,
  all such searches in one matrix product.

The merge (``nlp.registry.assemble``) then runs over all papers' candidates: it reads no
statements. The result is the registry ``build_registry`` gives from scratch (tests/
test_registry_incremental.py). A change of the registry's code or of the embedding model
(``registry_version``) means one full rebuild; so does ``full=True``.
"""
from __future__ import annotations

import ast
import gc
import hashlib
import json
from pathlib import Path

import numpy as np

from kamerspoor.settings import Settings
from nlp.commitments import Commitment
from nlp.embeddings import load_encoder, text_key
from nlp.records import Statement
from nlp.registry import (
    NOT_ANSWERS, SIMILARITY_FLOOR, Hit, RegistryPaper, Search, add_similar, answers_within, assemble, best, collect, collected_from_json,
    collected_to_json, order_key, search_of, settle,
)
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("nlp", "ingest", "kamerspoor", "store", "kit")  # the project's own modules
MARGIN = 1e-3  # float32 products pick candidates this far below the floor; float64 decides
CHUNK = 256  # searches scored per matrix product (a 100 000 × 256 float32 block is 100 MB)


def rebuild_registry(store: Store, settings: Settings, full: bool = False) -> int:
    """Update the commitments tables to what ``build_registry`` gives over every stored paper.
    Returns the number of records."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small records, none of them garbage: the collector's passes cost seconds
    try:
        return _rebuild(store, settings, full)
    finally:
        if collecting:
            gc.enable()


def _rebuild(store: Store, settings: Settings, full: bool) -> int:
    papers = sorted(store.registry_documents(), key=order_key)
    model = _model(store, settings)
    version = registry_version(model)
    old_version, stamps = (None, {}) if full else store.registry_state()
    if old_version != version:
        stamps = {}
    present = {d.id for d in papers}
    changed = [d.id for d in papers if stamps.get(d.id) != d.stamp]
    dirty = set(changed) | (set(stamps) - present)  # papers whose old candidates, hits and statements are void

    # 1. the changed papers' candidates
    rows = store.registry_statements(changed if stamps else None)
    forms = store.registry_motie_forms(changed if stamps else None)
    fresh: dict[str, str] = {}
    for doc in papers:
        if doc.id in dirty:
            doc_rows = rows.get(doc.id, [])
            fresh[doc.id] = collected_to_json(collect(doc, doc_rows, forms.get(doc.id), answers_within(doc_rows)))
    kept = store.registry_collections() if stamps else {}

    # 2. all papers' candidates merged (no statements read)
    records = assemble([collected_from_json(fresh.get(d.id) or kept[d.id]) for d in papers])

    # 3. answers by meaning, then status
    searches = [search_of(r) for r in records] if model else [None] * len(records)
    before = store.registry_searches() if stamps else None
    hits, memory = _answers_by_meaning(store, settings, model, papers, records, searches, dirty, rows, before or [])
    for record, found in zip(records, hits):
        add_similar(record, found)
        settle(record)
    store.replace_commitments(records, {
        "version": version, "all": not stamps, "gone": sorted(set(stamps) - present),
        "papers": [(d.id, d.stamp, fresh[d.id]) for d in papers if d.id in fresh], "searches": memory,
        "searches_before": before})
    return len(records)


def registry_code() -> list[Path]:
    """The code whose output the caches hold: this module, nlp/registry.py and every project module
    it imports, transitively (the patterns, deadlines, references, metadata regexes)."""
    found, todo = {Path(__file__).resolve()}, [ROOT / "nlp" / "registry.py"]
    while todo:
        path = todo.pop()
        if path in found or not path.exists():
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_bytes())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for name in names:
                if name.split(".")[0] in PACKAGES:
                    base = ROOT.joinpath(*name.split("."))
                    todo += [base.with_suffix(".py"), base / "__init__.py"]
    return sorted(found)


def _code_digest() -> str:
    digest = hashlib.sha1()
    for path in registry_code():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


CODE_DIGEST = _code_digest()  # when this process imported the code (not of files edited since)


def registry_version(model: str | None) -> str:
    """The registry code and the model the similarity search uses (None: none)."""
    return hashlib.sha1(f"{CODE_DIGEST}\x00{model or '-'}".encode()).hexdigest()


def _model(store: Store, settings: Settings) -> str | None:
    """The embedding model of the store's vectors, when there are some and it is the configured
    one (the name as ``nlp.embeddings.Encoder`` gives it, without loading the model)."""
    stored = store.embedding_model()
    if stored is None or store.vector_count() == 0:
        return None
    path = Path(settings.model)
    return stored[0] if stored[0] == (path.name if path.exists() else settings.model) else None


# ---------------------------------------------------------------- answers by meaning

def _answers_by_meaning(store: Store, settings: Settings, model: str | None, papers: list[RegistryPaper],
                        records: list[Commitment], searches: list[Search | None], dirty: set[str],
                        rows: dict[str, list[Statement]], memory: list[tuple[str, str, str]]
                        ) -> tuple[list[list[Hit]], list[tuple[str, str, str]]]:
    """Per record its best hits (``nlp.registry.best``), and the search memory to keep."""
    hits: list[list[Hit]] = [[] for _ in records]
    if model is None:
        return hits, []
    remembered: dict[str, list[tuple[set, list[Hit], str, str]]] = {}
    for key, mentioned, found in memory:
        remembered.setdefault(key, []).append(({tuple(m) for m in json.loads(mentioned)},
                                               [tuple(h) for h in json.loads(found)], mentioned, found))
    clean = lambda pairs: {p for p in pairs if p[0] not in dirty}  # noqa: E731 — mentions in unchanged papers
    everywhere, changed_only, unchanged = [], [], {}
    for number, (record, search) in enumerate(zip(records, searches)):
        if search is None:
            continue
        pairs = {(m.doc_id, m.statement_id) for m in record.mentions}
        mentions = clean(pairs)
        reuse = next((entry for entry in remembered.get(search.key, [])
                      if clean(entry[0]) == mentions and not any(h[1] in dirty for h in entry[1])), None)
        if reuse is None:
            everywhere.append(number)
        else:
            hits[number] = list(reuse[1])
            changed_only.append(number)
            if reuse[0] == pairs:
                unchanged[number] = reuse  # written back as it was, unless the changed papers add hits
    dates = {d.id: d.date for d in papers}
    changed = [d.id for d in papers if d.id in dirty]
    if everywhere or (changed_only and changed):
        vectors = _QueryVectors(store, settings, model, [searches[n].query for n in everywhere + changed_only])
        if changed_only and changed:
            ids, docs, matrix = store.registry_vectors(changed, NOT_ANSWERS)
            if len(ids):
                _score(ids, docs, matrix, [searches[n] for n in changed_only], vectors, dates,
                       [hits[n] for n in changed_only])
        if everywhere:
            admitted = _admitted(papers, [searches[n] for n in everywhere])
            ids, docs, matrix = store.registry_vectors(admitted, NOT_ANSWERS)
            if len(ids):
                _score(ids, docs, matrix, [searches[n] for n in everywhere], vectors, dates, [hits[n] for n in everywhere])
        vectors.keep()
    shown = {row.id: row for doc_rows in rows.values() for row in doc_rows}
    missing = [h[0] for found in hits for h in found if len(h) == 3 and h[0] not in shown]
    shown.update(store.registry_rows(sorted(set(missing))))
    out = []
    for number, search in enumerate(searches):
        if search is None:
            continue
        before = unchanged.get(number)
        if before is not None and len(hits[number]) == len(before[1]):  # nothing new: as it was
            out.append((search.key, before[2], before[3]))
            continue
        found = [h if len(h) == 5 else (h[0], h[1], shown[h[0]].page, shown[h[0]].text, h[2])
                 for h in hits[number]]
        hits[number] = best_hits(found)
        mentioned = sorted({(m.doc_id, m.statement_id) for m in records[number].mentions})
        out.append((search.key, json.dumps(mentioned, ensure_ascii=False), json.dumps(hits[number], ensure_ascii=False)))
    return hits, out


def _admitted(papers: list[RegistryPaper], searches: list[Search]) -> list[str] | None:
    """The papers dated late enough for one of these searches (None: all papers). A new paper's
    own promises look only at papers as new as it: their vectors are all that is read."""
    if any(s.since is None for s in searches):
        return None
    since = min(s.since for s in searches)
    admitted = [d.id for d in papers if d.date is not None and d.date >= since]
    return None if len(admitted) == len(papers) else admitted


def best_hits(found: list[Hit]) -> list[Hit]:
    by_id = {h[0]: h for h in found}
    return [by_id[sid] for sid, _ in best([(h[0], h[4]) for h in by_id.values()])]


def _score(ids: list[str], docs: list[str], matrix: np.ndarray, searches: list[Search], vectors: "_QueryVectors",
           dates: dict, into: list[list]) -> None:
    """Add to ``into[i]`` the statements (id, doc id, cosine) among ``ids`` that search i admits with a
    cosine at or above the floor. The cosine is float64 over the float32 vectors: the same number
    whichever batch a statement is scored in."""
    for begin in range(0, len(searches), CHUNK):
        part = searches[begin:begin + CHUNK]
        queries = vectors.of([s.query for s in part])
        rows, cols = np.nonzero(matrix @ queries.T >= SIMILARITY_FLOOR - MARGIN)
        if not len(rows):
            continue
        cosines = (matrix[rows].astype(np.float64) * queries[cols].astype(np.float64)).sum(axis=1)
        for row, col, cosine in zip(rows.tolist(), cols.tolist(), cosines.tolist()):
            search = part[col]
            if cosine >= SIMILARITY_FLOOR and search.admits(docs[row], dates.get(docs[row])) \
                    and ids[row] not in search.mentioned:
                into[begin + col].append((ids[row], docs[row], cosine))


class _QueryVectors:
    """Query vectors from the store's cache; the rest encoded one by one (a batch gives other last
    bits, and the registry must not depend on which queries came together), then cached."""

    def __init__(self, store: Store, settings: Settings, model: str, queries: list[str] = ()):
        self.store, self.settings, self.model = store, settings, model
        self.known: dict[str, np.ndarray] = {}  # text key → vector
        self.new: dict[str, np.ndarray] = {}
        self.fetch(list(queries))

    def fetch(self, queries: list[str]) -> list[str]:
        """Look these queries up in the cache (one query on the store for all), encode the rest;
        returns their keys."""
        keys = [text_key(q, "query") for q in queries]
        wanted = sorted({k for k in keys if k not in self.known})
        if wanted:
            matrix, found = self.store.cached_vector_matrix(self.model, wanted)
            self.known.update((k, matrix[n]) for n, k in enumerate(wanted) if found[n])
        missing = [(k, q) for k, q in zip(keys, queries) if k not in self.known]
        if missing:
            import torch

            encoder = load_encoder(self.settings.model)  # once per process (lru_cache); ingest has it loaded
            threads = torch.get_num_threads()
            torch.set_num_threads(1)  # one short text: more threads only wait for each other (40× slower on
            try:                      # a busy 2-core machine), and one thread gives the same bits every time
                for key, query in missing:
                    if key not in self.known:
                        self.known[key] = self.new[key] = encoder.encode([query], kind="query")[0]
            finally:
                torch.set_num_threads(threads)
        return keys

    def of(self, queries: list[str]) -> np.ndarray:
        keys = self.fetch(queries)
        return np.array([self.known[k] for k in keys], dtype=np.float32).reshape(len(keys), -1)

    def keep(self) -> None:
        if self.new:
            self.store.cache_vectors(self.model, list(self.new), list(self.new.values()))


def reference_similarity(store: Store, settings: Settings):
    """``build_registry``'s ``similar`` over all stored vectors, with the cosines the update uses:
    the reference a full rebuild from scratch is checked against (tests, bench/registry.py)."""
    model = _model(store, settings)
    if model is None:
        return None
    ids, _, matrix = store.registry_vectors(None)
    position = {statement_id: n for n, statement_id in enumerate(ids)}
    vectors = _QueryVectors(store, settings, model)

    def similar(query: str, candidates: set[str]) -> list[tuple[str, float]]:
        found = sorted(c for c in candidates if c in position)
        if not found:
            return []
        query_vector = vectors.of([query])[0].astype(np.float64)
        cosines = (matrix[[position[c] for c in found]].astype(np.float64) * query_vector).sum(axis=1)
        return sorted(zip(found, cosines.tolist()), key=lambda hit: (-hit[1], hit[0]))

    return similar
