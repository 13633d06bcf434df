"""Issue 6: hybrid search over the real sample store (real DuckDB, real e5 model)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kamerspoor.settings import SearchSettings, Settings
from nlp.terms import fold, query_terms, statement_terms
from search import NO_GOOD_HITS, SearchError, SearchRequest, hits_as_rows, query_encoder, search
from search.relevance import QueryInformation, TermGroup, query_information
from search.terms import expand_terms, query_units, read_postings
from store.db import Store

SETTINGS = SearchSettings()


@pytest.fixture(scope="module")
def con(corpus_db: Path):
    """The sample store, read only (the name is the tests' shorthand: it is a ``Store``, not a connection)."""
    with Store(corpus_db, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def encoder(con):
    found = query_encoder(con, Settings().model)
    assert found is not None, "the sample store must have vectors from the default model"
    return found


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kamerspoor.cli", *args], capture_output=True, text=True)


def texts(result) -> list[str]:
    return [h.text for h in result.hits]


# ----------------------------------------------------------------- the analyser
def test_terms_fold_diacritics_and_drop_stop_words():
    assert fold("Bèta") == "beta"
    assert "beta" in query_terms("bèta")
    assert query_terms("de het een van") == []


def test_compounds_and_their_parts_meet():
    compound = statement_terms("techniekdocenten")
    assert {"techniek", "docent"} <= set(compound)
    assert {"techniek", "docent"} <= set(query_terms("docenten techniek"))
    assert {"techniek", "docent"} <= set(query_terms("Techniekdocenten"))


def test_short_homographs_are_not_split_into_nonsense():
    assert statement_terms("documenten") == {"document": 1}


# ----------------------------------------------------------------- keyword behaviour
def test_beta_finds_beta_with_accent(con):
    result = search(con, SearchRequest("beta", mode="keyword", limit=10), SETTINGS)
    assert result.hits and all("bèta" in fold(h.text) or "beta" in fold(h.text) for h in result.hits)
    assert any("bèta" in h.text.lower() for h in result.hits)


def test_compound_query_finds_the_words_apart_and_back(con):
    apart = search(con, SearchRequest("techniekdocenten", mode="keyword", limit=100), SETTINGS)
    assert any(re.search(r"docent", t, re.I) and re.search(r"techniek\b", t, re.I)
               and "techniekdocent" not in t.lower() for t in texts(apart))
    together = search(con, SearchRequest("docenten techniek", mode="keyword", limit=100), SETTINGS)
    assert any("techniekdocent" in t.lower() for t in texts(together))


def test_spelling_variants_in_the_corpus_do_not_lose_results(con):
    """The corpus writes both Techniekpact and Techniepact: either spelling finds every statement."""
    def containing(word: str) -> set[str]:
        return {s.id for s in con.statements() if re.search(rf"\b{word}\b", s.text, re.I)}

    for query in ("Techniekpact", "Techniepact"):
        found = {h.statement_id for h in search(con, SearchRequest(query, mode="keyword", limit=1000), SETTINGS).hits}
        for spelling in ("techniekpact", "techniepact"):
            wanted = containing(spelling)
            assert wanted and wanted <= found, (query, spelling, len(wanted - found))


def test_highlights_mark_the_matching_words(con):
    hit = search(con, SearchRequest("hybride docenten", mode="keyword", limit=1), SETTINGS).hits[0]
    marked = [hit.text[s:e].lower() for s, e in hit.highlights]
    assert "hybride" in marked and any(m.startswith("docent") for m in marked)
    assert hit.marked("<<", ">>").count("<<") == len(hit.highlights)


# ----------------------------------------------------------------- hybrid and filters
def test_hybrid_combines_both_methods(con, encoder):
    result = search(con, SearchRequest("hybride docenten", limit=20), SETTINGS, encoder)
    assert len(result.hits) == 20
    assert any(h.keyword_rank and h.semantic_rank for h in result.hits)
    first = result.hits[0]
    assert first.doc_id and first.page >= 1 and isinstance(first.section_path, list) and "hybride" in first.text.lower()


def test_semantic_search_finds_paraphrases(con, encoder):
    """No query word occurs in the wanted statements: only the vectors can find them."""
    result = search(con, SearchRequest("schaarste aan vakmensen", mode="semantic", limit=20), SETTINGS, encoder)
    assert any(re.search(r"tekort|krapte", t, re.I) for t in texts(result))


def test_label_and_knelpunt_filters_hold_for_every_hit(con, encoder):
    request = SearchRequest("hybride docenten", landsdeel=["oost"], actielijn=["leren"], knelpunt=True, limit=20)
    result = search(con, request, SETTINGS, encoder)
    assert result.hits
    for hit in result.hits:
        assert any(i == "oost" and s >= 0.5 for i, s in hit.labels["landsdeel"])
        assert any(i == "leren" and s >= 0.5 for i, s in hit.labels["actielijn"])
        assert hit.labels["knelpunt"] >= 0.5


def test_document_role_speaker_and_date_filters(con, encoder):
    answers = search(con, SearchRequest("hybride docenten", doc_ids=["kst-32637-448"], roles=["answer"]), SETTINGS, encoder)
    assert answers.hits and all(h.doc_id == "kst-32637-448" and h.role == "answer" for h in answers.hits)
    asked = search(con, SearchRequest("docenten", roles=["question"], speaker="vvd"), SETTINGS, encoder)
    assert asked.hits and all("VVD" in (h.speaker or "") for h in asked.hits)
    dated = search(con, SearchRequest("techniek", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)), SETTINGS, encoder)
    assert dated.hits and all(h.date and h.date.year == 2020 for h in dated.hits)
    typed = search(con, SearchRequest("techniek", doc_types=["rapport"]), SETTINGS, encoder)
    assert typed.hits and all(h.doc_type == "rapport" for h in typed.hits)


def test_reference_filter_accepts_the_way_papers_cite(con):
    refs_of = {s.id: s.references for s in con.statements()}
    cited_ids = Counter(r for refs in refs_of.values() for r in refs if re.fullmatch(r"\d{5}-\d{1,4}", r))
    ref = min(cited_ids, key=lambda r: (-cited_ids[r], r))
    dossier, number = ref.split("-")[0], ref.split("-")[-1]
    cited = f"{dossier[:2]} {dossier[2:]}, nr. {number}"
    result = search(con, SearchRequest("techniek", reference=cited, mode="keyword", limit=50), SETTINGS)
    exact = search(con, SearchRequest("techniek", reference=ref, mode="keyword", limit=50), SETTINGS)
    assert [h.statement_id for h in result.hits] == [h.statement_id for h in exact.hits]
    for hit in result.hits:
        assert ref in refs_of[hit.statement_id]


def test_a_filter_nothing_passes_gives_an_empty_result_with_a_note(con):
    result = search(con, SearchRequest("techniek", doc_ids=["no-such-paper"]), SETTINGS)
    assert result.hits == [] and result.notes


# ----------------------------------------------------------------- bad input
@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_refused_with_a_message(con, query):
    with pytest.raises(SearchError, match="lege zoekvraag"):
        search(con, SearchRequest(query), SETTINGS)


def test_a_ten_thousand_character_query_is_cut_not_fatal(con, encoder):
    result = search(con, SearchRequest("hybride docenten techniek " * 400), SETTINGS, encoder)
    assert result.hits and any("ingekort" in n for n in result.notes)


@pytest.mark.parametrize("query", ["'; DROP TABLE statements; --", "\" OR 1=1 --", "%_\\", "docent' UNION SELECT * FROM documents --"])
def test_sql_metacharacters_are_plain_text(con, encoder, query):
    before = con.counts()
    search(con, SearchRequest(query), SETTINGS, encoder)
    assert con.counts() == before


@pytest.mark.parametrize("field,value,message", [
    ("landsdeel", ["mars"], "onbekende landsdeel"), ("actielijn", ["dromen"], "onbekende actielijn"),
    ("doel", ["d99"], "onbekende doel"), ("roles", ["spreker"], "onbekende rol"),
    ("doc_types", ["roman"], "onbekend documenttype")])
def test_unknown_filter_values_are_named(con, field, value, message):
    with pytest.raises(SearchError, match=message):
        search(con, SearchRequest("techniek", **{field: value}), SETTINGS)


def test_cli_search_table_jsonl_and_errors(corpus_db):
    db = str(corpus_db)
    out = run("search", "hybride docenten", "--landsdeel", "oost", "--actielijn", "leren", "--knelpunt",
              "--limit", "5", "--format", "jsonl", "--db", db)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and {"statement_id", "doc_id", "page", "section_path", "text", "highlights", "labels"} <= set(rows[0])
    table = run("search", "hybride docenten", "--limit", "3", "--mode", "keyword", "--db", db)
    assert table.returncode == 0 and "[hybride]" in table.stdout.lower()
    assert "relevance" in rows[0] and 0 < rows[0]["relevance"] <= 1 and "relevantie" in table.stdout
    nonsense = run("search", NONSENSE, "--db", db)
    assert nonsense.returncode == 0 and nonsense.stdout == "" and NO_GOOD_HITS in nonsense.stderr
    for args, message in ((["", "--db", db], "lege zoekvraag"), (["x", "--landsdeel", "mars", "--db", db], "mars"),
                          (["x", "--from", "gisteren", "--db", db], "JJJJ-MM-DD")):
        bad = run("search", *args)
        assert bad.returncode == 2 and message in bad.stderr and "Traceback" not in bad.stderr


# ----------------------------------------------------------------- relevance (issue 18)
NONSENSE = "qqqzzz xyzzy plofkip"


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_a_nonsense_query_returns_nothing_and_says_so(con, encoder, mode):
    result = search(con, SearchRequest(NONSENSE, mode=mode), SETTINGS, encoder)
    assert result.hits == [] and result.relevant == 0 and not result.more
    assert NO_GOOD_HITS in result.notes


def test_a_real_query_returns_relevant_hits_in_fused_order(con, encoder):
    result = search(con, SearchRequest("hybride docenten", limit=20), SETTINGS, encoder)
    assert len(result.hits) == 20 and NO_GOOD_HITS not in result.notes
    assert all(SETTINGS.min_relevance <= h.relevance <= 1 for h in result.hits)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    both = next(h for h in result.hits if re.search(r"hybride docent", h.text, re.I))
    assert both.relevance == 1.0  # holds every word of the query
    assert result.more and result.relevant > 20  # the real count, not the limit
    assert hits_as_rows(result.hits)[0]["relevance"] == result.hits[0].relevance


def test_a_query_of_only_frequent_words_finds_nothing_relevant(con, encoder):
    """Words in every kind of paper (kamer, minister; worden is a stop word) say nothing about a statement."""
    for query in ("kamer minister", "de minister en de Kamer worden", "het is"):
        for mode in ("hybrid", "keyword", "semantic"):
            result = search(con, SearchRequest(query, mode=mode), SETTINGS, encoder)
            assert result.hits == [] and NO_GOOD_HITS in result.notes, (query, mode)
            assert any("alleen stopwoorden" in note for note in result.notes)
    words = query_terms("kamer minister")
    index = con.search_index()
    terms = expand_terms(index, words, SETTINGS)
    read_postings(index, terms)
    info = query_information(index, words, terms, SETTINGS)
    assert all(group.stop_like and group.weight == 0 for group in info.groups.values())


def test_stop_like_words_add_nothing_to_a_real_query(con):
    """With a real word beside it, a stop-like word neither helps nor hurts: every hit holds the real word."""
    result = search(con, SearchRequest("minister hybride", mode="keyword", limit=50), SETTINGS)
    assert result.hits and all("hybride" in h.text.lower() for h in result.hits)


def test_stop_likeness_needs_enough_papers_as_evidence(con):
    """A store of few papers cannot show that a word is in every kind of paper: nothing is stop-like."""
    few = SearchSettings(stop_min_papers=1000)
    assert search(con, SearchRequest("kamer minister", mode="keyword"), few).hits


def test_keyword_relevance_counts_the_whole_index(con):
    result = search(con, SearchRequest("techniek", mode="keyword", limit=5), SETTINGS)
    containing = sum("techniek" in s.text.lower() for s in con.statements())
    assert len(result.hits) == 5 and result.more and result.relevant_exact
    assert result.relevant >= 0.8 * containing > 100


def test_a_compound_word_is_one_word_of_the_query():
    """``maakindustrie`` with its parts: a statement saying only ``industrie`` holds part of one word."""
    words = query_terms("maakindustrie hybride")
    assert words[:3] == ["maakindustrie", "maak", "industrie"] and query_units(words) == [[0, 1, 2], [3]]
    info = QueryInformation({0: TermGroup(6.0, False), 1: TermGroup(4.0, False), 2: TermGroup(4.0, False),
                             3: TermGroup(6.0, False)}, [[0, 1, 2], [3]])
    assert info.share({0, 1, 2, 3}) == 1.0 and info.share({0}) == 0.5
    assert info.share({2}) == pytest.approx(0.25)  # half of the compound's parts: half of that word
    assert QueryInformation({0: TermGroup(3.0, True)}, [[0]]).share({0}) == 0.0


# ----------------------------------------------------------------- the vector index
def test_ivf_index_agrees_with_exact_search_and_takes_new_vectors(corpus_db, tmp_path, encoder):
    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, db)
    connection = Store(db)
    cells = connection.build_vector_index()
    assert cells > 10
    assert connection.vectors_outside_index() == 0
    ivf = SearchSettings(ann_probe_share=0.2)
    exact = SearchSettings(use_vector_index=False)
    overlap = []
    for query in ("hybride docenten", "tekort aan technici", "meisjes in de techniek", "leven lang ontwikkelen"):
        a = {h.statement_id for h in search(connection, SearchRequest(query, mode="semantic", limit=10), ivf, encoder).hits}
        b = {h.statement_id for h in search(connection, SearchRequest(query, mode="semantic", limit=10), exact, encoder).hits}
        overlap.append(len(a & b) / 10)
    assert sum(overlap) / len(overlap) >= 0.7
    # Under a filter the cells scanned must hold ann_filter_hold × pool candidates: few cells miss part of the exact
    # ranking, cells enough to hold every candidate give it whole.
    request = SearchRequest("tekort aan technici", mode="semantic", limit=20, doc_types=["kamervragen"])
    ranked = {hold: [h.statement_id for h in search(connection, request, SearchSettings(
        pool=20, min_relevance=0.0, ann_filter_hold=hold), encoder).hits] for hold in (1, 10_000)}
    truth = [h.statement_id for h in search(connection, request, replace(exact, pool=20, min_relevance=0.0), encoder).hits]
    assert len(truth) == 20 and ranked[10_000] == truth and ranked[1] != truth
    connection.close()
    from kamerspoor.pipeline import ingest_paths

    extra = tmp_path / "nieuwe-brief.md"
    extra.write_text("# Nieuwe brief over scholing\n\nIn Zeeland starten twintig hybride docenten in het mbo. "
                     "Het tekort aan elektriciens blijft groot.\n", encoding="utf-8")
    summary = ingest_paths([extra], Settings(db_path=db, workers=1), progress=False)
    assert summary.count("new") == 1
    with Store(db, read_only=True) as connection:
        assert connection.vectors_outside_index() == 0


