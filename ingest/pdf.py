"""Read a Kamerstuk PDF with pdfplumber into clean blocks in reading order.

Each page is read once (``page.chars``); everything else is geometry on those
characters: lines by baseline, columns by an empty gutter, running heads and
margin columns by position and repetition, footnotes by their small type at the
page bottom, reference marks by small raised digits, block kinds by font.
Pages with no text layer are read by OCR (:mod:`ingest.ocr`).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTImage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ingest.errors import IngestError
from ingest.limits import ParseSettings
from ingest.streams import check_compressed_streams
from ingest.furniture import is_furniture, is_page_number, shape

# pdfminer logs every oddity of a damaged PDF at WARNING (thousands of lines for one bad file);
# what matters reaches the user as the document's warnings or its one-line failure reason.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
from ingest.hyphenation import join_lines, vocabulary
from ingest.marks import take_marks
from ingest.ocr import ocr_page_text
from ingest.records import ParsedPages, RawBlock, RawFootnote


BULLETS = "–•→-▪●◦*"
BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s+|^\d{{1,2}}[.)]\s+(?=[A-Z])")
# A block of its own that opens with a number is a numbered item even in lowercase ("1. in te stemmen met …;",
# a dictum); inside a paragraph only a capital after the number starts one (not "… artikel\n3. lid").
NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s+(?=[a-z€])")
FOOTNOTE_START = re.compile(r"^(\d{1,3})(?:\s+(\S.*))?$")
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


@dataclass
class Line:
    """One printed line (or one column's part of it) with its font facts."""

    text: str  # with footnote marks as placeholders
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    page: int
    words: tuple[tuple[float, str], ...] = ()  # (x0, text) of each word: a table cell is found by where it starts
    cells: tuple[float, ...] = ()  # x0 of each segment when far-apart segments were merged into a table row

    @property
    def plain(self) -> str:
        return take_marks(self.text)[0]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line]


def parse_pdf(path: Path, settings: ParseSettings) -> ParsedPages:
    check_compressed_streams(path.read_bytes(), settings.limits.max_stream_bytes)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds, wrapped by pdfplumber
        raise _open_error(exc) from exc
    try:
        count, layouts, ocr_pages, warnings = _read_document(pdf, path, settings)
    finally:
        try:
            pdf.close()
        except Exception:  # closing re-reads the page tree; damage there was already reported
            pass
    parsed = _layout_to_blocks(layouts)
    parsed.pages = count
    parsed.ocr_pages = ocr_pages
    parsed.warnings.extend(warnings)
    return parsed


def _read_document(pdf, path: Path, settings: ParseSettings) -> tuple[int, list[PageLayout], list[int], list[str]]:
    try:
        count = len(pdf.pages)
    except Exception as exc:
        raise IngestError(f"corrupt PDF: page tree unreadable ({type(exc).__name__})") from exc
    if count == 0:
        raise IngestError("corrupt PDF: no pages")
    if count > settings.limits.max_pages:
        raise IngestError(f"too many pages: {count} (limit {settings.limits.max_pages})")
    try:
        return (count, *_read_pages(pdf, path, settings))
    except IngestError:
        raise
    except Exception as exc:  # damage past the page tree (found by fuzzing): the file fails, alone
        raise IngestError(f"corrupt PDF: {type(exc).__name__} while reading its pages") from exc


def _open_error(exc: Exception) -> IngestError:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc.__cause__ or exc
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower():
        return IngestError("encrypted PDF: a password is needed to read it")
    detail = str(inner).strip()[:120] or "unreadable structure"
    return IngestError(f"corrupt PDF: {type(inner).__name__}: {detail}")


def _ocr_lines(path: Path, page_number: int, width: float, height: float, settings: ParseSettings) -> list[Line]:
    """A scanned page's OCR text as printed lines, one under the other in the page's middle."""
    lines: list[Line] = []
    y = 0.1 * height
    for raw in ocr_page_text(path, page_number, settings).split("\n"):
        if raw.strip():
            lines.append(Line(raw.strip(), 0.1 * width, 0.9 * width, y, y + 10, 10.0, False, False, page_number))
        y += 12  # a blank line in OCR output is paragraph space
    return lines


