"""Weighted reciprocal rank fusion of the keyword and the semantic ranking."""
from __future__ import annotations


def fuse(rankings: list[tuple[list[tuple[str, float]], float]], k: int) -> list[tuple[str, float, list[int | None]]]:
    """Σ weight / (k + rank) per statement; its rank in each method kept for display."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for index, (ranking, weight) in enumerate(rankings):
        for rank, (statement_id, *_) in enumerate(ranking, start=1):
            scores[statement_id] = scores.get(statement_id, 0.0) + weight / (k + rank)
            ranks.setdefault(statement_id, [None] * len(rankings))[index] = rank
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(sid, score, ranks[sid]) for sid, score in ordered]
