"""Read official publication XML (officielebekendmakingen ``<officiele-publicatie>``) into blocks.

The markup says what a PDF only shows: ``<dossiernr>``, ``<ondernummer>``, ``<datum isodatum=…>``,
the vergaderjaar in ``<tekstregel inhoud="vergaderjaar">``, titles, paragraphs (``<al>``), lists,
tables and footnotes (``<noot>``, set inline where their mark stands). So this reader returns
the metadata it found in the markup next to the blocks; ``ingest.parse`` lets it win over
anything guessed from the text. XML has no pages: every block is on page 1.

Parsing goes through ``defusedxml``: entity expansion and external entities are refused, so a
"billion laughs" file fails alone with a reason instead of eating the machine.
"""
from __future__ import annotations

import re
from datetime import date
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from ingest.errors import IngestError
from ingest.records import Metadata, ParsedPages, RawBlock, RawFootnote

# Elements whose content is one paragraph-like block, and the kind it becomes.
# (``kop``, ``li`` and ``tabel`` have readers of their own below.)
BLOCK_KINDS = {"al": "paragraph", "titel": "heading", "nr": "heading", "tussenkop": "heading",
               "datumtekst": "paragraph", "stuknr": "heading"}
# Parts that only carry metadata (read separately) or presentation.
SKIPPED = {"metadata", "meta", "kamerstukkop", "noot", "nadruk.ref", "illustratie", "plaatje"}
INLINE_ITALIC = {"cur", "i"}
PUBLICATION_ROOTS = {"officiele-publicatie", "kamerstuk", "handelingen", "aanhangsel"}


def parse_officiele_publicatie(data: bytes) -> ParsedPages:
    """Blocks, footnotes and markup metadata of one official-publication XML file."""
    root = _parse_xml(data)
    if _local(root.tag) not in PUBLICATION_ROOTS:
        raise IngestError(f"unsupported XML: root element <{_local(root.tag)}>, expected <officiele-publicatie>")
    reader = _Reader()
    reader.walk(root, depth=0)
    parsed = ParsedPages(blocks=reader.blocks, footnotes=reader.footnotes, pages=1, blocks_final=True)
    parsed.meta = markup_metadata(root)
    parsed.raw_head = "\n".join(b.text for b in reader.blocks[:12])
    if not reader.blocks:
        parsed.warnings.append("XML without text blocks (no <al>, <titel> or <li> found)")
    return parsed


def _parse_xml(data: bytes) -> Element:
    try:
        return safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(f"XML refused: {type(exc).__name__} (entity declarations are not allowed)") from exc
    except safe_xml.ParseError as exc:
        raise IngestError(f"not well-formed XML: {exc}") from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Reader:
    """Walks the tree once, in document order, collecting blocks and footnotes."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.footnotes: list[RawFootnote] = []

    def walk(self, element: Element, depth: int) -> None:
        for child in element:
            name = _local(child.tag)
            if name in SKIPPED:
                continue
            if name == "dossier":
                self._dossier(child)
            elif name == "kop":
                self._emit("heading", child, level=min(depth, 6), joiner=" ")
            elif name == "tabel":
                self._table(child)
            elif name == "li":
                self._emit("list_item", child, joiner=" ")
            elif name in BLOCK_KINDS and not _has_block_children(child):
                self._emit(BLOCK_KINDS[name], child)
            else:
                self.walk(child, depth + 1)

    def _dossier(self, element: Element) -> None:
        """``32 637`` + ``Bedrijfslevenbeleid``: one heading line, as the printed Kamerstuk shows it."""
        numbers = [e for e in element.iter() if _local(e.tag) == "dossiernummer"] \
            or [e for e in element.iter() if _local(e.tag) == "dossiernr"]
        number = " ".join(_text_of(e) for e in numbers)
        title = next((_text_of(e) for e in element if _local(e.tag) == "titel"), "")
        line = " ".join(part for part in (number, title) if part)
        if line:
            self.blocks.append(RawBlock("heading", line, page=1, level=1))

    def _emit(self, kind: str, element: Element, level: int = 0, joiner: str = "") -> None:
        marks: list[tuple[str, int]] = []
        raw = _inline(element, marks, self._note, joiner)
        text = _squeeze(raw).strip()
        if not text:
            return
        # A mark's offset was counted in the raw text: count it again in the squeezed one.
        marks = [(number, len(_squeeze(raw[:offset]).lstrip())) for number, offset in marks]
        self.blocks.append(RawBlock(kind, text, page=1, italic=_all_italic(element), level=level, marks=marks))

    def _note(self, element: Element) -> str:
        number = next((_text_of(e) for e in element if _local(e.tag) in ("noot.nr", "nr")), str(len(self.footnotes) + 1))
        body = " ".join(_text_of(e) for e in element if _local(e.tag) not in ("noot.nr", "nr"))
        self.footnotes.append(RawFootnote(number.strip(), re.sub(r"\s+", " ", body).strip(), page=1,
                                          after_block=len(self.blocks) + 1))
        return number.strip()

    def _table(self, element: Element) -> None:
        rows = []
        for row in element.iter():
            if _local(row.tag) == "row":
                cells = [re.sub(r"\s+", " ", _text_of(entry)).strip() for entry in row if _local(entry.tag) == "entry"]
                if any(cells):
                    rows.append("\t".join(cells))
        if rows:
            self.blocks.append(RawBlock("table", "\n".join(rows), page=1))


def _all_italic(element: Element) -> bool:
    """A paragraph set wholly in ``<nadruk type="cur">`` (questions in a verslag are)."""
    kids = [e for e in element if _local(e.tag) != "noot"]
    return bool(kids) and not (element.text or "").strip() and all(
        _local(e.tag) == "nadruk" and e.get("type") in INLINE_ITALIC and not (e.tail or "").strip() for e in kids)


def _has_block_children(element: Element) -> bool:
    return any(_local(child.tag) in ("al", "lijst", "tabel", "al-groep", "kop") for child in element)


def _inline(element: Element, marks: list[tuple[str, int]], on_note, joiner: str = "") -> str:
    """The element's running text; a ``<noot>`` leaves a mark where it stands and goes to the footnotes."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name == "noot":
            marks.append((on_note(child), len("".join(parts))))
        elif name not in SKIPPED:
            parts.append(joiner + _inline(child, marks, on_note, joiner) + joiner)
        parts.append(child.tail or "")
    return "".join(parts)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _text_of(element: Element) -> str:
    return "".join(element.itertext()).strip()


