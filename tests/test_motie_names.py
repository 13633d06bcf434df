"""Issue 17: every real motie is a motie record with all its indieners, multi-word names intact,
measured against the Kamer's own record (zaak Onderwerp, signatures) — bench/motie_names.py prints
the same figures with the misses."""
from __future__ import annotations

import pytest

from kit.motie_names import check, fold, subjects
from nlp.forms import read_form
from nlp.motie_form import parse_motie
from tests.conftest import SHARED_TK


@pytest.mark.slow
def test_indieners_of_the_shared_moties_match_the_kamers_record(shared_moties):
    onderwerp = subjects(SHARED_TK)
    checks = []
    for path, doc in shared_moties:
        form = read_form(doc)
        checks.append(check(path, [i.name for i in form.indieners] if form else [], onderwerp.get(path.stem, "")))
    assert sum(1 for c in checks if c.found) / len(checks) >= 0.999          # every motie is a motie record
    assert sum(1 for c in checks if c.subject_ok) / len(checks) >= 0.99      # with all its indieners
    signed = [c for c in checks if c.signed is not None]
    assert sum(1 for c in signed if c.signed_ok) / len(signed) >= 0.95       # c.s.: everyone who signed


@pytest.mark.parametrize("title, signed, expected", [
    ("MOTIE VAN DE LEDEN VAN DER LEE EN TJEERD DE GROOT", ["Van der Lee", "Tjeerd de Groot"],
     ["Van der Lee", "Tjeerd de Groot"]),
    ("MOTIE VAN HET LID PIRI C.S.", ["Piri", "Veldkamp", "Podt"], ["Piri", "Veldkamp", "Podt"]),
    ("MOTIE VAN HET LID MARTENS – AMERICA", ["Martens-America"], ["Martens-America"]),
    ("MOTIE VAN DE LEDEN KOSTIĆ EN INGE VAN DIJK", [], ["Kostić", "Inge van Dijk"]),
    ("MOTIE VAN HET LID VAN TOORENBURG-DIJSSELBLOEM", [], ["Van Toorenburg-Dijsselbloem"]),
    ("MOTIE VAN DE HET LID BECKERMAN C.S.", ["Beckerman", "D. van Dijk"], ["Beckerman", "D. van Dijk"]),
])
def test_multi_word_and_cum_suis_names_stay_whole(title, signed, expected):
    text = (f"{title}\nVoorgesteld 5 maart 2024\nDe Kamer,\ngehoord de beraadslaging,\nverzoekt de regering iets te doen,"
            f"\nen gaat over tot de orde van de dag.\n" + "\n".join(signed))
    form = parse_motie(text, "32637-1", "32637", None)
    assert [i.name for i in form.indieners] == expected
    assert fold(expected[0]) == fold(form.indieners[0].name)
