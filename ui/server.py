"""Start and stop the app's Streamlit server for a store (``kamerspoor serve``, browser tests, bench)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from kamerspoor.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Two Streamlit defaults switched off, because bench/app.py --with-streamlit-defaults measures
# them costing more than half of every click: the file watcher (it watched the whole checkout,
# .venv included, and reconciled its inotify queue on every click) and the full garbage
# collection after every script run (slow with torch, spaCy and DuckDB in memory).
SPEED_OPTIONS = ["--server.fileWatcherType", "none", "--runner.postScriptGC", "false"]


def command(db: str | Path, port: int, address: str | None = "127.0.0.1", fast: bool = True) -> list[str]:
    """How the app is served, in one place (``kamerspoor serve``, ``make run``, tests, bench)."""
    options = ["--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    options += SPEED_OPTIONS if fast else []
    if address:
        options += ["--server.address", address]
    return [sys.executable, "-m", "streamlit", "run", str(APP), *options, "--", "--db", str(db)]


def start(db: str | Path, port: int | None = None, timeout: float = 60,
          fast: bool = True) -> tuple[subprocess.Popen, str]:
    """Run the app in the background; return the process and its URL once it answers."""
    port = port or free_port()
    process = subprocess.Popen(command(db, port, fast=fast), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
