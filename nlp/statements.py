"""The statement stage's entry point: a document's blocks → citable statements and Q/A pairs.

``build_statements`` is a pure function of one document, like ``ingest.parse_file``.
"""
from __future__ import annotations

from ingest.records import Block, Footnote
from nlp.records import QAPair, Statement, StatementSet
from nlp.references import extract_references
from nlp.roles import assign_roles
from nlp.sections import SectionTracker
from nlp.sentences import dutch_nlp, sentence_spans
from nlp.terms import statement_terms

MAX_SENTENCE_CHARS = 5000  # a "sentence" longer than this is cut, so one runaway paragraph can't stall search


def build_statements(doc_id: str, text: str, blocks: list[Block], footnotes: list[Footnote],
                     doc_type: str = "other", bewindspersoon: str | None = None) -> StatementSet:
    roles = assign_roles(doc_id, blocks, doc_type, bewindspersoon)
    tracker = SectionTracker()
    statements: list[Statement] = []
    warnings: list[str] = []
    for block, role in zip(blocks, roles):
        if block.kind == "heading":
            path = tracker.path
            tracker.heading(block.text)
            spans = [(0, len(block.text), _lemmas(block.text))]
        else:
            path = tracker.path
            spans = _spans(block)
        for start, end, lemmas in spans:
            if end - start > MAX_SENTENCE_CHARS:
                warnings.append(f"block {block.seq}: a sentence of {end - start} characters was cut into pieces")
                pieces = [(s, min(s + MAX_SENTENCE_CHARS, end)) for s in range(start, end, MAX_SENTENCE_CHARS)]
            else:
                pieces = [(start, end)]
            for s, e in pieces:
                sentence = block.text[s:e]
                statements.append(Statement(
                    id=f"{doc_id}#{len(statements)}", doc_id=doc_id, seq=len(statements), block_seq=block.seq,
                    page=block.page, start=block.start + s, end=block.start + e, text=sentence, role=role.role,
                    section_path=list(path) if block.kind != "heading" else list(path), speaker=role.speaker,
                    question_id=role.question_id, answer_to=role.answer_to,
                    references=extract_references(sentence), lemmas=lemmas if (s, e) == (start, end) else _lemmas(sentence),
                ))
    for statement in statements:
        statement.terms = dict(statement_terms(statement.lemmas))
    _resolve_footnote_references(statements, footnotes)
    return StatementSet(statements, _qa_pairs(doc_id, statements), warnings)


def _spans(block: Block) -> list[tuple[int, int, str]]:
    if block.kind == "list_item":
        return [(0, len(block.text), _lemmas(block.text))]
    if block.kind == "table":
        spans, offset = [], 0
        for row in block.text.split("\n"):
            if row.strip():
                spans.append((offset, offset + len(row), _lemmas(row)))
            offset += len(row) + 1
        return spans
    return sentence_spans(block.text)


def _lemmas(text: str) -> str:
    doc = dutch_nlp()(text)
    return " ".join((t.lemma_ or t.text).lower() for t in doc if not t.is_punct and not t.is_space)


def _resolve_footnote_references(statements: list[Statement], footnotes: list[Footnote]) -> None:
    """A footnote's references belong to the statement that carries its mark."""
    body = [s for s in statements if s.role != "footnote"]
    for note in footnotes:
        if note.mark_start is None:
            continue
        carrier = next((s for s in body if s.start <= note.mark_start <= s.end), None)
        if carrier is None:
            continue
        for ref in extract_references(note.text):
            if ref not in carrier.references:
                carrier.references.append(ref)


def _qa_pairs(doc_id: str, statements: list[Statement]) -> list[QAPair]:
    pairs: list[QAPair] = []
    questions: dict[str, list[Statement]] = {}
    answers: dict[str, list[Statement]] = {}
    for s in statements:
        if s.question_id:
            questions.setdefault(s.question_id, []).append(s)
        if s.answer_to:
            answers.setdefault(s.answer_to, []).append(s)
    for qid, asked in questions.items():
        given = answers.get(qid, [])
        if not given:
            continue
        pairs.append(QAPair(doc_id, qid, asked[0].start, asked[-1].end, given[0].start, given[-1].end,
                            asked[0].speaker, given[0].speaker))
    return pairs
