"""Small real PDFs for tests, made with reportlab (a dev dependency)."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

LOREM = ("De Kamer wordt geïnformeerd over de voortgang van het Techniekpact. "
         "Het tekort aan technici blijft een knelpunt in alle landsdelen.")


def text_pdf(path: Path, pages: int = 1, text: str = LOREM, encrypt: str | None = None) -> Path:
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for number in range(1, pages + 1):
        canvas.setFont("Times-Roman", 10)
        canvas.drawString(72, 760, f"{text[:90]}")
        canvas.drawString(72, 747, f"{text[90:180]} Pagina-inhoud {number}.")
        canvas.drawCentredString(A4[0] / 2, 30, str(number))
        canvas.showPage()
    canvas.save()
    return path


def scanned_pdf(path: Path, source_pdf: Path, page: int = 1, dpi: int = 200) -> Path:
    """A PDF whose only page is a picture of another PDF's page: no text layer at all."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source_pdf))
    image = pdf[page - 1].render(scale=dpi / 72).to_pil()
    pdf.close()
    png = path.with_suffix(".png")
    image.save(png)
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(str(png), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    png.unlink()
    return path


def lines_pdf(path: Path, lines: list[str], footer: str = "") -> Path:
    """One A4 page with these lines top-down (blank strings leave a gap), and a footer line."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Times-Roman", 10)
    y = 780
    for line in lines:
        if line:
            canvas.drawString(72, y, line)
        y -= 14
    if footer:
        canvas.drawString(72, 30, footer)
    canvas.showPage()
    canvas.save()
    return path
