"""The hand-labelled scope set (``tests/data/scope/labels.jsonl``, issue 18), shared by the scope model's
training (``models/train_scope.py``), its bench (``bench/scope.py``) and its test.

Papers are kept whole in one split: about 30 % of the papers (by a hash of their id) are held aside for
measurement only and never used to train or tune.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "scope" / "labels.jsonl"
HELD_ASIDE = 3  # of every 10 papers


def load(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of(doc_id: str) -> str:
    """``dev`` or ``test`` (held aside), the same for every statement of a paper."""
    return "test" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 10 < HELD_ASIDE else "dev"


def features(judge, rows: list[dict]) -> np.ndarray:
    """``nlp.scope.FEATURES`` for every row, each paper judged as one paper (its labelled statements
    stand for it), in the order of ``rows``."""
    from nlp.classify import _lemmas

    out = np.zeros((len(rows), len(judge_features())))
    papers: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        papers.setdefault(row["doc_id"], []).append(index)
    for indices in papers.values():
        texts = [rows[i]["text"] for i in indices]
        vectors = judge.encoder.encode(texts, kind="passage") if judge.encoder is not None else None
        out[indices] = judge.features(texts, [_lemmas(t) for t in texts], vectors, one_paper=True)
    return out


def judge_features() -> tuple[str, ...]:
    from nlp.scope import FEATURES

    return FEATURES


def truth(rows: list[dict]) -> np.ndarray:
    return np.array([row["scope"] == "in" for row in rows])