def test_a_rebuilt_vector_index_is_read_anew(corpus_db, tmp_path, encoder):
    """Search keeps an index's centroids in memory by the index's id: a rebuild (here with half the cells) must
    be seen at once."""
    from store.vector_index import build_vector_index, centroids

    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, db)
    writer = Store(db)
    first = writer.build_vector_index()
    request = SearchRequest("hybride docenten", mode="semantic", limit=5)
    assert search(writer, request, SETTINGS, encoder).hits and len(centroids(writer.con)) == first
    second = build_vector_index(writer.con, cells_per_sqrt=1.0)
    assert second != first and len(centroids(writer.con)) == second
    assert search(writer, request, SETTINGS, encoder).hits
    writer.close()


# ----------------------------------------------------------------- issue 23: the paraphrase benchmark and fusion
def test_every_paraphrase_answer_is_a_statement_of_the_sample_store(con):
    """bench/paraphrase_queries.yaml names its answers by exact text: each must still be a statement here (a
    parser change that rewrites one must update the benchmark, not silently shrink it)."""
    import yaml

    questions = yaml.safe_load((Path(__file__).resolve().parent.parent / "bench" / "paraphrase_queries.yaml")
                               .read_text(encoding="utf-8"))["questions"]
    texts = {" ".join(s.text.split()) for s in con.statements()}
    assert len(questions) >= 60 and {q["split"] for q in questions} == {"dev", "test"}
    missing = [(q["question"], a) for q in questions for a in q["answers"] if " ".join(a.split()) not in texts]
    assert not missing, missing[:3]


