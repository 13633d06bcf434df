"""Indieners of real moties, measured against the Kamer's own record (issue 17).

For each of the 5,591 shared moties (official XML) the motie form's indieners are compared with
(a) the names in the zaak ``Onderwerp`` ("Motie van de leden Van der Lee en Tjeerd de Groot over …")
— every one of them must be among the indieners, multi-word surnames intact — and (b) for ``c.s.``
moties, the full list signed under the motion (``<al-groep>``). Diacritics are folded for the
comparison (the Onderwerp writes "Kostic" for "Kostić").

Run: ``python -m bench.motie_names [--data DIR] [--show N]`` (in ``make bench``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.machine import describe
from ingest.parse import parse_file
from kamerspoor.settings import Settings
from kit.motie_names import check, subjects
from nlp.forms import read_form

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "tk-opendata"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=15, help="print this many misses")
    args = parser.parse_args()
    files = sorted((args.data / "moties").glob("*.xml"))
    if not files:
        print(f"no moties under {args.data}: pass --data (the shared tk-opendata folder)", file=sys.stderr)
        return 2
    print(describe())
    onderwerp = subjects(args.data)
    settings = Settings()
    checks = []
    for path in files:
        form = read_form(parse_file(path, settings))
        checks.append(check(path, [i.name for i in form.indieners] if form else [], onderwerp.get(path.stem, "")))
    no_form = [c for c in checks if not c.found]
    subject_miss = [c for c in checks if not c.subject_ok]
    signed = [c for c in checks if c.signed is not None]
    signed_miss = [c for c in signed if not c.signed_ok]
    print(f"moties: {len(checks)}; without indieners: {len(no_form)}")
    print(f"all Onderwerp names among the indieners: {1 - len(subject_miss) / len(checks):.4f} "
          f"({len(checks) - len(subject_miss)}/{len(checks)})")
    print(f"c.s. moties with exactly the signed list: {1 - len(signed_miss) / max(1, len(signed)):.4f} "
          f"({len(signed) - len(signed_miss)}/{len(signed)})")
    for miss in (subject_miss + signed_miss)[: args.show]:
        print(f"  {miss.kamerstuk}: found {miss.found}; Onderwerp {miss.subject}; signed {miss.signed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