def _read_pages(pdf, path: Path, settings: ParseSettings) -> tuple[list[PageLayout], list[int], list[str]]:
    layouts: list[PageLayout] = []
    ocr_pages: list[int] = []
    warnings: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            width, height = float(page.width), float(page.height)
            chars, has_images = _page_chars(page.layout, height)
        except Exception as exc:
            warnings.append(f"page {number} unreadable ({type(exc).__name__}); skipped")
            continue
        finally:
            page.close()
        if sum(1 for c in chars if not c["text"].isspace()) < 5:
            if has_images:
                lines = _ocr_lines(path, number, width, height, settings)
                ocr_pages.append(number)
                layouts.append(PageLayout(number, width, height, lines))
            continue
        layouts.append(PageLayout(number, width, height, _lines_from_chars(chars, number, width)))
    return layouts, ocr_pages, warnings


def _page_chars(layout, height: float) -> tuple[list[dict], bool]:
    """The page's characters as small dicts, straight from pdfminer's layout tree.

    pdfplumber's own ``page.chars`` resolves every graphics attribute of every
    character; we need six, and reading them here halves the cost of a page.
    """
    chars: list[dict] = []
    has_images = False
    stack = [layout]
    while stack:
        node = stack.pop()
        for item in node:
            if isinstance(item, LTChar):
                text = item.get_text()
                if text:
                    chars.append({"text": text, "fontname": item.fontname, "size": item.size,
                                  "x0": item.x0, "x1": item.x1, "top": height - item.y1, "bottom": height - item.y0})
            elif isinstance(item, LTImage):
                has_images = True
            elif isinstance(item, LTContainer):
                stack.append(item)
    return chars, has_images


# ---------------------------------------------------------------- characters → lines

def _font_flags(fontname: str) -> tuple[bool, bool]:
    name = fontname.lower()
    return ("bold" in name or "black" in name or "heavy" in name or "semibold" in name,
            "italic" in name or "oblique" in name)


