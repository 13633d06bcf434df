"""Sentence boundaries against the hand-checked sample (``tests/data/sentence_gold.jsonl``): precision, recall
and F1 of the ends ``nlp.sentences`` finds. Used by ``tests/test_statements.py`` and ``bench/statements.py``."""
from __future__ import annotations

import json
from pathlib import Path

from nlp.sentences import sentence_spans

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "sentence_gold.jsonl"


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
