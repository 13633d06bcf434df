"""Typeset the pact test documents (``tests/data/pacts/*.md``) as PDFs beside them.

Dev tool (needs reportlab): ``.venv/bin/python -m tests.data.pacts.typeset_pacts`` from the checkout.
Reuses ``corpus/typeset.py`` (fonts, running heads, footers, hyphenation, lists,
tables) without changing it. Our text-form parser reads tab-separated tables only,
so Markdown pipe tables (``| a | b |`` with a ``|---|`` rule) are turned into
tab-separated rows before parsing; everything else goes through as written.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import corpus.typeset as ts
from ingest import parse_file
from kamerspoor.settings import Settings

HERE = Path(__file__).resolve().parent

# name -> (running head, first-page footer lines or [] for a running head on every page)
FURNITURE = {
    "regio-deal-achterhoek": (
        "Staatscourant 2024 nr. 31842 – Regio Deal Achterhoek",
        ["stcrt-2024-31842", "ISSN 0920 - 2064", "’s-Gravenhage 2024 Staatscourant 2024 nr. 31842 1"],
    ),
    "techniekpact-noord-nederland": ("Techniekpact Noord-Nederland 2025–2028", []),
    "hca-stedendriehoek": ("Human Capital Agenda Cleantech Regio 2025–2027", []),
    "programma-zeeland-techniektalent": ("Provincie Zeeland – Uitvoeringsprogramma Zeeuws Techniektalent 2025–2028", []),
    "intentieverklaring-parkstad": ("Intentieverklaring Techniektalent Parkstad Limburg", []),
    # holdout/ and holdout2/ (written later, blind to the reader)
    "samenwerkingsovereenkomst-twente": ("Samenwerkingsovereenkomst Twentse Technici 2025–2028", []),
    "actieplan-noord-holland-noord": ("Actieplan Techniek Werkt! Noord-Holland Noord 2025–2027", []),
    "bestuursakkoord-west-brabant": ("Bestuursakkoord Vakmensen voor West-Brabant 2025–2028", []),
    "regio-deal-regio-amersfoort": ("Regio Deal Regio Amersfoort – Vakkracht Eemland 2025–2028", []),
    "statenvoorstel-techniekakkoord-flevoland": ("Provincie Flevoland – Statenvoorstel nr. 2025-118", []),
}

RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def pipe_tables_to_tabs(text: str) -> str:
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            if RULE.match(stripped):
                continue
            out.append("\t".join(cell.strip() for cell in stripped[1:-1].split("|")))
        else:
            out.append(line)
    return "\n".join(out)


NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")


def numbered_items(text: str) -> dict[str, str]:
    """Item text -> its number, for Markdown ordered-list items."""
    return {m.group(2).strip(): m.group(1) for m in map(NUMBERED.match, text.split("\n")) if m}


def typeset_md(md: Path) -> Path:
    head, footer = FURNITURE.get(md.stem, (md.stem, []))
    paper = ts.Paper(md.name, md.stem, head, footer)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / md.name
        source.write_text(pipe_tables_to_tabs(md.read_text(encoding="utf-8")), encoding="utf-8")
        document = parse_file(source, Settings())
    numbers = numbered_items(md.read_text(encoding="utf-8"))
    out = md.with_suffix(".pdf")
    setter = ts.Typesetter(paper, out)
    for block in document.blocks:
        if block.kind == "footnote":
            continue
        kind, text = block.kind, block.text
        if kind == "list_item" and text in numbers:  # keep "1." "2." as printed (the parser drops them)
            kind, text = "paragraph", f"{numbers[text]}. {text}"
        setter.block(kind, text, [], {}, block.italic, block.level)
    setter.close()
    return out


def main() -> None:
    """Every pact of this folder and of the held-out folders below it."""
    ts.register_fonts()
    for md in sorted([*HERE.glob("*.md"), *HERE.glob("holdout*/*.md")]):
        if md.name == "README.md":
            continue
        print(typeset_md(md))


if __name__ == "__main__":
    main()
