"""Issue 22: ``pip install .`` (a wheel, not an editable checkout) gives a ``kamerspoor`` that works anywhere: the
frame, the trained heads and the app travel as package data (``importlib.resources``), not as paths into a
checkout. The wheel goes into a fresh venv; its third-party dependencies come from this checkout's venv through a
plain path entry (installing torch again would take minutes and test nothing of ours). The model is the built one,
named by ``KAMERSPOOR_MODEL`` as a user names a model of their own."""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "corpus" / "kst-32637-448.md"


def run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_the_installed_wheel_ingests_and_searches_from_another_directory(tmp_path):
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.duckdb*", "multilingual-e5-small",
                                                                "__pycache__", "build", "*.egg-info", ".pytest_cache"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(tmp_path / "dist"),
         str(source)], cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("kamerspoor-*.whl")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    packages = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp_path).stdout.strip()
    (Path(packages) / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")  # our deps, not our code
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(PAPER, elsewhere / PAPER.name)
    env = {**os.environ, "KAMERSPOOR_MODEL": str(ROOT / "models" / "multilingual-e5-small"), "PYTHONPATH": ""}
    kamerspoor = str(fresh / "bin" / "kamerspoor")
    where = run([str(python), "-c", "import nlp.taxonomy, kamerspoor; print(kamerspoor.__file__)"], elsewhere, env).stdout
    assert str(fresh) in where and str(ROOT) not in where, where  # the installed code, not the checkout
    app = run([str(python), "-c", "from ui.server import APP; from ui.knelpunten import PROVINCES; "
                                   "print(APP, APP.exists() and PROVINCES.exists())"], elsewhere, env).stdout
    assert str(fresh) in app and app.strip().endswith("True"), app  # `kamerspoor serve` finds the Streamlit script
    ingested = run([kamerspoor, "ingest", PAPER.name, "--db", "store.duckdb"], elsewhere, env)
    assert "1 new documents" in ingested.stdout and "0 failed" in ingested.stdout, ingested.stdout
    found = run([kamerspoor, "search", "hybride docenten", "--db", "store.duckdb", "--format", "jsonl"], elsewhere, env)
    assert "hybride" in found.stdout.lower()
    labelled = run([kamerspoor, "search", "techniek", "--actielijn", "werken", "--db", "store.duckdb", "--mode", "keyword"],
                   elsewhere, env)
    assert labelled.stdout.strip(), labelled.stderr  # labels came from the packaged heads and frame
