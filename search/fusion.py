"""Weighted reciprocal rank fusion of the keyword and the semantic ranking."""
from __future__ import annotations


def fuse(rankings: list[tuple[list[tuple[str, float]], float]], k: int,
         vouched: list[set[str] | None] | None = None) -> list[tuple[str, float, list[int | None]]]:
    """Σ weight / (k + rank) per statement; its rank in each method kept for display. ``vouched``: per ranking,
    the statements it may vote for (None: all); it still ranks the others, but adds nothing to their score."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for index, (ranking, weight) in enumerate(rankings):
        allowed = vouched[index] if vouched else None
        for rank, (statement_id, *_) in enumerate(ranking, start=1):
            vote = weight / (k + rank) if allowed is None or statement_id in allowed else 0.0
            scores[statement_id] = scores.get(statement_id, 0.0) + vote
            ranks.setdefault(statement_id, [None] * len(rankings))[index] = rank
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(sid, score, ranks[sid]) for sid, score in ordered]
