"""The statements' vectors: the model that made them, the cache by text hash (a changed paper is encoded only
where its text changed), the vectors as a matrix for the registry, and the IVF index search reads.

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from nlp.records import StatementSet
from store.records import Enrichment, StoreError
from store.search_index import SearchIndex, own_cursor
from store.vector_index import assign_clusters, build_vector_index, index_size


class Embeddings:
    """The statements' vectors, their cache by text hash, and the vector index."""

    con: duckdb.DuckDBPyConnection

    def embedding_model(self) -> tuple[str, int] | None:
        row = self.con.execute("SELECT value FROM store_info WHERE key = 'embedding_model'").fetchone()
        dim = self.con.execute("SELECT value FROM store_info WHERE key = 'embedding_dim'").fetchone()
        return (row[0], int(dim[0])) if row and dim else None

    def use_embedding_model(self, name: str, dim: int) -> None:
        """Record the model that makes this store's vectors; refuse a second one."""
        current = self.embedding_model()
        if current and current != (name, dim):
            raise StoreError(f"this store's vectors were made by {current[0]} ({current[1]} dims), not {name}: "
                             "use that model (--model / KAMERSPOOR_MODEL) or a new --db")
        if current is None:
            self.con.execute("INSERT OR REPLACE INTO store_info VALUES ('embedding_model', ?), ('embedding_dim', ?)",
                             [name, str(dim)])
            self.con.execute(f"""CREATE TABLE IF NOT EXISTS statement_vectors (
                                   statement_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
                                   vector FLOAT[{int(dim)}] NOT NULL,
                                   cluster INTEGER)""")  # its IVF cell (store/vector_index.py), NULL = none yet

    def search_index(self) -> SearchIndex:
        """The store as search reads it (``search/``), on a cursor of its own."""
        return SearchIndex(own_cursor(self.con))

    def build_vector_index(self) -> int:
        """(Re)build the IVF index over every stored vector (``store/vector_index.py``); the number of cells."""
        return build_vector_index(self.con)

    def vector_index_size(self) -> int:
        """How many vectors the IVF index was built on (0: none)."""
        return index_size(self.con)

    def copy_embedding_cache(self, other: str | Path) -> int:
        """Take over the cached vectors of another store: papers ingested again into a new store are then not
        encoded twice. Only vectors of this store's model are kept; returns how many were new."""
        before = self.con.execute("SELECT count(*) FROM embedding_cache").fetchone()[0]
        quoted = str(Path(other)).replace("'", "''")  # ATTACH takes no parameter: a path with a quote stays a path
        self.con.execute(f"ATTACH '{quoted}' AS other_store (READ_ONLY)")
        try:
            self.con.execute("""INSERT OR IGNORE INTO embedding_cache SELECT * FROM other_store.embedding_cache
                                WHERE model = (SELECT value FROM store_info WHERE key = 'embedding_model')""")
        finally:
            self.con.execute("DETACH other_store")
        return self.con.execute("SELECT count(*) FROM embedding_cache").fetchone()[0] - before

    def cached_vectors(self, model: str, keys: list[str]) -> dict[str, list[float]]:
        if not keys:
            return {}
        self.con.register("wanted_keys", pa.table({"key": keys}))
        rows = self.con.execute("""SELECT c.key, c.vector FROM embedding_cache c JOIN wanted_keys w USING (key)
                                   WHERE c.model = ?""", [model]).fetchall()
        self.con.unregister("wanted_keys")
        return dict(rows)

    def cache_vectors(self, model: str, keys: list[str], vectors) -> None:
        if not keys:
            return
        table = pa.table({"model": [model] * len(keys), "key": keys,
                          "vector": pa.array([list(map(float, v)) for v in vectors], pa.list_(pa.float32()))})
        self._append("embedding_cache", table, or_ignore=True)

    def vector_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM statement_vectors").fetchone()[0] if self._has_vectors() else 0

    def vectors_outside_index(self) -> int:
        """Vectors in no IVF cell: all of them before the index is built, none after (a new one joins a cell)."""
        return self.con.execute("SELECT count(*) FROM statement_vectors WHERE cluster IS NULL").fetchone()[0] \
            if self._has_vectors() else 0

    def cached_vector_count(self) -> int:
        """Texts whose vector the cache holds (any model): grows only by texts never encoded before."""
        return self.con.execute("SELECT count(*) FROM embedding_cache").fetchone()[0]

    def _has_vectors(self) -> bool:
        return bool(self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'statement_vectors'").fetchone())

    def _insert_enrichment(self, parsed_id: str, doc_id: str, result: StatementSet, enrichment: "Enrichment") -> None:
        ids = [doc_id + s.id[len(parsed_id):] for s in result.statements]
        if enrichment.vectors is not None and len(ids):
            clusters = assign_clusters(self.con, enrichment.vectors)
            table = pa.table({"statement_id": ids, "doc_id": [doc_id] * len(ids),
                              "vector": pa.array([list(map(float, v)) for v in enrichment.vectors], pa.list_(pa.float32())),
                              "cluster": pa.array(clusters, pa.int32())})
            self.con.register("new_vectors", table)
            self.con.execute("DELETE FROM statement_vectors WHERE statement_id IN (SELECT statement_id FROM new_vectors)")
            self.con.execute("INSERT INTO statement_vectors SELECT statement_id, doc_id, vector, cluster FROM new_vectors")
            self.con.unregister("new_vectors")
        self._insert_labels(doc_id, ids, enrichment.labels)

    def statement_vectors(self) -> tuple[list[str], Any]:
        if not self._has_vectors():
            return [], np.zeros((0, 0), dtype=np.float32)
        rows = self.con.execute("SELECT statement_id, vector FROM statement_vectors").fetchall()
        return [r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.float32)

    def cached_vector_matrix(self, model: str, keys: list[str]):
        """The cached vectors of these keys as one float32 matrix in key order, and a mask of the keys found."""
        dim = (self.embedding_model() or (model, 0))[1]
        matrix, found = np.zeros((len(keys), dim), dtype=np.float32), np.zeros(len(keys), dtype=bool)
        if not keys:
            return matrix, found
        self.con.register("wanted_keys", pa.table({"key": keys, "position": pa.array(range(len(keys)), pa.int64())}))
        try:
            table = self.con.execute("""SELECT w.position, c.vector FROM embedding_cache c JOIN wanted_keys w USING (key)
                                        WHERE c.model = ?""", [model])
            table = self._arrow(table)
        finally:
            self.con.unregister("wanted_keys")
        if table.num_rows:
            positions = table.column(0).to_numpy()
            values = table.column(1).combine_chunks().flatten().to_numpy(zero_copy_only=False)
            matrix[positions] = values.reshape(len(positions), -1)
            found[positions] = True
        return matrix, found
