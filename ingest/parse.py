"""The ingest stage's entry point: one file in, one :class:`Document` out.

``parse_file`` is a pure function of the file's bytes and the settings (no
database, no global state), so it can run in a process pool or on a cluster.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.assemble import assemble
from ingest.decoding import decode_text, sniff_format
from ingest.errors import IngestError
from ingest.limits import ParseSettings
from ingest.fingerprint import fingerprint
from ingest.hyphenation import vocabulary
from ingest.metadata import extract_metadata, merge_metadata
from ingest.records import Document, ParsedPages, SourceFile
from ingest.textform import parse_markdown, parse_pdf_text, parse_plain_text



def parse_file(path: str | Path, settings: ParseSettings) -> Document:
    """Parse one file; raise :class:`IngestError` with a one-line reason if it can't be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    if size > settings.limits.max_bytes:
        raise IngestError(f"file too large: {size:,} bytes (limit {settings.limits.max_bytes:,})")
    data = path.read_bytes()
    fmt = sniff_format(path, data[:2048])
    source = SourceFile(str(path), hashlib.sha256(data).hexdigest(), size, fmt)
    parsed = _parse_by_format(path, data, fmt, settings)
    text, blocks, footnotes = assemble(parsed, vocabulary(" ".join(b.text for b in parsed.blocks)))
    if len(text) > settings.limits.max_text_chars:
        raise IngestError(f"text too long: {len(text):,} characters (limit {settings.limits.max_text_chars:,})")
    meta = extract_metadata(text, blocks, path.name, parsed.raw_head)
    if parsed.meta is not None:  # what the markup states wins; the text only fills gaps
        meta = merge_metadata(parsed.meta, meta)
    warnings = list(parsed.warnings)
    if not text.strip():
        warnings.append("no text found")
    return Document(
        id=meta.kamerstuk_id or document_slug(path),
        meta=meta,
        text=text,
        blocks=blocks,
        footnotes=footnotes,
        pages=parsed.pages,
        source=source,
        ocr_pages=parsed.ocr_pages,
        warnings=warnings,
        fingerprint=fingerprint(text),
    )


def _parse_by_format(path: Path, data: bytes, fmt: str, settings: ParseSettings) -> ParsedPages:
    if fmt == "pdf":
        from ingest.pdf import parse_pdf  # pdfplumber is heavy; text forms don't need it

        return parse_pdf(path, settings)
    if fmt == "xml":
        from ingest.xml import parse_officiele_publicatie

        return parse_officiele_publicatie(data)
    text, warnings = decode_text(data)
    reader = {"markdown": parse_markdown, "pdf-text": parse_pdf_text, "text": parse_plain_text}[fmt]
    parsed = reader(text)
    parsed.warnings.extend(warnings)
    parsed.raw_head = re.sub(r"[*#_]+", "", text[:6000])  # Markdown emphasis hides "**Nr. 448**"
    return parsed


def document_slug(path: Path) -> str:
    """An id for a paper that is no Kamerstuk: its file name, without form suffixes."""
    name = path.name.lower()
    for suffix in (".pdf.txt", ".pdf", ".xml", ".md", ".markdown", ".txt", ".text"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    return slug or "document"
