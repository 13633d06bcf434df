"""An IVF index over the statement vectors, kept in plain DuckDB tables.

Exact cosine search scans every vector: fine for thousands of statements, too slow
for a million on two cores (≈0.8 s). The index clusters the vectors (spherical
k-means on a sample), stores the centroids in ``vector_centroids`` and each vector's
cell in ``statement_vectors.cluster``; a query scans only the cells nearest to it.
Unlike an HNSW graph it is two ordinary columns: it survives a crash with the
transaction that wrote it, and a vector written later joins its nearest cell at once.
``bench/search.py`` measures its recall against exact search.
"""
from __future__ import annotations

import math
import time
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

KMEANS_ROUNDS = 12
SAMPLE = 60_000


_CENTROIDS: dict[str, np.ndarray] = {}  # by index id (a few stores at most: one process serves one or two)


def centroids(con: duckdb.DuckDBPyConnection) -> np.ndarray | None:
    """The cells' centroids, one row per cell. Kept in memory by the index's id: an index is never changed,
    only replaced under a new id, and reading them again cost every query 5 ms at 100 000 statements (profiled)."""
    row = con.execute("SELECT value FROM store_info WHERE key = 'vector_index_id'").fetchone()
    if row and row[0] in _CENTROIDS:
        return _CENTROIDS[row[0]]
    table = con.execute("SELECT centroid FROM vector_centroids ORDER BY cluster").arrow()
    table = table.read_all() if hasattr(table, "read_all") else table
    if table.num_rows == 0:
        return None
    column = table.column(0).combine_chunks()
    cells = column.values.to_numpy(zero_copy_only=False).reshape(table.num_rows, -1).astype(np.float32, copy=False)
    if row:  # an index built before ids were written is read every time
        if len(_CENTROIDS) >= 4:
            _CENTROIDS.pop(next(iter(_CENTROIDS)))
        _CENTROIDS[row[0]] = cells
    return cells


def assign_clusters(con: duckdb.DuckDBPyConnection, vectors: np.ndarray) -> list[int | None]:
    """Each vector's nearest cell, or None while the store has no index."""
    cells = centroids(con)
    if cells is None or len(vectors) == 0:
        return [None] * len(vectors)
    return [int(c) for c in np.argmax(np.asarray(vectors, dtype=np.float32) @ cells.T, axis=1)]


def ranked_cells(con: duckdb.DuckDBPyConnection, query: np.ndarray) -> list[int] | None:
    """All cells, nearest to ``query`` first (None: the store has no index)."""
    cells = centroids(con)
    if cells is None:
        return None
    return [int(c) for c in np.argsort(-(cells @ query.astype(np.float32)))]


def index_size(con: duckdb.DuckDBPyConnection) -> int:
    """How many vectors the index was built on (0: no index)."""
    row = con.execute("SELECT value FROM store_info WHERE key = 'vector_index_size'").fetchone()
    return int(row[0]) if row else 0


def _vectors(con: duckdb.DuckDBPyConnection):
    """All statement ids and their vectors, in the same order, as (arrow column, numpy matrix)."""
    table = con.execute("SELECT statement_id, vector FROM statement_vectors").arrow()
    if hasattr(table, "read_all"):
        table = table.read_all()
    column = table.column(1).combine_chunks()
    dim = column.type.list_size
    return table.column(0), column.values.to_numpy(zero_copy_only=False).reshape(-1, dim).astype(np.float32, copy=False)


def kmeans(vectors: np.ndarray, k: int, rounds: int = KMEANS_ROUNDS, seed: int = 0) -> np.ndarray:
    """Spherical k-means: centroids are unit vectors, nearness is the inner product."""
    rng = np.random.default_rng(seed)
    cells = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    for _ in range(rounds):
        nearest = np.argmax(vectors @ cells.T, axis=1)
        sums = np.zeros_like(cells)
        np.add.at(sums, nearest, vectors)
        empty = ~sums.any(axis=1)
        sums[empty] = vectors[rng.choice(len(vectors), size=int(empty.sum()), replace=False)]
        cells = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return cells


