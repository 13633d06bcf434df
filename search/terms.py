"""The query's words as search terms: each word's terms (``nlp.terms``: lemma, diacritics folded, compound
parts), spelling variants the index holds, the query words they come from, and where they occur in a hit."""
from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.terms import TOKEN, term_hash, token_terms
from store.search_index import SearchIndex

if TYPE_CHECKING:  # handed down by the caller (kamerspoor.settings.Settings.search)
    from kamerspoor.settings import SearchSettings

Terms = dict[str, tuple[int, float]]  # term searched → (its query term's number, weight)


def expand_terms(index: SearchIndex, terms: list[str], settings: SearchSettings) -> Terms:
    """Each term searched → (its query term's number, weight). A query term counts fully; a spelling variant of
    it found in the index (``techniepact`` for ``techniekpact``) joins the same group with a lower weight, so
    BM25 treats the two spellings as one word."""
    expanded = {t: (n, 1.0) for n, t in enumerate(terms)}
    long_terms = [t for t in terms if len(t) >= settings.variant_min_length]
    if not long_terms:
        return expanded
    for variant, original in index.spelling_variants(long_terms):
        expanded.setdefault(variant, (expanded[original][0], settings.variant_weight))
    return expanded


def read_postings(index: SearchIndex, terms: Terms) -> None:
    """Read the postings of every term searched once for this query (``SearchIndex.read_postings``): the keyword
    ranking, what each term group is worth and each hit's keyword relevance all come from them."""
    index.read_postings([term_hash(t) for t in terms], [group for group, _ in terms.values()],
                        [weight for _, weight in terms.values()])


def query_units(terms: list[str]) -> list[list[int]]:
    """Positions in ``terms`` (``query_terms``: each word followed by its new compound parts) grouped by the
    query word they come from."""
    units: list[list[int]] = []
    for position, term in enumerate(terms):
        if units and term in token_terms(terms[units[-1][0]])[1:]:
            units[-1].append(position)
        else:
            units.append([position])
    return units


def highlight(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose terms (lemma, compound parts) match a query term."""
    if not terms:
        return []
    wanted = set(terms)
    return [m.span() for m in TOKEN.finditer(text) if wanted.intersection(token_terms(m.group(0)))]
