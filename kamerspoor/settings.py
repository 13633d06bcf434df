"""The one settings object: every tunable of Kamerspoor lives here.

Values come from, in rising priority: the defaults below, environment variables
(``KAMERSPOOR_*``), and command-line flags (the CLI builds a copy with ``replace``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.limits import Limits

# The folder that holds our packages: the checkout, or site-packages for an installed wheel. ``app.py`` and the
# built model folder (``models/multilingual-e5-small``, made by ``make install``) are found beside them.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class SearchSettings:
    """Tunables of hybrid search (issue 6); bench/search.py measures them.

    The relevance floors (issue 18) were chosen on bench/search.py's 40 judged queries and its
    nonsense queries, on the sample store (4,184 statements, 15 papers): the highest floors at which
    nDCG@10 and recall@20 of keyword and hybrid search do not drop (keyword 0.724/0.596 → 0.726/0.598,
    hybrid 0.765/0.602 → 0.768/0.621) and no nonsense query returns a hit. Keyword floors 0.34–0.37
    all hold; from 0.38 on, one-word matches of two-word queries are lost (hybrid 0.746). A semantic
    margin of 0.035 (0.35 × 0.1) is above the best a nonsense query reaches (0.028, "lorem ipsum dolor
    sit amet"; 0.032 for the off-topic "fietsenmaker in Utrecht"); e5-small gives many judged-relevant
    statements no larger margin, so semantic-only search loses some (0.581/0.463 → 0.552/0.372; a
    margin of 0.02 would keep them, 0.605/0.470, but lets 14 "lorem ipsum" hits through).
    Stop-like: stop_spread 0.85 makes `minister` (0.89 of its expected papers) stop-like; at 0.9
    "kamer minister" returns 106 statements again. stop_min_share 1 % (not 0.5 %) keeps mid-frequency
    words like `voortgang` (6 of 15 papers) informative: keyword nDCG 0.701 → 0.726.
    vouch_relevance (issue 23) was chosen on the paraphrase questions' dev half and the 40 queries (README).
    """

    label_threshold: float = 0.5   # a statement "has" a label (for filters) from this score on
    pool: int = 100                # candidates each method hands to the fusion
    rrf_k: int = 60                # reciprocal rank fusion: 1 / (k + rank)
    keyword_weight: float = 1.0
    semantic_weight: float = 1.0
    # Issue 23: in hybrid search each method's weight is scaled by the best relevance among its top hits
    # (search/engine.py: trust), so a paraphrased question leans on meaning and a name or id on words.
    adaptive_fusion: bool = True
    trust_top: int = 3
    vouch_relevance: float = 0.3  # in hybrid fusion a method votes only for hits of at least this relevance by its
    #                                own measure (search/engine.py: vouched); 0: every ranked hit votes
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    variant_weight: float = 0.6    # a spelling variant of a query term counts this much (Techniepact)
    variant_min_length: int = 7    # only longer words get variants: short ones have too many neighbours
    use_vector_index: bool = True  # off: always exact cosine (bench/search.py compares the two)
    ann_min_vectors: int = 20_000  # below this, semantic search is exact and no IVF index is built
    ann_probe_share: float = 0.04  # share of IVF cells scanned per query
    ann_filter_hold: int = 2       # under a filter: the nearest cells scanned hold this many × pool candidates
    #                                (more: better recall, slower; bench/search.py measures 2, 4 and 8)
    max_query_chars: int = 2_000   # longer queries are cut (and the result says so)
    # Relevance (issue 18): every hit gets a relevance in [0, 1] (search/relevance.py); hits below
    # min_relevance are dropped, so a query nothing answers well gets an empty result, not `limit` weak ones.
    min_relevance: float = 0.35         # keyword: share of the query's information held; semantic: margin / full
    semantic_full_margin: float = 0.1   # cosine above the null-query baseline that counts as relevance 1
    agreement: bool = True              # a hit both methods find: noisy-OR of their relevances, not the larger
    #                                     (search/relevance.py: hit_relevance; issue 23, README)
    null_queries: int = 60              # random-letter and stop-word queries each, the semantic baseline
    null_top: int = 3                   # a statement's baseline: mean of its best cosines with them
    stop_min_papers: int = 10           # fewer papers: no word is stop-like (no evidence of spread)
    stop_min_share: float = 0.01        # stop-like words are in at least 1 % of the statements …
    stop_spread: float = 0.85           # … and in at least 85 % of the papers chance would put them in


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=lambda: Path(os.environ.get("KAMERSPOOR_DB", "kamerspoor.duckdb")))
    workers: int = field(default_factory=lambda: _env_int("KAMERSPOOR_WORKERS", os.cpu_count() or 1))
    # Where per-file parsing runs: "process" (a local pool) or "ray" (a Ray cluster, local if none).
    executor: str = field(default_factory=lambda: os.environ.get("KAMERSPOOR_EXECUTOR", "process"))
    # Where workers leave their per-file Parquet shards for the writer (default: beside the store).
    # On a cluster this must be storage every worker and the writer can reach.
    shard_dir: Path | None = field(default_factory=lambda: Path(os.environ["KAMERSPOOR_SHARDS"])
                                   if os.environ.get("KAMERSPOOR_SHARDS") else None)
    limits: Limits = field(default_factory=Limits)
    ocr_language: str = field(default_factory=lambda: os.environ.get("KAMERSPOOR_OCR_LANG", "nld"))
    # Embedding model: a sentence-transformers name or folder (default: the offline-built e5).
    model: str = field(default_factory=lambda: os.environ.get(
        "KAMERSPOOR_MODEL", str(PROJECT_ROOT / "models" / "multilingual-e5-small")))
    # Compute vectors and labels during ingest (off: parse and split only, much faster).
    classify: bool = True
    # A text form's near-duplicate threshold: share of the smaller document's word
    # shingles found in the other one.
    duplicate_containment: float = 0.6
    search: SearchSettings = field(default_factory=SearchSettings)
    # Tweede Kamer open data (`kamerspoor tk sync`): the OData service, where its publication files
    # live (the only origin publication URLs may have is rewritten to this), and the page size (≤ 250).
    tk_base_url: str = field(default_factory=lambda: os.environ.get(
        "KAMERSPOOR_TK_BASE_URL", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"))
    tk_publication_base: str = field(default_factory=lambda: os.environ.get(
        "KAMERSPOOR_TK_PUBLICATION_BASE", "https://repository.overheid.nl"))
    tk_page_size: int = field(default_factory=lambda: _env_int("KAMERSPOOR_TK_PAGE_SIZE", 250))

    @property
    def shard_folder(self) -> Path:
        return self.shard_dir or self.db_path.with_name(self.db_path.name + ".shards")

    def with_overrides(self, **changes) -> "Settings":
        clean = {k: v for k, v in changes.items() if v is not None}
        for name in ("db_path", "shard_dir"):
            if name in clean:
                clean[name] = Path(clean[name])
        return replace(self, **clean)


def default_settings() -> Settings:
    return Settings()
