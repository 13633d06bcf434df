"""Scale: every motie of the shared open data (5,591 real moties, official XML) plus ``tk load`` of
their zaak pages into one store. Prints time, documents/s, store size, the registry rebuild cost
and the checks that matter at scale: one document per file (no id collisions), every zaak linked to
its Kamerstuk, besluit equal to the Kamer's recorded BesluitSoort.

Run: ``python -m bench.tk_scale [--data DIR] [--store PATH] [--limit N]`` (in ``make bench``).
The data folder is the shared one beside the checkout (``../shared/tk-opendata``); it is too large
to carry in the repository. ``--no-classify`` measures parsing and storing alone.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.machine import describe
from ingest.opendata import besluit_of
from kamerspoor.pipeline import ingest_paths
from kamerspoor.registry_stage import rebuild_registry
from kamerspoor.settings import Settings
from kamerspoor.tk_load import load_pages
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "tk-opendata"


def recorded_besluiten(data: Path) -> dict[str, str]:
    """Zaak nummer → besluit as the Kamer recorded it (the last BesluitSoort on record)."""
    out = {}
    for page in sorted((data / "zaak").glob("*.json")):
        for zaak in json.loads(page.read_text())["value"]:
            out[zaak["Nummer"]] = besluit_of(zaak["Besluit"][-1]["BesluitSoort"]) if zaak["Besluit"] else "onbekend"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--store", type=Path, default=Path("/tmp/kamerspoor-bench-tk/store.duckdb"))
    parser.add_argument("--limit", type=int, help="only the first N moties (a quick run)")
    parser.add_argument("--no-classify", dest="classify", action="store_false")
    parser.add_argument("--keep", action="store_true", help="reuse the store if it exists (skip the ingest)")
    args = parser.parse_args()
    if not (args.data / "moties").is_dir():
        print(f"no moties under {args.data}: pass --data (the shared tk-opendata folder)", file=sys.stderr)
        return 2
    files = sorted((args.data / "moties").glob("*.xml"))[: args.limit]
    settings = Settings(db_path=args.store, classify=args.classify)
    print(describe())
    if not (args.keep and args.store.exists()):
        for old in args.store.parent.glob(args.store.name + "*"):
            old.unlink() if old.is_file() else None
        args.store.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        summary = ingest_paths(files, settings, progress=True)
        took = time.perf_counter() - started
        print(f"ingest {len(files)} moties: {took:.0f} s, {len(files) / took:.1f} documents/s "
              f"(classify {'on' if args.classify else 'off'}); {summary.line()}")
    with Store(args.store) as store:
        started = time.perf_counter()
        loaded = load_pages(store, args.data / "zaak", progress=False)
        print(f"tk load: {time.perf_counter() - started:.1f} s; {loaded.line()}")
        documents = sum(d.doc_type == "motie" for d in store.documents())
        statements = store.counts()["statements"]
        print(f"documents (moties): {documents} for {len(files)} files — "
              f"{'one per file' if documents == len(files) else 'MISMATCH'}; statements: {statements}")
        unlinked = store.opendata.unlinked_zaken()
        print(f"zaken whose Kamerstuk is not a stored document: {len(unlinked)}"
              + (" (a --limit run stores only part of them)" if args.limit else ""))
        recorded = recorded_besluiten(args.data)
        stored = {z.nummer: z.besluit for z in store.opendata.zaken()}
        disagree = [n for n, b in recorded.items() if stored.get(n) != b]
        print(f"besluit equal to the recorded BesluitSoort: {len(recorded) - len(disagree)}/{len(recorded)}")
        audit = store.opendata.motie_audit()
        adopted_open = sum(1 for r in audit if r.besluit == "aangenomen" and r.commitment.status == "open")
        rejected_open = sum(1 for r in audit if r.besluit != "aangenomen" and r.besluit != "onbekend"
                            and r.commitment.status == "open")
        print(f"audit: {len(audit)} moties, {adopted_open} adopted and open, {rejected_open} not adopted yet open")
        started = time.perf_counter()
        records = rebuild_registry(store, settings, full=True)
        print(f"registry full rebuild: {time.perf_counter() - started:.1f} s ({records} records)")
    size = sum(p.stat().st_size for p in args.store.parent.glob(args.store.name + "*") if p.is_file())
    print(f"store size: {size / 2**20:.0f} MiB ({args.store})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
