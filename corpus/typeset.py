"""Typeset the sample papers as Kamerstuk-style PDFs, with their ground truth beside them.

Dev tool (needs reportlab): ``.venv/bin/python -m corpus.typeset`` rewrites ``corpus/pdf/``.
Each paper's text form is read with our own text-form parser; its blocks are then
set on A4 the way officielebekendmakingen.nl sets a Kamerstuk: running head,
first-page footer (``kst-…``, ``ISSN``, ``'s-Gravenhage …``), page numbers,
footnotes in small type at the page bottom with raised marks, words hyphenated at
line ends, italic questions, bold headings, lists, tables, an optional letter margin
column and an optional two-column page. ``<name>.truth.json`` holds the text that
was set, block by block, so tests can measure what the PDF parser recovers.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ingest import parse_file
from kamerspoor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

WIDTH, HEIGHT = A4
LEFT, RIGHT_FULL, RIGHT_LETTER = 72.0, 523.0, 430.0
TOP, BOTTOM = 780.0, 70.0
BODY, LEADING = 10.0, 13.0
NOTE, NOTE_LEADING, NOTE_GAP = 7.5, 9.5, 8.0
VOWELS = set("aeiouyáéíóúàèëïöü")

FONT_FILES = {
    "Serif": "DejaVuSerif.ttf", "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Serif-Italic": "DejaVuSerif-Italic.ttf", "Sans-Bold": "DejaVuSans-Bold.ttf",
}


def register_fonts() -> None:
    folder = Path("/usr/share/fonts/truetype/dejavu")
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))


@dataclass
class Paper:
    """How one paper is set: its source, its furniture and its special pages."""

    source: str
    name: str
    running_head: str
    first_footer: list[str] = field(default_factory=list)
    margin: list[str] = field(default_factory=list)  # a letter's margin column, every page
    two_column_pages: tuple[int, ...] = ()


PAPERS = [
    Paper("kst-32637-433.pdf.txt", "kst-32637-433",
          "Tweede Kamer, vergaderjaar 2020–2021, 32 637, nr. 433",
          ["kst-32637-433", "ISSN 0921 - 7371", "’s-Gravenhage 2020 Tweede Kamer, vergaderjaar 2020–2021, 32 637, nr. 433 1"],
          margin=["Ons kenmerk", "DGBI / 20234832"]),
    Paper("kst-32637-448.md", "kst-32637-448",
          "Tweede Kamer, vergaderjaar 2020–2021, 32 637, nr. 448",
          ["kst-32637-448", "ISSN 0921 - 7371", "’s-Gravenhage 2021 Tweede Kamer, vergaderjaar 2020–2021, 32 637, nr. 448 1"]),
    Paper("seo-2020-49-evaluerend-advies-techniekpact.md", "seo-2020-49-evaluerend-advies-techniekpact",
          "SEO Economisch Onderzoek – Evaluerend advies Techniekpact 2013-2020"),
    Paper("techniekpact-2018-2020-de-handen-ineen.pdf.txt", "techniekpact-2018-2020-de-handen-ineen",
          "Het Techniekpact: de handen ineen", two_column_pages=(2, 3)),
]


@dataclass
class Piece:
    """A word (or word part) to set, with the footnote numbers marked right after it."""

    text: str
    marks: list[str]
    space_before: bool


class Typesetter:
    def __init__(self, paper: Paper, out: Path):
        self.paper = paper
        self.canvas = Canvas(str(out), pagesize=A4, invariant=1)  # same bytes on every run
        self.canvas.setTitle(paper.running_head)
        self.page = 0
        self.truth_blocks: list[dict] = []
        self.truth_notes: list[dict] = []
        self.pending_notes: list[tuple[str, str]] = []
        self.start_page()

    # -- pages and frames
    def start_page(self) -> None:
        if self.page:
            self.finish_page()
        self.page += 1
        right = RIGHT_LETTER if self.paper.margin else RIGHT_FULL
        if self.page in self.paper.two_column_pages:
            mid = (LEFT + right) / 2
            self.frames = [(LEFT, mid - 9), (mid + 9, right)]
        else:
            self.frames = [(LEFT, right)]
        self.frame = 0
        self.y = TOP
        self.notes_height = 0.0
        self.page_notes: list[tuple[str, str]] = []

    def finish_page(self) -> None:
        c = self.canvas
        if self.page > 1 or not self.paper.first_footer:
            c.setFont("Serif", 8)
            c.drawString(LEFT, 810, f"{self.paper.running_head} {self.page}" if self.page > 1 else self.paper.running_head)
        if self.page == 1 and self.paper.first_footer:
            c.setFont("Serif", 7)
            for i, line in enumerate(self.paper.first_footer):
                c.drawString(LEFT, 40 - i * 9, line)
        else:
            c.setFont("Serif", 8)
            c.drawCentredString(WIDTH / 2, 30, str(self.page))
        if self.paper.margin:
            c.setFont("Serif", 7)
            for i, line in enumerate(self.paper.margin):
                c.drawString(452, 760 - i * 9, line)
        self.draw_notes()
        c.showPage()

    def draw_notes(self) -> None:
        if not self.page_notes:
            return
        c = self.canvas
        right = self.frames[-1][1]
        y = BOTTOM + self.notes_height - NOTE_GAP - NOTE_LEADING + 4
        c.line(LEFT, y + NOTE_LEADING + 1, LEFT + 100, y + NOTE_LEADING + 1)
        c.setFont("Serif", NOTE)
        for number, text in self.page_notes:
            for i, line in enumerate(wrap_plain(f"{number} {text}", "Serif", NOTE, right - LEFT)):
                c.drawString(LEFT, y, line)
                y -= NOTE_LEADING
            self.truth_notes.append({"number": number, "text": text, "page": self.page})

    def note_height(self, text: str) -> float:
        right = self.frames[-1][1]
        return len(wrap_plain(text, "Serif", NOTE, right - LEFT)) * NOTE_LEADING

    def next_frame(self) -> None:
        if self.frame + 1 < len(self.frames):
            self.frame += 1
            self.y = TOP
        else:
            self.start_page()

    # -- blocks
    def block(self, kind: str, text: str, marks: list[tuple[str, int]], notes: dict[str, str], italic: bool, level: int) -> None:
        font, size, indent = "Serif", BODY, 0.0
        if kind == "heading":
            font, size = "Sans-Bold", 12.0 if level <= 1 else 10.5
        elif italic:
            font = "Serif-Italic"
        if kind == "list_item":
            indent = 14.0
        if kind == "table":
            self.table(text)
            return
        if kind == "heading" and self.y - 3 * LEADING < BOTTOM + self.notes_height:
            self.next_frame()
        pieces = pieces_of(text, marks)
        self.y -= 0.6 * LEADING if kind != "heading" else LEADING
        lines = self.set_lines(pieces, font, size, indent, notes, bullet=(kind == "list_item"))
        self.truth_blocks.append({"kind": kind, "text": text, "italic": italic, "lines": lines})

    def set_lines(self, pieces: list[Piece], font: str, size: float, indent: float, notes: dict[str, str], bullet: bool) -> int:
        lines = 0
        first = True
        while pieces:
            x0, x1 = self.frames[self.frame]
            width = x1 - x0 - indent
            line, pieces = fill_line(pieces, font, size, width)
            needed = sum(self.note_height(f"{n} {notes[n]}") for p in line for n in p.marks if n in notes)
            needed += NOTE_GAP if needed and not self.page_notes else 0
            if self.y - LEADING < BOTTOM + self.notes_height + needed:
                self.next_frame()
                x0, x1 = self.frames[self.frame]
            self.y -= LEADING
            if bullet and first:
                self.canvas.setFont("Serif", size)
                self.canvas.drawString(x0, self.y, "–")
            self.draw_line(line, x0 + indent, font, size)
            for piece in line:
                for number in piece.marks:
                    if number in notes:
                        if not self.page_notes:
                            self.notes_height += NOTE_GAP  # room for the separator rule
                        self.page_notes.append((number, notes[number]))
                        self.notes_height += self.note_height(f"{number} {notes[number]}")
            first = False
            lines += 1
        return lines

    def draw_line(self, line: list[Piece], x: float, font: str, size: float) -> None:
        """One text object per line, as typesetting programs write it; marks set raised."""
        text = self.canvas.beginText(x, self.y)
        text.setFont(font, size)
        for piece in line:
            text.textOut((" " if piece.space_before else "") + piece.text)
            for number in piece.marks:
                text.setFont("Serif", 6)
                text.setRise(4)
                text.textOut(number)
                text.setRise(0)
                text.setFont(font, size)
        self.canvas.drawText(text)

    def table(self, text: str) -> None:
        rows = [row.split("\t") for row in text.split("\n")]
        columns = max(len(r) for r in rows)
        x0, x1 = self.frames[self.frame]
        col_width = (x1 - x0) / columns
        truth_rows: list[str] = []
        self.y -= LEADING
        for row in rows:
            wrapped = [wrap_plain(cell.strip(), "Serif", 8, col_width - 8) or [""] for cell in row]
            for visual in range(max(len(w) for w in wrapped)):
                if self.y - LEADING < BOTTOM + self.notes_height:
                    self.next_frame()
                    x0, x1 = self.frames[self.frame]
                self.y -= 10.5
                cells = []
                for col, parts in enumerate(wrapped):
                    cell = parts[visual] if visual < len(parts) else ""
                    self.canvas.setFont("Serif", 8)
                    self.canvas.drawString(x0 + col * col_width, self.y, cell)
                    if cell:
                        cells.append(cell)
                if cells:
                    truth_rows.append("\t".join(cells))
        self.truth_blocks.append({"kind": "table", "text": "\n".join(truth_rows), "italic": False})

    def close(self) -> None:
        self.finish_page()
        self.canvas.save()


def pieces_of(text: str, marks: list[tuple[str, int]]) -> list[Piece]:
    """Split block text into words, attaching each footnote mark to the word it follows."""
    pieces: list[Piece] = []
    by_offset: dict[int, list[str]] = {}
    for number, offset in marks:
        by_offset.setdefault(offset, []).append(number)
    for match in re.finditer(r"\S+", text):
        numbers = [n for off in range(match.start() + 1, match.end() + 1) for n in by_offset.get(off, [])]
        pieces.append(Piece(match.group(0), numbers, space_before=bool(pieces)))
    return pieces


def fill_line(pieces: list[Piece], font: str, size: float, width: float) -> tuple[list[Piece], list[Piece]]:
    """Take as many words as fit; hyphenate a long word that doesn't (Dutch-ish syllable split)."""
    line: list[Piece] = []
    used = 0.0
    space = pdfmetrics.stringWidth(" ", font, size)
    for index, piece in enumerate(pieces):
        w = pdfmetrics.stringWidth(piece.text, font, size) + (space if line else 0)
        if used + w <= width:
            line.append(piece)
            used += w
            continue
        head, tail = hyphenate(piece.text, font, size, width - used - (space if line else 0))
        if head:
            line.append(Piece(head, [], piece.space_before))
            rest = [Piece(tail, piece.marks, False)] + pieces[index + 1:]
        else:
            rest = pieces[index:]
        if not line:  # one word wider than the line: set it anyway
            return [pieces[0]], pieces[1:]
        rest[0] = Piece(rest[0].text, rest[0].marks, False)
        return line, rest
    return line, []


