"""The store as search reads it: every query the search room (``search/``) runs is here, behind ``SearchIndex``.

Search decides what to ask (terms, weights, the fusion); this module only says how the tables answer it:
the candidate set of a filter, BM25 over ``statement_terms``, cosine over ``statement_vectors`` (the IVF cells
of ``store/vector_index.py`` for a large store), what a term group is worth, and the rows a hit shows.
Every query is parameterised: user text never becomes SQL.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import numpy as np

from store.vector_index import ranked_cells


def own_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new connection to the same database, reading the same store: a cursor starts in the
    database's default catalog, and ``SharedReader`` attaches the store under another one."""
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    cursor = con.cursor()
    cursor.execute('USE "{}"'.format(catalog.replace('"', '""')))
    return cursor


@dataclass(frozen=True)
class StatementFilter:
    """Which statements a search may return. Label filters: several values of one set match any of them,
    several sets must all match (each at ``label_threshold`` or above)."""

    doc_ids: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    roles: list[str] = field(default_factory=list)
    speaker: str | None = None
    reference: str | None = None  # normalised: ``32637-391``
    labels: dict[str, list[str]] = field(default_factory=dict)
    knelpunt: bool = False
    label_threshold: float = 0.0

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.doc_types or self.date_from or self.date_to or self.roles
                    or self.speaker or self.reference or any(self.labels.values()) or self.knelpunt)


@dataclass
class HitRow:
    """What a search hit shows of its statement and paper (``search.SearchHit`` adds how it was found)."""

    statement_id: str
    doc_id: str
    title: str | None
    doc_type: str
    date: date | None
    page: int | None
    section_path: list[str]
    role: str
    speaker: str | None
    text: str


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


def _candidate_sql(wanted: StatementFilter) -> tuple[str, list]:
    """SELECT of the statement ids that pass every filter, with its parameters. Label filters are one grouped
    pass over ``statement_labels``; the statements and documents tables are read only when a filter needs them."""
    labels, label_params = [], []
    for label_set, values in wanted.labels.items():
        if values:
            labels.append("(label_set = ? AND list_contains(?, label_id))")
            label_params += [label_set, list(values)]
    if wanted.knelpunt:
        labels.append("label_set = 'knelpunt'")
    labelled = f"""SELECT statement_id FROM statement_labels WHERE score >= ? AND ({' OR '.join(labels)})
                   GROUP BY statement_id HAVING count(DISTINCT label_set) = {len(labels)}"""
    label_params = [wanted.label_threshold, *label_params]
    where, params = [], []
    for condition, value in (("list_contains(?, s.doc_id)", wanted.doc_ids),
                             ("list_contains(?, d.doc_type)", wanted.doc_types),
                             ("d.date >= ?", wanted.date_from), ("d.date <= ?", wanted.date_to),
                             ("list_contains(?, s.role)", wanted.roles),
                             ("contains(lower(coalesce(s.speaker, '')), lower(?))", wanted.speaker),
                             ("list_contains(s.refs, ?)", wanted.reference)):
        if value:
            where.append(condition)
            params.append(value)
    if not where:
        return labelled, label_params
    if labels:
        where.append(f"s.id IN ({labelled})")
        params += label_params
    needs_documents = bool(wanted.doc_types or wanted.date_from or wanted.date_to)
    join = "JOIN documents d ON d.id = s.doc_id" if needs_documents else ""
    return f"SELECT s.id AS statement_id FROM statements s {join} WHERE {' AND '.join(where)}", params


POSTINGS_SQL = """
CREATE OR REPLACE TEMP TABLE query_postings AS
WITH q AS (SELECT unnest(?::BIGINT[]) AS term_hash, unnest(?::INTEGER[]) AS grp, unnest(?::DOUBLE[]) AS weight)
SELECT q.grp, p.statement_id, any_value(p.doc_id) AS doc_id, sum(p.tf) AS tf, sum(p.tf * q.weight) AS weighted_tf,
       any_value(p.n_terms) AS n_terms
FROM statement_terms p JOIN q USING (term_hash)
WHERE list_contains(?::BIGINT[], p.term_hash)
GROUP BY q.grp, p.statement_id
"""

