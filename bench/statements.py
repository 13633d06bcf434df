"""Statement quality and speed: sentence boundaries against a hand-checked sample,
questions paired with answers in kst-32637-448, statements per second on one core.

Run: ``make bench`` (or ``python bench/statements.py``).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402
from ingest import parse_file  # noqa: E402
from kamerspoor.settings import Settings  # noqa: E402
from nlp.sentences import sentence_spans  # noqa: E402
from nlp.statements import build_statements  # noqa: E402

GOLD = ROOT / "tests" / "data" / "sentence_gold.jsonl"
# Counted by hand once in corpus/kst-32637-448.md: runs of italic (*…*) paragraphs, a run
# broken only by the footnotes between them; each run is one fractie's question block.
QUESTIONS_IN_448 = 64


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Offsets where one sentence ends and the next begins (the paragraph end is not counted)."""
    ends, cursor = set(), 0
    for sentence in sentences[:-1]:
        cursor = text.index(sentence, cursor) + len(sentence)
        ends.add(cursor)
    return ends


def boundary_scores() -> tuple[float, float, float, int]:
    tp = fp = fn = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold = boundaries(item["text"], item["sentences"])
        spans = sentence_spans(item["text"])
        found = {end for _, end, _ in spans[:-1]}
        tp += len(gold & found)
        fp += len(found - gold)
        fn += len(gold - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall), tp + fn


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
