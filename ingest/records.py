"""Plain typed records that flow out of the ingest stage.

A parser (PDF, text form, OCR) yields :class:`RawBlock` and :class:`RawFootnote`
records in reading order; :func:`ingest.assemble.assemble` turns them into one
:class:`Document` whose blocks and footnotes carry character offsets into the
document's clean text, so later stages can cite and highlight in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table", "footnote")

DOC_TYPES = (
    "brief",
    "motie",
    "kamervragen",
    "besluitenlijst",
    "verslag_schriftelijk_overleg",
    "verslag_overleg",
    "rapport",
    "handelingen",
    "pact",
    "other",
)


@dataclass
class RawBlock:
    """One block as a parser saw it, before offsets are known."""

    kind: str
    text: str
    page: int
    italic: bool = False
    bold: bool = False
    level: int = 0
    # (footnote number, character offset inside ``text``) for each reference mark.
    marks: list[tuple[str, int]] = field(default_factory=list)
    # True when the block fills its last line at a page or column end: the
    # paragraph goes on overleaf even if the next line opens a new sentence.
    runs_on: bool = False


@dataclass
class RawFootnote:
    number: str
    text: str
    page: int
    # How many body blocks came before this footnote in the source: it belongs
    # to the most recent unlinked mark with its number before that point.
    after_block: int = 0


@dataclass
class Block:
    seq: int
    kind: str
    text: str
    page: int
    start: int
    end: int
    italic: bool = False
    bold: bool = False
    level: int = 0


@dataclass
class Footnote:
    number: str
    text: str
    page: int
    start: int
    end: int
    mark_start: int | None = None  # offset of its reference mark in the body text


@dataclass
class Metadata:
    kamerstuk_id: str | None = None  # "kst-32637-433"
    dossiers: list[str] = field(default_factory=list)  # ["32637"]
    ondernummer: str | None = None
    vergaderjaar: str | None = None  # "2020-2021"
    date: date | None = None
    doc_type: str = "other"
    title: str | None = None
    bewindspersoon: str | None = None


@dataclass
class SourceFile:
    path: str
    sha256: str
    size: int
    format: str  # xml | pdf | pdf-text | markdown | text

    @property
    def priority(self) -> int:
        """Which source's text wins when one paper arrives in several forms."""
        return {"xml": 4, "pdf": 3, "pdf-text": 2, "markdown": 1, "text": 1}.get(self.format, 0)


@dataclass
class Document:
    id: str
    meta: Metadata
    text: str
    blocks: list[Block]
    footnotes: list[Footnote]
    pages: int
    source: SourceFile
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fingerprint: list[int] = field(default_factory=list)


@dataclass
class ParsedPages:
    """What a format parser returns: blocks and footnotes in reading order."""

    blocks: list[RawBlock]
    footnotes: list[RawFootnote]
    pages: int
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The first pages' text with headers, footers and margins still in: where a
    # Kamerstuk states its number and vergaderjaar.
    raw_head: str = ""
    # Metadata the source states in markup (official XML); it wins over what the text suggests.
    meta: Metadata | None = None
    # True when the source marks paragraph ends itself (XML): no rejoining of "continued" blocks.
    blocks_final: bool = False
