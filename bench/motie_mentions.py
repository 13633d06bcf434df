"""Moties named in running text: recall and precision per form on the written set (issue 17).

``tests/data/motie_mentions.jsonl`` holds sentences written for this (see its README): motions named in
every form (``het-lid``, ``lid``, ``leden``, ``naam``, ``nummer``, ``meervoud``, ``handelingen``) and
sentences that name none (motions in general, look-alike words, unnamed or party-only motions, other
papers with names, headings). The finder (``nlp.motie_mentions.find_moties``) runs over each.

A motion counts as found when its indieners (diacritics folded, in any order) and its Kamerstuk id
agree with the written ones. Per written form:

- recall: the written motions found;
- precision: of the motions found in sentences of that form, the share that were written there.

Per rule of the finder it prints the precision over the whole set (negatives included), which is what a
rule's ``confidence`` claims, and per kind of negative how many sentences wrongly gave a motion.
The ``test`` split was looked at once the finder was first written (recall 0.907, precision 0.958) and
the shapes it showed were then added, so the honest figure is the ``holdout`` set: written afterwards,
blind to the finder and to the first set.
Run from the checkout: ``.venv/bin/python -m bench.motie_mentions [--split dev|test|holdout|all] [--misses]``.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.form_table import print_false_finds, print_form_table
from bench.machine import describe
from kit.motie_mention_gold import FORMS, HOLDOUT, evaluate, figures, load, written
from kit.motie_names import onderwerp_readings

ROOT = Path(__file__).resolve().parent.parent
SHARED_TK = ROOT.parent / "shared" / "tk-opendata"  # the Kamer's own record of 5,591 moties


def report(name: str, items: list[dict], show: bool) -> dict[str, tuple[float, float]]:
    started = time.perf_counter()
    result = evaluate(items)
    took = time.perf_counter() - started
    marks = figures(result)
    print(f"\n{name}: {len(items)} sentences ({sum(i['motie'] for i in items)} naming moties), "
          f"{1000 * took / max(1, len(items)):.2f} ms each")
    print_form_table(FORMS, result["per"], marks, count="written",
                     note=f"   (precision with the negatives' false finds: {marks['set'][1]:.3f})")
    print_false_finds("no motie named, wrongly found", result["negative_hits"], result["negatives"])
    print("  precision per rule (its confidence claims this): " + ", ".join(
        f"{rule} {c['correct']}/{c['given']}" for rule, c in sorted(result["rules"].items())))
    if show:
        for why, item, found in result["misses"]:
            got = "; ".join(f"{list(m.indieners)} {m.kamerstuk_id} {m.rule}" for m in found)
            print(f"    [{why}] ({item['form']}) {item['text'][:160]}  → {got or '-'}  (written: {written(item)})")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "holdout", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="print every miss and false find")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    items = load()
    for split in ("dev", "test"):
        if args.split in (split, "all"):
            report(split, [i for i in items if i["split"] == split], args.misses)
    if args.split in ("holdout", "all") and HOLDOUT.exists():
        report("holdout (written blind, after the finder)", load(HOLDOUT), args.misses)
    if (SHARED_TK / "zaak").is_dir():
        ok, checked, misses = onderwerp_readings(SHARED_TK)
        print(f"\nthe Kamer's zaak Onderwerp of {checked} shared moties: names read exactly as written "
              f"{ok / max(1, checked):.4f} ({ok}/{checked})")
        for onderwerp, ours, theirs in misses[:8]:
            print(f"    {onderwerp[:100]!r}: ours {ours}, written {theirs}")


if __name__ == "__main__":
    main()
