"""Recognise what a file really is and decode text forms without losing characters.

Names lie (a ``.pdf`` that is an HTML error page, a ``.txt`` in Windows-1252), so
the format comes from the bytes first and the file name second.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from ingest.errors import IngestError

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
XML_SUFFIXES = {".xml"}


def sniff_format(path: Path, head: bytes) -> str:
    """Return ``pdf``, ``xml``, ``pdf-text``, ``markdown`` or ``text``; raise for anything else."""
    if not head:
        raise IngestError("empty file (0 bytes)")
    if head.lstrip()[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    name = path.name.lower()
    lowered = head[:512].lstrip().lower()
    if name.endswith(".pdf"):
        if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
            raise IngestError("not a PDF: the file is HTML/XML with a .pdf name")
        raise IngestError("not a PDF: no %PDF- header (corrupt or another format)")
    if Path(name).suffix in XML_SUFFIXES or lowered.startswith((b"<?xml", b"<officiele-publicatie")):
        return "xml"
    if name.endswith(".pdf.txt"):
        return "pdf-text"
    suffix = path.suffix.lower()
    if suffix in {".md", ".markdown"}:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise IngestError(f"unsupported file type {suffix or '(no extension)'}")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes of a text form; return the text and any warnings.

    UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they are; anything
    else is read as Windows-1252, which never fails, with a warning. Bytes that are
    mostly control characters are not text at all.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"not valid UTF-8 (byte {exc.start}); read as Windows-1252")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f")
    if text and controls / len(text) > 0.1:
        raise IngestError("unreadable text: more than 10% control characters (binary file?)")
    if controls:
        text = "".join(ch for ch in text if ch in "\n\t\f" or unicodedata.category(ch) != "Cc")
        warnings.append(f"removed {controls} control characters")
    return text, warnings
