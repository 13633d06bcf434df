"""Train the small supervised doel and actielijn heads (logistic regression on embeddings).

Training data: ``models/training.yaml`` (hand-written examples, never the shared gold sets).
Output: ``models/heads.npz`` with the weights and the name of the embedding model they
belong to; the classifier ignores heads made for another model. Run again after
changing the examples or the default model: ``python models/train_heads.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kamerspoor.settings import Settings  # noqa: E402
from nlp.embeddings import load_encoder  # noqa: E402
from nlp.taxonomy import load_frame  # noqa: E402

OUT = ROOT / "models" / "heads.npz"


def train_softmax(x: np.ndarray, y: np.ndarray, classes: int, l2: float = 1e-2, steps: int = 800) -> tuple:
    """Multinomial logistic regression by gradient descent (no extra dependency)."""
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.01, (x.shape[1], classes))
    b = np.zeros(classes)
    onehot = np.eye(classes)[y]
    for _ in range(steps):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = p - onehot
        w -= 2.0 * (x.T @ grad / len(x) + l2 * w)
        b -= 2.0 * grad.mean(axis=0)
    return w.astype(np.float32), b.astype(np.float32)


def main() -> None:
    settings = Settings()
    encoder = load_encoder(settings.model)
    frame = load_frame()
    examples = yaml.safe_load((ROOT / "models" / "training.yaml").read_text(encoding="utf-8"))
    doelen = [lab.id for lab in frame.labels["doel"]]
    actielijnen = [lab.id for lab in frame.labels["actielijn"]]
    texts, doel_y, actielijn_y = [], [], []
    for doel, items in examples.items():
        for text in items:
            texts.append(text)
            doel_y.append(doelen.index(doel))
            actielijn_y.append(actielijnen.index(frame.label("doel", doel).actielijn))
    x = encoder.encode(texts, kind="passage")
    dw, db = train_softmax(x, np.array(doel_y), len(doelen))
    aw, ab = train_softmax(x, np.array(actielijn_y), len(actielijnen))
    np.savez(OUT, model=encoder.name, doel_w=dw, doel_b=db, doel_ids=np.array(doelen),
             actielijn_w=aw, actielijn_b=ab, actielijn_ids=np.array(actielijnen))
    print(f"trained on {len(texts)} examples → {OUT}")


if __name__ == "__main__":
    main()
