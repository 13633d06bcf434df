"""Issue 18: labels only for statements about the frame's field — measured on the held-aside hand-labelled
papers, and end to end: a paper outside the field gets no filterable label, a Techniekpact paper keeps its own."""
from __future__ import annotations

import numpy as np
import pytest

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from kit.scope_set import features, load, split_of, truth
from nlp.classify import Labels, LabelScore, load_classifier
from nlp.scope import furniture, load_weights
from store.db import Store

ASYLUM = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 4 maart 2025
Betreft Stand van zaken opvang asielzoekers

Geachte voorzitter,

Nederland kampt al langere tijd met een tekort aan reguliere opvangplekken voor asielzoekers. Het COA
kan de instroom in Ter Apel niet bijhouden, waardoor er te weinig plekken zijn in Groningen en Drenthe.
Ik zal uw Kamer voor de zomer informeren over de spreidingswet en de afspraken met gemeenten.
De Dienst Terugkeer en Vertrek zet in op het vertrek van uitgeprocedeerde vreemdelingen.

De Minister van Asiel en Migratie,
"""
TECHNIEK = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 4 maart 2025
Betreft Voortgang Techniekpact

Geachte voorzitter,

Er is in Oost-Nederland een groot tekort aan technici en aan docenten in het technisch beroepsonderwijs.
Het aantal leerlingen dat in het vmbo voor techniek kiest, blijft achter bij wat de regionale arbeidsmarkt vraagt.
Samen met het bedrijfsleven investeren we in hybride docenten en in stageplaatsen voor mbo-studenten techniek.

De Minister van Onderwijs, Cultuur en Wetenschap,
"""


@pytest.mark.parametrize("text, why", [
    ("Tweede Kamer, vergaderjaar 2024–2025, 32 637, nr. 448", "kop met vergaderjaar"),
    ("Nr. 448", "stuknummer"),
    ("12", "een los getal"),
    ("en gaat over tot de orde van de dag.", "vaste formule"),
    ("MOTIE VAN DE LEDEN KWINT EN TJEERD DE GROOT", "kop in hoofdletters"),
    ("31 524 Beroepsonderwijs en Volwassenen Educatie", "dossierkop"),
    ("Kamerstuk 32 637, nr. 433.", "alleen een verwijzing"),
    ("Raaijman, J., van Druten, L. & Frietman, J. (2016).", "literatuurverwijzing"),
])
def test_page_furniture_is_never_labelled(text, why):
    assert furniture(text) == why


def test_content_is_not_furniture():
    for text in ("Het tekort aan technici (2019) loopt op.", "Arbeidsaanbod", "INSTROOMCIJFERS BÈTATECHNISCH PROFIEL",
                 "In 2019 is het tekort aan technici opgelopen tot 30.000 (ROA, 2019).",
                 "MB&T (2012) beschrijft dat tot en met 2011 de keuze voor techniek binnen het vmbo achterbleef.",
                 "De Graaf et al. (2020) concluderen dat de technologieroute werkt."):
        assert furniture(text) is None, text


def test_the_held_aside_papers():
    """The papers ``models/train_scope.py`` never saw: statements in scope are kept (recall), and few out of
    scope are let in."""
    classifier = load_classifier(Settings().model)
    rows = [r for r in load() if split_of(r["doc_id"]) == "test"]
    assert len({r["doc_id"] for r in rows}) >= 20 and sum(r["scope"] == "in" for r in rows) >= 30
    model = load_weights(classifier.encoder.name)
    assert model.get("model") == classifier.encoder.name, "models/scope.json is trained for the default model"
    x, y = features(classifier.scope, rows), truth(rows)
    content = np.array([furniture(r["text"]) is None for r in rows])
    kept = (1 / (1 + np.exp(-(x @ np.array(model["weights"]) + model["bias"]))) >= model["threshold"]) & content
    assert kept[y].mean() >= 0.95
    assert (kept & ~y).sum() / max(1, (~y).sum()) <= 0.15


def test_a_paper_outside_the_field_gets_no_filterable_label_but_stays_searchable(tmp_path):
    (tmp_path / "asiel.md").write_text(ASYLUM, encoding="utf-8")
    (tmp_path / "techniek.md").write_text(TECHNIEK, encoding="utf-8")
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1)
    assert not ingest_paths([tmp_path], settings, progress=False).failed
    with Store(settings.db_path, read_only=True) as store:
        documents = {d.title: d.id for d in store.documents()}
        asylum, techniek = documents["Stand van zaken opvang asielzoekers"], documents["Voortgang Techniekpact"]
        labels = store.labels()
        sets = {doc: {r.label_set for r in labels if r.doc_id == doc} for doc in (asylum, techniek)}
        scope = {r.statement_id: r for r in labels if r.label_set == "scope"}
        knelpunten = store.knelpunten(settings.search.label_threshold)
        tekort = next(s for s in store.statements(asylum) if "opvangplekken" in s.text)
    assert sets[asylum] == {"scope"}, "no actielijn, doel, thema, landsdeel or knelpunt outside the field"
    assert {"actielijn", "knelpunt", "landsdeel", "scope"} <= sets[techniek]
    assert scope[tekort.id].label_id == "uit" and scope[tekort.id].reason
    assert {k.doc_id for k in knelpunten} == {techniek}
    assert any(k.landsdeel == "oost" for k in knelpunten)  # a region from a place ("Oost-Nederland")
    # still found as text
    from search import SearchRequest, search

    with Store(settings.db_path, read_only=True) as store:
        hits = search(store, SearchRequest("opvangplekken asielzoekers", mode="keyword"), settings.search).hits
    assert any(h.doc_id == asylum for h in hits)


def test_relabel_brings_an_old_store_up_to_date(tmp_path):
    """A store labelled before the scope decision (here: its scope labels removed and an asylum statement
    given an actielijn, as the old labelling did) is relabelled from its stored vectors."""
    import subprocess
    import sys

    (tmp_path / "asiel.md").write_text(ASYLUM, encoding="utf-8")
    settings = Settings(db_path=tmp_path / "s.duckdb", workers=1)
    ingest_paths([tmp_path], settings, progress=False)
    with Store(settings.db_path) as store:
        before = sorted((r.statement_id, r.label_set, r.label_id) for r in store.labels())
        (doc,) = store.documents()
        ids = [r.id for r in store.statements(doc.id)]
        old = [Labels() for _ in ids]  # the old labelling: no scope labels, and an actielijn for asylum
        old[5] = Labels(scores=[LabelScore("actielijn", "werken", 0.9, "embedding", "oud")])
        store.replace_labels(doc.id, ids, old)
    done = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "relabel", "--quiet", "--db", str(settings.db_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "relabelled 1 papers" in done.stdout
    with Store(settings.db_path, read_only=True) as store:
        assert sorted((r.statement_id, r.label_set, r.label_id) for r in store.labels()) == before
    bare = Settings(db_path=tmp_path / "bare.duckdb", workers=1, classify=False)
    ingest_paths([tmp_path], bare, progress=False)
    refused = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "relabel", "--db", str(bare.db_path)],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "no vectors" in refused.stderr
