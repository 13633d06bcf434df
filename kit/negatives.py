"""What the written form sets share: a sentence written to name nothing counts as a negative, and anything the
finder returns for it is a false find (used by ``kit/motie_mention_gold.py`` and ``kit/toezegging_form_gold.py``)."""
from __future__ import annotations

from collections import Counter


def count_negative(item: dict, found: list, negatives: Counter, negative_hits: Counter, misses: list) -> None:
    negatives[item["form"]] += 1
    if found:
        negative_hits[item["form"]] += 1
        misses.append(("false", item, found))