def test_fusion_leans_on_the_method_whose_hits_hold_the_query(con, encoder):
    """A paper's own term: the keyword half is trusted fully. A question in other words: its keyword hits hold
    little of it, so the keyword half weighs less than the semantic half."""
    from search.engine import trust

    own = search(con, SearchRequest("hybride docenten", mode="keyword", limit=3), SETTINGS)
    assert trust([(h.statement_id,) for h in own.hits], {h.statement_id: h.relevance for h in own.hits}, SETTINGS, True) == 1.0
    assert trust([("x",)], {"x": 0.2}, SETTINGS, both=False) == 1.0  # one method alone: its own order
    assert trust([("x",)], {"x": 0.2}, SearchSettings(adaptive_fusion=False), both=True) == 1.0
    assert trust([("x",), ("y",)], {"x": 0.2, "y": 0.4}, SETTINGS, both=True) == 0.4


def test_fusion_counts_only_the_votes_a_method_vouches_for():
    """Weighted RRF with ``vouched``: a statement ranked by a method that does not vouch for it keeps its rank there
    (shown to the user) but gets no score from it."""
    from search.fusion import fuse

    keyword, semantic = [("stray", 1.0), ("both", 0.9)], [("both", 0.8), ("answer", 0.7)]
    plain = fuse([(keyword, 1.0), (semantic, 1.0)], 60)
    assert [sid for sid, _, _ in plain][0] == "both"  # in both rankings: RRF adds the stray word's vote
    vouched = fuse([(keyword, 1.0), (semantic, 1.0)], 60, [set(), None])
    assert [sid for sid, _, _ in vouched] == ["both", "answer", "stray"]
    assert dict((sid, ranks) for sid, _, ranks in vouched)["stray"] == [1, None]
    assert dict((sid, score) for sid, score, _ in vouched)["stray"] == 0.0


