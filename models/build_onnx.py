"""Build the fast path of the default embedding model: multilingual-e5-small as ONNX, weights int8 (issue 21).

From the sentence-transformers folder ``models/build_e5.py`` wrote (the same bundled weights), this exports the
transformer to ONNX (``model.onnx``), quantizes its weights to int8 with onnxruntime's dynamic quantization
(``model_int8.onnx``), and checks the result against the PyTorch path on 200 Dutch sentences of the sample
corpus: every cosine must be ≥ 0.99, or the build fails and the fast path is not used. Both files and the check's
figures (``onnx.json``) land in ``models/multilingual-e5-small/onnx/``. ``make install`` runs it.

Usage: ``python models/build_onnx.py [MODEL_DIR]``.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "models" / "multilingual-e5-small"
FLOOR = 0.99  # the least cosine between the two paths on any check sentence


def check_sentences(count: int = 200) -> list[str]:
    """Dutch sentences of the sample corpus, 40–300 characters, evenly spread over it."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.md")))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[#*|>\[\]_]", " ", text)) if 40 < len(s.strip()) < 300]
    step = max(1, len(sentences) // count)
    return sentences[::step][:count]


def export(model_dir: Path, out: Path) -> Path:
    """The transformer as ONNX with dynamic batch and length (what sentence-transformers' first module runs)."""
    import torch
    from transformers import AutoModel

    class Hidden(torch.nn.Module):
        """The transformer's last hidden state from ids and mask, by keyword (its forward takes many more)."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = Hidden(AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False).eval())  # the pooler is unused
    ids = torch.ones((2, 8), dtype=torch.long)
    path = out / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(model, (ids, torch.ones_like(ids)), str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                        "last_hidden_state": {0: "batch", 1: "tokens"}})
    return path


def quantize(path: Path) -> Path:
    """int8 weights per output channel for the word embeddings and every matrix product but each layer's
    feed-forward output, which stays float: measured on the check sentences, per tensor everywhere gave a least
    cosine of 0.980, per channel 0.988, and per channel without the 12 feed-forward outputs 0.997. The int8
    word embeddings (the bulk of the file: 250 000 × 384) cost nothing measurable and make the file 139 MB
    instead of 428, so it loads in half the time."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    products = [n.name for n in onnx.load(str(path), load_external_data=False).graph.node if n.op_type == "MatMul"]
    sensitive = [name for name in products if "/output/dense/" in name and "/attention/" not in name]
    target = path.with_name("model_int8.onnx")
    quantize_dynamic(str(path), str(target), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Gather"], nodes_to_exclude=sensitive)
    return target


def compare(model_dir: Path, sentences: list[str]) -> dict:
    """Cosines between the PyTorch and the ONNX int8 path, both as passages, and their speeds."""
    from nlp.embeddings import Encoder, OnnxEncoder

    reference, fast = Encoder(str(model_dir)), OnnxEncoder(str(model_dir))
    started = time.perf_counter()
    old = reference.encode(sentences, "passage")
    middle = time.perf_counter()
    new = fast.encode(sentences, "passage")
    done = time.perf_counter()
    cosines = np.sum(old * new, axis=1)
    return {"sentences": len(sentences), "min_cosine": round(float(cosines.min()), 4),
            "mean_cosine": round(float(cosines.mean()), 4), "torch_per_s": round(len(sentences) / (middle - started), 1),
            "onnx_int8_per_s": round(len(sentences) / (done - middle), 1)}


def main() -> int:
    import logging
    import warnings

    warnings.filterwarnings("ignore")  # the exporter's notes on ops it rewrites: nothing a user can act on
    logging.getLogger().setLevel(logging.ERROR)  # onnxruntime's "consider pre-processing" advice, likewise
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    model_dir = Path(args[0]) if args else DEFAULT_MODEL
    sys.path.insert(0, str(ROOT))
    out = model_dir / "onnx"
    out.mkdir(exist_ok=True)
    for stale in ("model_int8.onnx", "onnx.json"):
        (out / stale).unlink(missing_ok=True)
    quantize(export(model_dir, out))
    keep = "--keep-fp32" in sys.argv
    if not keep:
        (out / "model.onnx").unlink()  # only the int8 file is used; the export was a step to it
    figures = compare(model_dir, check_sentences())
    print(f"ONNX int8 vs PyTorch on {figures['sentences']} Dutch sentences: cosine min {figures['min_cosine']}, "
          f"mean {figures['mean_cosine']}; {figures['torch_per_s']} vs {figures['onnx_int8_per_s']} sentences/s")
    if figures["min_cosine"] < FLOOR:
        (out / "model_int8.onnx").unlink()
        print(f"not faithful enough (a cosine below {FLOOR}): the fast path stays off", file=sys.stderr)
        return 1
    (out / "onnx.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
