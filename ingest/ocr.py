"""OCR for scanned pages: a page with images and no text layer is read by Tesseract.

The page is rendered with pypdfium2 and passed to the ``tesseract`` command
(Debian packages ``tesseract-ocr`` and ``tesseract-ocr-nld``). Its text goes back to
:mod:`ingest.pdf`, which lays it out as printed lines so the layout code treats both alike.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.limits import ParseSettings



def ocr_page_text(path: Path, page_number: int, settings: ParseSettings) -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise IngestError(f"page {page_number} is a scan and needs OCR, but tesseract is not installed")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page_number - 1].render(scale=settings.limits.ocr_dpi / 72).to_pil()
    finally:
        pdf.close()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            done = subprocess.run(
                [exe, str(png), "stdout", "-l", settings.ocr_language, "--psm", "3"],
                capture_output=True, text=True, timeout=settings.limits.ocr_timeout_s, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise IngestError(f"OCR of page {page_number} took over {settings.limits.ocr_timeout_s}s") from exc
    if done.returncode != 0:
        raise IngestError(f"OCR of page {page_number} failed: {done.stderr.strip()[:120]}")
    return done.stdout
