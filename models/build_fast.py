"""Build the fast paths of the default embedding model (issue 21), from the folder ``models/build_e5.py`` wrote
(the same bundled weights), and check each against the PyTorch path.

- **ONNX, int8 weights** (``onnx/model_int8.onnx``), for queries: onnxruntime's dynamic quantization, per channel;
  small and quick to load, so a command that embeds one query starts in a second.
- **OpenVINO** (``openvino/model.xml``), for ingest: the same float weights; OpenVINO computes in bfloat16 where
  the processor has it, 2.4× the PyTorch rate on this machine's AMX.
- **OpenVINO, int8** (``openvino/model_int8.xml``), for ingest when it passes: NNCF's static quantization of
  weights and activations (performance preset), calibrated on 400 other sentences of the sample corpus; on this
  machine's AMX a fifth faster again than bfloat16 (``bench/model_stage.py`` gives the figures).

Each is checked on 200 Dutch sentences of the sample corpus: every cosine with the PyTorch path must be ≥ 0.99,
or that build is removed and its path not used (the PyTorch path is). The figures land in ``onnx/onnx.json``,
``openvino/openvino.json`` and ``openvino/openvino_int8.json``. ``make install`` runs it.

Usage: ``python -m models.build_fast [MODEL_DIR]``.
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


def corpus_sentences() -> list[str]:
    """Dutch sentences of the sample corpus, 40–300 characters, in corpus order."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.md")))
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[#*|>\[\]_]", " ", text)) if 40 < len(s.strip()) < 300]


def check_sentences(count: int = 200) -> list[str]:
    """``count`` sentences evenly spread over the corpus: what every build is checked on."""
    sentences = corpus_sentences()
    step = max(1, len(sentences) // count)
    return sentences[::step][:count]


def calibration_sentences(count: int = 400) -> list[str]:
    """``count`` sentences evenly spread over the corpus, none of them a check sentence."""
    checked = set(check_sentences())
    others = [s for s in corpus_sentences() if s not in checked]
    return others[::max(1, len(others) // count)][:count]


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


def to_openvino(onnx_path: Path, out: Path) -> Path:
    """The exported float model as OpenVINO IR, weights kept in float32 (the precision is chosen when loaded)."""
    import openvino

    out.mkdir(exist_ok=True)
    target = out / "model.xml"
    openvino.save_model(openvino.convert_model(str(onnx_path)), str(target), compress_to_fp16=False)
    return target


def quantize_openvino(model_dir: Path, vino: Path) -> Path:
    """Static int8 of the OpenVINO model: NNCF measures each layer's activations on the calibration sentences
    and puts weights and activations in int8 (the transformer settings keep softmax and layer norms in float)."""
    import nncf
    import openvino

    from nlp.embeddings import OPENVINO_INT8, TokenIdsEncoder

    batches = [{"input_ids": ids, "attention_mask": mask}
               for _, ids, mask in TokenIdsEncoder(str(model_dir), batch_size=8).batches(calibration_sentences(), "passage")]
    model = openvino.Core().read_model(str(vino / "model.xml"))
    quantized = nncf.quantize(model, nncf.Dataset(batches), model_type=nncf.ModelType.TRANSFORMER,
                              preset=nncf.QuantizationPreset.PERFORMANCE, subset_size=len(batches))
    target = model_dir / OPENVINO_INT8
    openvino.save_model(quantized, str(target), compress_to_fp16=False)
    return target


def compare(reference, fast, sentences: list[str]) -> dict:
    """Cosines between the PyTorch path and a fast one, both as passages, and their speeds."""
    started = time.perf_counter()
    old = reference.encode(sentences, "passage")
    middle = time.perf_counter()
    new = fast.encode(sentences, "passage")
    done = time.perf_counter()
    cosines = np.sum(old * new, axis=1)
    return {"sentences": len(sentences), "min_cosine": round(float(cosines.min()), 5),
            "mean_cosine": round(float(cosines.mean()), 5), "torch_per_s": round(len(sentences) / (middle - started), 1),
            "fast_per_s": round(len(sentences) / (done - middle), 1)}


def keep_if_faithful(label: str, figures: dict, files: list[Path], record: Path) -> bool:
    """Print the check; a build below the floor is removed (its path stays off), else its figures are kept."""
    print(f"{label} vs PyTorch on {figures['sentences']} Dutch sentences: cosine min {figures['min_cosine']}, "
          f"mean {figures['mean_cosine']}; {figures['torch_per_s']} vs {figures['fast_per_s']} sentences/s")
    if figures["min_cosine"] < FLOOR:
        for path in files:
            path.unlink(missing_ok=True)
        print(f"{label}: not faithful enough (a cosine below {FLOOR}): this fast path stays off", file=sys.stderr)
        return False
    record.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return True


def main() -> int:
    import logging
    import warnings

    warnings.filterwarnings("ignore")  # the exporter's notes on ops it rewrites: nothing a user can act on
    logging.getLogger().setLevel(logging.ERROR)  # onnxruntime's "consider pre-processing" advice, likewise
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    model_dir = Path(args[0]) if args else DEFAULT_MODEL
    from nlp.embeddings import Encoder, OnnxEncoder, OpenVinoEncoder

    out, vino = model_dir / "onnx", model_dir / "openvino"
    out.mkdir(exist_ok=True)
    for stale in (out / "model_int8.onnx", out / "onnx.json", vino / "model.xml", vino / "model.bin", vino / "openvino.json",
                  vino / "model_int8.xml", vino / "model_int8.bin", vino / "openvino_int8.json"):
        stale.unlink(missing_ok=True)
    exported = export(model_dir, out)
    quantize(exported)
    to_openvino(exported, vino)
    if "--keep-fp32" not in sys.argv:
        exported.unlink()  # the float export was a step to the two builds
    sentences, reference = check_sentences(), Encoder(str(model_dir))
    onnx_ok = keep_if_faithful("ONNX int8", compare(reference, OnnxEncoder(str(model_dir)), sentences),
                               [out / "model_int8.onnx"], out / "onnx.json")
    fast = OpenVinoEncoder(str(model_dir))
    vino_ok = keep_if_faithful(f"OpenVINO ({fast.precision})", compare(reference, fast, sentences),
                               [vino / "model.xml", vino / "model.bin"], vino / "openvino.json")
    if vino_ok:
        int8 = quantize_openvino(model_dir, vino)
        keep_if_faithful("OpenVINO (int8)", compare(reference, OpenVinoEncoder(str(model_dir)), sentences),
                         [int8, int8.with_suffix(".bin")], vino / "openvino_int8.json")
    return 0 if onnx_ok and vino_ok else 1


if __name__ == "__main__":
    sys.exit(main())
