"""Rebuild the registry of moties and toezeggingen from everything in the store.

Runs after an ingest (a new paper can answer an old promise). Similarity search uses
the stored statement vectors and the store's own embedding model.
"""
from __future__ import annotations

from kamerspoor.settings import Settings
from nlp.registry import build_registry
from store.db import Store


def rebuild_registry(store: Store, settings: Settings) -> int:
    documents = [{**d, "doc_type": d["type"]} for d in store.documents()]
    statements: dict[str, list[dict]] = {d["id"]: [] for d in documents}
    for row in store.statements():  # one query, in document order
        statements.setdefault(row["doc_id"], []).append(row)
    answers_of: dict[str, list[dict]] = {}
    for rows in statements.values():
        for row in rows:
            if row["answer_to"]:
                answers_of.setdefault(row["answer_to"], []).append(row)
    forms = {row["doc_id"]: row for row in store.motie_forms()}
    records = build_registry(documents, statements, answers_of, _similarity(store, settings), forms)
    store.replace_commitments(records)
    return len(records)


def _similarity(store: Store, settings: Settings):
    """Cosine search over the stored vectors, or None when the store has none."""
    ids, matrix = store.statement_vectors()
    model = store.embedding_model()
    if not ids or model is None:
        return None
    from nlp.embeddings import load_encoder

    encoder = load_encoder(settings.model)
    if encoder.name != model[0]:
        return None
    position = {statement_id: n for n, statement_id in enumerate(ids)}

    def similar(query: str, candidates: set[str]) -> list[tuple[str, float]]:
        scores = matrix @ encoder.encode([query], kind="query")[0]
        found = [(c, float(scores[position[c]])) for c in candidates if c in position]
        return sorted(found, key=lambda item: -item[1])

    return similar
