"""Issue 20, parts 2 and 3: region by inheritance, adjective and demonym forms, knelpunt forms of pacts.

Real components: the frame of corpus/, the gazetteer, the pipeline's parser and statement stage
(``process_file``) and the real classifier with its encoder (loaded once for the module).
"""
from __future__ import annotations

import pytest

from kamerspoor.pipeline import process_file
from kamerspoor.settings import Settings
from nlp.classify import load_classifier
from nlp.gazetteer import adjective_forms, find_landsdelen
from nlp.taxonomy import load_frame
from kit.region_set import KNELPUNT_FORMS, KNELPUNT_NEAR_MISSES, ONE_REGION_PAPER
from tests.conftest import CORPUS

THRESHOLD = Settings().search.label_threshold

@pytest.fixture(scope="module")
def classifier():
    return load_classifier(Settings().model)


def label_paper(classifier, path):
    rows = process_file(path, Settings()).statements.statements
    labels = classifier.classify([s.text for s in rows], [s.section_path for s in rows], [s.lemmas for s in rows],
                                 one_paper=True)
    return rows, labels


def best_landsdeel(labels):
    scores = [s for s in labels.scores if s.label_set == "landsdeel" and s.score >= THRESHOLD]
    return max(scores, key=lambda s: s.score) if scores else None


def test_adjective_and_demonym_forms_are_found():
    frame = load_frame()
    text = ("Wij beschrijven de knelpunten van de Achterhoekse arbeidsmarkt, met Twentse, Zeeuwse, Limburgse, "
            "Friese, Groningse, Drentse en Zuid-Hollandse werkgevers en veel Achterhoekers.")
    found = {(h.name, h.landsdeel) for h in find_landsdelen(text, frame)}
    assert {("Achterhoek", "oost"), ("Twente", "oost"), ("Zeeland", "zuidwest"), ("Limburg", "zuidoost"),
            ("Friesland", "noord"), ("Groningen", "noord"), ("Drenthe", "noord"), ("Zuid-Holland", "zuidwest")} <= found
    assert adjective_forms("Achterhoek") == ["Achterhoeks", "Achterhoekse", "Achterhoekers"]
    assert adjective_forms("Twente")[:2] == ["Twents", "Twentse"] and "Liemerse" in adjective_forms("Liemers")
    # pact regions and programmes, and the Brabant split: Brabantse is ambiguous, West-Brabantse is not
    pacts = find_landsdelen("Cleantech Regio, Techniekpact Noord-Nederland en Brainport.", frame)
    assert sorted(h.landsdeel for h in pacts) == ["noord", "oost", "zuidoost"]
    brabant, west = find_landsdelen("Brabantse bedrijven", frame), find_landsdelen("West-Brabantse bedrijven", frame)
    assert brabant[0].ambiguous and brabant[0].score < 0.85 and (west[0].landsdeel, west[0].ambiguous) == ("zuidwest", False)
    # lower-case words are never places ("kampen met", "de fries")
    assert find_landsdelen("bedrijven kampen met tekorten en eten fries", frame) == []


def test_one_region_paper_lends_its_landsdeel(classifier, tmp_path):
    path = tmp_path / "agenda-twente.md"
    path.write_text(ONE_REGION_PAPER, encoding="utf-8")
    rows, labels = label_paper(classifier, path)
    inside = [(r, lab) for r, lab in zip(rows, labels) if lab.in_scope]
    assert len(inside) >= 10
    carry = [(r, lab) for r, lab in inside if (best := best_landsdeel(lab)) and best.label_id == "oost"]
    assert len(carry) >= 0.9 * (len(inside) - 1), [r.text for r, lab in inside if (r, lab) not in carry]
    named_none = [lab for r, lab in inside if not find_landsdelen(r.text, classifier.frame)]
    assert named_none and all(best_landsdeel(lab).reason.startswith("document: over Twente") for lab in named_none)
    enschede = next(lab for r, lab in inside if "Enschede" in r.text)
    assert best_landsdeel(enschede).reason.startswith("plaats 'Enschede'")
    # a statement naming another region keeps its own
    zeeland = next(lab for r, lab in zip(rows, labels) if "Zeeland" in r.text)
    assert best_landsdeel(zeeland).label_id == "zuidwest" and best_landsdeel(zeeland).reason.startswith("plaats")
    assert not any(s.label_id == "oost" for s in zeeland.scores if s.label_set == "landsdeel")


def test_a_heading_naming_one_region_lends_it_to_its_section(classifier, tmp_path):
    path = tmp_path / "pact.md"
    path.write_text("# Techniekpact van drie provincies\n\n## Afspraken\n\n### Provincie Drenthe\n\n"
                    "- Draagt jaarlijks € 250.000 bij aan praktijklokalen techniek op vmbo-scholen.\n\n"
                    "### Provincie Zeeland\n\n- Financiert zij-instroom naar technische beroepen in de procesindustrie.\n",
                    encoding="utf-8")
    rows, labels = label_paper(classifier, path)
    drenthe = next(lab for r, lab in zip(rows, labels) if r.text.startswith("Draagt"))
    zeeland = next(lab for r, lab in zip(rows, labels) if r.text.startswith("Financiert"))
    assert (best_landsdeel(drenthe).label_id, best_landsdeel(zeeland).label_id) == ("noord", "zuidwest")
    assert best_landsdeel(drenthe).reason.startswith("sectie: over Drenthe")


def test_a_national_paper_with_several_regions_inherits_nothing(classifier, tmp_path):
    path = tmp_path / "kamerbrief.md"
    path.write_text("# Voortgang Techniekpact\n\n"
                    "Het kabinet zet de samenwerking in het Techniekpact met alle landsdelen voort.\n"
                    "In Twente werken scholen en bedrijven samen aan technische leerroutes.\n"
                    "In Zeeland is een programma gestart voor procestechnici.\n"
                    "Brainport Eindhoven investeert in talent voor de hightech maakindustrie.\n"
                    "In Groningen krijgen vmbo-scholen nieuwe praktijklokalen techniek.\n"
                    "Het aantal studenten in technische hbo-opleidingen is gestegen.\n"
                    "Het kabinet stelt extra middelen beschikbaar voor hybride docenten in het mbo.\n", encoding="utf-8")
    rows, labels = label_paper(classifier, path)
    assert not any(s.method.startswith(("document", "section")) for lab in labels for s in lab.scores
                   if s.label_set == "landsdeel")
    # and the sample corpus, papers of the whole country, inherits nothing from a document either
    rows, labels = label_paper(classifier, CORPUS / "kst-32637-448.md")
    assert not any(s.method == "document" for lab in labels for s in lab.scores if s.label_set == "landsdeel")


def test_knelpunt_forms_of_pacts_and_near_misses(classifier):
    scores = [lab.knelpunt for lab in classifier.classify(KNELPUNT_FORMS + KNELPUNT_NEAR_MISSES)]
    forms, misses = scores[:len(KNELPUNT_FORMS)], scores[len(KNELPUNT_FORMS):]
    assert all(s >= 0.5 for s in forms), [t for t, s in zip(KNELPUNT_FORMS, forms) if s < 0.5]
    assert all(s < 0.5 for s in misses), [t for t, s in zip(KNELPUNT_NEAR_MISSES, misses) if s >= 0.5]
