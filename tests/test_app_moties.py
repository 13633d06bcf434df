"""The Moties page on a store with the Kamer's open data (issue 16): besluit beside the papers' status."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.opendata import Stemming
from kamerspoor.settings import Settings
from kamerspoor.tk_load import load_dir
from tests.conftest import ROOT
from tests.test_app import rerun, run_app, shown
from ui.moties import fractie_votes

DATA = ROOT / "tests" / "data" / "tk-opendata"


@pytest.fixture(scope="module")
def tk_db(tmp_path_factory) -> Path:
    """The twelve real moties of tests/data/tk-opendata with their open-data records (no labels: fast)."""
    db = tmp_path_factory.mktemp("tk") / "tk.duckdb"
    summary = load_dir(DATA, Settings(db_path=db, workers=1, classify=False), progress=False)
    assert not summary.refused
    return db


def test_besluit_filter_status_and_votes(tk_db):
    app = run_app(tk_db, "Moties")
    assert not app.exception
    table = app.dataframe[0].value
    # the twelve moties, and the one a motie names in its considerations ("de aangenomen motie-Sjoerdsma c.s.")
    assert len(table) == 13
    named = table[table["regel"] == "motie:koppelteken"]
    assert list(named["indieners"]) == ["Sjoerdsma"] and list(named["zekerheid"]) == [0.85]
    app.slider(key="m-confidence").set_value(0.9)  # hide the weaker finding; the moties' own papers stay
    rerun(app, tk_db)
    assert sorted(app.dataframe[0].value["id"]) == sorted(i for i in table["id"] if i != named["id"].iloc[0])
    app.slider(key="m-confidence").set_value(0.0)
    rerun(app, tk_db)
    assert {"besluit", "kabinetsappreciatie", "stemmen", "status", "indieners", "verzoek"} <= set(table.columns)
    by_id = table.set_index("id")
    assert by_id.loc["32637-601", "stemmen"] == "102–48"
    # a hoofdelijke stemming: one row per member present (100), not the fractie sizes summed (1401–626)
    assert by_id.loc["21501-04-279", "stemmen"] == "53–42"
    assert by_id.loc["36600-22", "status"] == "n.v.t." and by_id.loc["36600-22", "dekking"] == "niet aangenomen"
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics["Niet aangenomen"] == 2
    # open counts only adopted motions or those of unknown besluit
    assert metrics["Open"] == sum(1 for _, r in table.iterrows()
                                  if r["dekking"] == "open" and r["besluit"] in ("aangenomen", "onbekend"))

    app.multiselect(key="m-besluit").set_value(["verworpen"])
    rerun(app, tk_db)
    assert not app.exception
    table = app.dataframe[0].value
    assert sorted(table["id"]) == ["21501-07-2016", "36600-22"]
    assert set(table["status"]) == {"n.v.t."} and set(table["besluit"]) == {"verworpen"}
    assert {m.label: int(m.value) for m in app.metric}["Open"] == 0
    app.selectbox(key="m-chosen").select("36600-22")
    rerun(app, tk_db)
    text = shown(app)
    assert "Besluit: <b>verworpen</b>" in text and "open data (2024Z13893)" in text
    assert "n.v.t." in " ".join(s.value for s in app.subheader)

    app.multiselect(key="m-besluit").set_value(["aangenomen", "onbekend"])
    app.multiselect(key="m-status").set_value(["n.v.t."])
    rerun(app, tk_db)
    assert not app.exception
    assert "Geen moties" in " ".join(i.value for i in app.info)


def test_votes_per_fractie_and_no_vote_on_record(tk_db):
    app = run_app(tk_db, "Moties", id="32637-601")  # the motie's own address
    assert not app.exception
    text = shown(app)
    assert "Kabinetsappreciatie: <b>Oordeel Kamer</b>" in text
    assert "<b>Voor (102)</b>: GroenLinks-PvdA 25, VVD 24" in text and "<b>Tegen (48)</b>: PVV 37" in text
    assert "verzoekt de regering" in text  # the motion text is still there
    assert "Geen stemming op record." not in [i.value for i in app.info]

    app.selectbox(key="m-chosen").select("32637-604")  # gewijzigd before the vote: no stemming
    rerun(app, tk_db)
    assert not app.exception
    assert "Geen stemming op record." in [i.value for i in app.info]
    assert "vervangen door 32637-611" in " ".join(i.value for i in app.info)


def test_a_hoofdelijke_stemming_counts_members():
    members = [Stemming("VVD", "Voor", 24, False, "A")] * 3 + [Stemming("DENK", "Tegen", 3, False, "B")] * 2 + \
        [Stemming("SGP", "Voor", 3, True, "C")]
    votes = {(v["fractie"], v["soort"]): v["zetels"] for v in fractie_votes(members)}
    assert votes == {("VVD", "Voor"): 3, ("DENK", "Tegen"): 2, ("SGP", "Voor"): 1}
    per_fractie = [Stemming("VVD", "Voor", 24, False), Stemming("PVV", "Tegen", 37, False)]
    assert [v["zetels"] for v in fractie_votes(per_fractie)] == [24, 37]
