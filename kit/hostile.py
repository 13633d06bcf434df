"""Files for the reliability tests: many small distinct papers, and hand-built hostile PDFs."""
from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

_SOURCE = (CORPUS / "seo-2020-49-evaluerend-advies-techniekpact.md").read_text(encoding="utf-8")
SENTENCES = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[#*|>\[\]]", " ", _SOURCE))
             if 40 < len(s.strip()) < 300]
PAPER_WORDS = sorted({w for s in SENTENCES for w in s.split() if w.isalpha()})


def many_papers(folder: Path, count: int, offset: int = 0) -> Path:
    """``count`` distinct Markdown papers of 25 corpus sentences each (paper-000.md …)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(offset, offset + count):
        rng = random.Random(n)
        body = " ".join(rng.sample(SENTENCES, 25))
        (folder / f"paper-{n:03d}.md").write_text(f"# Brief nummer {n}\n\n{body}\n", encoding="utf-8")
    return folder


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1 0 obj …), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _page(content: bytes, extra: bytes = b"") -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + extra + b">>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]


def _stream(data: bytes, compress: bool = False) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flt = b"/Filter /FlateDecode " if compress else b""
    return b"<< " + flt + b"/Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


TEXT = b"BT /F1 12 Tf 72 720 Td (De minister schrijft de Kamer over techniek.) Tj ET"


def nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """A page whose resources hold an array nested ``depth`` deep."""
    objects = _page(_stream(TEXT))
    objects[2] = objects[2].replace(b">> >>", b">> /Junk " + b"[" * depth + b"]" * depth + b" >>")
    path.write_bytes(_pdf(objects))
    return path


def page_count_lie_pdf(path: Path) -> Path:
    """One page, but the page tree claims a billion."""
    objects = _page(_stream(TEXT))
    objects[1] = objects[1].replace(b"/Count 1", b"/Count 1000000000")
    path.write_bytes(_pdf(objects))
    return path


def bomb_pdf(path: Path, inflated_mb: int = 300) -> Path:
    """A content stream of a few hundred kilobytes that inflates to ``inflated_mb`` MB."""
    path.write_bytes(_pdf(_page(_stream(TEXT + b" " * (inflated_mb << 20), compress=True))))
    return path


class AppReader:
    """The app's queries in a loop on a background thread, read as the app reads (a cursor on a
    ``SharedReader``, a new one when the file at the path changes), counting rounds tried,
    failures (with their reasons) and the most documents seen."""

    def __init__(self, db: Path):
        import threading

        self.db, self.tried, self.failures, self.most_documents = db, 0, [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop)

    def __enter__(self) -> "AppReader":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def wait_rounds(self, rounds: int, timeout: float = 60) -> None:
        """Let the loop run ``rounds`` more times (so it reads what was just written)."""
        import time

        target, deadline = self.tried + rounds, time.monotonic() + timeout
        while self.tried < target and time.monotonic() < deadline:
            time.sleep(0.05)

    def _loop(self) -> None:
        from kamerspoor.settings import Settings
        from store.db import SharedReader, file_stamp
        from search import SearchRequest, search

        reader, stamp = None, None
        while not self._stop.is_set():
            self.tried += 1
            try:
                now = file_stamp(self.db)
                if now != stamp:
                    reader, stamp = SharedReader(self.db), now
                with reader.store() as store:
                    self.most_documents = max(self.most_documents, len(store.documents()))
                    store.commitments("motie")
                    search(store, SearchRequest("tekort technici", mode="keyword"), Settings().search)
            except Exception as exc:  # noqa: BLE001 - every failure counts
                self.failures.append(repr(exc))
