"""Read the text forms of a paper (Markdown, plain text, a PDF's raw text layer) into blocks.

Markdown conversions of Kamerstukken mix Markdown with HTML fragments (``<p><b>``,
``<ul><li>``, ``<sup>n</sup>`` footnote marks), tab-separated tables and Unicode
superscript footnote marks (``¹``). A PDF's raw text layer has hard line ends,
break hyphens, page furniture and footnotes interleaved at page ends. Both become
the same :class:`~ingest.records.RawBlock` records as the PDF parser yields.
"""
from __future__ import annotations

import html
import re

from ingest.furniture import MARGIN_LABELS, is_furniture, is_page_number, shape
from ingest.hyphenation import join_lines, vocabulary
from ingest.marks import MARK, take_marks
from ingest.records import ParsedPages, RawBlock, RawFootnote

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = "[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
BULLET = re.compile(r"^(?:[-*+•–→▪●◦]|\d{1,2}[.)])\s+")
ORDINAL_SUP = re.compile(r"(\d)\s*(?:<sup>|\^\{?)(e|ste|de|ste|te|er)(?:</sup>|\}?)", re.I)
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


# ---------------------------------------------------------------- Markdown / HTML

def _html_to_markdown(text: str) -> str:
    """Turn the HTML fragments of a conversion into the Markdown the rest reads."""
    text = ORDINAL_SUP.sub(r"\1\2", text)
    text = re.sub(r"<sup>\s*(\d{1,3})\s*</sup>", lambda m: f"{MARK}{m.group(1)}{MARK}", text)
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"</?(?:ul|ol|table|tbody|thead)\b[^>]*>", "\n\n", text, flags=re.I)
    text = re.sub(r"<li\b[^>]*>\s*", "\n- ", text, flags=re.I)
    text = re.sub(r"</li>", "\n", text, flags=re.I)
    text = re.sub(r"<p\b[^>]*>|</p>", "\n\n", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</?(?:b|strong)>", "**", text, flags=re.I)
    text = re.sub(r"</?(?:i|em)>", "*", text, flags=re.I)
    text = re.sub(r"<a\b[^>]*>(.*?)</a>", r"\1", text, flags=re.I | re.S)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((?:https?://|www\.)[^)]+\)", r"\1", text)
    text = re.sub(r"</?(?:span|div|font|u|small)\b[^>]*>", "", text, flags=re.I)
    return html.unescape(text)


def _superscript_marks(text: str) -> str:
    """``gesteld.¹`` → placeholder mark; a line opening with ``¹`` is a footnote definition."""
    text = re.sub(rf"(?m)^[ \t]*({SUPERSCRIPT_RUN})[ \t]*", lambda m: f"{MARK}def{m.group(1).translate(SUPERSCRIPTS)}{MARK} ", text)
    return re.sub(SUPERSCRIPT_RUN, lambda m: f"{MARK}{m.group(0).translate(SUPERSCRIPTS)}{MARK}", text)


def _strip_emphasis(text: str) -> tuple[str, bool, bool]:
    """Remove Markdown emphasis; report whether the whole text was bold or italic."""
    stripped = text.strip()
    bold = bool(re.fullmatch(r"\*\*[^*].*\*\*|__[^_].*__", stripped, re.S))
    italic = not bold and bool(re.fullmatch(r"\*[^*].*\*|_[^_].*_", stripped, re.S))
    clean = re.sub(r"(\*\*|__)(.+?)\1", r"\2", stripped, flags=re.S)
    clean = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", clean, flags=re.S)
    clean = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", clean)
    return clean.strip(), bold, italic


def _footnote_definition(text: str) -> tuple[str, str] | None:
    match = re.match(rf"^{MARK}(?:def)?(\d{{1,3}}){MARK}\s*(.*)$", text, re.S)
    if match:
        return match.group(1), match.group(2).strip()
    match = re.match(r"^\[\^(\d{1,3})\]:\s*(.*)$", text, re.S)
    return (match.group(1), match.group(2).strip()) if match else None


def _heading_level(text: str, hashes: int) -> int:
    number = HEADING_NUMBER.match(text)
    if number:
        return number.group(1).count(".") + 1
    return hashes


def parse_markdown(text: str, page: int = 1) -> ParsedPages:
    """Markdown (with HTML fragments) → blocks and footnotes, all on page ``page``."""
    text = _superscript_marks(_html_to_markdown(text))
    # "**Noordwest****Doel 11: …**": two bold headings glued together by a converter.
    text = re.sub(r"(?<=[^*\s])\*\*\*\*(?=[^*\s])", "**\n\n**", text)
    vocab = vocabulary(text)
    blocks: list[RawBlock] = []
    footnotes: list[RawFootnote] = []
    seen_margin: set[str] = set()
    pending_note: RawFootnote | None = None

    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.rstrip() for ln in chunk.split("\n") if ln.strip() and ln.strip() != "---"]
        if not lines:
            continue
        lines = [re.sub(r"^\s*>\s?", "", ln) for ln in lines]
        # A bare superscript number on its own ("⁴") introduces the next paragraph as a footnote.
        definition = _footnote_definition(" ".join(ln.strip() for ln in lines))
        if definition:
            number, body = definition
            pending_note = RawFootnote(number, "", page, after_block=len(blocks))
            footnotes.append(pending_note)
            if body:
                pending_note.text = take_marks(_strip_emphasis(body)[0])[0]
                pending_note = None
            continue
        if pending_note is not None:
            pending_note.text = take_marks(_strip_emphasis(" ".join(lines))[0])[0]
            pending_note = None
            continue
        blocks.extend(_markdown_blocks(lines, page, vocab, seen_margin))
    return ParsedPages(blocks=blocks, footnotes=[f for f in footnotes if f.text], pages=1)


def _markdown_blocks(lines: list[str], page: int, vocab: frozenset[str], seen_margin: set[str]) -> list[RawBlock]:
    first = lines[0].strip()
    if first.startswith("#"):
        hashes = len(first) - len(first.lstrip("#"))
        body, _, _ = _strip_emphasis(" ".join(ln.strip() for ln in lines).lstrip("#").strip())
        body, marks = take_marks(body)
        return [RawBlock("heading", body, page, bold=True, level=_heading_level(body, hashes), marks=marks)] if body else []
    if sum("\t" in ln for ln in lines) >= max(1, len(lines) // 2):
        rows = ["\t".join(_strip_emphasis(cell)[0] for cell in ln.split("\t")) for ln in lines]
        table, marks = take_marks("\n".join(rows))
        return [RawBlock("table", table, page, marks=marks)]
    if BULLET.match(first) and not HEADING_NUMBER.match(first.replace("**", "")) or (
        len(lines) > 1 and all(BULLET.match(ln.strip()) for ln in lines)
    ):
        return _list_items(lines, page, vocab)
    joined = join_lines([ln.strip() for ln in lines], vocab)
    body, bold, italic = _strip_emphasis(joined)
    body, marks = take_marks(body)
    if not body:
        return []
    if MARGIN_LABELS.match(body):
        key = shape(body)
        if key in seen_margin and len(body) < 80:
            return []  # a margin column repeated on a later page
        seen_margin.add(key)
    if bold and len(body) < 200:
        return [RawBlock("heading", body, page, bold=True, level=_heading_level(body, 0), marks=marks)]
    return [RawBlock("paragraph", body, page, italic=italic, bold=bold, marks=marks)]


def _list_items(lines: list[str], page: int, vocab: frozenset[str]) -> list[RawBlock]:
    items: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if BULLET.match(stripped) or not items:
            items.append([BULLET.sub("", stripped, count=1)])
        else:
            items[-1].append(stripped)
    out = []
    for item in items:
        body, bold, italic = _strip_emphasis(join_lines(item, vocab))
        body = BULLET.sub("", body, count=1)  # "- • TecLab": a bullet written twice
        body, marks = take_marks(body)
        if body:
            out.append(RawBlock("list_item", body, page, italic=italic, bold=bold, marks=marks))
    return out


# ---------------------------------------------------------------- a PDF's raw text layer

FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")


def parse_pdf_text(text: str) -> ParsedPages:
    """A PDF's raw text layer → blocks: furniture out, pages counted, footnotes split off."""
    raw_lines = text.split("\n")
    vocab = vocabulary(text)
    pages = _split_pages(raw_lines)
    blocks: list[RawBlock] = []
    footnotes: list[RawFootnote] = []
    next_note = 1
    split = []
    for lines in pages:
        body, notes, next_note = _split_footnotes(lines, next_note)
        split.append((body, notes))
    numbers = {number for _, notes in split for number, _ in notes}
    carry: list[str] = []  # an unfinished paragraph running over a page break
    carry_page = 1
    for page_no, (body, notes) in enumerate(split, start=1):
        paragraphs = _paragraphs(body)
        for index, para in enumerate(paragraphs):
            if index == 0 and carry and para and para[0].strip()[:1].islower():
                para = carry + para
                para_page = carry_page
            else:
                if carry:
                    blocks.extend(_text_blocks(carry, carry_page, vocab, numbers))
                para_page = page_no
            carry = []
            if index == len(paragraphs) - 1 and not re.search(r"[.!?:;»”\"')]$", para[-1].strip()):
                carry, carry_page = para, para_page
                continue
            blocks.extend(_text_blocks(para, para_page, vocab, numbers))
        for number, note_lines in notes:
            footnotes.append(RawFootnote(number, join_lines(note_lines, vocab), page_no, after_block=len(blocks) + (1 if carry else 0)))
    if carry:
        blocks.extend(_text_blocks(carry, carry_page, vocab, numbers))
    return ParsedPages(blocks=blocks, footnotes=footnotes, pages=len(pages))


def _split_pages(lines: list[str]) -> list[list[str]]:
    """Cut the text layer into pages at furniture, form feeds and page-number lines.

    Some extractors also open each page's text with a single space; where that is
    rare enough to be a signal, it starts a page too.
    """
    pages: list[list[str]] = [[]]
    indented = [i for i, ln in enumerate(lines) if re.match(r"^ \S", ln)]
    page_starts = set(indented) if len(indented) < 0.1 * max(1, len(lines)) else set()
    for line_no, line in enumerate(lines):
        if line_no in page_starts and any(ln.strip() for ln in pages[-1]):
            pages.append([])
        for part_index, part in enumerate(line.split("\f")):
            if part_index:
                pages.append([])
            if is_furniture(part) or is_page_number(part):
                if pages[-1] and any(ln.strip() for ln in pages[-1]):
                    pages.append([])
                continue
            pages[-1].append(part)
    return [p for p in pages if any(ln.strip() for ln in p)] or [[]]


def _split_footnotes(lines: list[str], expected: int) -> tuple[list[str], list[tuple[str, list[str]]], int]:
    """Footnotes sit at a page's end and are numbered on from the previous page."""
    notes: list[tuple[str, list[str]]] = []
    start = None
    for index, line in enumerate(lines):
        match = FOOTNOTE_LINE.match(line.strip())
        if match and int(match.group(1)) == expected and _footnote_region(lines, index, expected):
            start = index
            break
    if start is None:
        return lines, notes, expected
    for line in lines[start:]:
        match = FOOTNOTE_LINE.match(line.strip())
        if match and int(match.group(1)) == expected:
            notes.append((match.group(1), [match.group(2)]))
            expected += 1
        elif line.strip() and notes:
            notes[-1][1].append(line.strip())
    return lines[:start], notes, expected


def _footnote_region(lines: list[str], index: int, number: int) -> bool:
    """A footnote line: its mark occurs glued to a word earlier on the page."""
    before = " ".join(lines[:index])
    return bool(re.search(rf"[^\s\d]{number}(?![\d.,]\d)", before))


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            if current and BULLET.match(line.strip()):
                paragraphs.append(current)
                current = []
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _text_blocks(lines: list[str], page: int, vocab: frozenset[str], notes: set[str]) -> list[RawBlock]:
    first = lines[0].strip()
    caps = 0
    while caps < len(lines) - 1 and _is_caps(lines[caps]):
        caps += 1
    if caps and not _is_caps(lines[caps]):  # an ALL CAPS title run into the paragraph below
        heading = " ".join(ln.strip() for ln in lines[:caps])
        return [RawBlock("heading", heading, page, bold=True, level=1)] + _text_blocks(lines[caps:], page, vocab, notes)
    if len(lines) > 1 and _is_run_in_heading(first, lines[1].strip()):
        return [RawBlock("heading", first, page, bold=True, level=3)] + _text_blocks(lines[1:], page, vocab, notes)
    joined = join_lines(lines, vocab)
    body, marks = _glued_marks(joined, notes)
    if BULLET.match(first):
        return [RawBlock("list_item", BULLET.sub("", body, count=1), page, marks=_shift(marks, -len(body) + len(BULLET.sub("", body, count=1))))]
    letters = [ch for ch in body if ch.isalpha()]
    if letters and len(body) < 160 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
        return [RawBlock("heading", body, page, bold=True, level=1, marks=marks)]
    if len(body) < 90 and not re.search(r"[.!?:;,]$", body) and len(lines) == 1 and body[:1].isupper():
        return [RawBlock("heading", body, page, bold=True, level=2, marks=marks)]
    return [RawBlock("paragraph", body, page, marks=marks)]


def _is_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 3 and sum(ch.isupper() for ch in letters) / len(letters) > 0.85


def _is_run_in_heading(first: str, second: str) -> bool:
    """A short label on its own line above a paragraph (``Antwoord``), with no blank line between."""
    return (
        0 < len(first.split()) <= 3
        and len(first) < 40
        and first[:1].isupper()
        and not re.search(r"[.,;:!?\-–]$", first)
        and second[:1].isupper()
        and not BULLET.match(first)
    )


def _glued_marks(text: str, notes: set[str]) -> tuple[str, list[tuple[str, int]]]:
    """Footnote marks in a text layer are digits glued to a word: ``gesteld.3``, ``opleiding8``.

    Only numbers that really have a footnote count, so ``m2`` stays ``m2``.
    """
    marks: list[tuple[str, int]] = []
    out: list[str] = []
    last = 0
    for match in re.finditer(r"(?<=[a-zà-ÿ.)»”’])(\d{1,2})(?=[\s,.;:)]|$)", text):
        if match.group(1) not in notes:
            continue
        out.append(text[last:match.start()])
        marks.append((match.group(1), sum(len(p) for p in out)))
        last = match.end()
    out.append(text[last:])
    return "".join(out), marks


def _shift(marks: list[tuple[str, int]], by: int) -> list[tuple[str, int]]:
    return [(n, max(0, pos + by)) for n, pos in marks]


def parse_plain_text(text: str) -> ParsedPages:
    """Plain text with blank-line paragraphs: read like a PDF text layer."""
    return parse_pdf_text(text)
