"""The Dutch words the app shows for the store's codes and for missing or yes/no values.

The store keeps short codes (``list_item``, ``verslag_schriftelijk_overleg``, ``None``, ``True``); a policy
officer reads "opsommingspunt", "verslag schriftelijk overleg", an empty cell, "ja". Tables, cards,
filters and downloads all take their words from here.
"""
from __future__ import annotations

from typing import Any

DOC_TYPE_NAMES = {"brief": "brief", "motie": "motie", "kamervragen": "Kamervragen", "besluitenlijst": "besluitenlijst",
                  "verslag_schriftelijk_overleg": "verslag schriftelijk overleg", "verslag_overleg": "verslag van een overleg",
                  "handelingen": "Handelingen", "rapport": "rapport", "pact": "regionaal pact", "other": "overig stuk"}
ROLE_NAMES = {"body": "lopende tekst", "heading": "kop", "list_item": "opsommingspunt", "question": "vraag",
              "answer": "antwoord", "footnote": "voetnoot", "table": "tabel"}
CHOOSE = "Kies …"  # instead of Streamlit's own "Choose options"
MISSING = ""  # an empty cell says "not known" better than the word None


def doc_type_name(code: str | None) -> str:
    return DOC_TYPE_NAMES.get(code or "", (code or "document").replace("_", " "))


def role_name(code: str | None) -> str:
    return ROLE_NAMES.get(code or "", (code or "").replace("_", " "))


def count_of(n: int, one: str, many: str) -> str:
    """``1 pagina``, ``3 pagina's``."""
    return f"{n} {one if n == 1 else many}"


def cell(value: Any) -> Any:
    """A table value as a reader sees it: nothing for None, ja/nee for booleans. Dates stay dates, so a
    table still sorts by them."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value
