"""Adding papers from the app: checked for size and type, ingested in another process.

The ingest runs as ``kamerspoor ingest --swap``: it writes a copy of the store and renames it
into place when done, so every other reader of the app keeps working meanwhile.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import streamlit as st

from ingest import IngestError
from ingest.decoding import sniff_format
from ui.context import PageContext

ACCEPTED = ["pdf", "md", "markdown", "txt"]
MAX_UPLOAD_MB = 50
PROGRESS = re.compile(r"(\d+)/(\d+)")


def upload_form(ctx: PageContext) -> None:
    with st.expander("Nieuwe documenten toevoegen"):
        files = st.file_uploader("PDF, Markdown of tekst", type=ACCEPTED, accept_multiple_files=True, key="upload")
        if files and st.button("Toevoegen", key="upload-go"):
            accepted = checked_uploads(files, min(MAX_UPLOAD_MB * 2**20, ctx.settings.limits.max_bytes))
            if accepted:
                _ingest(ctx, accepted)


def checked_uploads(files, max_bytes: int) -> list[tuple[str, bytes]]:
    """Each file's name and bytes, or a message saying why it is refused."""
    accepted = []
    for file in files:
        data = file.getvalue()
        name = Path(file.name).name
        if len(data) > max_bytes:
            st.error(f"{name}: te groot ({len(data) / 2**20:.1f} MB, maximaal {max_bytes / 2**20:.0f} MB)")
            continue
        try:
            sniff_format(Path(name), data[:4096])
        except IngestError as exc:
            st.error(f"{name}: geweigerd — {exc.reason}")
            continue
        accepted.append((name, data))
    return accepted


def _uploads_folder(db: Path) -> Path:
    folder = db.with_name(db.name + ".uploads")
    folder.mkdir(exist_ok=True)
    return folder


def _ingest(ctx: PageContext, files: list[tuple[str, bytes]]) -> None:
    db = Path(ctx.settings.db_path).resolve()
    folder = Path(tempfile.mkdtemp(prefix=datetime.now().strftime("%Y%m%d-%H%M%S-"),
                                   dir=_uploads_folder(db)))  # kept: the store cites these files
    for name, data in files:
        (folder / name).write_bytes(data)
    bar = st.progress(0.0, text="Inlezen …")
    command = [sys.executable, "-m", "kamerspoor.cli", "ingest", "--swap", "--db", str(ctx.settings.db_path),
               str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    messages = []
    for chunk in iter(lambda: process.stderr.read(64), ""):
        messages.append(chunk)
        found = PROGRESS.findall(chunk)
        if found:
            done, total = map(int, found[-1])
            bar.progress(done / max(total, 1), text=f"Inlezen: {done} van {total} bestanden")
    out = process.stdout.read()
    process.wait()
    bar.progress(1.0, text="Klaar")
    if process.returncode == 0:
        st.success(out.strip() or "Toegevoegd.")
    else:
        failed = [line for line in "".join(messages).splitlines() if line.startswith(("FAILED", "kamerspoor"))]
        st.error("Niet alles kon worden ingelezen:\n\n" + "\n".join(failed or [out.strip()]))
