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
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import math

import duckdb
import numpy as np

from kamerspoor.settings import SearchSettings
from nlp.records import ROLES
from store.db import own_cursor
from nlp.terms import TOKEN, token_terms, query_terms, term_hash

MODES = ("hybrid", "keyword", "semantic")
DOC_TYPES = ("brief", "motie", "verslag_schriftelijk_overleg", "verslag_overleg", "rapport", "besluitenlijst",
             "kamervragen", "other")
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
SELECT v.statement_id, array_inner_product(v.vector, ?::FLOAT[{dim}]) AS score
FROM statement_vectors v
WHERE {cells} {candidate_filter}
ORDER BY score DESC, v.statement_id
LIMIT ?
"""


def semantic_ranking(con: duckdb.DuckDBPyConnection, vector: np.ndarray, filtered: bool,
                     settings: SearchSettings) -> list[tuple[str, float]]:
    """Nearest statements by cosine (vectors are normalised).

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

    from nlp.embeddings import ModelNotAvailable, load_encoder

    wanted = configured_model if store_model_name in (configured_model, Path(configured_model).name) else store_model_name
    try:
        return load_encoder(wanted)
    except ModelNotAvailable:
        return None


# ----------------------------------------------------------------- fusion
def fuse(rankings: list[tuple[list[tuple[str, float]], float]], k: int) -> list[tuple[str, float, list[int | None]]]:
    """Weighted reciprocal rank fusion: Σ weight / (k + rank); ranks per method kept for display."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for index, (ranking, weight) in enumerate(rankings):
        for rank, (statement_id, _) in enumerate(ranking, start=1):
            scores[statement_id] = scores.get(statement_id, 0.0) + weight / (k + rank)
            ranks.setdefault(statement_id, [None] * len(rankings))[index] = rank
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(sid, score, ranks[sid]) for sid, score in ordered]


# ----------------------------------------------------------------- the entry point
def search(con: duckdb.DuckDBPyConnection, request: SearchRequest, settings: SearchSettings,
           encoder=None) -> SearchResult:
    """Run one search. ``encoder`` (nlp.embeddings.Encoder for the store's model) enables the
    semantic half; without it, or for a store without vectors, search is keyword only."""
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
    terms = expand_terms(con, query_terms(query), settings) if request.mode != "semantic" else {}
    rankings: list[tuple[list[tuple[str, float]], float]] = []
    if request.mode != "semantic":
        rankings.append((keyword_ranking(con, terms, candidate_count is not None, settings), settings.keyword_weight))
    if request.mode != "keyword":
        if encoder is None or store_model(con) is None:
            notes.append("zoeken op betekenis niet beschikbaar (geen vectoren of model): alleen op woorden gezocht")
            if request.mode == "semantic":
                return SearchResult([], notes, list(terms))
            if not rankings:
                rankings.append((keyword_ranking(con, terms, candidate_count is not None, settings), 1.0))
        else:
            vector = encoder.encode([query], kind="query")[0]
            rankings.append((semantic_ranking(con, np.asarray(vector), candidate_count is not None, settings),
                             settings.semantic_weight))
    if request.mode == "hybrid" and not terms:
        notes.append("de zoekvraag bevat alleen stopwoorden: alleen op betekenis gezocht")
    fused = fuse(rankings, settings.rrf_k)[: request.limit]
    hits = _details(con, fused, terms, len(rankings), request.mode)
    return SearchResult(hits, notes, list(terms))


def _details(con: duckdb.DuckDBPyConnection, fused, terms: dict, methods: int,
             mode: str) -> list[SearchHit]:
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
                              round(score, 6), keyword_rank, semantic_rank, highlight(row[9], terms),
                              labels.get(sid, empty_labels())))
    return hits


def empty_labels() -> dict[str, Any]:
    return {"actielijn": [], "doel": [], "thema": [], "landsdeel": [], "knelpunt": 0.0}


def statement_labels(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Labels per statement in the export shape: ``{"actielijn": [[id, score], …], …, "knelpunt": score}``."""
    out: dict[str, dict[str, Any]] = {}
    rows = con.execute("""SELECT statement_id, label_set, label_id, score FROM statement_labels
                          WHERE statement_id = ANY(?) ORDER BY statement_id, label_set, score DESC""", [ids]).fetchall()
    for sid, label_set, label_id, score in rows:
        entry = out.setdefault(sid, empty_labels())
        if label_set == "knelpunt":
            entry["knelpunt"] = round(float(score), 3)
        else:
            entry[label_set].append([label_id, round(float(score), 3)])
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
             "role": h.role, "speaker": h.speaker, "text": h.text, "score": h.score,
             "keyword_rank": h.keyword_rank, "semantic_rank": h.semantic_rank,
             "highlights": [list(span) for span in h.highlights], "labels": h.labels} for h in hits]



