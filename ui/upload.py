"""Adding papers from the app: off unless the server allows it; checked for size, type and room;
ingested in another process; what fails is deleted.

- Off by default: only a server started with ``--allow-upload`` (``ui/server.py``: ``uploads_allowed``)
  shows the form, and ``store_uploads`` refuses to write anything otherwise.
- Limits: one file at most ``KAMERSPOOR_UPLOAD_MAX_MB`` (50 MB, never above the ingest limit), and
  all kept uploads together at most ``KAMERSPOOR_UPLOAD_QUOTA_MB`` (500 MB) in ``<db>.uploads/``.
- The ingest runs as ``kamerspoor ingest --swap`` on the written files: it writes a copy of the store
  and renames it into place when done, so every other reader of the app keeps working meanwhile.
  Files the ingest refused (corrupt, over a limit …) are deleted afterwards, and all of them when
  the ingest did not finish; the files it stored stay, because the store cites them.
"""
from __future__ import annotations

import fcntl
import re
import subprocess
import sys
import tempfile
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import streamlit as st

from ingest import IngestError
from ingest.decoding import sniff_format
from ui.context import PageContext
from ui.server import upload_max_mb, upload_quota_mb, uploads_allowed

if TYPE_CHECKING:  # the app's settings, handed to every page in its PageContext
    from kamerspoor.settings import Settings

ACCEPTED = ["pdf", "md", "markdown", "txt"]
MAX_UPLOAD_MB = 50  # the default of KAMERSPOOR_UPLOAD_MAX_MB
PROGRESS = re.compile(r"(\d+)/(\d+)")
MB = 2**20


class UploadRefused(Exception):
    """Why nothing was written, in Dutch, for the reader."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class UploadResult:
    stored: list[str] = field(default_factory=list)             # names kept: the store cites them
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason): deleted
    finished: bool = True                                        # the ingest ran to its end


def plain(text: str) -> str:
    """Text shown as itself in Streamlit's Markdown messages (names and reasons are not Markdown)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(text))


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def file_limit(settings: Settings) -> int:
    """Largest file the app takes (bytes): the upload limit, never above what ingest accepts."""
    return min(upload_max_mb() * MB, settings.limits.max_bytes)


def quota() -> int:
    return upload_quota_mb() * MB


def uploads_folder(db: str | Path) -> Path:
    db = Path(db).resolve()
    return db.with_name(db.name + ".uploads")


def used_bytes(folder: Path) -> int:
    """What the kept uploads take (all files under the folder)."""
    if not folder.is_dir():
        return 0
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def safe_name(name: str) -> str:
    """The file name as stored: no folders, no control or odd characters, not hidden, not too long."""
    name = unicodedata.normalize("NFC", Path(str(name).replace("\\", "/")).name)
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[:100] or "bestand"
    return f"{stem}.{suffix[:12]}" if suffix else stem


# ------------------------------------------------------------------ the form (Streamlit)

def upload_form(ctx: PageContext) -> None:
    if not uploads_allowed():
        return  # off on this server: no widget at all
    limit, room_total = file_limit(ctx.settings), quota()
    used = used_bytes(uploads_folder(ctx.settings.db_path))
    with st.expander("Nieuwe documenten toevoegen"):
        st.caption(f"PDF, Markdown of tekst; maximaal {_mb(limit)} per bestand. "
                   f"Opslagruimte voor toegevoegde bestanden: {_mb(used)} van {_mb(room_total)} gebruikt.")
        files = st.file_uploader("PDF, Markdown of tekst", type=ACCEPTED, accept_multiple_files=True, key="upload")
        if files and st.button("Toevoegen", key="upload-go"):
            accepted = checked_uploads(files, limit, room=room_total - used)
            if accepted:
                _ingest(ctx, accepted)


def checked_uploads(files, max_bytes: int, room: int | None = None) -> list[tuple[str, bytes]]:
    """Each acceptable file's name and bytes; a Dutch message for each refused one."""
    accepted, messages = sort_uploads(files, max_bytes, room)
    for message in messages:
        st.error(plain(message))
    return accepted


