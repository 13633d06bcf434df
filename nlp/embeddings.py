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


def text_key(text: str, kind: str) -> str:
    """Cache key of a text's vector: which prompt, and a hash of the text."""
    return hashlib.sha1(f"{kind}\x00{text}".encode()).hexdigest()


@lru_cache(maxsize=2)
def load_encoder(name: str) -> Encoder:
    return Encoder(name)