def hyphenate(word: str, font: str, size: float, room: float) -> tuple[str, str]:
    """Split ``word`` as ``head-`` + ``tail`` so that ``head-`` fits in ``room``."""
    if "-" in word[1:-1]:  # break at the word's own hyphen: mkb-|bedrijven
        cut = word.index("-", 1) + 1
        if pdfmetrics.stringWidth(word[:cut], font, size) <= room and len(word) - cut >= 3:
            return word[:cut], word[cut:]
    if len(word) < 8 or not word.isalpha():
        return "", word
    for cut in range(len(word) - 3, 3, -1):
        if word[cut - 1].lower() in VOWELS and word[cut].lower() not in VOWELS and word[cut + 1].lower() not in VOWELS:
            cut += 1  # split between two consonants: ver-|bin-|den
        elif not (word[cut - 1].lower() in VOWELS and word[cut].lower() not in VOWELS):
            continue
        head = word[:cut] + "-"
        if pdfmetrics.stringWidth(head, font, size) <= room and len(word) - cut >= 3:
            return head, word[cut:]
    return "", word


def wrap_plain(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def typeset(paper: Paper, source_dir: Path, out_dir: Path) -> Path:
    document = parse_file(source_dir / paper.source, Settings())
    notes = {n.number: n.text for n in document.footnotes}
    marks_by_block: dict[int, list[tuple[str, int]]] = {}
    for note in document.footnotes:
        if note.mark_start is None:
            continue
        for block in document.blocks:
            if block.kind != "footnote" and block.start <= note.mark_start <= block.end:
                marks_by_block.setdefault(block.seq, []).append((note.number, note.mark_start - block.start))
                break
    out = out_dir / f"{paper.name}.pdf"
    setter = Typesetter(paper, out)
    for block in document.blocks:
        if block.kind == "footnote":
            continue
        setter.block(block.kind, block.text, marks_by_block.get(block.seq, []), notes, block.italic, block.level)
    setter.close()
    truth = {"source": paper.source, "pages": setter.page, "blocks": setter.truth_blocks, "footnotes": setter.truth_notes}
    (out_dir / f"{paper.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def main() -> None:
    register_fonts()
    source_dir = ROOT / "corpus"
    out_dir = ROOT / "corpus" / "pdf"
    out_dir.mkdir(exist_ok=True)
    for paper in PAPERS:
        print(typeset(paper, source_dir, out_dir))


if __name__ == "__main__":
    main()
