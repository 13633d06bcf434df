"""Draw the statements to hand-label for the scope decision (issue 18): run once, from the checkout, as
``.venv/bin/python -m tests.data.scope.make_pool``.

From the sample corpus (Techniekpact papers), ``../shared/real`` (Kamervragen, moties, a besluitenlijst on
every subject) and ``../shared/tk-opendata/moties`` (5,591 moties: those whose zaak Onderwerp is about
education, techniek or the labour market, and as many drawn at random). Statements are drawn per paper,
so that a paper's statements can be kept together in one split. Writes ``pool.jsonl`` here.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from kamerspoor.pipeline import process_file
from kamerspoor.settings import Settings
from kit.motie_names import subjects

ROOT = Path(__file__).resolve().parents[3]

SHARED = ROOT.parent / "shared"
FIELD = re.compile(r"techni|bèta|stem-|mbo|hbo|vmbo|onderwijs|leraar|leraren|arbeidsmarkt|personeelstekort|vakmens|"
                   r"scholing|opleiding|leven lang|praktijkleren|stage", re.I)


def statements(path: Path, settings: Settings, per_paper: int, rng: random.Random) -> list[dict]:
    done = process_file(path, settings)
    rows = [{"doc_id": done.document.id, "doc_title": done.document.meta.title, "doc_type": done.document.meta.doc_type,
             "role": s.role, "section": " > ".join(s.section_path[-2:]), "text": s.text}
            for s in done.statements.statements if s.text.strip()]
    return rng.sample(rows, min(per_paper, len(rows)))


def main() -> None:
    rng = random.Random(18)
    settings = Settings()
    pool: list[dict] = []
    papers = [p for p in sorted((ROOT / "corpus").glob("*.md")) if p.name != "SOURCES.md"]  # a description, no paper
    for path in papers + [ROOT / "corpus" / "techniekpact-2018-2020-de-handen-ineen.pdf.txt"]:
        pool += [{**r, "source": "corpus"} for r in statements(path, settings, 45, rng)]
    for path in sorted((SHARED / "real").iterdir()):
        if path.suffix in (".pdf", ".xml"):
            pool += [{**r, "source": "real"} for r in statements(path, settings, 9, rng)]
    onderwerp = subjects(SHARED / "tk-opendata")
    moties = sorted((SHARED / "tk-opendata" / "moties").glob("*.xml"))
    field = [p for p in moties if FIELD.search(onderwerp.get(p.stem, ""))]
    other = [p for p in moties if p not in set(field)]
    for path in rng.sample(field, 40) + rng.sample(other, 40):
        pool += [{**r, "source": "tk-opendata", "onderwerp": onderwerp.get(path.stem, "")}
                 for r in statements(path, settings, 3, rng)]
    out = Path(__file__).with_name("pool.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pool), encoding="utf-8")
    print(f"{len(pool)} statements from {len({r['doc_id'] for r in pool})} papers → {out}")


if __name__ == "__main__":
    main()
