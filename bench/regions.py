"""Regions by inheritance and knelpunt forms (issue 20, parts 2 and 3).

1. One-region papers — the regional pacts of ``tests/data/pacts`` as Markdown and as PDF, per set (the five
   the rules were written with, then the two held-out sets; each ``gold.json`` gives each paper's landsdeel
   and the sentences that name another region) and the small paper of
   ``kit/region_set.py``: which region the paper is found to be about, the share of its in-scope
   statements that carry that landsdeel (score ≥ the search label threshold), the share whose landsdeel
   reason is ``document …`` among those naming no place of their own, and whether the sentences naming
   another region keep theirs. Target: ≥ 90 %.
2. National papers — the sample corpus (``corpus/*.md``, ``corpus/*.pdf.txt``) and ``shared/real``: the
   region found (should be none) and the share of their in-scope statements with an inherited
   ``document`` landsdeel (target ~0); section-inherited ones (``sectie …``) are counted apart.
3. Knelpunt on the hand labels (``tests/data/knelpunt_gold.jsonl``) and on pact sentences labelled in
   ``kit/region_set.py`` (positive forms and near misses): precision and recall at the threshold.

Each paper is parsed and split as in the pipeline (``process_file``) and labelled as one paper
(``classify(..., one_paper=True)``), without a store. Run: ``.venv/bin/python -m bench.regions``.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kamerspoor.pipeline import process_file
from kamerspoor.settings import Settings
from nlp.classify import load_classifier
from kit.pact_gold import SETS, gold
from kit.region_set import KNELPUNT_FORMS, KNELPUNT_NEAR_MISSES, ONE_REGION_PAPER
from nlp.gazetteer import find_landsdelen, paper_region

SHARED = ROOT.parent / "shared"
KNELPUNT_GOLD = ROOT / "tests" / "data" / "knelpunt_gold.jsonl"


def label_paper(classifier, path: Path):
    done = process_file(path, Settings())
    rows = done.statements.statements
    texts, paths = [s.text for s in rows], [s.section_path for s in rows]
    labels = classifier.classify(texts, paths, [s.lemmas for s in rows], one_paper=True)
    hits = [find_landsdelen(t, classifier.frame) for t in texts]
    return texts, labels, paper_region(texts, paths, hits, classifier.frame), hits


def landsdeel_of(labels, threshold: float):
    best = [s for s in labels.scores if s.label_set == "landsdeel" and s.score >= threshold]
    return max(best, key=lambda s: s.score) if best else None


def one_region(classifier, threshold: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        own = Path(tmp) / "eigen-regionale-agenda-twente.md"
        own.write_text(ONE_REGION_PAPER, encoding="utf-8")
        for name, folder in SETS.items():  # the pacts the rules were written with, then the two written later
            papers = [(p, gold(folder)[p.stem]["region"]["landsdeel"], gold(folder)[p.stem])
                      for p in sorted([*folder.glob("*.md"), *folder.glob("*.pdf")]) if p.stem in gold(folder)]
            if name == "dev":
                papers.append((own, "oost", {}))
            print(f"\n1. one-region papers, {name} ({len(papers)}, each pact as Markdown and as typeset PDF): share of "
                  f"in-scope statements carrying the paper's landsdeel (score ≥ {threshold})")
            one_region_set(classifier, threshold, papers)


def one_region_set(classifier, threshold: float, papers: list[tuple[Path, str, dict]]) -> None:
    """One set's papers: per paper and in total, the share carrying the paper's landsdeel and why."""
    total_in = total_carry = total_bare = total_doc = total_sec = 0
    for path, expected, item in papers:
        texts, labels, region, hits = label_paper(classifier, path)
        inside = [i for i, lab in enumerate(labels) if lab.in_scope]
        carry = [i for i in inside if (best := landsdeel_of(labels[i], threshold)) and best.label_id == expected]
        bare = [i for i in inside if not any(not h.ambiguous for h in hits[i])]
        doc = [i for i in bare if any(s.label_set == "landsdeel" and s.label_id == expected
                                      and s.reason.startswith("document") for s in labels[i].scores)]
        sec = [i for i in bare if any(s.label_set == "landsdeel" and s.label_id == expected
                                      and s.reason.startswith("sectie") for s in labels[i].scores)]
        total_sec += len(sec)
        total_in, total_carry, total_bare, total_doc = (total_in + len(inside), total_carry + len(carry),
                                                         total_bare + len(bare), total_doc + len(doc))
        found = f"{region.landsdeel} ({region.reason})" if region else "none"
        print(f"  {path.name:40s} expected {expected or '?':9s} found {found}")
        print(f"  {'':40s} carry {len(carry)}/{len(inside)} = {len(carry) / max(1, len(inside)):.0%}; of the "
              f"{len(bare)} in-scope statements naming no place: 'document' {len(doc)}, 'sectie' {len(sec)}")
        for other in item.get("other_region_sentences", []):
            index = next((i for i, t in enumerate(texts) if other["sentence"][:60] in t), None)
            if index is None:
                print(f"  {'':40s} other region: sentence not found: {other['sentence'][:50]}")
                continue
            best = landsdeel_of(labels[index], threshold)
            kept = best is not None and best.label_id == other["landsdeel"]
            print(f"  {'':40s} other region {other['region']:10s} kept: {kept} "
                  f"({best.label_id if best else '-'}: {best.reason[:50] if best else ''})")
    print(f"  all one-region papers: carry {total_carry}/{total_in} = {total_carry / max(1, total_in):.1%}; "
          f"of the {total_bare} naming no place: 'document' {total_doc / max(1, total_bare):.1%}, "
          f"'sectie' {total_sec / max(1, total_bare):.1%}")


def national(classifier, threshold: float) -> None:
    paths = sorted([*(p for p in ROOT.glob("corpus/*.md") if p.name != "SOURCES.md"), *ROOT.glob("corpus/*.pdf.txt"), *(SHARED / "real").glob("*.pdf"),
                    *(SHARED / "real").glob("*.xml")])
    print(f"\n2. national papers ({len(paths)}): inherited landsdeel (target: none)")
    total_in = total_doc = total_sec = 0
    for path in paths:
        try:
            texts, labels, region, _ = label_paper(classifier, path)
        except Exception as exc:  # noqa: BLE001 — a paper the parser refuses is reported, not fatal
            print(f"  {path.name[:50]:50s} not read: {exc}")
            continue
        inside = [lab for lab in labels if lab.in_scope]
        doc = sum(any(s.label_set == "landsdeel" and s.method.startswith("document") for s in lab.scores)
                  for lab in inside)
        sec = sum(any(s.label_set == "landsdeel" and s.reason.startswith("sectie: over") for s in lab.scores)
                  for lab in inside)
        total_in, total_doc, total_sec = total_in + len(inside), total_doc + doc, total_sec + sec
        print(f"  {path.name[:50]:50s} region {region.landsdeel if region else 'none':8s} in scope {len(inside):4d}  "
              f"document {doc:3d}  sectie {sec:3d}")
    print(f"  all national papers: inherited 'document' on {total_doc}/{total_in} = {total_doc / max(1, total_in):.1%} "
          f"of in-scope statements; 'sectie' (a heading naming one region) on {total_sec}")


def knelpunt(classifier) -> None:
    hand = [json.loads(line) for line in KNELPUNT_GOLD.read_text(encoding="utf-8").splitlines()]
    sets = {"hand labels (knelpunt_gold.jsonl)": [(h["text"], bool(h["knelpunt"])) for h in hand],
            "pact forms + near misses (kit/region_set.py)": [(t, True) for t in KNELPUNT_FORMS]
            + [(t, False) for t in KNELPUNT_NEAR_MISSES]}
    print("\n3. knelpunt at 0.5")
    for name, items in sets.items():
        flags = [r.knelpunt >= 0.5 for r in classifier.classify([t for t, _ in items])]
        tp = sum(f and y for f, (_, y) in zip(flags, items))
        fp = sum(f and not y for f, (_, y) in zip(flags, items))
        fn = sum(y and not f for f, (_, y) in zip(flags, items))
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(f"  {name:44s} n={len(items):3d}  precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / max(1e-9, p + r):.3f}"
              f"  (tp {tp}, fp {fp}, fn {fn})")


def main() -> None:
    print(f"machine: {describe()}")
    start = time.perf_counter()
    settings = Settings()
    classifier = load_classifier(settings.model)
    threshold = settings.search.label_threshold
    one_region(classifier, threshold)
    national(classifier, threshold)
    knelpunt(classifier)
    print(f"\nbench/regions.py: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
