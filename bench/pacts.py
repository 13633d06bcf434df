"""Regional pacts read as pacts (issue 20): parties and afspraken against the written gold.

Ingests the five pacts of ``tests/data/pacts`` (written for this, see its README) into a fresh store, as
typeset PDF and as Markdown, through the real pipeline (no labels: parties and afspraken need none), and
scores what the registry holds (``kit/pact_gold.py`` says when an afspraak counts as right). Prints per
pact and in total: the document type, parties found (precision/recall), afspraken (precision/recall with
the party right), amounts right, and with ``--misses`` what was missed or found wrongly.
Run from the checkout: ``.venv/bin/python -m bench.pacts [--format pdf|md|both] [--misses]``.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.machine import describe
from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from kit.pact_gold import SETS, Score, gold, score
from nlp.pact import pact_parties
from store.db import Store


def read_pacts(source: Path, suffix: str, folder: Path) -> dict[str, tuple[str, list[str], list[dict]]]:
    """Per pact (file stem): its document type, the parties and the afspraken the store holds."""
    paths = sorted(p for p in source.glob(f"*.{suffix}") if p.stem != "README")
    db = folder / f"pacts-{suffix}.duckdb"
    ingest_paths(paths, Settings(db_path=db, workers=1, classify=False), progress=False)
    out = {}
    with Store(db, read_only=True) as store:
        for doc in store.documents():
            stem = Path(doc.sources[0]).stem
            parties = [p.name for p in pact_parties(store.statements(doc.id)).listed]
            afspraken = [{"party": c.made_by, "text": c.subject, "amount_eur": c.amount_eur}
                         for c in store.commitments("afspraak") if c.made_at == doc.id]
            out[stem] = (doc.doc_type, parties, afspraken)
    return out


def report(name: str, suffix: str, show_misses: bool) -> Score:
    want = gold(SETS[name])
    with tempfile.TemporaryDirectory() as folder:
        found = read_pacts(SETS[name], suffix, Path(folder))
    total = Score()
    print(f"\n{name} {suffix.upper()}: {'pact':30} {'type':6} {'parties P/R':>12} {'afspraken P/R':>14} {'amounts':>8}")
    for stem, doc in sorted(want.items()):
        doc_type, parties, afspraken = found.get(stem, ("(missing)", [], []))
        s = score(doc, parties, afspraken)
        total.add(s)
        print(f"  {stem:38} {doc_type:6} {s.party_precision:5.2f}/{s.party_recall:4.2f}  {s.precision:6.2f}/{s.recall:4.2f}"
              f"  {s.amount_right:>3}/{s.amounts}")
        if show_misses:
            for line in s.misses:
                print(f"      missed: {line}")
            for line in s.wrong:
                print(f"      wrong:  {line}")
    print(f"  {'all':38} {'':6} {total.party_precision:5.2f}/{total.party_recall:4.2f}  {total.precision:6.2f}/"
          f"{total.recall:4.2f}  {total.amount_right:>3}/{total.amounts}   ({total.gold} afspraken, {total.parties_gold} parties in gold)")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["pdf", "md", "both"], default="both")
    parser.add_argument("--set", choices=[*SETS, "both"], default="both", help="dev: the five pacts the reader was "
                        "written with; holdout: three written later by someone who had not seen the reader")
    parser.add_argument("--misses", action="store_true", help="print every miss and wrong find")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    for name in (list(SETS) if args.set == "both" else [args.set]):
        for suffix in (["pdf", "md"] if args.format == "both" else [args.format]):
            report(name, suffix, args.misses)


if __name__ == "__main__":
    main()
