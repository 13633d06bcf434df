"""Moties and toezeggingen in a store against a commitments gold file (the format of the shared gold set):
motion recall and precision (including ``not_moties``), toezegging recall, answer top-1 and top-3, status
accuracy. Used by ``tests/test_commitments.py`` and ``bench/commitments.py``. Anchors are matched loosely
(case, hyphenation and spelling variants differ between forms)."""
from __future__ import annotations

import re

from store.db import Store
from store.records import StoredCommitment


def words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower().replace("-\n", "").replace("- ", ""))


def holds(text: str, anchor: str) -> bool:
    """The anchor's content words stand in the text (85 % of them) — tolerant of spelling variants."""
    need, have = [w for w in words(anchor) if len(w) > 3], set(words(text))
    return bool(need) and sum(w in have for w in need) / len(need) >= 0.85


def names(values) -> frozenset[str]:
    return frozenset(v.lower() for v in values or [])


def sample_papers(store: Store) -> set[str]:
    """The papers the gold list covers: the sample papers, not the real files of corpus/real."""
    return {d.id for d in store.documents() if not any("/corpus/real/" in p for p in d.sources)}


def evaluate(store: Store, gold: dict, scope: set[str] | None = None) -> None:
    """Registry vs gold; with ``scope``, only motions and toezeggingen mentioned in those papers count."""
    records = [store.commitment(r.id) for r in store.commitments()]
    if scope is not None:
        records = [r for r in records if any(m.doc_id in scope for m in r.mentions)]
    moties = [r for r in records if r.kind == "motie"]
    toezeggingen = [r for r in records if r.kind == "toezegging"]
    matched_motions, answer_hits, status_hits, status_total = set(), [0, 0, 0], 0, 0

    def check(record: StoredCommitment | None, item: dict) -> None:
        nonlocal status_total, status_hits
        status_total += 1
        if record is None:
            return
        status_hits += record.status == item.get("status")
        anchors = [a["anchor"] for a in item.get("answered_by") or []]
        if anchors:
            answer_hits[2] += 1
            texts = [a.text for a in record.answers]
            answer_hits[0] += any(holds(t, a) for t in texts[:1] for a in anchors)
            answer_hits[1] += any(holds(t, a) for t in texts[:3] for a in anchors)

    for item in gold.get("moties", []):
        found = next((m for m in moties if item.get("id") and m.id == item["id"]), None) or next(
            (m for m in moties if names(m.indieners) == names(item["indieners"])), None)
        if found:
            matched_motions.add(found.id)
        check(found, item)
    motion_recall = len(matched_motions) / max(1, len(gold.get("moties", [])))
    false_motions = [m for m in moties if m.id not in matched_motions]
    not_moties = sum(any(holds(men.text, bad["anchor"]) for m in moties for men in m.mentions)
                     for bad in gold.get("not_moties", []))

    found_toezeggingen = 0
    for item in gold.get("toezeggingen", []):
        anchors = [item["stated_in"]["anchor"]] + [a["anchor"] for a in item.get("also_stated_in", [])]
        record = next((t for t in toezeggingen if any(holds(m.text, a) for m in t.mentions for a in anchors)), None)
        found_toezeggingen += record is not None
        check(record, item)

    total = answer_hits[2]
    print(f"motions: recall {motion_recall:.3f} ({len(matched_motions)}/{len(gold.get('moties', []))}), "
          f"{len(false_motions)} extra motions not in the gold list {[m.id for m in false_motions]}, "
          f"{not_moties} false motions from not_moties")
    print(f"toezeggingen: recall {found_toezeggingen / max(1, len(gold.get('toezeggingen', []))):.3f} "
          f"({found_toezeggingen}/{len(gold.get('toezeggingen', []))}); {len(toezeggingen)} found in all")
    print(f"answers: top-1 {answer_hits[0] / max(1, total):.3f}, top-3 {answer_hits[1] / max(1, total):.3f} (of {total} with a gold answer)")
    print(f"status accuracy: {status_hits / max(1, status_total):.3f} ({status_hits}/{status_total})")
