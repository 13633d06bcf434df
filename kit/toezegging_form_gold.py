"""Toezeggingen in their written forms (``tests/data/toezegging_forms.jsonl``): per form recall and precision,
and how often each field (actor, deadline, subject) is right. Used by ``tests/test_toezegging_forms.py`` and
``bench/toezegging_forms.py``."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from kit.negatives import count_negative
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
            count_negative(item, found, negatives, negative_hits, misses)
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
