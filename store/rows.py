"""Filters as SQL: a WHERE clause of the conditions that are set (shared by the store's readers)."""
from __future__ import annotations

from typing import Any


def where(*conditions: tuple[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause of the conditions that have a value (None or empty: not filtered on)."""
    used = [(sql, value) for sql, value in conditions if value]
    return ("WHERE " + " AND ".join(sql for sql, _ in used) if used else ""), [value for _, value in used]
