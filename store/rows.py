"""What every part of the store reads and writes through: the one connection, rows as dicts, Arrow appends, and
filters as SQL (a WHERE clause of the conditions that are set)."""
from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa


class Tables:
    """The store's one connection and the few ways its parts use it. ``Store`` is one; ``OpenData`` is handed
    one, so it needs no import of the store itself."""

    con: duckdb.DuckDBPyConnection

    def _rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _append(self, table: str, rows: pa.Table, or_ignore: bool = False, by_name: bool = False) -> None:
        """Append an Arrow table's rows (in the table's column order) in one statement: row-at-a-time inserts are
        slow in DuckDB. ``or_ignore``: rows whose key is already there are skipped; ``by_name``: the Arrow columns
        are matched to the table's by name (columns left out stay empty)."""
        self.con.register("appended_rows", rows)
        try:
            self.con.execute(f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} {'BY NAME ' if by_name else ''}"
                             "SELECT * FROM appended_rows")
        finally:
            self.con.unregister("appended_rows")

    @staticmethod
    def _arrow(cursor) -> pa.Table:
        table = cursor.arrow()
        return table.read_all() if hasattr(table, "read_all") else table  # newer DuckDB: a batch reader

    def _has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]).fetchone())


def where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause of the conditions that have a value (None or empty: not filtered on)."""
    used = [(sql, value) for sql, value in conditions if value]
    return ("WHERE " + " AND ".join(sql for sql, _ in used) if used else ""), [value for _, value in used]