def _lines_from_chars(chars: list[dict], page: int, width: float) -> list[Line]:
    """Group characters into lines by baseline; small raised digits become footnote marks."""
    sizes = Counter(round(c["size"], 1) for c in chars if not c["text"].isspace())
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 0), c["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) <= 1.5:
            rows[-1].append(char)
        else:
            rows.append([char])
    rows = _attach_superscripts(rows, body_size)
    lines: list[Line] = []
    for row in rows:
        lines.extend(_split_gutter(_combine_accents(row), page, width))
    return lines


# Accents some PDFs draw as separate glyphs after their letter ("Kostic´"), with the combining form each stands for.
SPACING_ACCENTS = {"´": "\u0301", "ˊ": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "ˇ": "\u030c"}


def _combine_accents(row: list[dict]) -> list[dict]:
    """Put a separately drawn accent back on the letter it follows: ``c´`` → ``ć``."""
    out: list[dict] = []
    for char in row:
        previous = out[-1] if out else None
        if char["text"] in SPACING_ACCENTS and previous is not None and previous["text"].isalpha():
            combined = unicodedata.normalize("NFC", previous["text"] + SPACING_ACCENTS[char["text"]])
            if len(combined) == 1:
                previous["text"] = combined
                continue
        out.append(char)
    return out


def _is_mark_row(row: list[dict], body_size: float) -> bool:
    visible = [c for c in row if not c["text"].isspace()]
    return bool(visible) and all(c["text"].isdigit() and c["size"] < 0.8 * body_size for c in visible)


def _attach_superscripts(rows: list[list[dict]], body_size: float) -> list[list[dict]]:
    """A row of only small digits that sits inside a taller line is that line's marks."""
    out: list[list[dict]] = []
    for index, row in enumerate(rows):
        if _is_mark_row(row, body_size):
            host = _host_row(rows, index, row)
            if host is not None:
                for char in row:
                    char["_mark"] = True
                host.extend(row)
                continue
        out.append(row)
    for row in out:
        row.sort(key=lambda c: c["x0"])
    return out


def _host_row(rows: list[list[dict]], index: int, row: list[dict]) -> list[dict] | None:
    top = min(c["top"] for c in row)
    bottom = max(c["bottom"] for c in row)
    for other in rows[index + 1:index + 3] + rows[max(0, index - 2):index]:
        o_top = min(c["top"] for c in other)
        o_bottom = max(c["bottom"] for c in other)
        if o_top - 1 <= bottom <= o_bottom and top >= o_top - 6:
            return other
    return None


def _split_gutter(row: list[dict], page: int, width: float) -> list[Line]:
    """Split a row into segments at wide gaps; far-apart segments stay separate lines."""
    segments: list[list[dict]] = [[]]
    prev = None
    for char in row:
        if char["text"].isspace():
            continue
        if prev is not None and char["x0"] - prev["x1"] > 1.5 * max(prev["size"], 4):
            segments.append([])
        segments[-1].append(char)
        prev = char
    lines = [_make_line(seg, page) for seg in segments if seg]
    return lines


def _make_line(chars: list[dict], page: int) -> Line:
    text_parts: list[str] = []
    word_starts: list[tuple[float, int]] = [(chars[0]["x0"], 0)]  # (x0, index in text_parts) of each word
    prev = None
    in_mark = False
    for char in chars:
        is_mark = bool(char.get("_mark"))
        if in_mark and not is_mark:
            text_parts.append("\x00")  # close the mark before any space
        if prev is not None and not is_mark and char["x0"] - prev["x1"] > 0.22 * max(prev["size"], 4):
            text_parts.append(" ")
            word_starts.append((char["x0"], len(text_parts)))
        if is_mark and not in_mark:
            text_parts.append("\x00")
        text_parts.append(char["text"])
        in_mark = is_mark
        prev = char
    if in_mark:
        text_parts.append("\x00")
    normal = [c for c in chars if not c.get("_mark")] or chars
    sizes = Counter(round(c["size"], 1) for c in normal)
    bold = sum(_font_flags(c.get("fontname", ""))[0] for c in normal) > 0.6 * len(normal)
    italic = sum(_font_flags(c.get("fontname", ""))[1] for c in normal) > 0.6 * len(normal)
    ends = [start for _, start in word_starts[1:]] + [len(text_parts)]
    words = tuple((x0, "".join(text_parts[start:end]).strip()) for (x0, start), end in zip(word_starts, ends))
    return Line(
        text="".join(text_parts),
        words=tuple(w for w in words if w[1]),
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in normal),
        bottom=max(c["bottom"] for c in normal),
        size=sizes.most_common(1)[0][0],
        bold=bold,
        italic=italic,
        page=page,
    )


# ---------------------------------------------------------------- lines → blocks

def _layout_to_blocks(layouts: list[PageLayout]) -> ParsedPages:
    all_lines = [line for layout in layouts for line in layout.lines]
    sizes = Counter()
    for line in all_lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    running = _running_shapes(layouts, body_size)
    vocab = vocabulary(" ".join(line.plain for line in all_lines))
    blocks: list[RawBlock] = []
    footnotes: list[RawFootnote] = []
    raw_head: list[str] = []
    for layout in layouts:
        body, notes, furniture = _classify_lines(layout, body_size, running)
        if layout.number <= 2:
            raw_head.extend(line.plain for line in furniture + body)
        ordered = _reading_order(body, layout)
        column_right = max((ln.x1 for ln in ordered), default=layout.width)
        for line_group in _group_lines(ordered, body_size):
            block = _make_block(line_group, body_size, vocab)
            if block is not None:
                blocks.append(block)
        if blocks and ordered and blocks[-1].page == layout.number:
            # A paragraph whose last line on the page runs to the right edge goes on overleaf.
            last = ordered[-1]
            blocks[-1].runs_on = last.x1 > last.x0 + 0.85 * (column_right - last.x0) if last.x0 < 0.5 * layout.width else False
        for number, note_lines in _footnotes(notes):
            footnotes.append(RawFootnote(number, join_lines(note_lines, vocab), layout.number, after_block=len(blocks)))
    _assign_heading_levels(blocks, body_size)
    parsed = ParsedPages(blocks=blocks, footnotes=footnotes, pages=len(layouts))
    parsed.raw_head = "\n".join(raw_head)
    return parsed


