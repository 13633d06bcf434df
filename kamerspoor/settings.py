"""The one settings object: every tunable of Kamerspoor lives here.

Values come from, in rising priority: the defaults below, environment variables
(``KAMERSPOOR_*``), and command-line flags (the CLI builds a copy with ``replace``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """What one document may cost before it fails alone with a clear reason."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 1500
    max_text_chars: int = 20_000_000
    ocr_dpi: int = 200
    ocr_timeout_s: int = 120


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=lambda: Path(os.environ.get("KAMERSPOOR_DB", "kamerspoor.duckdb")))
    workers: int = field(default_factory=lambda: _env_int("KAMERSPOOR_WORKERS", os.cpu_count() or 1))
    limits: Limits = field(default_factory=Limits)
    ocr_language: str = field(default_factory=lambda: os.environ.get("KAMERSPOOR_OCR_LANG", "nld"))
    # Embedding model: a sentence-transformers name or folder (default: the offline-built e5).
    model: str = field(default_factory=lambda: os.environ.get(
        "KAMERSPOOR_MODEL", str(PROJECT_ROOT / "models" / "multilingual-e5-small")))
    # Compute vectors and labels during ingest (off: parse and split only, much faster).
    classify: bool = True
    # A text form's near-duplicate threshold: share of the smaller document's word
    # shingles found in the other one.
    duplicate_containment: float = 0.6

    def with_overrides(self, **changes) -> "Settings":
        clean = {k: v for k, v in changes.items() if v is not None}
        if "db_path" in clean:
            clean["db_path"] = Path(clean["db_path"])
        return replace(self, **clean)


def default_settings() -> Settings:
    return Settings()
