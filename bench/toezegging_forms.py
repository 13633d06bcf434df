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
import json
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from bench.form_table import print_false_finds, print_form_table
from bench.machine import describe
from nlp.commitments import Promise, find_toezeggingen

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "toezegging_forms.jsonl"
FORMS = ("new", "passive", "negative", "reported", "fulfilled", "register", "list")


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(item: dict) -> list[Promise]:
    section = [item["section"]] if item.get("section") else None
    return find_toezeggingen(item["text"], date.fromisoformat(item["date"]), role=item.get("role"),
                             speaker=item.get("speaker"), section_path=section)


def norm_actor(actor: str | None) -> str | None:
    if not actor:
        return None
    words = actor.lower().split()
    while words and words[0] in ("de", "het"):
        words = words[1:]
    return " ".join(words)


def evaluate(items: list[dict]) -> dict:
    """Per-form counts and the items behind each miss, for printing and for tests."""
    per = {form: Counter() for form in FORMS}
    negatives = Counter()
    negative_hits = Counter()
    misses: list[tuple[str, dict, list[Promise]]] = []
    fields = Counter()
    for item in items:
        found = run(item)
        first = found[0] if found else None
        predicted = first.category if first else None
        gold = item["form"] if item["promise"] else None
        if predicted in per:
            per[predicted]["predicted"] += 1
        if gold:
            per[gold]["gold"] += 1
            per[gold]["found"] += bool(found)
            if predicted == gold:
                per[gold]["tp"] += 1
            else:
                misses.append(("missed" if not found else f"as {predicted}", item, found))
            if found:
                _fields(item, found, fields, misses)
        else:
            negatives[item["form"]] += 1
            if found:
                negative_hits[item["form"]] += 1
                misses.append(("false", item, found))
    return {"per": per, "negatives": negatives, "negative_hits": negative_hits, "misses": misses, "fields": fields}


def _fields(item: dict, found: list[Promise], fields: Counter, misses: list) -> None:
    first = found[0]
    fields["actor_n"] += 1
    if norm_actor(first.actor) == norm_actor(item.get("actor")):
        fields["actor_ok"] += 1
    else:
        misses.append((f"actor {first.actor!r}", item, found))
    fields["deadline_n"] += 1
    want = item.get("deadline")
    got = [first.deadline.start.isoformat(), first.deadline.end.isoformat()] if first.deadline else None
    if got == want:
        fields["deadline_ok"] += 1
    else:
        misses.append((f"deadline {got}", item, found))
    if item.get("count"):
        fields["count_n"] += 1
        fields["count_ok"] += len(found) == item["count"]
        if len(found) != item["count"]:
            misses.append((f"count {len(found)}", item, found))
    if item.get("place"):
        fields["place_n"] += 1
        fields["place_ok"] += first.place == item["place"]
        if first.place != item["place"]:
            misses.append((f"place {first.place!r}", item, found))


def figures(result: dict) -> dict[str, tuple[float, float]]:
    """form → (recall, precision), and "all" over every form (a promise found in its own form)."""
    out = {}
    for form, c in result["per"].items():
        out[form] = (c["tp"] / c["gold"] if c["gold"] else 1.0, c["tp"] / c["predicted"] if c["predicted"] else 1.0)
    tp = sum(c["tp"] for c in result["per"].values())
    gold = sum(c["gold"] for c in result["per"].values())
    found_any = sum(c["found"] for c in result["per"].values())
    predicted = sum(c["predicted"] for c in result["per"].values())
    false = sum(result["negative_hits"].values())
    out["all"] = (tp / max(1, gold), tp / max(1, predicted))
    out["promise"] = (found_any / max(1, gold), found_any / max(1, found_any + false))
    return out


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
