"""Which encoder embeds a query: the model that made the store's vectors, so queries and statements always share
one vector space. Loading goes through ``nlp.embeddings.load_query_encoder`` (no torch when a fast path exists)."""
from __future__ import annotations

from pathlib import Path

from store.db import Store


def query_encoder(store: Store, configured_model: str):
    """The encoder of the model that made the store's vectors, or None (then: keyword only)."""
    model = store.embedding_model()
    return encoder_for(model[0], configured_model) if model else None


def encoder_for(store_model_name: str, configured_model: str):
    """Load the store's model. The store records a model folder by its name; the configured model
    (settings.model) is used when it is that model. None when the model cannot be loaded offline."""
    from nlp.embeddings import ModelNotAvailable, load_query_encoder  # numpy and the runtime: only when embedding

    wanted = configured_model if store_model_name in (configured_model, Path(configured_model).name) else store_model_name
    try:
        return load_query_encoder(wanted)
    except ModelNotAvailable:
        return None
