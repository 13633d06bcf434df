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
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.form_table import print_false_finds, print_form_table
from bench.machine import describe
from kit.motie_names import fold, onderwerp_readings
from nlp.motie_mentions import MotieMention, find_moties

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "motie_mentions.jsonl"
SHARED_TK = ROOT.parent / "shared" / "tk-opendata"  # the Kamer's own record of 5,591 moties
# Written later by someone who had not seen the finder or the set above: the honest figure.
HOLDOUT = DATA.with_name("motie_mentions_holdout.jsonl")
FORMS = ("het-lid", "lid", "leden", "naam", "nummer", "meervoud", "handelingen")


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def written(item: dict) -> list[tuple[frozenset[str], str | None]]:
    """The motions an item names: (folded indieners, Kamerstuk id)."""
    moties = item.get("moties") or ([{"indieners": item.get("indieners") or [], "kamerstuk": item.get("kamerstuk")}]
                                    if item["motie"] else [])
    return [(frozenset(fold(n) for n in m.get("indieners") or []), m.get("kamerstuk")) for m in moties]


def key(mention: MotieMention) -> tuple[frozenset[str], str | None]:
    return frozenset(fold(n) for n in mention.indieners), mention.kamerstuk_id


def evaluate(items: list[dict]) -> dict:
    """Per written form: written, found (correct) and given motions; per rule: given and correct; misses."""
    per = {form: Counter() for form in FORMS}
    rules: dict[str, Counter] = defaultdict(Counter)
    negatives, negative_hits = Counter(), Counter()
    misses: list[tuple[str, dict, list[MotieMention]]] = []
    for item in items:
        found = find_moties(item["text"])
        want = written(item)
        left = list(want)
        correct = []
        for mention in found:
            ok = key(mention) in left
            if ok:
                left.remove(key(mention))
            correct.append(ok)
            rules[mention.rule]["given"] += 1
            rules[mention.rule]["correct"] += ok
        if item["motie"]:
            counts = per[item["form"]]
            counts["written"] += len(want)
            counts["found"] += len(want) - len(left)
            counts["given"] += len(found)
            counts["correct"] += sum(correct)
            if left or not all(correct):
                misses.append(("missed" if left else "extra", item, found))
        else:
            negatives[item["form"]] += 1
            if found:
                negative_hits[item["form"]] += 1
                misses.append(("false", item, found))
    return {"per": per, "rules": rules, "negatives": negatives, "negative_hits": negative_hits, "misses": misses}


def figures(result: dict) -> dict[str, tuple[float, float]]:
    """form → (recall, precision); "all" over every positive form; "set" with the negatives' false finds."""
    out = {}
    for form, c in result["per"].items():
        out[form] = (c["found"] / c["written"] if c["written"] else 1.0, c["correct"] / c["given"] if c["given"] else 1.0)
    total = Counter()
    for c in result["per"].values():
        total.update(c)
    false = sum(result["negative_hits"].values())
    out["all"] = (total["found"] / max(1, total["written"]), total["correct"] / max(1, total["given"]))
    out["set"] = (out["all"][0], total["correct"] / max(1, total["given"] + false))
    return out


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
        for onderwerp, ours, written in misses[:8]:
            print(f"    {onderwerp[:100]!r}: ours {ours}, written {written}")


if __name__ == "__main__":
    main()
