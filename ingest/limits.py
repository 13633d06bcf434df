"""What ingest is handed to work with: the limits one document may cost, and the settings it reads.

Ingest takes its settings as arguments, as spaCy components take their config; these protocols say which of
the one settings object's fields it reads (``kamerspoor.settings.Settings`` has them all), so nothing here
imports the command line's package.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Limits:
    """What one document may cost before it fails alone with a clear reason."""

    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 1500
    max_text_chars: int = 20_000_000
    max_stream_bytes: int = 256 * 1024 * 1024  # one compressed PDF stream, inflated
    max_seconds: int = 600  # parse time per document
    ocr_dpi: int = 200
    ocr_timeout_s: int = 120


class ParseSettings(Protocol):
    """What parsing a file reads (``ingest.parse.parse_file``, PDF and OCR)."""

    @property
    def limits(self) -> Limits: ...

    @property
    def ocr_language(self) -> str: ...


class TkSettings(Protocol):
    """What fetching a dossier from the Kamer's open-data service reads (``ingest.tk_sync.sync``)."""

    @property
    def limits(self) -> Limits: ...

    @property
    def tk_base_url(self) -> str: ...

    @property
    def tk_publication_base(self) -> str: ...

    @property
    def tk_page_size(self) -> int: ...
