"""``kamerspoor tk sync`` against a local replay of the Kamer's OData service (tests/tk_replay.py).

Nothing here leaves 127.0.0.1: the replay serves recorded zaken of dossier 32637, their publication
XML and hand-written toezeggingen (tests/data/tk).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from ingest.tk_sync import TkSyncError, instant, sync
from kamerspoor.settings import Settings
from tests.tk_replay import DATA, TkReplay, now_stamp

ROOT = Path(__file__).resolve().parent.parent
DOSSIER_ZAKEN = {z["Id"] for z in json.loads((DATA / "recorded-zaak-32637.json").read_text())["value"]}
DOSSIER_TOEZEGGINGEN = {"00000000-0000-4000-8000-00000000f001", "00000000-0000-4000-8000-00000000f002"}
ZAAK_601 = "86dab2e3-23f2-4523-9028-1263bdb83cdf"   # 2024Z03050, document kst-32637-601
ZAAK_604 = "0a598e4e-01bf-4962-98c3-6278ed2be569"   # 2024Z03053, no besluit


@pytest.fixture
def replay():
    with TkReplay.recorded() as server:
        yield server


def tk_settings(server: TkReplay) -> Settings:
    return Settings(tk_base_url=server.base_url, tk_publication_base=server.publication_base)


def run(server: TkReplay, out: Path, page_size: int = 2, **kwargs):
    return sync("32637", out, tk_settings(server), progress=False, page_size=page_size, retry_delay=0.01, **kwargs)


def pages(out: Path, entity: str) -> list[Path]:
    return sorted((out / entity).glob("page-*.json"))


def ids_in(paths: list[Path]) -> list[str]:
    return [record["Id"] for path in paths for record in json.loads(path.read_bytes())["value"]]


def served_pages(server: TkReplay, kind: str, since: int = 0) -> list[bytes]:
    """Bodies of the non-empty pages the replay answered (in order)."""
    return [e.body for e in server.requests(kind)[since:] if e.status == 200 and json.loads(e.body)["value"]]


def test_full_sync_mirrors_the_services_bytes(replay, tmp_path):
    summary = run(replay, tmp_path, page_size=1)

    assert (summary.zaken, summary.toezeggingen, summary.files) == (4, 2, 4)
    zaak_pages, toezegging_pages = pages(tmp_path, "zaak"), pages(tmp_path, "toezegging")
    assert len(zaak_pages) == 4 and len(toezegging_pages) == 2 and summary.pages == 6
    assert [p.read_bytes() for p in zaak_pages] == served_pages(replay, "Zaak")
    assert [p.read_bytes() for p in toezegging_pages] == served_pages(replay, "Toezegging")
    assert sorted(ids_in(zaak_pages)) == sorted(DOSSIER_ZAKEN)
    assert set(ids_in(toezegging_pages)) == DOSSIER_TOEZEGGINGEN  # not the other dossier's
    page = json.loads(zaak_pages[0].read_bytes())
    assert page["@odata.context"].endswith("$metadata#Zaak") and page["value"][0]["Document"]

    for xml in (DATA / "publicaties").glob("*.xml"):
        assert (tmp_path / "publicaties" / xml.name).read_bytes() == xml.read_bytes()

    state = json.loads((tmp_path / "sync-state.json").read_text())
    assert state["dossier"] == "32637" and state["entities"]["zaak"]["run"] is None
    assert state["entities"]["zaak"]["pages"] == [p.name for p in zaak_pages]
    assert state["entities"]["zaak"]["watermark"] == newest_change(replay)
    assert not list(tmp_path.rglob("*.part"))

    sent = replay.requests("Zaak")[0]
    assert "Kamerstukdossier/any(d:d/Nummer eq 32637)" in sent.params["$filter"]
    assert "Stemming" in sent.params["$expand"] and sent.params["$orderby"] == "ApiGewijzigdOp,Id"
    assert all(e.user_agent.startswith("kamerspoor/") for e in replay.requests())


def newest_change(server: TkReplay) -> str:
    stamps = [s for z in server.sets["Zaak"] for s in [z["ApiGewijzigdOp"]]
              + [x["ApiGewijzigdOp"] for nav in ("Besluit", "Document") for x in z[nav]]]
    return max(stamps, key=instant)


def test_second_run_fetches_nothing_then_exactly_the_changed_record(replay, tmp_path):
    run(replay, tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json") if p.name != "sync-state.json"}

    mark = len(replay.requests())
    second = run(replay, tmp_path)
    assert (second.zaken, second.toezeggingen, second.files, second.pages) == (0, 0, 0, 0)
    assert [e.kind for e in replay.requests()[mark:]] == ["Zaak", "Toezegging"]  # one question each, no files
    assert "ApiGewijzigdOp gt " in replay.requests("Zaak")[-1].params["$filter"]

    replay.modify("Zaak", ZAAK_604, Kabinetsappreciatie="Overgenomen")
    mark = len(replay.requests())
    third = run(replay, tmp_path)
    assert (third.zaken, third.toezeggingen, third.files, third.pages) == (1, 0, 0, 1)
    new_page = pages(tmp_path, "zaak")[-1]
    assert ids_in([new_page]) == [ZAAK_604]
    assert json.loads(new_page.read_bytes())["value"][0]["Kabinetsappreciatie"] == "Overgenomen"
    assert [e.kind for e in replay.requests()[mark:]] == ["Zaak", "Toezegging"]
    assert all(p.read_bytes() == data for p, data in before.items())  # older pages never rewritten


def test_a_new_vote_on_an_old_zaak_counts_as_a_change(replay, tmp_path):
    """A besluit is its own record: its ApiGewijzigdOp moves, the zaak's need not."""
    run(replay, tmp_path)
    replay.record("Zaak", ZAAK_601)["Besluit"][0]["ApiGewijzigdOp"] = now_stamp()
    replay.modify("Toezegging", "00000000-0000-4000-8000-00000000f002", Status="Voldaan")

    summary = run(replay, tmp_path)
    assert (summary.zaken, summary.toezeggingen) == (1, 1)
    assert ids_in(pages(tmp_path, "zaak")[-1:]) == [ZAAK_601]
    assert json.loads(pages(tmp_path, "toezegging")[-1].read_bytes())["value"][0]["Status"] == "Voldaan"
    assert run(replay, tmp_path).pages == 0


