"""Moties and toezeggingen against a gold file (../shared/gold/commitments.yaml format).

Motion recall and precision (including `not_moties`), toezegging recall, answer top-1 and
top-3 accuracy, status accuracy. Runs on any corpus that has such a gold file:
``python bench/commitments.py [--gold PATH] [--corpus DIR]`` (``make bench`` uses the sample).
Anchors are matched loosely (case, hyphenation and spelling variants differ between forms).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kit.commitment_gold import evaluate, sample_papers
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from store.db import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "commitments.yaml"))
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = parser.parse_args()
    print(f"machine: {describe()}")
    gold = yaml.safe_load(Path(args.gold).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "commitments.duckdb"
        ingest_paths([args.corpus], Settings(db_path=db, workers=2), progress=False)
        with Store(db, read_only=True) as store:
            evaluate(store, gold, sample_papers(store))


if __name__ == "__main__":
    main()