KEYWORD_SQL = """
WITH stats AS (SELECT count(*) AS n, greatest(avg(n_terms), 1) AS avgdl FROM statements),
     grouped AS (SELECT * FROM query_postings p WHERE TRUE {candidate_filter}),
     df AS (SELECT grp, count(*) AS df FROM grouped GROUP BY grp)
SELECT g.statement_id,  -- rounded: a parallel sum differs in the last bit from run to run, and ties must stay ties
       round(sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
                 * g.weighted_tf * (? + 1) / (g.weighted_tf + ? * (1 - ? + ? * g.n_terms / stats.avgdl))), 9) AS score
FROM grouped g JOIN df USING (grp), stats
GROUP BY g.statement_id
ORDER BY score DESC, g.statement_id
LIMIT ?
"""

SEMANTIC_SQL = """
SELECT v.statement_id, array_inner_product(v.vector, ?::FLOAT[{dim}]) AS score, v.vector
FROM statement_vectors v
WHERE {cells} {candidate_filter}
ORDER BY score DESC, v.statement_id
LIMIT ?
"""

GROUP_SQL = """
WITH g AS (SELECT grp, count(*) AS df, count(DISTINCT doc_id) AS papers, sum(tf) AS cf
           FROM query_postings GROUP BY grp),
     lengths AS MATERIALIZED (SELECT doc_id, sum(n_terms)::DOUBLE AS length FROM statements GROUP BY doc_id),
     total AS (SELECT greatest(sum(length), 1) AS t, count(*) AS papers FROM lengths)
SELECT g.grp, any_value(g.df), any_value(g.papers), sum(1 - exp(-g.cf * l.length / total.t)) AS expected,
       any_value(total.papers)
FROM g, lengths l, total
GROUP BY g.grp
"""

MATCHED_SQL = """
SELECT p.statement_id, list_sort(list(p.grp)) AS matched
FROM query_postings p
WHERE {where}
GROUP BY p.statement_id
"""


