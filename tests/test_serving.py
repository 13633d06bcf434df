"""Safe serving (issue 19, item 6): loopback by default, a password for the network, upload off
unless enabled, refused uploads deleted, a quota, no developer menu. Real server processes, the
real CLI, Streamlit's AppTest and the real ingest."""
from __future__ import annotations

import http.client
import ipaddress
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from tests.conftest import ROOT
from ui import server
from ui.upload import UploadRefused, ingest_uploads, sort_uploads, store_uploads, uploads_folder

KAMERSPOOR = [sys.executable, "-m", "kamerspoor.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without any serving settings of the developer's own, plus ``extra``."""
    env = {k: v for k, v in os.environ.items()
           if k not in (server.PASSWORD_ENV, server.UPLOAD_ENV, "KAMERSPOOR_UPLOAD_MAX_MB", "KAMERSPOOR_UPLOAD_QUOTA_MB")}
    return {**env, **extra}


def wait_for_health(process: subprocess.Popen, port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode(errors="replace")[-2000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"no answer on port {port} within {timeout:.0f} s")


def serve(db: Path, *flags: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """``kamerspoor serve`` as a user types it, on a free port; returns once it answers."""
    port = server.free_port()
    process = subprocess.Popen([*KAMERSPOOR, "serve", "--db", str(db), "--port", str(port), *flags], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        wait_for_health(process, port)
    except BaseException:
        server.stop(process)
        raise
    return process, port


def listening(port: int) -> set[ipaddress._BaseAddress]:
    """The local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # host-order words
            found.add(ipaddress.ip_address(raw if width == 16 else raw[:4]))
    return found


def network_address() -> str | None:
    """One of this machine's non-loopback addresses, if it has one."""
    candidates = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the kernel picks the route's source
            candidates.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return next((a for a in candidates if not ipaddress.ip_address(a).is_loopback), None)


def test_serve_listens_on_loopback_only_by_default(corpus_db):
    process, port = serve(corpus_db, env=clean_env())
    try:
        addresses = listening(port)
        assert addresses and all(a.is_loopback for a in addresses), addresses
        other = network_address()
        if other:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=3).close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:  # no login on loopback
            assert answer.status == 200 and b'id="root"' in answer.read()
    finally:
        server.stop(process)


def test_serve_on_the_network_without_a_password_refuses_in_one_line(corpus_db):
    done = subprocess.run([*KAMERSPOOR, "serve", "--db", str(corpus_db), "--address", "0.0.0.0",
                           "--port", str(server.free_port())], env=clean_env(), capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "KAMERSPOOR_PASSWORD" in lines[0] and "0.0.0.0" in lines[0], done.stderr
    short = subprocess.run([*KAMERSPOOR, "serve", "--db", str(corpus_db), "--address", "0.0.0.0"],
                           env=clean_env(KAMERSPOOR_PASSWORD="kort"), capture_output=True, text=True, timeout=60)
    assert short.returncode == 2 and "too short" in short.stderr


def request(port: int, method: str, path: str, body: str | None = None, cookie: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = dict(headers or {})
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            sent["Cookie"] = cookie
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


WEBSOCKET = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "streamlit"}


def test_with_a_password_every_page_is_behind_a_dutch_login(corpus_db):
    password = secrets.token_urlsafe(12)
    process, port = serve(corpus_db, "--address", "0.0.0.0", env=clean_env(KAMERSPOOR_PASSWORD=password))
    try:
        assert ipaddress.ip_address("0.0.0.0") in listening(port)  # served to the network, as asked
        status, headers, page = request(port, "GET", "/moties?id=32637-391")
        assert status == 401 and 'lang="nl"' in page and "Wachtwoord" in page and "Inloggen" in page
        assert 'value="/moties?id=32637-391"' in page  # comes back to the page asked for
        assert 'id="root"' not in page and "static/js" not in page  # no app …
        assert "kst-" not in page and "Techniekpact" not in page and "motie" not in page.lower().replace(
            "/moties?id=", "")  # … and no data
        for path in ("/_stcore/host-config", "/static/js/index.js", "/_stcore/upload_file/x/y"):
            assert request(port, "GET", path)[0] == 401
        assert request(port, "GET", "/_stcore/stream", headers=WEBSOCKET)[0] == 403  # no script runs

        status, _, page = request(port, "POST", server.LOGIN_PATH, urllib.parse.urlencode(
            {"wachtwoord": password + "x", "volgende": "/"}))
        assert status == 401 and "Onjuist wachtwoord" in page
        status, headers, _ = request(port, "POST", server.LOGIN_PATH, urllib.parse.urlencode(
            {"wachtwoord": password, "volgende": "//elders.example/"}))
        assert status == 303 and headers["location"] == "/"  # never sent off the site
        cookie = headers["set-cookie"].split(";")[0]
        assert "HttpOnly" in headers["set-cookie"] and cookie.startswith(server.COOKIE + "=")

        status, _, page = request(port, "GET", "/", cookie=cookie)
        assert status == 200 and 'id="root"' in page
        assert request(port, "GET", "/_stcore/stream", cookie=cookie, headers=WEBSOCKET)[0] == 101
        assert request(port, "GET", "/", cookie=cookie[:-3] + "abc")[0] == 401  # a forged session
        assert request(port, "GET", "/", cookie=server.COOKIE + "=\u00e9\u00e9n.tw\u00e9e".encode().decode("latin-1"))[0] == 401
        status, headers, _ = request(port, "GET", server.LOGOUT_PATH, cookie=cookie)
        assert status == 303 and "Max-Age=0" in headers["set-cookie"]
    finally:
        server.stop(process)


def test_serving_options_hide_the_developer_menu_and_usage_stats():
    argv = server.command("x.duckdb", 8501)
    options = dict(zip(argv, argv[1:]))
    assert options["--client.toolbarMode"] == "minimal" and options["--browser.gatherUsageStats"] == "false"
    assert options["--server.address"] == "127.0.0.1" and argv[argv.index("run") + 1] == str(server.APP)
    assert options["--server.maxUploadSize"] == "50"
    gated = server.command("x.duckdb", 8501, "0.0.0.0", env={server.PASSWORD_ENV: "lang-genoeg"}, allow_upload=True)
    assert gated[gated.index("run") + 1] == str(server.GATE) and gated[-1] == server.UPLOAD_FLAG
    assert dict(zip(gated, gated[1:]))["--client.showErrorDetails"] == "type"
    assert server.refusal("127.0.0.1", env={}) is None and server.refusal("::1", env={}) is None
    assert server.refusal("0.0.0.0", env={}) and server.refusal("", env={}) and server.refusal("kamerhost", env={})
    assert server.refusal("0.0.0.0", env={server.PASSWORD_ENV: "lang-genoeg"}) is None


def documenten(db: Path, *flags: str, monkeypatch) -> AppTest:
    monkeypatch.delenv(server.UPLOAD_ENV, raising=False)
    monkeypatch.setattr(sys, "argv", ["app.py", "--db", str(db), *flags])
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app._page_hash = calc_hash("documenten")  # straight to /documenten (tests/test_app.py: goto)
    app.run()
    assert not app.exception and app.header[0].value == "Documenten"
    return app


def test_upload_is_off_unless_enabled(corpus_db, monkeypatch):
    app = documenten(corpus_db, monkeypatch=monkeypatch)
    assert len(app.get("file_uploader")) == 0 and len(app.dataframe) >= 1  # the page itself is there
    app = documenten(corpus_db, server.UPLOAD_FLAG, monkeypatch=monkeypatch)
    assert len(app.get("file_uploader")) == 1
    assert "maximaal 50,0 MB per bestand" in " ".join(c.value for c in app.caption)


class Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


BRIEF = b"# Kamerbrief\n\nDe minister zal de Kamer voor de zomer informeren over het techniekonderwijs.\n"
BROKEN_PDF = b"%PDF-1.4\nthis is no PDF body at all\n%%EOF\n"  # passes the type check, fails the parser


def left_behind(db: Path) -> list[str]:
    folder = uploads_folder(db)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != ".lock") \
        if folder.exists() else []


def test_refused_uploads_are_never_written(tmp_path):
    db = tmp_path / "store.duckdb"
    with pytest.raises(UploadRefused, match="staat uit"):
        store_uploads(db, [("brief.md", BRIEF)], 10_000, 10**6, allowed=False)
    with pytest.raises(UploadRefused, match="te groot"):
        store_uploads(db, [("brief.md", BRIEF), ("groot.md", b"x" * 20_000)], 10_000, 10**6, allowed=True)
    with pytest.raises(UploadRefused, match="opslagruimte .* vol"):
        store_uploads(db, [("brief.md", BRIEF)], 10_000, 50, allowed=True)
    with pytest.raises(UploadRefused, match="geweigerd"):
        store_uploads(db, [("nep.pdf", b"<html>geen pdf</html>")], 10_000, 10**6, allowed=True)
    assert left_behind(db) == []

    # the quota counts what is kept already, and each accepted file of the same batch
    kept = store_uploads(db, [("eerste.md", BRIEF)], 10_000, 2 * len(BRIEF) + 10, allowed=True)
    assert [p.name for p in kept] == ["eerste.md"]
    accepted, messages = sort_uploads([Upload("a.md", BRIEF), Upload("b.md", BRIEF)], 10_000, room=len(BRIEF) + 10)
    assert [n for n, _ in accepted] == ["a.md"] and "opslagruimte" in messages[0] and "b.md" in messages[0]
    accepted, _ = sort_uploads([Upload("../../etc/brief.md", BRIEF), Upload("brief.md", BRIEF)], 10_000)
    assert [n for n, _ in accepted] == ["brief.md", "brief-2.md"]  # no paths, no overwriting


def test_an_upload_the_ingest_refuses_is_deleted_and_a_stored_one_kept(tmp_path):
    db = tmp_path / "store.duckdb"
    seen = []
    result = ingest_uploads(db, [("kapot.pdf", BROKEN_PDF), ("brief.md", BRIEF)], 10_000, 10**6, allowed=True,
                            on_progress=lambda done, total: seen.append((done, total)),
                            extra_args=["--no-classify", "--workers", "1"])
    assert result.finished and result.stored == ["brief.md"]
    assert [name for name, _ in result.failed] == ["kapot.pdf"] and "PDF" in result.failed[0][1]
    assert [Path(p).name for p in left_behind(db)] == ["brief.md"]  # the store cites it
    assert seen and seen[-1] == (2, 2)

    # an ingest that does not finish (here: the store is no database) keeps nothing
    broken = tmp_path / "kapot.duckdb"
    broken.write_bytes(b"dit is geen DuckDB-bestand" * 100)
    result = ingest_uploads(broken, [("brief.md", BRIEF)], 10_000, 10**6, allowed=True,
                            extra_args=["--no-classify", "--workers", "1"])
    assert not result.finished and result.stored == [] and left_behind(broken) == []
