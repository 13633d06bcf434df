"""Reliability figures: kills survived, reads failed during ingest, fuzz inputs vs crashes, and
ingest throughput with 1 and 2 processes and with Ray (the estimate for all Kamerstukken: bench/model_stage.py).

Run: ``make bench`` or ``python bench/reliability.py [--kills 20] [--fuzz 500]``.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from ingest import IngestError, parse_file
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Limits, Settings
from store.db import Store
from kit.hostile import AppReader, bomb_pdf, many_papers, nested_pdf, page_count_lie_pdf

CLI = [sys.executable, "-m", "kamerspoor.cli"]
PDFS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf")) + sorted((ROOT / "corpus" / "real").glob("*.pdf"))


def consistent(db: Path) -> bool:
    with Store(db, read_only=True) as store:
        return not any(store.orphans().values())


def kills(work: Path, count: int) -> None:
    folder = many_papers(work / "kill-papers", 60)
    db = work / "killed.duckdb"
    rng, survived = random.Random(8), 0
    for _ in range(count):
        proc = subprocess.Popen([*CLI, "ingest", str(folder), "--db", str(db), "--no-classify", "--quiet",
                                 "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(2.5, 7.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        survived += (not db.exists()) or consistent(db)
    done = subprocess.run([*CLI, "ingest", str(folder), "--db", str(db), "--no-classify", "--quiet"])
    with Store(db, read_only=True) as store:
        stored = len(store.documents())
    print(f"  SIGKILL during ingest: store consistent after {survived} / {count} kills; "
          f"rerun exit {done.returncode}, {stored} / 60 documents")


def reads_during_ingest(work: Path) -> None:
    db = work / "live.duckdb"
    ingest_paths([many_papers(work / "live-first", 5)], Settings(db_path=db, workers=1, classify=False), progress=False)
    more = many_papers(work / "live-more", 60, offset=5)
    with AppReader(db) as reader:
        subprocess.run([*CLI, "ingest", "--swap", str(more), "--db", str(db), "--no-classify", "--quiet"])
    print(f"  reads during `ingest --swap`: {len(reader.failures)} failed / {reader.tried} tried")


def incremental(work: Path, documents: int = 1000) -> None:
    folder = many_papers(work / "inc-papers", documents)
    settings = Settings(db_path=work / "inc.duckdb", classify=False)
    start = time.perf_counter()
    ingest_paths([folder], settings, progress=False)
    built = time.perf_counter() - start
    many_papers(folder, 1, offset=documents)
    start = time.perf_counter()
    summary = ingest_paths([folder], settings, progress=False)
    print(f"  a {documents}-document store (built in {built:.0f} s, no model): adding one paper processed "
          f"{summary.count('new')} file, skipped {summary.count('unchanged')} unchanged, in {time.perf_counter() - start:.1f} s")


def fuzz(work: Path, count: int) -> None:
    rng = random.Random(3)
    settings = Settings(workers=1, classify=False, limits=Limits(max_seconds=30))
    real = [p.read_bytes() for p in PDFS[:4]]
    tried = crashed = 0
    crafted = [nested_pdf(work / "nested.pdf"), page_count_lie_pdf(work / "count.pdf"), bomb_pdf(work / "bomb.pdf")]
    for n in range(count):
        kind = n % 4
        if kind == 0:
            data, name = bytes(rng.randrange(256) for _ in range(rng.randrange(4096))), "random.pdf"
        elif kind == 1:
            source = rng.choice(real)
            data, name = source[: rng.randrange(len(source))], "truncated.pdf"
        elif kind == 2:
            data = bytearray(rng.choice(real))
            for _ in range(rng.randrange(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data, name = bytes(data), "flipped.pdf"
        else:
            data = "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(2000))).encode() + bytes(
                rng.randrange(256) for _ in range(64))
            name = rng.choice(["brief.md", "brief.txt"])
        path = work / name
        path.write_bytes(data)
        crashed += _crashes(path, settings)
        tried += 1
    for path in crafted:
        crashed += _crashes(path, settings)
        tried += 1
    print(f"  fuzzing the parsers: {crashed} crashes / {tried} inputs (random bytes, truncated and bit-flipped "
          "PDFs, random text with invalid UTF-8, nested / page-count / decompression-bomb PDFs)")


def _crashes(path: Path, settings: Settings) -> int:
    try:
        parse_file(path, settings)
    except IngestError:
        pass
    except Exception as exc:  # noqa: BLE001 - a crash is anything but a clean refusal
        print(f"    crash on {path.name}: {type(exc).__name__}: {exc}")
        return 1
    return 0


def throughput(work: Path) -> None:
    pages = 0
    for path in PDFS:
        import pypdfium2

        pages += len(pypdfium2.PdfDocument(str(path)))
    for label, workers, executor in (("1 process", 1, "process"), ("2 processes", 2, "process"), ("Ray, 2 CPUs", 2, "ray")):
        db = work / f"tp-{label.replace(' ', '-').replace(',', '')}.duckdb"
        start = time.perf_counter()
        summary = ingest_paths(PDFS, Settings(db_path=db, workers=workers, classify=False, executor=executor),
                               progress=False)
        took = time.perf_counter() - start
        print(f"  ingest of {len(PDFS)} PDFs ({pages} pages), no model: {label:12s} {len(PDFS) / took * 60:6.1f} "
              f"documents/min, {pages / took:5.1f} pages/s ({summary.count('new')} new, {len(summary.failed)} failed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--fuzz", type=int, default=400)
    args = parser.parse_args()
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kills(work, args.kills)
        reads_during_ingest(work)
        incremental(work)
        fuzz(work, args.fuzz)
        throughput(work)  # the estimate for all Kamerstukken is in bench/model_stage.py


if __name__ == "__main__":
    main()
