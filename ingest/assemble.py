"""Turn a parser's raw blocks into one document text with offsets.

The document text is the body blocks joined by blank lines, followed by the
footnotes (one block each). Every block and footnote knows its ``start``/``end``
in that text, and every footnote the offset of its reference mark in the body.
"""
from __future__ import annotations

import re

from ingest.hyphenation import line_end_hyphen
from ingest.records import Block, Footnote, ParsedPages, RawBlock

SEPARATOR = "\n\n"


def join_continuations(blocks: list[RawBlock], vocab: frozenset[str] = frozenset()) -> tuple[list[RawBlock], list[int]]:
    """Rejoin a paragraph that a page break, footnotes or a stray blank line cut in two.

    The second half is recognisable: it opens in lower case while the first half
    stopped mid-sentence.
    """
    out: list[RawBlock] = []
    new_index: list[int] = []  # old block index → index of the block that holds it now
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and block.kind == "paragraph"
            and prev.kind in ("paragraph", "list_item")
            and prev.italic == block.italic
            and (
                (block.text[:1].islower() and not re.search(r"[.!?:;]['’”»)]?$", prev.text.rstrip()))
                or (prev.runs_on and block.page > prev.page)
            )
        ):
            left = prev.text.rstrip()
            hyphen = re.search(r"([\wÀ-ÿ]+)-$", left)
            first = re.match(r"[\wÀ-ÿ]+", block.text)
            decision = line_end_hyphen(hyphen.group(1), first.group(0), vocab) if hyphen and first else None
            if decision == "join":
                joined, offset = left[:-1], len(left) - 1
            elif decision == "keep":
                joined, offset = left, len(left)
            else:
                joined, offset = left + " ", len(left) + 1
            prev.text = joined + block.text
            prev.marks = prev.marks + [(n, pos + offset) for n, pos in block.marks]
            prev.runs_on = block.runs_on
            new_index.append(len(out) - 1)
            continue
        new_index.append(len(out))
        out.append(block)
    return out, new_index


def assemble(parsed: ParsedPages, vocab: frozenset[str] = frozenset()) -> tuple[str, list[Block], list[Footnote]]:
    if parsed.blocks_final:
        new_index = list(range(len(parsed.blocks)))
    else:
        parsed.blocks, new_index = join_continuations(parsed.blocks, vocab)
    for note in parsed.footnotes:
        if 0 < note.after_block <= len(new_index):
            note.after_block = new_index[note.after_block - 1] + 1
    parts: list[str] = []
    blocks: list[Block] = []
    marks: list[tuple[int, str, int]] = []  # (block index, number, absolute offset)
    cursor = 0
    for raw in parsed.blocks:
        text = raw.text.strip()
        if not text:
            continue
        if parts:
            cursor += len(SEPARATOR)
        blocks.append(Block(len(blocks), raw.kind, text, raw.page, cursor, cursor + len(text), raw.italic, raw.bold, raw.level))
        marks.extend((len(blocks) - 1, number, cursor + min(offset, len(text))) for number, offset in raw.marks)
        parts.append(text)
        cursor += len(text)

    footnotes: list[Footnote] = []
    used: set[int] = set()
    for raw_note in parsed.footnotes:
        note_text = raw_note.text.strip()
        if not note_text:
            continue
        if parts:
            cursor += len(SEPARATOR)
        mark_start = _link_mark(marks, used, raw_note.number, raw_note.after_block)
        footnotes.append(Footnote(raw_note.number, note_text, raw_note.page, cursor, cursor + len(note_text), mark_start))
        blocks.append(Block(len(blocks), "footnote", note_text, raw_note.page, cursor, cursor + len(note_text)))
        parts.append(note_text)
        cursor += len(note_text)
    return SEPARATOR.join(parts), blocks, footnotes


def _link_mark(marks: list[tuple[int, str, int]], used: set[int], number: str, after_block: int) -> int | None:
    """The most recent unused mark with this number before the footnote; else the first after."""
    candidates = [i for i, (block, n, _) in enumerate(marks) if n == number and i not in used]
    before = [i for i in candidates if marks[i][0] < max(after_block, 1)]
    chosen = before[-1] if before else (candidates[0] if candidates else None)
    if chosen is None:
        return None
    used.add(chosen)
    return marks[chosen][2]
