"""How the app is served (``kamerspoor serve``, ``make run``, browser tests, bench), safely by default.

- It listens on 127.0.0.1. Another interface (``--address 0.0.0.0``) is an explicit choice and needs a
  password: ``refusal`` says why ``kamerspoor serve`` will not start without one.
- With a password configured (``KAMERSPOOR_PASSWORD``, on any address) the app is served behind
  ``PasswordGate``: an ASGI middleware in front of every HTTP request and the WebSocket, so nothing of
  the app (page, script run, upload, media) is reached before logging in on a Dutch login form.
  The password is compared in constant time; a session is an HMAC-signed cookie (HttpOnly,
  SameSite=Lax, 12 hours) keyed by a secret drawn when the server starts; wrong guesses are answered
  one at a time, a second each. It runs as ``streamlit run ui/server.py``: Streamlit finds the
  ``st.App`` built by ``gated_app`` and serves ``app.py`` through it.
- Adding papers from the app is off unless ``--allow-upload`` (or ``KAMERSPOOR_ALLOW_UPLOAD=1``);
  ``ui/upload.py`` reads ``uploads_allowed`` and the size limits here.
- Streamlit's developer menu (Deploy, Rerun, Clear cache) is hidden and its usage statistics are off.

This module is light on purpose (no Streamlit import at the top): the CLI imports it to start the server.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import ipaddress
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Mapping
from urllib.parse import parse_qs

APP = Path(__file__).resolve().parent.parent / "app.py"  # installed beside ui/ (a py-module of the wheel)
GATE = Path(__file__).resolve()  # this file, run by Streamlit when a password is configured

PASSWORD_ENV = "KAMERSPOOR_PASSWORD"
UPLOAD_ENV = "KAMERSPOOR_ALLOW_UPLOAD"
UPLOAD_FLAG = "--allow-upload"  # passed to app.py after `--`, like --db
MIN_PASSWORD = 8
TRUE = {"1", "true", "yes", "ja", "on"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ policy

def is_loopback(address: str | None) -> bool:
    """Whether only this machine can reach ``address`` (None or "" is every interface)."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to a network interface


def password(env: Mapping[str, str] | None = None) -> str | None:
    value = (os.environ if env is None else env).get(PASSWORD_ENV)
    return value or None


