"""Issue 17: moties named in running text — every form of the written set, and the real name shapes of
the Kamer's own record (the zaak ``Onderwerp`` of the 5,591 shared moties)."""
from __future__ import annotations

import pytest

from kit.motie_mention_gold import FORMS, evaluate, figures, load
from kit.motie_names import onderwerp_readings
from nlp.motie_mentions import find_moties
from tests.conftest import SHARED_TK


def test_the_written_set_covers_every_form():
    items = load()
    positives = [i for i in items if i["motie"]]
    assert len(positives) >= 150 and len(items) - len(positives) >= 150
    for form in FORMS:
        assert sum(i["form"] == form for i in positives) >= 18, form
    assert {"algemeen", "woordvorm", "zonder-naam", "partij", "ander-stuk", "kop"} <= {i["form"] for i in items
                                                                                      if not i["motie"]}


def test_every_form_meets_the_targets():
    result = evaluate(load())
    marks = figures(result)
    for form in FORMS:
        recall, precision = marks[form]
        assert recall >= 0.9 and precision >= 0.9, (form, recall, precision)
    assert sum(result["negative_hits"].values()) <= 3, result["negative_hits"]


@pytest.mark.parametrize("text, expected", [
    ("de motie van het lid Faber-van de Klashorst over de grensbewaking", [(["Faber-van de Klashorst"], None)]),
    ("de motie van de leden Romke de Jong en Van Toorenburg-Dijsselbloem (Kamerstuk 21 501-04, nr. 279)",
     [(["Romke de Jong", "Van Toorenburg-Dijsselbloem"], "21501-04-279")]),
    ("de motie van lid Kwint c.s. over de kosten van het schoolkamp", [(["Kwint"], None)]),
    ("de motie-Sneller4 over de landsadvocaat", [(["Sneller"], None)]),  # a footnote mark is no part of a name
    ("het kabinet voert de motie Özütok uit", [(["Özütok"], None)]),
    ("de moties-Kwint en -Podt", [(["Kwint"], None), (["Podt"], None)]),
    ("De twee moties van het lid Van der Lee (Kamerstuk 36 410 XII, nrs. 21 en 22)",
     [(["Van der Lee"], "36410-XII-21"), (["Van der Lee"], "36410-XII-22")]),
    ("de motie van het lid Inge van Dijk (nr. 33) en de motie van het lid Van Campen (nr. 35), beide bij de "
     "Omgevingswet (Kamerstuk 33 118)", [(["Inge van Dijk"], "33118-33"), (["Van Campen"], "33118-35")]),
    ("Deze motie is voorgesteld door de leden Ellian en Van der Werf. Zij krijgt nr. 23 (36 123).",
     [(["Ellian", "Van der Werf"], "36123-23")]),
    ("de motie van de VVD-fractie over de zomertijd", []),
    ("de motie van D66 over toegankelijkheid", []),
    ("een motie van wantrouwen werd verworpen", []),
    ("Bijlage 2: Stand van zaken moties Onderwijs, Cultuur en Wetenschap", []),
    ("De promotie van techniek en de emotie van de dag", []),
])
def test_named_shapes(text, expected):
    assert [(list(m.indieners), m.kamerstuk_id) for m in find_moties(text)] == expected


def test_the_kamers_own_onderwerp_names_are_read_whole():
    """The zaak Onderwerp ("Motie van de leden Van der Lee en Tjeerd de Groot over …") of every shared motie:
    its names are read as the Kamer wrote them (a handful of the Kamer's own typos, such as a doubled
    "c.s. c.s.", are allowed for)."""
    ok, checked, misses = onderwerp_readings(SHARED_TK)
    assert checked > 5000 and ok / checked >= 0.999, misses[:10]
