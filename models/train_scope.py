"""Train the scope model (issue 18): a logistic regression over ``nlp.scope.FEATURES``.

Training data: the ``dev`` papers of the hand-labelled scope set (``kit/scope_set.py``); the held-aside
papers are never read here. Page furniture is out by rule and left out of the fit. The threshold is the
highest that keeps in-scope recall on the dev papers at or above ``RECALL`` (a statement wrongly left
out loses its labels; one wrongly let in is caught by nothing else, but recall is the promise made to
the sample corpus). Output: ``models/scope.json`` with the weights and the embedding model they belong
to (another model falls back to ``nlp.scope.DEFAULT_WEIGHTS``).
Run: ``python models/train_scope.py`` (``--check``: fit and print, do not write).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

from kamerspoor.settings import Settings
from kit.scope_set import features, load, split_of, truth
from nlp.embeddings import load_encoder
from nlp.scope import FEATURES, WEIGHTS, ScopeJudge, furniture
from nlp.taxonomy import load_frame

RECALL = 0.98
L2 = 1e-2


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 3000) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression by gradient descent on standardised features; weights returned
    for the raw features (no extra dependency)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    weight = np.where(y, 0.5 / max(1, y.sum()), 0.5 / max(1, (~y).sum()))
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= 0.5 * (z.T @ g + l2 * w)
        b -= 0.5 * g.sum()
    return w / scale, float(b - (w / scale) @ mean)


def threshold_for(p: np.ndarray, y: np.ndarray, recall: float) -> float:
    """The highest threshold whose in-scope recall is at least ``recall``."""
    for t in sorted(set(np.round(p, 4)), reverse=True):
        if (p[y] >= t).mean() >= recall:
            return float(t)
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the fit, do not write models/scope.json")
    args = parser.parse_args()
    settings = Settings()
    encoder = load_encoder(settings.model)
    judge = ScopeJudge(encoder, load_frame())
    rows = [r for r in load() if split_of(r["doc_id"]) == "dev" and furniture(r["text"]) is None]
    x, y = features(judge, rows), truth(rows)
    w, b = fit(x, y)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    t = threshold_for(p, y, RECALL)
    predicted = p >= t
    print(f"dev papers: {len(rows)} statements ({y.sum()} in); weights {dict(zip(FEATURES, np.round(w, 3)))}, "
          f"bias {b:.3f}, threshold {t:.4f}")
    print(f"dev: in-scope recall {predicted[y].mean():.3f}, precision {y[predicted].mean():.3f}; "
          f"out-of-scope let in {predicted[~y].mean():.3f}")
    if not args.check:
        WEIGHTS.write_text(json.dumps({"model": encoder.name, "features": list(FEATURES), "weights": w.tolist(),
                                       "bias": b, "threshold": t, "recall_target": RECALL}, indent=1) + "\n",
                           encoding="utf-8")
        print(f"written {WEIGHTS}")


if __name__ == "__main__":
    main()