def _first(root: Element, name: str) -> Element | None:
    return next((e for e in root.iter() if _local(e.tag) == name), None)


# Parts of a dossier number that make it another dossier: an EU council (21 501-04), a begroting
# chapter (36 410-XVI, 36 410-A). A rijkswet number (R2160) is not part of the Kamerstuk id.
DOSSIER_SUFFIXES = ("raadnr", "begrotingshoofdstuk")


def _dossier_id(element: Element) -> str | None:
    """``<dossiernr>21 501</dossiernr>-<raadnr>04</raadnr>`` → ``21501-04``: without its suffix,
    every motion of a sub-dossier would collide with its namesake in the main dossier."""
    number = next((_text_of(e) for e in element.iter() if _local(e.tag) == "dossiernr"), "")  # itself, or inside
    number = re.sub(r"\s+", "", number).upper()
    if not number:
        return None
    suffix = next((_text_of(e) for e in element.iter() if _local(e.tag) in DOSSIER_SUFFIXES), "")
    suffix = re.sub(r"\s+", "", suffix).upper()
    return f"{number}-{suffix}" if suffix else number


def markup_metadata(root: Element) -> Metadata:
    """What the markup states about the paper; fields it does not state stay empty."""
    meta = Metadata()
    number = _first(root, "ondernummer")
    numbers = [e for e in root.iter() if _local(e.tag) == "dossiernummer"] \
        or [e for e in root.iter() if _local(e.tag) == "dossiernr"]
    meta.dossiers = list(dict.fromkeys(d for d in map(_dossier_id, numbers) if d))
    if number is not None and _text_of(number):
        meta.ondernummer = _text_of(number)
    if meta.dossiers and meta.ondernummer:
        meta.kamerstuk_id = f"kst-{meta.dossiers[0]}-{meta.ondernummer}"
    else:
        record = next((e.get("content", "") for e in root.iter() if _local(e.tag) == "meta"
                       and re.search(r"/(?:kst|ah|h|stb|stcrt)-[\w-]+/", e.get("content", ""))), "")
        found = re.search(r"/((?:kst|ah|h|stb|stcrt)-[\w-]+)/", record)
        meta.kamerstuk_id = found.group(1) if found else None
    for line in root.iter():
        if _local(line.tag) == "tekstregel" and line.get("inhoud") == "vergaderjaar":
            years = re.search(r"(\d{4})\s*[–-]\s*(\d{4})", _text_of(line))
            meta.vergaderjaar = f"{years.group(1)}-{years.group(2)}" if years else None
    stamp = _first(root, "datum")
    if stamp is not None and stamp.get("isodatum"):
        try:
            meta.date = date.fromisoformat(stamp.get("isodatum")[:10])
        except ValueError:
            pass
    stuk = _first(root, "stuk")
    title = next((_text_of(e) for e in stuk if _local(e.tag) == "titel"), None) if stuk is not None else None
    dossier_title = _first(root, "dossier")
    dossier_title = next((_text_of(e) for e in dossier_title if _local(e.tag) == "titel"), None) \
        if dossier_title is not None else None
    if title:
        meta.title = f"{dossier_title}; {title}" if dossier_title else title
    return meta
