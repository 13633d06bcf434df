"""Near-duplicate fingerprints: one paper in two forms must become one document.

A MinHash over word 4-shingles of the normalised text. Two forms of one paper
differ in furniture, letterhead and hyphenation but share most shingles, so the
share of the smaller one's signature found in the other (containment) is high.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

SIGNATURE_SIZE = 256
MIN_OVERLAP_SAMPLE = 16  # fewer shared-range hashes than this: sizes too different to call
SHINGLE = 4


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", folded.replace("-", ""))


def shingles(text: str) -> set[int]:
    words = _words(text)
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams if g}


def fingerprint(text: str) -> list[int]:
    """The smallest SIGNATURE_SIZE shingle hashes (a bottom-k MinHash sketch)."""
    return sorted(shingles(text))[:SIGNATURE_SIZE]


def containment(a: list[int], b: list[int]) -> float:
    """Estimated share of the smaller document's shingles that the other one has too.

    With bottom-k sketches, restrict both to the hash range both sketches cover.
    """
    if not a or not b:
        return 0.0
    limit = min(a[-1], b[-1])
    sa = {h for h in a if h <= limit}
    sb = {h for h in b if h <= limit}
    smaller = min(len(sa), len(sb))
    return len(sa & sb) / smaller if smaller >= MIN_OVERLAP_SAMPLE else 0.0