def _running_shapes(layouts: list[PageLayout], body_size: float) -> set[str]:
    """Shapes of lines in the top or bottom band, or in a right margin column, that recur
    on several pages: running heads, footers and a letter's margin column."""
    counts: Counter[str] = Counter()
    for layout in layouts:
        seen = {_running_shape(line.plain) for line in layout.lines
                if _in_band(line, layout) or _in_margin(line, layout, body_size)}
        counts.update(seen)
    needed = max(2, int(0.3 * len(layouts)))
    # A label awaiting its value ("12. Agendapunt:") may open or close several pages; it is body text.
    return {s for s, n in counts.items() if n >= needed and s and not s.endswith(":")}


def _running_shape(text: str) -> str:
    """A running head's shape, without the page number it carries on some pages."""
    return re.sub(r"(?:\s*#)+$", "", shape(text))


def _in_margin(line: Line, layout: PageLayout, body_size: float) -> bool:
    return line.x0 > 0.7 * layout.width and line.size < body_size - 0.5


def _in_band(line: Line, layout: PageLayout) -> bool:
    return line.top < 0.075 * layout.height or line.bottom > 0.925 * layout.height


def _classify_lines(layout: PageLayout, body_size: float, running: set[str]) -> tuple[list[Line], list[Line], list[Line]]:
    """Split a page's lines into body, footnote and furniture lines."""
    body: list[Line] = []
    furniture: list[Line] = []
    for line in layout.lines:
        plain = line.plain.strip()
        if not plain:
            continue
        in_band = _in_band(line, layout)
        margin = _in_margin(line, layout, body_size) and _running_shape(plain) in running
        if is_furniture(plain) or margin or in_band and (is_page_number(plain) or _running_shape(plain) in running):
            furniture.append(line)
        else:
            body.append(line)
    body, notes = _split_footnote_area(body, body_size)
    return body, notes, furniture