def test_a_question_in_own_words_is_not_pushed_down_by_a_stray_shared_word(con, encoder):
    """A staff question shares a word or two with statements that are not about it ("technische", "leerlingen").
    Those keyword hits hold little of the question, so in hybrid search they do not vote: the answer the meaning
    found stays first (bench/paraphrase.py measures this over 68 questions)."""
    question = ("hoeveel leerlingen in technische beroepsopleidingen hadden tijdens de pandemie nog geen "
                "praktijkplaats?")
    semantic = search(con, SearchRequest(question, limit=10, mode="semantic"), SETTINGS, encoder)
    hybrid = search(con, SearchRequest(question, limit=10, mode="hybrid"), SETTINGS, encoder)
    assert semantic.hits[0].text.startswith("Eind juli 2020 zochten nog 1.405 studenten een stage")
    assert hybrid.hits[0].statement_id == semantic.hits[0].statement_id
    assert any(h.keyword_rank for h in hybrid.hits)  # the keyword half ran and ranked statements all the same


def test_two_weak_signals_that_agree_reach_the_floor(con, encoder):
    """A question in a staff member's own words shares a word with its answer and is near it in meaning, but
    neither alone reaches the relevance floor: combined as independent evidence (noisy-OR) they do, while a
    nonsense query, which has neither, still gets nothing."""
    from dataclasses import replace

    from search.relevance import hit_relevance

    assert hit_relevance(0.25, 0.25, agreement=True) == pytest.approx(0.4375)
    assert hit_relevance(0.25, 0.25, agreement=False) == 0.25
    assert hit_relevance(0.6, 0.0, agreement=True) == hit_relevance(0.6, 0.0, agreement=False) == 0.6
    question = "hogeschoolopleiding assistent dierenarts"
    agreed = search(con, SearchRequest(question, limit=10, mode="hybrid"), SETTINGS, encoder)
    larger = search(con, SearchRequest(question, limit=10, mode="hybrid"), replace(SETTINGS, agreement=False), encoder)
    assert "dierenarts" in agreed.hits[0].text.lower()
    assert all("dierenarts" not in hit.text.lower() for hit in larger.hits)
    assert not search(con, SearchRequest("lorem ipsum dolor sit amet", mode="hybrid"), SETTINGS, encoder).hits
