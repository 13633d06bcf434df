"""Real formats (issue 9): what Kamerspoor extracts from each real file vs what was read by hand.

For every file in ``tests/data/formats_expected.yaml`` (copies in ``corpus/real``): metadata
exact-match rate, motion fields, Kamervragen fields and Q/A pairs found / present, besluitenlijst
items, and answers that promise something. Runs the per-file pipeline only (no store, no model).
Run: ``python bench/formats.py`` (``make bench``); output committed in bench/output_formats.txt.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402
from kamerspoor.pipeline import ProcessedFile, process_file  # noqa: E402
from kamerspoor.settings import Settings  # noqa: E402
from nlp.commitments import new_promise  # noqa: E402

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
        promised = [s for s in done.statements.statements if text in s.text and new_promise(vars(s))]
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


def main() -> None:
    print(f"machine: {describe()}")
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = {}
    failures = 0
    for name, want in expected.items():
        try:
            checks = check_file(REAL / name, want)
        except Exception as exc:  # a crash on a real file is the worst outcome: report it, go on
            failures += 1
            print(f"{name}: FAILED {type(exc).__name__}: {exc}")
            continue
        parts: dict[str, list[int]] = {}
        for check in checks:
            tally = parts.setdefault(check.part, [0, 0])
            tally[0] += check.ok
            tally[1] += 1
            if not check.ok:
                print(f"    {name} {check.part}.{check.field}: expected {check.expected!r}, got {check.got!r}")
        for part, (ok, n) in parts.items():
            totals.setdefault(part, [0, 0])
            totals[part][0] += ok
            totals[part][1] += n
        print(f"{name[:60]:60s} " + ", ".join(f"{part} {ok}/{n}" for part, (ok, n) in parts.items()))
    print("totals: " + ", ".join(f"{part} {ok}/{n} ({ok / n:.0%})" for part, (ok, n) in totals.items()))
    print(f"files: {len(expected)}, failed to read: {failures}")


if __name__ == "__main__":
    main()
