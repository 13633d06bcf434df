"""Toezeggingen in the forms real papers use: recall and precision per form on the written set.

``tests/data/toezegging_forms.jsonl`` holds sentences written for this (see its README): promises in every
form (new, passive, negative, reported, fulfilled, register, list) and sentences that are not promises
(questions, requests, Kamerleden, descriptions, conditionals, past facts, forecasts, refusals, headers).
The finder (``nlp.commitments.find_toezeggingen``) runs over each; per form:

- recall: positives of that form found as a promise *of that form* (the rule's form must agree);
- precision: of all sentences the finder puts in that form, the share that are promises of that form;
- found: positives of that form found at all (whatever form);
- actor, deadline, place: agreement with the written values where the set gives one.

Per kind of negative it prints how many were wrongly taken for a promise. ``--split dev|test|all``.
Run from the checkout: ``.venv/bin/python -m bench.toezegging_forms``.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict

from bench.form_table import print_false_finds, print_form_table
from bench.machine import describe
from kit.toezegging_form_gold import FORMS, evaluate, figures, load, run


def report(name: str, items: list[dict], show: bool) -> dict[str, tuple[float, float]]:
    started = time.perf_counter()
    result = evaluate(items)
    took = time.perf_counter() - started
    marks = figures(result)
    per = result["per"]
    print(f"\n{name}: {len(items)} sentences ({sum(i['promise'] for i in items)} promises), "
          f"{1000 * took / max(1, len(items)):.1f} ms each")
    print_form_table(FORMS, per, marks, count="gold", total=sum(c["gold"] for c in per.values()))
    print(f"  promise or not (any form): recall {marks['promise'][0]:.3f}, precision {marks['promise'][1]:.3f}")
    f = result["fields"]
    print(f"  actor {f['actor_ok']}/{f['actor_n']}, deadline (date range) {f['deadline_ok']}/{f['deadline_n']}, "
          f"place {f['place_ok']}/{f['place_n']}, list items counted {f['count_ok']}/{f['count_n']}")
    print_false_finds("not promises, wrongly found", result["negative_hits"], result["negatives"])
    if show:
        for why, item, found in result["misses"]:
            got = "; ".join(f"{p.category}/{p.rule}/{p.confidence}" for p in found)
            print(f"    [{why}] ({item['form']}) {item['text'][:150]}  → {got or '-'}")
    return marks


def confidence_table(items: list[dict]) -> None:
    """Precision by the rule's confidence: are the rules' confidences honest?"""
    buckets: dict[str, list[bool]] = defaultdict(list)
    for item in items:
        for promise in run(item)[:1]:
            bucket = "≥0.90" if promise.confidence >= 0.9 else "0.80–0.89" if promise.confidence >= 0.8 else "<0.80"
            buckets[bucket].append(bool(item["promise"]))
    print("  precision by confidence: " + ", ".join(
        f"{k} {sum(v) / len(v):.3f} (n={len(v)})" for k, v in sorted(buckets.items(), reverse=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="print every miss and false find")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    items = load()
    for split in ("dev", "test"):
        if args.split in (split, "all"):
            chosen = [i for i in items if i["split"] == split]
            report(split, chosen, args.misses)
            confidence_table(chosen)


if __name__ == "__main__":
    main()