def test_since_asks_from_that_date(replay, tmp_path):
    summary = run(replay, tmp_path, since=date(2025, 1, 1))
    assert "ApiGewijzigdOp ge 2025-01-01T00:00:00Z" in replay.requests("Zaak")[0].params["$filter"]
    changed = {z["Id"] for z in replay.sets["Zaak"]
               if any(instant(s) >= instant("2025-01-01T00:00:00Z") for s in [z["ApiGewijzigdOp"]]
                      + [x["ApiGewijzigdOp"] for nav in ("Besluit", "Document") for x in z[nav]])}
    assert set(ids_in(pages(tmp_path, "zaak"))) == changed and summary.zaken == len(changed) < 4


def test_killed_sync_resumes_without_fetching_a_page_twice(tmp_path):
    out = tmp_path / "mirror"
    with TkReplay.recorded(delay=0.25) as slow:
        process = subprocess.Popen(cli("--out", str(out), *urls(slow)), cwd=ROOT, env=env(page_size=1),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first_page = out / "zaak" / "page-0001.json"
        deadline = time.monotonic() + 15
        while not first_page.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert process.returncode == -signal.SIGKILL, "the sync ended before it could be killed"

        on_disk = {p: p.read_bytes() for p in out.rglob("page-*.json")}
        assert on_disk and all(json.loads(data)["value"] for data in on_disk.values())  # whole pages only
        assert len(pages(out, "zaak")) < 4  # killed mid-way

        slow.delay = 0.0
        mark = len(slow.requests())
        done = subprocess.run(cli("--out", str(out), *urls(slow)), cwd=ROOT, env=env(page_size=1),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        again = [e.body for e in slow.requests()[mark:]]
        assert not any(data in again for data in on_disk.values())  # no finished page asked for again

    assert sorted(ids_in(pages(out, "zaak"))) == sorted(DOSSIER_ZAKEN)  # each zaak once
    assert set(ids_in(pages(out, "toezegging"))) == DOSSIER_TOEZEGGINGEN
    assert len(list((out / "publicaties").glob("*.xml"))) == 4
    assert not list(out.rglob("*.part"))
    state = json.loads((out / "sync-state.json").read_text())
    assert all(entry["run"] is None for entry in state["entities"].values())


def test_offline_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run(cli("--out", str(tmp_path / "m"), "--base-url", f"http://127.0.0.1:{port}/OData/v4/2.0"),
                          cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(f"kamerspoor tk sync: cannot reach http://127.0.0.1:{port}")
    assert "--base-url" in lines[0]


def test_pdf_when_the_xml_is_not_on_the_repository(replay, tmp_path):
    zaak = replay.record("Zaak", ZAAK_601)
    document = zaak["Document"][0]
    for publication in document["HuidigeDocumentVersie"]["DocumentPublicatie"]:
        publication["Url"] = publication["Url"].replace("https://repository.overheid.nl", "https://elsewhere.example")
    replay.resources[document["Id"]] = b"%PDF-1.4\n% kst-32637-601\n%%EOF\n"

    summary = run(replay, tmp_path)
    assert (tmp_path / "publicaties" / "kst-32637-601.pdf").read_bytes() == replay.resources[document["Id"]]
    assert not (tmp_path / "publicaties" / "kst-32637-601.xml").exists()
    assert len(summary.refused) == 1 and "elsewhere.example" in summary.refused[0] and not summary.skipped
    assert [e.path for e in replay.requests("resource")] == [f"/OData/v4/2.0/Document({document['Id']})/resource"]
    assert summary.files == 4


def test_retries_on_busy_service_and_gives_up_with_one_line(replay, tmp_path):
    replay.fail_next(2, 503)
    summary = run(replay, tmp_path)
    assert summary.zaken == 4 and replay.requests("failure")

    replay.fail_next(10, 500)
    with pytest.raises(TkSyncError, match=r"answered HTTP 500") as failure:
        run(replay, tmp_path / "other")
    assert "\n" not in str(failure.value)
    assert len(replay.requests("failure")) == 2 + 4  # four tries, then it stops


def test_a_mirror_is_one_dossier(replay, tmp_path):
    run(replay, tmp_path)
    with pytest.raises(TkSyncError, match="mirrors dossier 32637"):
        sync("21501-32", tmp_path, tk_settings(replay), progress=False)
    with pytest.raises(TkSyncError, match="--dossier"):
        sync("32637; drop", tmp_path / "x", tk_settings(replay), progress=False)


# ---------------------------------------------------------------- the real command

def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kamerspoor.cli", "tk", "sync", "--dossier", "32637", "--no-load", "--quiet", *args]


def urls(server: TkReplay) -> list[str]:
    return ["--base-url", server.base_url, "--publication-base", server.publication_base]


def env(page_size: int | None = None) -> dict:
    out = {k: v for k, v in os.environ.items() if not k.startswith("KAMERSPOOR_TK_")}
    if page_size:
        out["KAMERSPOOR_TK_PAGE_SIZE"] = str(page_size)
    return out


def test_publication_files_are_asked_for_once(replay, tmp_path):
    missing = next(path for path in replay.publications if path.endswith("kst-32637-601.xml"))
    del replay.publications[missing]  # neither the XML nor a PDF can be had for this one
    first = run(replay, tmp_path)
    assert first.files == 3 and first.skipped == ["kst-32637-601: not found (HTTP 404); PDF not found (HTTP 404)"]

    (tmp_path / "publicaties" / "kst-32637-604.xml").unlink()  # say, a kill or a hand took it
    mark = len(replay.requests())
    second = run(replay, tmp_path)
    assert second.files == 1 and (tmp_path / "publicaties" / "kst-32637-604.xml").exists()
    assert [e.path.rsplit("/", 1)[-1] for e in replay.requests()[mark:] if e.kind == "publication"] == \
        ["kst-32637-604.xml"]
    assert second.skipped == []  # the unavailable one is not asked again until its document changes


def test_sync_then_load_fills_the_store(replay, tmp_path):
    """The command as a user runs it: mirror, then ``tk load`` of the mirror (cli._tk_load)."""
    from kamerspoor import cli
    from store.db import Store

    db = tmp_path / "store.duckdb"
    args = cli.build_parser().parse_args(["tk", "sync", "--dossier", "32637", "--out", str(tmp_path / "mirror"),
                                          *urls(replay), "--db", str(db), "--quiet"])
    settings = Settings(db_path=db, workers=1, classify=False)  # no embedding model: parsing and storing only
    assert cli.COMMANDS["tk"](args, settings) == 0
    with Store(db, read_only=True) as store:
        ids = {row.id for row in store.documents()}
    assert {"kst-32637-601", "kst-32637-604", "kst-32637-611", "kst-32637-623"} <= ids


def test_records_changed_at_one_instant_are_each_fetched_once(replay, tmp_path):
    """Keyset paging must step over ties: here every zaak has the same ApiGewijzigdOp."""
    stamp = now_stamp()
    for zaak in replay.sets["Zaak"]:
        zaak["ApiGewijzigdOp"] = stamp
    summary = run(replay, tmp_path, page_size=1)
    assert sorted(ids_in(pages(tmp_path, "zaak"))) == sorted(DOSSIER_ZAKEN) and summary.zaken == 4
    assert [e.params.get("$skip") for e in replay.requests("Zaak")] == [None, "1", "2", "3", "4"]
