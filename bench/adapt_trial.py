"""Does fine-tuning the bundled e5 on the Kamer's own motie summaries help staff questions? (issue 23, a trial)

Pairs: each shared motie's one-line ``Onderwerp`` ("Motie van het lid X over <summary>") as the query, its dictum
and its first two overwegingen as passages (the motie's own form, read by ``nlp.forms.read_form``); 500 moties held
out. Loss: in-batch negatives (multiple negatives ranking, temperature 0.05), word embeddings frozen, AdamW 3e-5,
batches of 32, sequences cut at 64 tokens while training. Measured before and after, vectors at 256 tokens:
- held out: each summary against the 500 held-out dicta / first overwegingen (top-1, MRR);
- ``bench/paraphrase_queries.yaml``: each question against every statement of the sample corpus by plain cosine
  (top-10, MRR@10), dev and test split.
Then the same for weights part of the way from the base model to the tuned one (WiSE-FT: ``mix 0.50`` is halfway),
which often keeps what the base model knew while adding the new task.
The tuned model is not used by Kamerspoor: a trial, to choose the training data of issue 23 (17 minutes on a quiet
2-core machine, 35 under load).

Run: ``.venv/bin/python -m bench.adapt_trial [--steps 220] [--db sample.duckdb]``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import yaml

from bench.machine import describe
from bench.paraphrase import QUESTIONS
from bench.search import sample_store
from ingest.parse import parse_file
from kamerspoor.settings import Settings
from nlp.embeddings import Encoder
from nlp.forms import read_form
from nlp.motie_form import MotieForm
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
TK = ROOT.parent / "shared" / "tk-opendata"


def motie_pairs(folder: Path = TK) -> list[dict]:
    """(summary, dictum, overwegingen) of every motie whose zaak has an ``Onderwerp`` "… over …"."""
    settings, out = Settings(classify=False), []
    for page in sorted((folder / "zaak").glob("page-*.json")):
        for zaak in json.loads(page.read_text(encoding="utf-8"))["value"]:
            summary = re.search(r"\bover\s+(.+)$", (zaak.get("Onderwerp") or "").strip())
            ids = [(d.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier") for d in zaak.get("Document", [])]
            path = next((folder / "moties" / f"{i}.xml" for i in ids if i and (folder / "moties" / f"{i}.xml").exists()), None)
            if summary is None or path is None:
                continue
            form = read_form(parse_file(path, settings))
            if isinstance(form, MotieForm) and form.dictum:
                out.append({"summary": summary.group(1), "dictum": " ".join(form.dictum), "reasons": form.considerations[:2]})
    random.Random(7).shuffle(out)
    return out


def held_out(model, pairs: list[dict]) -> str:
    queries = model.encode([f"query: {p['summary']}" for p in pairs], normalize_embeddings=True)
    found = []
    for name, texts in (("dictum", [p["dictum"] for p in pairs]),
                        ("overweging", [(p["reasons"] or [p["dictum"]])[0] for p in pairs])):
        sims = queries @ model.encode([f"passage: {t}" for t in texts], normalize_embeddings=True).T
        ranks = (sims > np.diag(sims)[:, None]).sum(axis=1)
        found.append(f"→{name} top-1 {np.mean(ranks == 0):.3f} MRR {np.mean(1 / (ranks + 1)):.3f}")
    return "; ".join(found)


def paraphrase(model, statements: list[tuple[str, str]]) -> str:
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    position = {" ".join(text.split()): n for n, (_, text) in enumerate(statements)}
    vectors = model.encode([f"passage: {t}" for _, t in statements], batch_size=32, normalize_embeddings=True)
    out = []
    for split in ("dev", "test"):
        chosen = [q for q in questions if q["split"] == split]
        asked = model.encode([f"query: {q['question']}" for q in chosen], normalize_embeddings=True)
        top, reciprocal = [], []
        for question, vector in zip(chosen, asked):
            wanted = {position[k] for k in (" ".join(a.split()) for a in question["answers"]) if k in position}
            first = next((r for r, n in enumerate(np.argsort(-(vectors @ vector))[:10]) if n in wanted), None)
            top.append(first is not None)
            reciprocal.append(0.0 if first is None else 1 / (first + 1))
        out.append(f"{split} top-10 {np.mean(top):.3f} MRR@10 {np.mean(reciprocal):.3f}")
    return "; ".join(out)


def fine_tune(model, pairs: list[dict], steps: int, batch: int = 32) -> float:
    examples = [(p["summary"], p["dictum"]) for p in pairs] + [(p["summary"], r) for p in pairs for r in p["reasons"]]
    random.Random(0).shuffle(examples)
    torch.manual_seed(0)
    model.max_seq_length = 64
    model[0].auto_model.embeddings.word_embeddings.requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-5)
    model.train()
    started = time.perf_counter()
    for step, first in enumerate(range(0, min(len(examples), steps * batch) - batch + 1, batch), start=1):
        chunk = examples[first:first + batch]
        queries = model(model.tokenize([f"query: {q}" for q, _ in chunk]))["sentence_embedding"]
        passages = model(model.tokenize([f"passage: {p}" for _, p in chunk]))["sentence_embedding"]
        loss = torch.nn.functional.cross_entropy(queries @ passages.T / 0.05, torch.arange(len(chunk)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            print(f"  step {step}: loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)", flush=True)
    model.eval()
    model.max_seq_length = 256
    return time.perf_counter() - started


def run(db: Path, steps: int, mixes: tuple[float, ...] = (1.0, 0.5, 0.3)) -> None:
    with Store(db, read_only=True) as store:
        statements = [(s.id, s.text) for s in store.statements()]
    pairs = motie_pairs()
    test, train = pairs[:500], pairs[500:]
    print(f"{len(pairs)} moties with a summary ({len(train)} to train on, {len(test)} held out)", flush=True)
    model = Encoder(Settings().model).model  # the sentence-transformers model itself (float32, trainable)
    base = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
    print(f"base   held out: {held_out(model, test)}", flush=True)
    print(f"base   paraphrase by cosine: {paraphrase(model, statements)}", flush=True)
    print(f"  trained {steps} steps in {fine_tune(model, train, steps):.0f} s", flush=True)
    tuned = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
    for share in mixes:
        model.load_state_dict(interpolate(base, tuned, share))
        label = "tuned" if share == 1 else f"mix {share:.2f}"
        print(f"{label:9s} held out: {held_out(model, test)}", flush=True)
        print(f"{label:9s} paraphrase by cosine: {paraphrase(model, statements)}", flush=True)


def interpolate(base: dict, tuned: dict, share: float) -> dict:
    """Weights a share of the way from the base model to the tuned one (WiSE-FT): keeps what the base knew."""
    return {name: (base[name] + share * (tuned[name] - base[name])) if base[name].is_floating_point() else tuned[name]
            for name in base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=220)
    parser.add_argument("--db", type=Path, help="an ingested sample store (default: ingest corpus/ into a temp dir)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(sample_store(str(args.db) if args.db else None, Path(tmp))), args.steps)

if __name__ == "__main__":
    main()
