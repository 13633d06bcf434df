"""Issue 20: regional pacts read as pacts — their parties, their afspraken as commitments, the Regio's page.

The pacts are our own (tests/data/pacts, README there): five the reader was written with, three written later by
someone who had not seen it (holdout). The figures per pact are in bench/pacts.py.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kamerspoor.pipeline import ingest_paths
from kamerspoor.settings import Settings
from kit.pact_gold import PACTS, SETS, Score, gold, score
from kit.statement_rows import statements
from nlp.pact import amount_in, find_afspraken, pact_parties, period_in
from store.db import Store
from tests.conftest import ROOT
from tests.test_app import run_app, shown


@pytest.fixture(scope="module")
def pact_db(tmp_path_factory):
    """The five development pacts as Markdown and both holdouts as PDF, read with the real model (labels, regions)."""
    db = tmp_path_factory.mktemp("pacts") / "pacts.duckdb"
    paths = sorted(PACTS.glob("*.md")) + sorted(SETS["holdout"].glob("*.pdf")) + sorted(SETS["holdout2"].glob("*.pdf"))
    summary = ingest_paths([p for p in paths if p.stem != "README"], Settings(db_path=db, workers=1), progress=False)
    assert not summary.failed, summary.failed
    return db


def found_in(store: Store) -> dict[str, tuple[list[str], list[dict]]]:
    out = {}
    for doc in store.documents():
        parties = [p.name for p in pact_parties(store.statements(doc.id)).listed]
        afspraken = [{"party": c.made_by, "text": c.subject, "amount_eur": c.amount_eur}
                     for c in store.commitments("afspraak") if c.made_at == doc.id]
        out[doc.id] = (doc.doc_type, parties, afspraken)
    return out


def test_pacts_are_pacts_and_their_parties_and_afspraken_are_found(pact_db):
    with Store(pact_db, read_only=True) as store:
        found = found_in(store)
    total = Score()
    for name in ("dev", "holdout", "holdout2"):  # the blind first runs of the holdouts are in bench/pacts.py and README
        for stem, want in gold(SETS[name]).items():
            doc_type, parties, afspraken = found[stem]
            assert doc_type == "pact", stem
            total.add(score(want, parties, afspraken))
    assert total.gold == 136 and total.parties_gold == 62
    assert total.recall >= 0.9 and total.precision >= 0.9, (total.misses, total.wrong)
    assert total.party_recall >= 0.9 and total.party_precision >= 0.9


def test_an_afspraak_is_a_commitment_with_its_party_money_and_period(pact_db):
    with Store(pact_db, read_only=True) as store:
        deals = [c for c in store.commitments("afspraak") if c.made_at == "regio-deal-achterhoek"]
    bzk = next(c for c in deals if c.subject.startswith("BZK stelt"))
    assert bzk.made_by == "De Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    assert bzk.amount_eur == 7_500_000 and bzk.deadline_text == "2024-2027"
    assert str(bzk.deadline_end) == "2027-12-31" and bzk.status == "open" and bzk.rule.startswith("pact:")
    assert bzk.id.startswith("afspraak-regio-deal-achterhoek-")
    # the past and the merely wished for are no afspraken
    texts = " ".join(c.subject for c in deals)
    assert "In 2023 heeft de provincie Gelderland" not in texts and "Het is wenselijk" not in texts


def test_the_cli_lists_afspraken_with_their_money(pact_db):
    out = subprocess.run([sys.executable, "-m", "kamerspoor.cli", "afspraken", "--db", str(pact_db), "--format", "jsonl"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 100 and all(r["kind"] == "afspraak" for r in rows)
    assert any(r["amount_eur"] == 3_500_000 and r["by"] == "De provincie Noord-Brabant" for r in rows)


def test_the_regions_page_sets_pacts_beside_knelpunten(pact_db):
    app = run_app(pact_db, "Regio's")
    assert not app.exception
    overview = app.dataframe[0].value
    oost = overview[overview["landsdeel"] == "Oost"].iloc[0]
    assert oost["pacten"] >= 2 and oost["afspraken"] >= 20 and oost["knelpunten"] > 0  # Achterhoek, Stedendriehoek, Twente
    app = run_app(pact_db, "Regio's", landsdeel="noord")
    text = shown(app)
    assert "Techniekpact Noord-Nederland" in text and "Achterhoek" not in text
    assert any("Provincie Groningen" in set(frame.value["partij"]) for frame in app.dataframe[1:])


@pytest.mark.parametrize("text, amount", [("stelt € 2,5 miljoen beschikbaar", 2_500_000), ("draagt 2,5 mln euro bij", 2_500_000),
                                          ("EUR 1.000.000", 1_000_000), ("€ 400.000 in 2025", 400_000),
                                          ("trekt twee ton uit", 200_000), ("300.000 euro", 300_000), ("geen geld", None)])
def test_amounts_in_the_forms_pacts_write_them(text, amount):
    assert amount_in(text) == amount


def test_periods():
    assert period_in("in de periode 2024–2027") == (2024, 2027)
    assert period_in("2024 tot en met 2027") == (2024, 2027)
    assert period_in("vanaf 2026 jaarlijks") == (2026, 2026)
    assert period_in("schooljaar 2025/2026") == (2025, 2026)
    assert period_in("binnen zes maanden") is None


def test_who_binds_itself_and_who_does_not():
    paper = statements(("heading", "Partijen"),
                 ("list_item", "Gedeputeerde Staten van de provincie Utrecht, hierna: de provincie;"),
                 ("list_item", "Stichting Techniekwerk Utrecht, vertegenwoordigd door de heer A. de Vries;"),
                 ("heading", "Afspraken"),
                 ("body", "De provincie stelt in 2026 € 300.000 beschikbaar voor praktijklokalen."),
                 ("body", "Stichting Techniekwerk Utrecht heeft in 2023 € 50.000 bijgedragen aan een campagne."),
                 ("body", "Het is wenselijk dat bedrijven meer stageplaatsen bieden."),
                 ("body", "Het UWV organiseert een banenmarkt."),
                 ("body", "De stichting zeggen toe:"),
                 ("list_item", "zij bieden 40 leerbanen aan;"))
    parties = pact_parties(paper)
    assert [p.name for p in parties.listed] == ["Gedeputeerde Staten van de provincie Utrecht", "Stichting Techniekwerk Utrecht"]
    found = find_afspraken(paper, parties)
    assert [(a.party, a.amount_eur) for a in found][:1] == [("Gedeputeerde Staten van de provincie Utrecht", 300_000)]
    assert not any("heeft in 2023" in a.text or "wenselijk" in a.text or "UWV" in a.text for a in found)


def test_a_letter_about_a_regio_deal_is_a_letter(tmp_path):
    letter = tmp_path / "brief.md"
    letter.write_text("# Regio Deals; Brief van de minister\n\nGeachte voorzitter,\n\nHierbij informeer ik u over de "
                      "Regio Deal Achterhoek. Partijen komen het volgende overeen zoals in het convenant staat.\n",
                      encoding="utf-8")
    db = tmp_path / "s.duckdb"
    ingest_paths([letter], Settings(db_path=db, workers=1, classify=False), progress=False)
    with Store(db, read_only=True) as store:
        assert store.documents()[0].doc_type == "brief" and not store.commitments("afspraak")
