"""Real formats (issue 9): what the per-file pipeline extracts from each real file (``corpus/real``) against what
was read by hand (``tests/data/formats_expected.yaml``), as one ``Check`` per field. Used by
``tests/test_formats.py`` and ``bench/formats.py``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kamerspoor.pipeline import ProcessedFile, process_file
from kamerspoor.settings import Settings
from nlp.commitments import new_promise

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "formats_expected.yaml"


REAL = ROOT / "corpus" / "real"


@dataclass
class Check:
    part: str   # metadata | motie | kamervragen | qa_pair | besluitenlijst | toezegging
    field: str
    expected: Any
    got: Any

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def check_file(path: Path, expected: dict) -> list[Check]:
    """Every hand-read field of one file against what the per-file pipeline made of it."""
    done = process_file(path, Settings(workers=1, classify=False))
    checks = _metadata(done, expected.get("metadata", {}))
    if "motie" in expected:
        checks += _motie(done, expected["motie"])
    if "kamervragen" in expected:
        checks += _kamervragen(done, expected["kamervragen"])
    if "besluitenlijst" in expected:
        checks += _besluitenlijst(done, expected["besluitenlijst"])
    for text in expected.get("toezeggingen", []):
        promised = [s for s in done.statements.statements if text in s.text and new_promise(s)]
        checks.append(Check("toezegging", text[:40], True, bool(promised)))
    return checks


def _metadata(done: ProcessedFile, expected: dict) -> list[Check]:
    meta = done.document.meta
    got = {"id": done.document.id, "doc_type": meta.doc_type, "date": meta.date, "vergaderjaar": meta.vergaderjaar,
           "dossiers": meta.dossiers, "ondernummer": meta.ondernummer}
    return [Check("metadata", key, _value(value), got[key]) for key, value in expected.items()]


def _motie(done: ProcessedFile, expected: dict) -> list[Check]:
    form = done.form
    if form is None:
        return [Check("motie", key, _value(value), None) for key, value in expected.items()]
    got = {"indieners": [i.name for i in form.indieners], "partijen": [i.party for i in form.indieners],
           "voorgesteld": form.voorgesteld, "considerations": len(form.considerations),
           "dictum": _openings(form.dictum, expected["dictum"]), "addressee": form.addressee,
           "vervangt": form.vervangt, "closed": form.closed}
    return [Check("motie", key, _value(value), got[key]) for key, value in expected.items()]


def _openings(clauses: list[str], openings: list[str]) -> list[str]:
    """Each clause as its expected opening when it starts with it (clauses are long), else as found."""
    return [want if want is not None and clause.startswith(want) else clause[:80]
            for clause, want in zip(clauses, openings + [None] * len(clauses))]


def _kamervragen(done: ProcessedFile, expected: dict) -> list[Check]:
    form = done.form
    got = {"askers": [[a.name, a.party] for a in form.askers], "addressee": form.addressee,
           "asked_on": form.asked_on, "answered_by": form.answered_by, "answered_on": form.answered_on,
           "mededeling": form.mededeling, "questions": form.questions} if form else {}
    checks = [Check("kamervragen", key, _value(value), got.get(key)) for key, value in expected.items() if key != "pairs"]
    found = {tuple(int(n) for n in p.question_id.rsplit("#vraag", 1)[-1].split("+")) for p in done.statements.qa_pairs}
    checks += [Check("qa_pair", "+".join(map(str, pair)), True, tuple(pair) in found) for pair in expected["pairs"]]
    checks += [Check("qa_pair", f"extra {'+'.join(map(str, pair))}", False, True)
               for pair in sorted(found - {tuple(p) for p in expected["pairs"]})]
    return checks


def _besluitenlijst(done: ProcessedFile, expected: dict) -> list[Check]:
    form = done.form
    items = {item.number: item for item in form.items}
    got = {"meeting": form.meeting, "meeting_date": form.meeting_date, "commissie": form.commissie,
           "agendapunten": len(form.items), "zaken": sum(len(i.zaken) for i in form.items),
           "besluiten": sum(len(i.besluiten) + sum(len(z.besluiten) for z in i.zaken) for i in form.items)}
    checks = [Check("besluitenlijst", key, _value(value), got[key]) for key, value in expected.items() if key != "items"]
    for want in expected.get("items", []):
        item = items.get(want["number"])
        got_item = {} if item is None else {
            "onderwerp": item.onderwerp, "refs": [r for r in want.get("refs", []) if r in item.refs],
            "besluiten": item.besluiten + [b for z in item.zaken for b in z.besluiten]}
        checks += [Check("besluitenlijst", f"agendapunt {want['number']} {key}", want[key], got_item.get(key))
                   for key in ("onderwerp", "refs", "besluiten") if key in want]
    return checks


def _value(value: Any) -> Any:
    """YAML reads 2024-03-05 as a date already; keep numbers-as-text as text."""
    return value if isinstance(value, (date, list, bool, int)) or value is None else str(value)