def sort_uploads(files, max_bytes: int, room: int | None = None) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Split uploads into accepted (name, bytes) and refusals (one Dutch line each): too large, not a
    paper, or no room left in the uploads folder (``room`` bytes)."""
    accepted: list[tuple[str, bytes]] = []
    messages: list[str] = []
    taken: set[str] = set()
    left = room
    for file in files:
        data = file.getvalue()
        name = safe_name(file.name)
        if len(data) > max_bytes:
            messages.append(f"{name}: te groot ({_mb(len(data))}; maximaal {_mb(max_bytes)} per bestand)")
            continue
        if Path(name).suffix.lower().lstrip(".") not in ACCEPTED:
            messages.append(f"{name}: geweigerd — alleen PDF, Markdown of tekst (.pdf, .md, .txt)")
            continue
        try:
            sniff_format(Path(name), data[:4096])
        except IngestError as exc:
            messages.append(f"{name}: geweigerd — {exc.reason}")
            continue
        if left is not None and len(data) > left:
            messages.append(f"{name}: geweigerd — de opslagruimte voor toegevoegde bestanden is vol "
                            f"(nog {_mb(max(left, 0))} vrij, dit bestand is {_mb(len(data))}); "
                            f"vraag de beheerder ruimte te maken")
            continue
        while name in taken:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-2{dot}{suffix}" if dot else f"{name}-2"
        taken.add(name)
        accepted.append((name, data))
        if left is not None:
            left -= len(data)
    return accepted, messages


# ------------------------------------------------------------------ writing and ingesting (no Streamlit)

@contextmanager
def _folder_lock(folder: Path):
    """One writer of the uploads folder at a time (quota checks see each other's files)."""
    folder.mkdir(exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_uploads(db: str | Path, files: list[tuple[str, bytes]], max_bytes: int, quota_bytes: int,
                  allowed: bool | None = None) -> list[Path]:
    """Write accepted uploads into a new folder under ``<db>.uploads/``; return their paths.
    Refuses (``UploadRefused``, nothing written) when uploads are off on this server, a file is too
    large or not a paper, or the files would not fit in the quota."""
    if not (uploads_allowed() if allowed is None else allowed):
        raise UploadRefused("Documenten toevoegen staat uit op deze server (start met --allow-upload).")
    if not files:
        raise UploadRefused("Geen bestanden om toe te voegen.")
    folder = uploads_folder(db)
    with _folder_lock(folder):
        room = quota_bytes - used_bytes(folder)
        accepted, messages = sort_uploads([_Bytes(name, data) for name, data in files], max_bytes, room)
        if messages:
            raise UploadRefused("\n".join(messages))
        target = Path(tempfile.mkdtemp(prefix=datetime.now().strftime("%Y%m%d-%H%M%S-"), dir=folder))
        paths = []
        try:
            for name, data in accepted:
                path = (target / name).resolve()
                paths.append(path)  # first: a half-written file is removed too
                path.write_bytes(data)
        except OSError as exc:
            _remove(paths, target)
            raise UploadRefused(f"Opslaan mislukt: {exc.strerror}") from exc
    return paths


class _Bytes:
    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def ingest_command(db: str | Path, paths: Iterable[Path], extra: Iterable[str] = ()) -> list[str]:
    return [sys.executable, "-m", "kamerspoor.cli", "ingest", "--swap", "--db", str(db), *extra,
            *(str(p) for p in paths)]


def ingest_uploads(db: str | Path, files: list[tuple[str, bytes]], max_bytes: int, quota_bytes: int,
                   on_progress: Callable[[int, int], None] | None = None, allowed: bool | None = None,
                   extra_args: Iterable[str] = ()) -> UploadResult:
    """Write the uploads, ingest them with ``kamerspoor ingest --swap``, delete what was not stored.
    ``extra_args`` go to the ingest command (tests: ``--no-classify``)."""
    paths = store_uploads(db, files, max_bytes, quota_bytes, allowed)
    try:
        process = subprocess.Popen(ingest_command(db, paths, extra_args), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        _remove(paths, paths[0].parent)
        raise UploadRefused(f"Inlezen kon niet starten: {exc.strerror}") from exc
    errors: list[str] = []
    try:
        for chunk in iter(lambda: process.stderr.read(64), ""):
            errors.append(chunk)
            found = PROGRESS.findall(chunk)
            if found and on_progress:
                on_progress(*map(int, found[-1]))
        out = process.stdout.read()
        process.wait()
    except BaseException:  # the reader went away (a rerun stops the script): finish and clean up meanwhile
        threading.Thread(target=_finish_later, args=(process, paths, errors), daemon=True).start()
        raise
    return settle(paths, process.returncode, out, "".join(errors))


def _finish_later(process: subprocess.Popen, paths: list[Path], errors: list[str]) -> None:
    out, rest = process.communicate()
    settle(paths, process.returncode, out, "".join(errors) + rest)


def settle(paths: list[Path], returncode: int, out: str, err: str) -> UploadResult:
    """Keep the files the ingest stored, delete the rest: each one it reported FAILED, and every one
    when it did not finish (no summary line: a crash, a locked store, killed)."""
    result = UploadResult(finished=returncode in (0, 1) and any(line.startswith("ingest ") for line in out.splitlines()))
    reasons = {}
    for line in err.splitlines():
        if line.startswith("FAILED "):
            head, _, reason = line[len("FAILED "):].partition(": ")
            reasons[head] = reason.strip()
    doomed = []
    for path in paths:
        reason = reasons.get(str(path))
        if not result.finished:
            reason = reason or "inlezen niet voltooid"
        if reason is None:
            result.stored.append(path.name)
        else:
            result.failed.append((path.name, reason))
            doomed.append(path)
    _remove(doomed, paths[0].parent if paths else None)
    return result


def _remove(paths: list[Path], folder: Path | None) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)
    if folder is not None:
        try:
            folder.rmdir()  # only when nothing is left in it
        except OSError:
            pass


def _ingest(ctx: PageContext, files: list[tuple[str, bytes]]) -> None:
    bar = st.progress(0.0, text="Inlezen …")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Inlezen: {done} van {total} bestanden")

    try:
        result = ingest_uploads(ctx.settings.db_path, files, file_limit(ctx.settings), quota(), on_progress=progress)
    except UploadRefused as exc:
        bar.empty()
        st.error("\n\n".join(plain(line) for line in exc.reason.splitlines()))
        return
    bar.progress(1.0, text="Klaar")
    if result.stored:
        st.success(f"Toegevoegd: {plain(', '.join(result.stored))}")
    if result.failed:
        lines = [f"- {plain(name)}: {plain(reason)}" for name, reason in result.failed]
        st.error("Niet ingelezen (het bestand is verwijderd):\n\n" + "\n".join(lines))
