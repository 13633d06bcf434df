"""The entry point: ``search(store, request, settings, encoder)``, what the CLI and the app both call.

1. Filters (document, type, dates, labels, knelpunt, role, speaker, reference) become one candidate set,
   used by both methods.
2. Keyword: the query's terms (``search/terms.py``) are scored with BM25 over the store's postings.
3. Semantic: the query vector against the statement vectors, exact for small stores, the IVF cells nearest
   the query for large ones.
4. Fusion (``search/fusion.py``: in hybrid search each method votes only for the hits it finds relevant by its own
   measure), then relevance (``search/relevance.py``): hits below the floor are dropped.
5. Each hit gets its paper, labels and highlights.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from nlp.terms import query_terms
from search.fusion import fuse
from search.relevance import (QueryInformation, hit_relevance, keyword_relevance, keyword_relevant_count,
                              query_information, semantic_relevance)
from search.request import SearchHit, SearchRequest, SearchResult, validate
from search.terms import Terms, expand_terms, highlight, read_postings
from store.db import Store
from store.search_index import SearchIndex, empty_labels

if TYPE_CHECKING:  # handed down by the caller (kamerspoor.settings.Settings.search)
    from kamerspoor.settings import SearchSettings

NO_GOOD_HITS = "geen goede treffers voor deze zoekvraag"


def search(store: Store, request: SearchRequest, settings: SearchSettings, encoder=None) -> SearchResult:
    """Run one search. ``encoder`` (``nlp.embeddings``, the store's model) enables the semantic half; without
    it, or for a store without vectors, search is keyword only. Only hits whose relevance reaches
    ``settings.min_relevance`` are returned, in fused order.

    A query's matrix products are small; on more than one thread, OpenBLAS's workers keep spinning after them and
    take the cores from DuckDB and the query encoder (on 2 cores, profiled: the query vector took 33–46 ms inside a
    search instead of 12), so search runs them on one. bench/search.py gives the latency before and after (README)."""
    with _blas().limit(limits=1, user_api="blas"):
        return _search(store, request, settings, encoder)


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _search(store: Store, request: SearchRequest, settings: SearchSettings, encoder) -> SearchResult:
    index = store.search_index()
    notes = validate(request, index)
    settings = replace(settings, pool=max(settings.pool, request.limit))  # each method offers at least `limit`
    query = request.query.strip()
    if len(query) > settings.max_query_chars:
        query = query[: settings.max_query_chars]
        notes.append(f"zoekvraag ingekort tot {settings.max_query_chars} tekens")
    if request.has_filters() and index.restrict(request.statement_filter(settings.label_threshold)) == 0:
        return SearchResult([], notes + ["geen uitspraken voldoen aan de filters"], [])
    words = query_terms(query)
    every = expand_terms(index, words, settings)
    read_postings(index, every)
    info = query_information(index, words, every, settings)
    if info.total <= 0:  # nothing the query says tells statements apart, in any mode
        return SearchResult([], notes + [uninformative(words, info), NO_GOOD_HITS], list(every))
    terms = every if request.mode != "semantic" else {}
    keyword = _keyword_ranking(index, terms, settings) if request.mode != "semantic" else None
    semantic = None
    if request.mode != "keyword":
        if encoder is None or store.embedding_model() is None:
            notes.append("zoeken op betekenis niet beschikbaar (geen vectoren of model): alleen op woorden gezocht")
            if request.mode == "semantic":
                return SearchResult([], notes, list(terms))
        else:
            vector = np.asarray(encoder.encode([query], kind="query")[0])
            semantic = index.semantic_ranking(vector, settings.pool, settings.use_vector_index,
                                              settings.ann_probe_share, settings.ann_filter_hold)
    found = list(dict.fromkeys(sid for ranking in (keyword or [], semantic or []) for sid, *_ in ranking))
    by_words = keyword_relevance(index, info, found) if terms else {}
    by_meaning = semantic_relevance(semantic, encoder, settings) if semantic is not None else {}
    both = keyword is not None and semantic is not None
    methods = [(ranking, weight, relevance_of) for ranking, weight, relevance_of in (
        (keyword, settings.keyword_weight, by_words), (semantic, settings.semantic_weight, by_meaning))
        if ranking is not None]
    rankings = [(ranking, weight * trust(ranking, relevance_of, settings, both))
                for ranking, weight, relevance_of in methods]
    fused = fuse(rankings, settings.rrf_k, [vouched(ranking, relevance_of, settings) if both else None
                                            for ranking, _, relevance_of in methods])
    relevance = {sid: round(hit_relevance(by_words.get(sid, 0.0), by_meaning.get(sid, 0.0), settings.agreement), 3)
                 for sid, _, _ in fused}
    relevant = [item for item in fused if relevance.get(item[0], 0.0) >= settings.min_relevance]
    hits = _details(index, relevant[: request.limit], terms, len(rankings), request.mode, relevance)
    if not hits:
        notes.append(NO_GOOD_HITS)
    count, exact = _relevant_count(index, relevant, rankings, semantic is not None, terms, info, relevance, settings)
    return SearchResult(hits, notes, list(terms), max(count, len(hits)), exact)


def _keyword_ranking(index: SearchIndex, terms: Terms, settings: SearchSettings) -> list[tuple[str, float]]:
    """BM25 over the query's term groups (a spelling variant weighs less, and counts as its word)."""
    if not terms:
        return []
    return index.keyword_ranking(settings.bm25_k1, settings.bm25_b, settings.pool)


def uninformative(words: list[str], info: QueryInformation) -> str:
    """Why a query gets nothing: only stop words, or only words found in every kind of paper. The
    meaning of such a query is every paper's, so semantic search would only return what is near
    everything (``De Kamer,`` for "de Kamer")."""
    frequent = [words[g] for g, group in info.groups.items() if group.stop_like]
    if not frequent:
        return "de zoekvraag bevat alleen stopwoorden"
    return f"de zoekvraag bevat alleen stopwoorden en woorden die in bijna elk stuk staan ({', '.join(frequent)})"


def trust(ranking: list, relevance: dict[str, float], settings: SearchSettings, both: bool) -> float:
    """How far the fusion trusts one method for this query: the best relevance (its own measure) among its top
    ``trust_top`` hits. A question in a staff member's own words shares few words with its answers, so its
    keyword hits hold little of it and the meaning decides; a name, an id or the paper's own term is held whole
    by its keyword hits. Only when both methods ran (a single method's order is its own)."""
    if not both or not settings.adaptive_fusion:
        return 1.0
    top = [relevance.get(sid, 0.0) for sid, *_ in ranking[: settings.trust_top]]
    return max(max(top, default=0.0), 0.05)


def vouched(ranking: list, relevance: dict[str, float], settings: SearchSettings) -> set[str] | None:
    """The statements a method may vote for in hybrid fusion: those it finds relevant by its own measure. A
    statement that shares one common word with a question in a staff member's own words is in the keyword ranking
    all the same; without this, that stray word would add to its fused score and push the answer the meaning found
    down (bench/paraphrase.py). ``settings.vouch_relevance`` 0: every ranked statement votes."""
    if settings.vouch_relevance <= 0:
        return None
    return {sid for sid, *_ in ranking if relevance.get(sid, 0.0) >= settings.vouch_relevance}


def _relevant_count(index: SearchIndex, relevant: list, rankings: list, semantic: bool, terms: Terms,
                    info: QueryInformation, relevance: dict[str, float], settings: SearchSettings) -> tuple[int, bool]:
    """How many relevant statements there are, and whether that count is exact. Keyword relevance
    is counted over the whole index; semantic relevance is known only within its pool, so when the
    pool was full and its tail still relevant, the count is a lower bound."""
    count = len(relevant)
    if terms:
        count = max(count, keyword_relevant_count(index, info, settings.min_relevance))
    exact = True
    if semantic:
        ranking = rankings[-1][0]
        tail = ranking[-max(1, len(ranking) // 10):]
        exact = len(ranking) < settings.pool or not any(relevance.get(sid, 0.0) >= settings.min_relevance
                                                        for sid, *_ in tail)
    return count, exact


def _details(index: SearchIndex, fused, terms: Terms, methods: int, mode: str,
             relevance: dict[str, float]) -> list[SearchHit]:
    """The hits as shown: statement, paper, labels, highlights, each method's rank."""
    if not fused:
        return []
    ids = [sid for sid, _, _ in fused]
    rows = index.hit_rows(ids)
    labels = index.labels(ids)
    hits = []
    for sid, score, ranks in fused:
        row = rows.get(sid)
        if row is None:  # removed between the ranking and now (a concurrent re-ingest)
            continue
        keyword_rank = ranks[0] if mode != "semantic" else None
        semantic_rank = ranks[-1] if mode == "semantic" or (mode == "hybrid" and methods == 2) else None
        hits.append(SearchHit(**vars(row), score=round(score, 6), relevance=relevance.get(sid, 0.0),
                              keyword_rank=keyword_rank, semantic_rank=semantic_rank,
                              highlights=highlight(row.text, terms), labels=labels.get(sid, empty_labels())))
    return hits
