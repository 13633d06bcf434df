"""Moties named in running text against the written set (``tests/data/motie_mentions*.jsonl``, issue 17): per
written form recall and precision, per finder rule its precision, and the misses. Used by
``tests/test_motie_mentions.py`` and ``bench/motie_mentions.py``."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from kit.motie_names import fold
from kit.negatives import count_negative
from nlp.motie_mentions import MotieMention, find_moties

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT / "tests" / "data" / "motie_mentions.jsonl"


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
            count_negative(item, found, negatives, negative_hits, misses)
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
