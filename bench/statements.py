"""Statement quality and speed: sentence boundaries against a hand-checked sample,
questions paired with answers in kst-32637-448, statements per second on one core.

Run: ``make bench`` (or ``python bench/statements.py``).
"""
from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kit.sentence_gold import boundary_scores
from ingest import parse_file
from kamerspoor.settings import Settings
from nlp.statements import build_statements

# Counted by hand once in corpus/kst-32637-448.md: runs of italic (*…*) paragraphs, a run
# broken only by the footnotes between them; each run is one fractie's question block.
QUESTIONS_IN_448 = 64


def main() -> None:
    print(f"machine: {describe()}")
    p, r, f1, total = boundary_scores()
    print(f"sentence boundaries ({total} hand-checked): precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}")
    doc = parse_file(ROOT / "corpus" / "pdf" / "kst-32637-448.pdf", Settings())
    result = build_statements(doc.id, doc.text, doc.blocks, doc.footnotes, doc.meta.doc_type, doc.meta.bewindspersoon)
    questions = {s.question_id for s in result.statements if s.question_id}
    answered = {pair.question_id for pair in result.qa_pairs}
    print(f"kst-32637-448: {len(questions)} questions found (hand count {QUESTIONS_IN_448}), {len(answered)} paired with an answer")
    docs = [parse_file(p, Settings()) for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))]
    start = time.perf_counter()
    count = sum(len(build_statements(d.id, d.text, d.blocks, d.footnotes, d.meta.doc_type, d.meta.bewindspersoon).statements)
                for d in docs)
    seconds = time.perf_counter() - start
    print(f"statement stage, 1 core: {count / seconds:.0f} statements/s ({count} statements in {seconds:.1f} s)")


if __name__ == "__main__":
    main()
