"""Search over the store's statements: keyword (BM25), meaning (vectors), fused, with relevance.

The CLI and the app call ``search(store, request, settings, encoder)`` alike; the store is read only through
its door for search, ``store.search_index.SearchIndex``.
"""
from search.engine import NO_GOOD_HITS, search
from search.model import encoder_for, query_encoder
from search.request import (LABEL_FILTERS, MODES, SearchError, SearchHit, SearchRequest, SearchResult, hits_as_rows,
                            normalise_reference, validate)

__all__ = ["LABEL_FILTERS", "MODES", "NO_GOOD_HITS", "SearchError", "SearchHit", "SearchRequest", "SearchResult",
           "encoder_for", "hits_as_rows", "normalise_reference", "query_encoder", "search", "validate"]