def refusal(address: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """Why the app may not be served on ``address`` with this environment, in one line (None: it may)."""
    secret = password(env)
    if secret is not None and len(secret) < MIN_PASSWORD:
        return f"{PASSWORD_ENV} is too short: use at least {MIN_PASSWORD} characters"
    if is_loopback(address) or secret:
        return None
    return (f"--address {address or '(all interfaces)'} serves the app to the network and no password is set: "
            f"set {PASSWORD_ENV} (see README, 'Serving on the network'), or serve on 127.0.0.1")


def uploads_allowed(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Adding papers from the app: only when the server was started with --allow-upload (or the env)."""
    argv = sys.argv[1:] if argv is None else argv
    env = os.environ if env is None else env
    return UPLOAD_FLAG in argv or env.get(UPLOAD_ENV, "").strip().lower() in TRUE


def _env_mb(name: str, default: int, env: Mapping[str, str] | None) -> int:
    value = (os.environ if env is None else env).get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def upload_max_mb(env: Mapping[str, str] | None = None) -> int:
    """Largest file the app accepts (MB); Streamlit's own upload limit is set to it too."""
    return _env_mb("KAMERSPOOR_UPLOAD_MAX_MB", 50, env)


def upload_quota_mb(env: Mapping[str, str] | None = None) -> int:
    """Most the uploads folder (``<db>.uploads/``) may hold, all kept uploads together (MB)."""
    return _env_mb("KAMERSPOOR_UPLOAD_QUOTA_MB", 500, env)


# ------------------------------------------------------------------ the server

# Two Streamlit defaults switched off, because bench/app.py --with-streamlit-defaults measures
# them costing more than half of every click: the file watcher (it watched the whole checkout,
# .venv included, and reconciled its inotify queue on every click) and the full garbage
# collection after every script run (slow with torch, spaCy and DuckDB in memory).
SPEED_OPTIONS = ["--server.fileWatcherType", "none", "--runner.postScriptGC", "false"]


def safe_options(address: str | None = "127.0.0.1", env: Mapping[str, str] | None = None) -> list[str]:
    """What every serving of the app gets (tests and bench too): no usage statistics, no developer
    menu (Deploy, Rerun, Clear cache), Streamlit's upload limit at ours; beyond this machine, no
    tracebacks in the browser (they stay in the server's log)."""
    options = ["--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal", "--server.enableXsrfProtection", "true",
               "--server.maxUploadSize", str(upload_max_mb(env))]
    if not is_loopback(address):
        options += ["--client.showErrorDetails", "type"]
    return options


def command(db: str | Path, port: int, address: str | None = "127.0.0.1", fast: bool = True,
            allow_upload: bool = False, env: Mapping[str, str] | None = None) -> list[str]:
    """How the app is served, in one place (``kamerspoor serve``, ``make run``, tests, bench).
    With a password in ``env`` (default: this process's) the app is served behind the login gate."""
    options = ["--server.port", str(port), *safe_options(address, env)]
    options += SPEED_OPTIONS if fast else []
    if address:
        options += ["--server.address", address]
    script = GATE if password(env) else APP
    app_args = ["--db", str(db)] + ([UPLOAD_FLAG] if allow_upload else [])
    return [sys.executable, "-m", "streamlit", "run", str(script), *options, "--", *app_args]


def start(db: str | Path, port: int | None = None, timeout: float = 60, fast: bool = True,
          address: str = "127.0.0.1", allow_upload: bool = False,
          env: Mapping[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Run the app in the background; return the process and its URL once it answers."""
    port = port or free_port()
    env = dict(os.environ if env is None else env)
    problem = refusal(address, env)
    if problem:
        raise RuntimeError(problem)
    process = subprocess.Popen(command(db, port, address, fast=fast, allow_upload=allow_upload, env=env),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app stopped: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the app did not answer on {url} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


# ------------------------------------------------------------------ the login gate

LOGIN_PATH = "/_kamerspoor/inloggen"
LOGOUT_PATH = "/_kamerspoor/uitloggen"
OPEN_PATHS = {"/_stcore/health"}  # says "ok" and nothing else: how start() and monitors see it is up
COOKIE = "kamerspoor_sessie"
SESSION_SECONDS = 12 * 3600
MAX_FORM_BYTES = 8192

LOGIN_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Kamerspoor — inloggen</title>
<style>body{{font-family:sans-serif;background:#f5f5f5;display:flex;justify-content:center;padding-top:12vh}}
form{{background:#fff;padding:2em 2.5em;border-radius:8px;box-shadow:0 1px 4px #0002;min-width:18em}}
h1{{font-size:1.4em;margin-top:0}}label{{display:block;margin:1em 0 .3em}}input{{font-size:1em;padding:.4em;width:100%;box-sizing:border-box}}
button{{margin-top:1.2em;font-size:1em;padding:.5em 1.2em}}.fout{{color:#b91c1c}}</style></head>
<body><form method="post" action="{action}"><h1>Kamerspoor</h1>
<p>Log in om verder te gaan.</p>{error}
<label for="wachtwoord">Wachtwoord</label>
<input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="volgende" value="{next}">
<button type="submit">Inloggen</button></form></body></html>
"""
PAGE_HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store"),
                (b"x-frame-options", b"DENY"),
                (b"content-security-policy",
                 b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")]


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (no //host, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target) or target.startswith(("/_kamerspoor/", "/_stcore/")):
        return "/"
    return target


class PasswordGate:
    """ASGI middleware: every request and WebSocket needs a session cookie, got by the login form."""

    def __init__(self, app, secret_password: str | None = None):
        self.app = app
        configured = secret_password if secret_password is not None else password()
        if not configured:
            raise RuntimeError(f"the login gate needs {PASSWORD_ENV}")
        self._password = _digest(configured)
        self._key = secrets.token_bytes(32)  # a restart logs everybody out
        self._guessing: asyncio.Lock | None = None

    # sessions
    def _token(self, now: float | None = None) -> str:
        expires = str(int((now or time.time()) + SESSION_SECONDS))
        return f"{expires}.{hmac.new(self._key, expires.encode(), hashlib.sha256).hexdigest()}"

    def _valid(self, token: str | None) -> bool:
        if not token or "." not in token:
            return False
        expires, signature = token.split(".", 1)
        wanted = hmac.new(self._key, expires.encode(), hashlib.sha256).hexdigest()
        return (hmac.compare_digest(signature.encode("latin-1", "replace"), wanted.encode())
                and expires.isdigit() and int(expires) > time.time())

    def _session(self, scope) -> str | None:
        for name, value in scope.get("headers") or []:
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header: no session
                    continue
                if COOKIE in jar:
                    return jar[COOKIE].value
        return None

    def password_matches(self, given: str) -> bool:
        return hmac.compare_digest(_digest(given), self._password)

    # ASGI
    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)  # lifespan
        path = scope.get("path", "")
        if path in OPEN_PATHS or self._valid(self._session(scope)):
            if path == LOGOUT_PATH:
                return await self._redirect(send, "/", clear=True)
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
        if path == LOGIN_PATH and scope.get("method") == "POST":
            return await self._login(scope, receive, send)
        target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        if path in (LOGIN_PATH, LOGOUT_PATH):
            target = "/"
        await self._page(send, 401, target)

    async def _login(self, scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_FORM_BYTES:
                return await self._page(send, 413, "/", "Te veel gegevens.")
            if not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", errors="replace"))
        given = (form.get("wachtwoord") or [""])[0]
        target = _safe_next((form.get("volgende") or ["/"])[0])
        if self._guessing is None:
            self._guessing = asyncio.Lock()
        async with self._guessing:  # one guess at a time, and a wrong one costs a second
            if self.password_matches(given):
                return await self._redirect(send, target, token=self._token())
            await asyncio.sleep(1.0)
        await self._page(send, 401, target, "Onjuist wachtwoord.")

    async def _page(self, send, status: int, target: str, error: str = "") -> None:
        body = LOGIN_PAGE.format(action=LOGIN_PATH, next=html.escape(target, quote=True),
                                 error=f'<p class="fout" role="alert">{html.escape(error)}</p>' if error else "")
        await send({"type": "http.response.start", "status": status, "headers": PAGE_HEADERS})
        await send({"type": "http.response.body", "body": body.encode("utf-8")})

    async def _redirect(self, send, target: str, token: str | None = None, clear: bool = False) -> None:
        headers = [(b"location", target.encode("latin-1", errors="replace")), (b"cache-control", b"no-store")]
        if token or clear:
            value = token if token else ""
            age = SESSION_SECONDS if token else 0
            headers.append((b"set-cookie", f"{COOKIE}={value}; Max-Age={age}; Path=/; HttpOnly; SameSite=Lax"
                            .encode("latin-1")))
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def gated_app():
    """The app behind the login gate, as an ``st.App`` (built when Streamlit's server imports ``app``)."""
    from starlette.middleware import Middleware
    from streamlit.starlette import App

    app = App(str(APP), middleware=[Middleware(PasswordGate)])
    return app


def __getattr__(name: str):
    # `streamlit run ui/server.py` finds the `app = App(...)` above by reading this file, then its
    # server imports this module and asks for `app`: the gated app is built only then, once.
    if name == "app":
        globals()["app"] = gated_app()
        return globals()["app"]
    raise AttributeError(name)