def build_vector_index(con: duckdb.DuckDBPyConnection, cells_per_sqrt: float = 2.0,
                       chunk: int = 100_000) -> int:
    """(Re)build the index over all stored vectors in one transaction; returns the number of cells.

    Also rewrites the keyword postings in term order (same reason: contiguous reads)."""
    ids, vectors = _vectors(con)
    if len(vectors) == 0:
        return 0
    k = max(1, min(len(vectors) // 20, int(cells_per_sqrt * math.sqrt(len(vectors)))))
    rng = np.random.default_rng(0)
    sample = vectors if len(vectors) <= SAMPLE else vectors[rng.choice(len(vectors), SAMPLE, replace=False)]
    cells = kmeans(sample, k)
    labels = np.concatenate([np.argmax(vectors[i:i + chunk] @ cells.T, axis=1)
                             for i in range(0, len(vectors), chunk)]).astype(np.int32)
    con.register("new_cells", pa.table({"statement_id": ids, "cluster": labels}))
    con.register("new_centroids", pa.table({"cluster": np.arange(k, dtype=np.int32),
                                            "centroid": pa.array(list(cells), pa.list_(pa.float32()))}))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM vector_centroids")
        con.execute("INSERT INTO vector_centroids SELECT * FROM new_centroids")
        # Rewrite the table in cell order: a query's cells are then contiguous, and DuckDB
        # skips the vectors of every other cell instead of reading them all.
        con.execute("""CREATE TABLE statement_vectors_by_cell AS
                       SELECT v.statement_id, v.doc_id, v.vector, n.cluster
                       FROM statement_vectors v JOIN new_cells n USING (statement_id) ORDER BY n.cluster""")
        con.execute("DROP TABLE statement_vectors")
        con.execute("ALTER TABLE statement_vectors_by_cell RENAME TO statement_vectors")
        # Postings in term order, for the same reason: a query's terms are a few runs of rows.
        con.execute("CREATE TABLE statement_terms_by_term AS SELECT * FROM statement_terms ORDER BY term_hash")
        con.execute("DROP TABLE statement_terms")
        con.execute("ALTER TABLE statement_terms_by_term RENAME TO statement_terms")
        con.execute("INSERT OR REPLACE INTO store_info VALUES ('vector_index_size', ?)", [str(len(vectors))])
        con.execute("INSERT OR REPLACE INTO store_info VALUES ('vector_index_id', ?)", [uuid.uuid4().hex])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_cells")
        con.unregister("new_centroids")
    return k


def hnsw_trial(db: str, queries: int = 40, seed: int = 1) -> tuple[float, list[float], list[float]]:
    """The alternative we measured this index against (bench/search.py): the vss extension's HNSW index on a
    store's vectors, in memory (its on-disk persistence is experimental and not crash-safe). Each query is a
    stored vector with a little noise. Returns the build seconds, and per query the latency (s) and the
    recall@20 against exact cosine."""
    import duckdb_extension_vss  # only the bench compares with HNSW

    extension = next(Path(duckdb_extension_vss.__file__).parent.glob("extensions/*/vss.duckdb_extension"))
    con = duckdb.connect()
    try:
        con.execute(f"LOAD '{extension}'")
        con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
        dim = int(con.execute("SELECT value FROM src.store_info WHERE key = 'embedding_dim'").fetchone()[0])
        con.execute(f"CREATE TABLE v AS SELECT statement_id, vector::FLOAT[{dim}] AS vector FROM src.statement_vectors")
        start = time.perf_counter()
        con.execute("CREATE INDEX v_hnsw ON v USING HNSW (vector) WITH (metric = 'cosine')")
        build = time.perf_counter() - start
        rng = np.random.default_rng(seed)
        sample = [r[0] for r in con.execute(f"SELECT vector FROM v USING SAMPLE {queries} ROWS").fetchall()]
        latencies, recalls = [], []
        for vector in sample:
            q = (np.array(vector) + rng.normal(0, 0.03, len(vector))).astype(np.float32).tolist()
            start = time.perf_counter()
            approx = con.execute(f"SELECT statement_id FROM v ORDER BY array_cosine_distance(vector, ?::FLOAT[{dim}]) "
                                 "LIMIT 20", [q]).fetchall()
            latencies.append(time.perf_counter() - start)
            exact = con.execute(f"SELECT statement_id FROM v ORDER BY array_inner_product(vector, ?::FLOAT[{dim}]) "
                                "DESC LIMIT 20", [q]).fetchall()
            recalls.append(len(set(approx) & set(exact)) / 20)
        return build, latencies, recalls
    finally:
        con.close()
