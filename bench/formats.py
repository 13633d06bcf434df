"""Real formats (issue 9): what Kamerspoor extracts from each real file vs what was read by hand.

For every file in ``tests/data/formats_expected.yaml`` (copies in ``corpus/real``): metadata
exact-match rate, motion fields, Kamervragen fields and Q/A pairs found / present, besluitenlijst
items, and answers that promise something. Runs the per-file pipeline only (no store, no model).
Run: ``python bench/formats.py`` (``make bench``); output committed in bench/output_formats.txt.
"""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kit.format_checks import EXPECTED, REAL, check_file


def main() -> None:
    print(f"machine: {describe()}")
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = {}
    failures = 0
    for name, want in expected.items():
        try:
            checks = check_file(REAL / name, want)
        except Exception as exc:  # a crash on a real file is the worst outcome: report it, go on
            failures += 1
            print(f"{name}: FAILED {type(exc).__name__}: {exc}")
            continue
        parts: dict[str, list[int]] = {}
        for check in checks:
            tally = parts.setdefault(check.part, [0, 0])
            tally[0] += check.ok
            tally[1] += 1
            if not check.ok:
                print(f"    {name} {check.part}.{check.field}: expected {check.expected!r}, got {check.got!r}")
        for part, (ok, n) in parts.items():
            totals.setdefault(part, [0, 0])
            totals[part][0] += ok
            totals[part][1] += n
        print(f"{name[:60]:60s} " + ", ".join(f"{part} {ok}/{n}" for part, (ok, n) in parts.items()))
    print("totals: " + ", ".join(f"{part} {ok}/{n} ({ok / n:.0%})" for part, (ok, n) in totals.items()))
    print(f"files: {len(expected)}, failed to read: {failures}")


if __name__ == "__main__":
    main()