def _split_footnote_area(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Footnotes: the small-type lines below the page's last body-size line, opening with a number."""
    body_lines = [ln for ln in lines if ln.size >= body_size - 0.6]
    if not body_lines:
        return lines, []
    last_body = max(ln.bottom for ln in body_lines)
    notes = [ln for ln in lines if ln.top >= last_body - 1 and ln.size < body_size - 0.6]
    if not notes or not FOOTNOTE_START.match(min(notes, key=lambda ln: (ln.top, ln.x0)).plain.strip()):
        return lines, []
    ids = {id(ln) for ln in notes}
    return [ln for ln in lines if id(ln) not in ids], notes


def _footnotes(lines: list[Line]) -> list[tuple[str, list[str]]]:
    notes: list[tuple[str, list[str]]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        text = line.plain.strip()
        match = FOOTNOTE_START.match(text)
        if match:
            notes.append((match.group(1), [match.group(2) or ""]))
        elif notes:
            notes[-1][1].append(text)
    return notes


def _reading_order(lines: list[Line], layout: PageLayout) -> list[Line]:
    """Top to bottom; on a two-column page the whole left column first."""
    gutter = _gutter(lines, layout)
    if gutter is None:
        return _merge_rows(lines)
    right = [ln for ln in lines if ln.x0 >= gutter]
    columns_top = min((ln.top for ln in right), default=0.0)
    # A line across the gutter above both columns is a title; lower down it is the left column's.
    full = [ln for ln in lines if ln.x0 < gutter < ln.x1 and ln.bottom <= columns_top]
    left = [ln for ln in lines if ln.x0 < gutter and ln not in full]
    return _merge_rows(full) + _merge_rows(left) + _merge_rows(right)


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Segments that share a baseline within one column are cells of a table row."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (round(ln.bottom), ln.x0)):
        if rows and abs(rows[-1][0].bottom - line.bottom) <= 1.5:
            rows[-1].append(line)
        else:
            rows.append([line])
    merged: list[Line] = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        first = row[0]
        if len(row) > 1:
            first = Line("\t".join(ln.text for ln in row), row[0].x0, row[-1].x1, min(ln.top for ln in row),
                         max(ln.bottom for ln in row), row[0].size, all(ln.bold for ln in row),
                         all(ln.italic for ln in row), row[0].page,
                         words=tuple(w for ln in row for w in ln.words), cells=tuple(ln.x0 for ln in row))
        merged.append(first)
    return merged


def _gutter(lines: list[Line], layout: PageLayout) -> float | None:
    """The x of an empty vertical band near the middle that both halves fill with prose."""
    if len(lines) < 8:
        return None
    mid_lo, mid_hi = 0.3 * layout.width, 0.7 * layout.width
    step = 2.0
    bins = [0] * int(layout.width / step + 2)
    for line in lines:
        for b in range(max(0, int(line.x0 / step)), min(len(bins), int(line.x1 / step) + 1)):
            bins[b] += 1
    candidates = [b * step for b in range(int(mid_lo / step), int(mid_hi / step)) if bins[b] <= len(lines) * 0.03]
    if not candidates:
        return None
    gutter = sorted(candidates, key=lambda x: abs(x - layout.width / 2))[0]
    left = [ln for ln in lines if ln.x1 <= gutter]
    right = [ln for ln in lines if ln.x0 >= gutter]
    prose = lambda side: sorted(len(ln.plain) for ln in side)[len(side) // 2] >= 25 if side else False  # noqa: E731
    if len(left) >= 4 and len(right) >= 4 and prose(left) and prose(right):
        return gutter
    return None


def _group_lines(lines: list[Line], body_size: float) -> list[list[Line]]:
    """Consecutive lines form one block until spacing, style or a bullet says otherwise."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _starts_block(groups[-1], line, body_size):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _starts_block(group: list[Line], line: Line, body_size: float) -> bool:
    prev = group[-1]
    leading = max(prev.bottom - prev.top, 1.0) * 1.2
    gap = line.top - prev.bottom
    if gap > 0.55 * leading or gap < -2 * leading:  # paragraph space, or a jump back up (new column)
        return True
    if prev.bold != line.bold or abs(prev.size - line.size) > 0.6:
        return True
    if prev.italic != line.italic and gap > 0.25 * leading:
        return True  # an italic question above its roman answer; an italic title inside a line is not
    if BULLET.match(line.plain.strip()) and not (_is_table_row(line) and any(_is_table_row(ln) for ln in group)):
        return True  # a numbered table row ("1. Techniekfonds | € 1.600.000") stays in its table
    if _is_table_row(line) != _is_table_row(prev):
        # A wrapped cell can leave a visual row with one cell; small type keeps the table whole.
        return not (line.size < body_size - 0.5 and abs(line.size - prev.size) < 0.3)
    return False


def _is_table_row(line: Line) -> bool:
    return "\t" in line.text


def _make_block(lines: list[Line], body_size: float, vocab: frozenset[str]) -> RawBlock | None:
    first = lines[0]
    page = first.page
    italic = sum(ln.italic for ln in lines) > 0.6 * len(lines)
    bold = sum(ln.bold for ln in lines) > 0.6 * len(lines)
    if any(_is_table_row(ln) for ln in lines):
        text, marks = take_marks(_table_text(lines, vocab))
        return RawBlock("table", text, page, marks=marks) if text else None
    joined = join_lines([ln.text for ln in lines], vocab)
    text, marks = take_marks(joined)
    if not text:
        return None
    bullet = BULLET.match(text) or NUMBERED_ITEM.match(text)
    if bullet:
        cut = bullet.end()
        return RawBlock("list_item", text[cut:], page, italic=italic, bold=bold,
                        marks=[(n, max(0, p - cut)) for n, p in marks])
    letters = [ch for ch in text if ch.isalpha()]
    caps = letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.85 and len(letters) > 3
    larger = first.size > body_size + 0.9
    if len(text) < 250 and (bold or larger or (caps and len(text) < 120)) and not text.endswith(","):
        return RawBlock("heading", text, page, italic=italic, bold=True, level=0, marks=marks)
    return RawBlock("paragraph", text, page, italic=italic, bold=bold, marks=marks)


def _table_text(lines: list[Line], vocab: frozenset[str]) -> str:
    """A table as logical rows, one per line, cells tab-separated (empty ones kept, so a cell keeps its column).

    A cell that wraps leaves later printed lines with text in some columns only; those lines are the row's
    continuation, not rows of their own. So each word goes to the column it starts in (the columns are where
    the fullest printed rows put their cells), and a printed line close below the line above continues that
    row, column by column, when it has nothing in the first column, or fills fewer columns than the row's
    first line and reads on from it there (a lowercase start, or a first cell left open: "voor", "Epe,")."""
    starts = _column_starts(lines)
    if len(starts) < 2 or any(not ln.words for ln in lines):
        return "\n".join(ln.text for ln in lines)
    step = _line_step(lines)
    rows: list[list[list[str]]] = []
    previous: Line | None = None
    for line in lines:
        cells: list[list[str]] = [[] for _ in starts]
        for x0, word in line.words:
            column = max((n for n, start in enumerate(starts) if x0 >= start - 3.0), default=0)
            cells[column].append(word)
        close = previous is not None and line.top - previous.top <= 1.4 * step
        if rows and close and _continues(rows[-1], cells, line.bold):
            for column, words in enumerate(cells):
                if words:
                    rows[-1][column].append(" ".join(words))
        else:
            rows.append([[" ".join(words)] if words else [] for words in cells])
        previous = line
    return "\n".join("\t".join(join_lines(parts, vocab) if parts else "" for parts in row) for row in rows)


UNFINISHED = re.compile(r"(?:\b(?:en|of|van|voor|de|het|een|naar|in|met|aan|te|op|bij|uit|om|tot|door)|[-,])$")


def _continues(row: list[list[str]], cells: list[list[str]], bold: bool) -> bool:
    """Whether a printed line's cells are the wrapped rest of ``row`` rather than a row of their own."""
    if not cells[0]:
        return True
    filled = sum(bool(words) for words in cells)
    first_filled = sum(bool(parts) for parts in row)
    if filled == 1 and first_filled > 1 and not bold:
        return True  # the rest of a long first cell ("Techniekwerkgevers / Noord-Holland Noord")
    opens_lower = cells[0][0][:1].islower()
    left_open = bool(row[0]) and UNFINISHED.search(take_marks(row[0][-1])[0]) is not None
    return filled < first_filled and (opens_lower or left_open)


def _column_starts(lines: list[Line]) -> list[float]:
    """Where a table's columns begin: the left edge of each cell in the printed rows with the usual number of
    cells (a row with an extra gap inside a cell does not add a column)."""
    counts = Counter(len(ln.cells) for ln in lines if len(ln.cells) > 1)
    if not counts:
        return []
    usual = max(counts, key=lambda n: (counts[n], n))
    full = [ln.cells for ln in lines if len(ln.cells) == usual]
    return [min(cells[n] for cells in full) for n in range(usual)]


def _line_step(lines: list[Line]) -> float:
    """The usual distance from one printed line's top to the next in a block (its leading)."""
    steps = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    return steps[len(steps) // 2] if steps else max(lines[0].bottom - lines[0].top, 1.0) * 1.2


def _assign_heading_levels(blocks: list[RawBlock], body_size: float) -> None:
    """Numbered headings (``2.1.3``) get their depth; others are ranked below them."""
    for block in blocks:
        if block.kind != "heading":
            continue
        number = HEADING_NUMBER.match(block.text)
        block.level = number.group(1).count(".") + 1 if number else 0
