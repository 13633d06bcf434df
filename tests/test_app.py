"""The Streamlit app against the real corpus store (streamlit.testing AppTest)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def run_app(db) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state  # noqa: B018 - create the session before the script reads argv
    import sys
    old = sys.argv
    sys.argv = ["app.py", "--db", str(db)]
    try:
        app.run()
    finally:
        sys.argv = old
    return app


def test_documents_page_lists_the_corpus_and_shows_a_document(corpus_db):
    app = run_app(corpus_db)
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["id"]) >= {"kst-32637-433", "kst-32637-448"}
    shown = " ".join(m.value for m in app.markdown)
    assert "Voetnoten" in shown


def test_missing_store_is_a_message_not_a_crash(tmp_path):
    app = run_app(tmp_path / "none.duckdb")
    assert not app.exception
    assert "kamerspoor ingest" in app.error[0].value
