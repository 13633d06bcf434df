"""Train the small supervised doel and actielijn heads (logistic regression on embeddings).

Training data: ``models/training.yaml`` (hand-written examples, never the shared gold sets).
Output: ``models/heads.npz`` with the weights and the name of the embedding model they
belong to; the classifier ignores heads made for another model. Run again after
changing the examples or the default model: ``python models/train_heads.py``
(``--check``: only print the cross-validation figures; ``make bench`` does this).

Two things matter with e5 vectors, found by cross-validating on the examples themselves:
all e5 vectors point roughly the same way (cosines between unrelated Dutch sentences are
0.7–0.8), so the features are standardised first, or the regression learns little beyond the
class prior; and the examples are not balanced (kiezen has six doelen, werken two), so each
class weighs the same. The standardisation is folded into the saved weights, so the
classifier applies them to raw vectors. The L2 strength is chosen by 5-fold cross-validation
on the examples; the script prints those figures.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent

from kamerspoor.settings import Settings
from nlp.embeddings import load_encoder
from nlp.taxonomy import Frame, load_frame

OUT = ROOT / "models" / "heads.npz"
L2_GRID = (1e-1, 1e-2, 1e-3)
FOLDS = 5


def train_softmax(x: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int = 800) -> tuple:
    """Class-balanced multinomial logistic regression by gradient descent on standardised
    features; returns weights for the raw features (no extra dependency)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.01, (x.shape[1], classes))
    b = np.zeros(classes)
    onehot = np.eye(classes)[y]
    balance = (len(y) / (classes * np.maximum(np.bincount(y, minlength=classes), 1)))[y][:, None]
    for _ in range(steps):
        logits = z @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - onehot) * balance
        w -= 2.0 * (z.T @ grad / len(z) + l2 * w)
        b -= 2.0 * grad.mean(axis=0)
    raw_w = w / scale[:, None]  # z @ w + b == x @ (w / scale) + (b - (mean / scale) @ w)
    return raw_w.astype(np.float32), (b - (mean / scale) @ w).astype(np.float32)


def macro_f1(y: np.ndarray, predicted: np.ndarray, classes: int) -> float:
    scores = []
    for c in range(classes):
        tp = np.sum((predicted == c) & (y == c))
        wrong = np.sum((predicted == c) != (y == c))
        scores.append(2 * tp / max(1, 2 * tp + wrong))
    return float(np.mean(scores))


def cross_validate(x: np.ndarray, y: np.ndarray, classes: int, l2: float) -> tuple[float, float]:
    """Accuracy and macro-F1 of 5-fold cross-validation on the training examples."""
    folds = np.random.default_rng(0).permutation(len(x)) % FOLDS
    predicted = np.zeros(len(y), dtype=int)
    for fold in range(FOLDS):
        w, b = train_softmax(x[folds != fold], y[folds != fold], classes, l2)
        predicted[folds == fold] = np.argmax(x[folds == fold] @ w + b, axis=1)
    return float(np.mean(predicted == y)), macro_f1(y, predicted, classes)


def fit(name: str, x: np.ndarray, y: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    results = {l2: cross_validate(x, y, classes, l2) for l2 in L2_GRID}
    best = max(results, key=lambda l2: results[l2][1])
    for l2, (accuracy, f1) in results.items():
        print(f"  {name:9s} l2={l2:g}: {FOLDS}-fold accuracy {accuracy:.3f}, macro-F1 {f1:.3f}"
              + ("  ← kept" if l2 == best else ""))
    return train_softmax(x, y, classes, best)


def fit_quietly(x: np.ndarray, y: np.ndarray, ids: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A head as the classifier takes it, L2 chosen by cross-validation within ``x`` (for
    benchmarks that cross-validate the whole classifier)."""
    best = max(L2_GRID, key=lambda l2: cross_validate(x, y, len(ids), l2)[1])
    return (ids, *train_softmax(x, y, len(ids), best))


def examples(frame: Frame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The hand-written examples with their doel and actielijn as indexes into the frame's ids."""
    data = yaml.safe_load((ROOT / "models" / "training.yaml").read_text(encoding="utf-8"))
    doelen, actielijnen = frame.ids("doel"), frame.ids("actielijn")
    texts, doel_y, actielijn_y = [], [], []
    for doel, items in data.items():
        for text in items:
            texts.append(text)
            doel_y.append(doelen.index(doel))
            actielijn_y.append(actielijnen.index(frame.label("doel", doel).actielijn))
    return texts, np.array(doel_y), np.array(actielijn_y)


def main() -> None:
    check = "--check" in sys.argv[1:]
    settings = Settings()
    encoder = load_encoder(settings.model)
    frame = load_frame()
    doelen, actielijnen = frame.ids("doel"), frame.ids("actielijn")
    texts, doel_y, actielijn_y = examples(frame)
    x = encoder.encode(texts, kind="passage")
    print(f"{len(texts)} hand-written examples, model {encoder.name}")
    dw, db = fit("doel", x, doel_y, len(doelen))
    aw, ab = fit("actielijn", x, actielijn_y, len(actielijnen))
    if check:
        return
    np.savez(OUT, model=encoder.name, doel_w=dw, doel_b=db, doel_ids=np.array(doelen),
             actielijn_w=aw, actielijn_b=ab, actielijn_ids=np.array(actielijnen))
    print(f"→ {OUT}")


if __name__ == "__main__":
    main()