class SearchIndex:
    """One search's view of the store, on its own cursor (``Store.search_index``: a filter's candidate set,
    registered on it, does not leak into another search). ``restrict`` narrows every later ranking to a filter's
    statements."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection):
        self._con = cursor
        self.filtered = False
        self._postings = False

    # ------------------------------------------------------------ what the store holds
    def doc_types(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT DISTINCT doc_type FROM documents").fetchall()}

    def statement_count(self) -> int:
        return self._con.execute("SELECT count(*) FROM statements").fetchone()[0]

    # ------------------------------------------------------------ filters
    def restrict(self, wanted: StatementFilter) -> int:
        """Keep only the statements that pass ``wanted`` for the rankings below; how many they are."""
        sql, params = _candidate_sql(wanted)
        ids = self._con.execute(sql, params).arrow()
        ids = ids.read_all() if hasattr(ids, "read_all") else ids
        self._con.register("candidates", ids)
        self.filtered = True
        return ids.num_rows

    def _within(self, column: str) -> str:
        return f"AND {column} IN (SELECT statement_id FROM candidates)" if self.filtered else ""

    # ------------------------------------------------------------ keyword
    def spelling_variants(self, terms: list[str]) -> list[tuple[str, str]]:
        """(indexed term, query term) for every indexed term one edit away from a query term, same first 3 letters."""
        return self._con.execute(
            """SELECT DISTINCT w.term, q.term FROM search_terms w, unnest(?::VARCHAR[]) AS q(term)
               WHERE length(w.term) BETWEEN length(q.term) - 1 AND length(q.term) + 1
                 AND left(w.term, 3) = left(q.term, 3) AND w.term <> q.term
                 AND damerau_levenshtein(w.term, q.term) <= 1
               ORDER BY ALL""", [terms]).fetchall()

    def read_postings(self, hashes: list[int], groups: list[int], weights: list[float]) -> None:
        """Read the postings of the query's terms once, per (term group, statement), over all statements, into this
        cursor's temporary table ``query_postings``: the ranking, the groups' worth and the relevance below all
        read them from there (four scans of ``statement_terms`` cost a query on 100 000 statements 37 ms, one scan and
        the four reads of its table 24 ms, profiled; bench/search.py gives the whole query's latency).
        A term's ``weight`` scales its count in BM25 (a spelling variant counts for less of its group)."""
        self._con.execute(POSTINGS_SQL, [hashes, groups, weights, hashes])
        self._postings = True

    def _read(self) -> None:
        if not self._postings:
            raise RuntimeError("SearchIndex.read_postings first: the query's postings are not read yet")

    def keyword_ranking(self, k1: float, b: float, pool: int) -> list[tuple[str, float]]:
        """BM25 over the query's postings (a group's terms count as one word), within the filter."""
        self._read()
        sql = KEYWORD_SQL.format(candidate_filter=self._within("p.statement_id"))
        return self._con.execute(sql, [k1, k1, b, b, pool]).fetchall()

    def term_groups(self) -> list[tuple[int, int, int, float, int]]:
        """Per term group: (group, statements holding it, papers holding it, papers chance would put it in,
        papers in the store), over all statements."""
        self._read()
        return self._con.execute(GROUP_SQL).fetchall()

    def matched_groups(self, ids: list[str]) -> list[tuple[str, list[int]]]:
        """(statement, the term groups it holds) for the given statements."""
        self._read()
        return self._con.execute(MATCHED_SQL.format(where="p.statement_id = ANY(?)"), [ids]).fetchall()

    def matched_group_counts(self) -> list[tuple[list[int], int]]:
        """(set of term groups, how many statements hold exactly that set), within the filter."""
        self._read()
        where = "p.statement_id IN (SELECT statement_id FROM candidates)" if self.filtered else "TRUE"
        return self._con.execute(f"SELECT matched, count(*) FROM ({MATCHED_SQL.format(where=where)}) GROUP BY matched"
                                 ).fetchall()

    # ------------------------------------------------------------ semantic
    def semantic_ranking(self, vector: np.ndarray, pool: int, use_index: bool, probe_share: float,
                         filter_hold: int = 2) -> list[tuple[str, float, list[float]]]:
        """Nearest statements by cosine (vectors are normalised), each with its vector (fetching vectors by id
        later would read the whole vector column). Without an IVF index: exact. With one: the cells nearest
        the query, a ``probe_share`` of them, or under a filter as many as it takes to hold ``filter_hold`` ×
        ``pool`` candidates (a selective filter reads more cells, a broad one fewer)."""
        cells_sql, params = "TRUE", [vector.astype(np.float32).tolist()]
        order = ranked_cells(self._con, vector) if use_index else None
        if order is not None:
            cells_sql = "(list_contains(?::INTEGER[], v.cluster) OR v.cluster IS NULL)"
            params.append(self._cells_holding(order, filter_hold * pool) if self.filtered
                          else order[: max(1, math.ceil(len(order) * probe_share))])
        sql = SEMANTIC_SQL.format(dim=len(vector), cells=cells_sql, candidate_filter=self._within("v.statement_id"))
        return self._con.execute(sql, params + [pool]).fetchall()

    def _cells_holding(self, order: list[int], enough: int) -> list[int]:
        """The nearest cells, in ``order``, that together hold ``enough`` candidates."""
        counts = dict(self._con.execute("""SELECT v.cluster, count(*) FROM statement_vectors v
                                           SEMI JOIN candidates c ON c.statement_id = v.statement_id
                                           GROUP BY v.cluster""").fetchall())
        cells, held = [], 0
        for cell in order:
            if counts.get(cell):
                cells.append(cell)
                held += counts[cell]
                if held >= enough:
                    break
        return cells

    # ------------------------------------------------------------ what a hit shows
    def hit_rows(self, ids: list[str]) -> dict[str, HitRow]:
        """The statements and their papers, by id (a statement removed meanwhile is simply absent)."""
        rows = self._con.execute(  # "= ANY(?)" on the primary key is an index lookup; materialised so the join stays small
            """WITH s AS MATERIALIZED (SELECT id, doc_id, page, section_path, role, speaker, text
                                       FROM statements WHERE id = ANY(?))
               SELECT s.id, s.doc_id, d.title, d.doc_type, d.date, s.page, s.section_path, s.role, s.speaker, s.text
               FROM s JOIN documents d ON d.id = s.doc_id""", [ids]).fetchall()
        return {row[0]: HitRow(*row[:6], list(row[6]), *row[7:]) for row in rows}

    def labels(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Labels per statement in the export shape: ``{"actielijn": [[id, score], …], …, "knelpunt": score}``."""
        out: dict[str, dict[str, Any]] = {}
        rows = self._con.execute("""SELECT statement_id, label_set, label_id, score FROM statement_labels
                                    WHERE statement_id = ANY(?) ORDER BY statement_id, label_set, score DESC""",
                                 [ids]).fetchall()
        for sid, label_set, label_id, score in rows:
            add_label(out.setdefault(sid, empty_labels()), label_set, label_id, score)
        return out
