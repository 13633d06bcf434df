"""Ingest stage: files (PDF, Markdown, text) → :class:`ingest.records.Document`."""
from ingest.errors import IngestError
from ingest.parse import parse_file

__all__ = ["IngestError", "parse_file"]
