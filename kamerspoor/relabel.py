"""Label the stored statements again, from their stored vectors: the labelling changed, the papers did not.

Ingest skips unchanged files, so a store made before the scope decision (issue 18) or before new trained
heads keeps its old labels. ``kamerspoor relabel`` runs only the labelling of the model stage
(``Classifier.classify``, each paper judged whole, as ingest does) over what the store already holds —
no parsing, no encoding — and replaces each paper's labels in one transaction.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

from tqdm import tqdm

from kamerspoor.settings import Settings
from store.db import Store


@dataclass
class RelabelSummary:
    papers: int = 0
    statements: int = 0
    in_scope: int = 0
    skipped: list[str] = None  # papers without vectors (ingested with --no-classify)


def relabel(store: Store, settings: Settings, progress: bool = True) -> RelabelSummary:
    from nlp.classify import load_classifier

    model = store.embedding_model()
    if model is None:
        raise ValueError("this store has no vectors (ingested with --no-classify): ingest the papers with the model")
    classifier = load_classifier(settings.model)
    if classifier.encoder.name != model[0]:
        raise ValueError(f"the store's vectors are of {model[0]}, the configured model is {classifier.encoder.name}")
    summary = RelabelSummary(skipped=[])
    for document in tqdm(store.documents(), unit="paper", desc="relabel", disable=not progress, file=sys.stderr):
        rows = store.statements(document.id)
        ids, _, matrix = store.registry_vectors([document.id])
        position = {statement_id: n for n, statement_id in enumerate(ids)}
        if not rows or any(row.id not in position for row in rows):
            summary.skipped.append(document.id)
            continue
        vectors = matrix[[position[row.id] for row in rows]]
        labels = classifier.classify([r.text for r in rows], [r.section_path for r in rows],
                                     [r.lemmas for r in rows], vectors, one_paper=True)
        store.replace_labels(document.id, [r.id for r in rows], labels)
        summary.papers += 1
        summary.statements += len(rows)
        summary.in_scope += sum(label.in_scope for label in labels)
    return summary
