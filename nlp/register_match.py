"""The Kamer's toezeggingen register beside the toezeggingen Kamerspoor finds in the papers (issue 16).

``match_register(register, found)`` pairs each register entry (an ``ingest.opendata.TkToezegging``) with the
text-found toezegging (a ``commitments`` row, kind toezegging) that is the same promise, one to one,
and leaves the rest as ``alleen-register`` / ``alleen-tekst``. Pure: dicts in, ``RegisterMatch`` out.

Why these rules. A debate yields several toezeggingen by the same bewindspersoon on the same day, so
date and actor only say *which meeting*; the words of the promise say *which promise*. So:

- vetoes first: a pair whose debate dates are both known and more than ``DATE_WINDOW`` days apart,
  or whose actors are both known and differ (another surname, another role or ministry), is never a
  pair, however similar the words — a near miss on date or actor is a different promise;
- then a score ``0.25·datum + 0.15·wie + 0.6·tekst`` (each in 0..1), and a pair needs
  ``tekst ≥ MIN_TEXT`` *and* ``score ≥ THRESHOLD``;
- assignment is greedy by score (best pair first, each side used once). Greedy rather than optimal
  (Hungarian): candidates are few per debate, the best pair is nearly always mutual, and a greedy
  choice is one the reason column can explain.

THRESHOLD and MIN_TEXT were set on the sample corpus and its hand-written register page
(tests/data/tk-register): the eight true pairs score 0.56–0.81 with tekst 0.43–0.86; the best wrong
candidate that survives the vetoes (another promise of the same AO, same staatssecretaris) scores
0.45 with tekst 0.20, and all others ≤ 0.39. Both cuts sit in that gap. The actor veto is what keeps
another minister's promise at the same meeting apart (tekst 0.60 there: words alone would pair it).
With the date and actor both unknown a pair needs tekst ≥ 0.83, with both known and the same day ≥ 0.30.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ingest.opendata import TkToezegging

DATE_WINDOW = 3          # days between the register's debate date and ours: a debate over midnight, a date typed late
CREATED_WINDOW = 14      # an entry without a debate (a promise in a letter) is entered up to two weeks after it
WEIGHTS = {"datum": 0.25, "wie": 0.15, "tekst": 0.6}
THRESHOLD = 0.5
MIN_TEXT = 0.3           # words (or meaning) must carry a pair: date and actor only name the meeting
COSINE_FLOOR = 0.8       # a cosine at or below this is no similarity (e5: unrelated Dutch texts sit near 0.75)
STEM = 6                 # compare words by their first letters: regionale ~ regionaal, docenten ~ docent

REGISTER_DONE = {"voldaan", "afgedaan", "nagekomen"}
REGISTER_OPEN = {"openstaand", "open"}
OURS_ANSWERED = {"afgedaan", "deels", "in uitvoering"}
OURS_UNANSWERED = {"open", "onbekend"}

ROLES = ("minister-president", "staatssecretaris", "minister")
COLLECTIVE = {"kabinet", "regering", "het kabinet", "de regering"}
MINISTRIES = {  # acronym → the words of the ministry's name that tell it apart
    "ocw": "onderwijs", "ezk": "economische", "ez": "economische", "kgg": "klimaat", "szw": "sociale",
    "vws": "volksgezondheid", "bzk": "binnenlandse", "ienw": "infrastructuur", "lnv": "landbouw",
    "fin": "financien", "jenv": "justitie", "def": "defensie", "buza": "buitenlandse", "az": "algemene",
}
STOP = frozenset("""
aan al als alle alleen andere bij binnen dan dat de deze die dit door een eerst en er haar het hij hoe hun
in is kan komt met na naar niet nog of om onder ook op over per te ten ter tot tussen uit van veel voor
vanuit was wat we welke wel wordt worden zal zich zij zijn zo zoals
minister staatssecretaris kabinet regering kamer zegt toe toezegging informeert informeren stuurt sturen
brief kamerbrief laat weten geeft uiterlijk zomer najaar voorjaar eind begin jaar rond komen komt
gaat welke daarover hierover hierop daarop nader geinformeerd schriftelijk bezien toe uw ons onze
""".split())


@dataclass
class RegisterMatch:
    kind: str                     # both | alleen-register | alleen-tekst
    register_id: str | None
    nummer: str | None            # the register's own number, TZ201910-012
    commitment_id: str | None
    score: float
    reason: str                   # which evidence matched, in words
    register_status: str | None   # Openstaand | Voldaan | … as the register says
    our_status: str | None        # afgedaan | deels | in uitvoering | open | onbekend
    answers: int                  # answering statements Kamerspoor found
    conflict: str | None          # voldaan-zonder-antwoord | antwoord-maar-openstaand | None
    register_tekst: str | None
    subject: str | None
    made_at: str | None
    naam: str | None              # who promised, as the register writes it
    made_by: str | None           # who promised, as the papers say


def match_register(register: list[TkToezegging], found: list[dict],
                   similar: Callable[[list[str], list[str]], Sequence[Sequence[float]]] | None = None
                   ) -> list[RegisterMatch]:
    """Pairs first (best score first), then register-only, then text-only rows.

    ``found`` rows need id, made_by, made_at, made_on, subject, status, and optionally ``answers``
    (a count or list) and ``text`` (the statements that name it). ``similar(a, b)`` may return a
    cosine matrix for the register texts × our texts; it only ever raises the tekst evidence.
    """
    cosines = similar([_register_text(r) for r in register], [_found_text(f) for f in found]) \
        if similar and register and found else None
    nearby = _DateIndex(found)
    candidates = []
    for i, entry in enumerate(register):
        for j in nearby.candidates(entry):
            cosine = float(cosines[i][j]) if cosines is not None else None
            pair = score_pair(entry, found[j], cosine)
            if pair is not None:
                candidates.append((pair[0], i, j, pair[1]))
    return _assign(register, found, candidates)


def score_pair(entry: TkToezegging, ours: dict, cosine: float | None = None) -> tuple[float, str] | None:
    """(score, reason) of one register entry against one found toezegging; None when vetoed or too weak."""
    when, when_why = date_evidence(entry, ours)
    who, who_why = actor_evidence(entry, ours)
    if when is None or who is None:
        return None
    words = word_overlap(_register_text(entry), _found_text(ours))
    meaning = max(0.0, (cosine - COSINE_FLOOR) / (1 - COSINE_FLOOR)) if cosine is not None else 0.0
    text = max(words, min(meaning, 1.0))
    score = WEIGHTS["datum"] * when + WEIGHTS["wie"] * who + WEIGHTS["tekst"] * text
    if text < MIN_TEXT or score < THRESHOLD:
        return None
    text_why = f"woorden {words:.2f}" + (f", betekenis {meaning:.2f}" if cosine is not None else "")
    return round(score, 3), "; ".join(w for w in (when_why, who_why, text_why) if w)


def date_evidence(entry: TkToezegging, ours: dict) -> tuple[float | None, str]:
    """Debate date: 1 on the same day, falling to 0.25 at DATE_WINDOW days. Without a debate, the
    register's creation date may lag ours by up to CREATED_WINDOW days (0.75). 0 when a side has
    no date; None (veto) outside the window."""
    ours_day = found_date(ours)
    debate, created = _day(entry.activiteit_datum), _day(entry.aanmaakdatum)
    if ours_day is None or (debate or created) is None:
        return 0.0, "datum onbekend"
    if debate is None:
        lag = (created - ours_day).days
        return (0.75, f"aangemaakt {lag} dag(en) later") if 0 <= lag <= CREATED_WINDOW else (None, "")
    days = abs((debate - ours_day).days)
    if days > DATE_WINDOW:
        return None, ""
    return 1.0 - 0.25 * days, "zelfde dag" if days == 0 else f"datum {days} dag(en) verschil"


def actor_evidence(entry: TkToezegging, ours: dict) -> tuple[float | None, str]:
    """1 for the register's surname in made_by; 0.5 for the same role (and ministry, where both name one);
    0 when either side names nobody; None (veto) for another person or another role/ministry."""
    made_by = fold(ours.get("made_by") or "").strip()
    surname = register_surname(entry.naam)
    if not made_by or made_by in COLLECTIVE:
        return 0.0, "wie onbekend"
    if surname and surname in _words(made_by):
        return 1.0, f"naam {surname}"
    role = _role(made_by)
    if role is None or _names_person(made_by):  # "Keijzer", "Minister Hermans (…)": a person, not ours
        return (None, "") if surname else (0.0, "wie onbekend")
    their_role = _role(fold(entry.functie or ""))
    if their_role is None:
        return 0.0, "functie onbekend"
    if their_role != role:
        return None, ""
    theirs = _ministry(fold(f"{entry.functie or ''} {entry.ministerie or ''}"))
    ministry = _ministry(made_by)
    if ministry and theirs and ministry != theirs:
        return None, ""
    return 0.5, f"functie {role}"


def conflict_of(register_status: str | None, our_status: str | None, answers: int) -> str | None:
    """Where the register and the papers disagree about whether the promise was kept."""
    theirs, ours = fold(register_status or ""), (our_status or "").lower()
    if theirs in REGISTER_DONE and ours in OURS_UNANSWERED and answers == 0:
        return "voldaan-zonder-antwoord"
    if theirs in REGISTER_OPEN and ours in OURS_ANSWERED:
        return "antwoord-maar-openstaand"
    return None


# ---------------------------------------------------------------- evidence helpers

def found_date(ours: dict) -> date | None:
    """made_on, else a date at the end of made_at ("AO Techniekpact 2019-10-08")."""
    if ours.get("made_on"):
        return _day(ours["made_on"])
    match = re.search(r"(?<!\d)(\d{4}-\d{2}-\d{2})$", ours.get("made_at") or "")
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:  # digits shaped like a date that are none: a Handelingen id (h-tk-20242025-61-12)
        return None


def register_surname(naam: str | None) -> str | None:
    """``M.A.M. Adriaansens`` → ``adriaansens``; ``I.K. van Engelshoven`` → ``engelshoven``."""
    words = [w for w in fold(naam or "").replace(".", ". ").split() if not w.endswith(".")]
    return words[-1] if words else None


def word_overlap(register_text: str, our_text: str) -> float:
    """Share of the register's content words found in our text (by stem, or one inside the other,
    which meets compounds: techniekonderwijs ~ onderwijs in techniek)."""
    theirs, ours = content_words(register_text), content_words(our_text)
    if not theirs or not ours:
        return 0.0
    return sum(1 for w in theirs if _met(w, ours)) / len(theirs)


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _words(fold(text)) if len(w) >= 3 and w not in STOP and not w.isdigit())


def fold(text: str) -> str:
    """Lower case without diacritics, so financiële meets financiele."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _met(word: str, ours: frozenset[str]) -> bool:
    if word in ours:
        return True
    stem = word[:STEM]
    return any(v[:STEM] == stem or (len(v) >= 5 and v in word) or (len(word) >= 5 and word in v) for v in ours)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)


def _role(text: str) -> str | None:
    """The role word made_by or Functie starts with ("de minister van OCW" → minister), else None."""
    words = [w for w in text.split() if w not in ("de", "het")]
    return next((r for r in ROLES if words and words[0] == r), None)


def _names_person(made_by: str) -> bool:
    """``minister hermans (klimaat …)`` names a person; ``minister van ocw`` and ``minister`` do not."""
    words = [w for w in made_by.split() if w not in ("de", "het")]
    return len(words) > 1 and words[1] not in ("van", "voor") and not words[1].startswith("(")


def _ministry(text: str) -> str | None:
    words = _words(text)
    for word in words:
        if word in MINISTRIES:
            return MINISTRIES[word]
    return next((w for w in words if w in MINISTRIES.values()), None)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10]) if value else None


def _register_text(entry: TkToezegging) -> str:
    return entry.tekst or ""


def _found_text(ours: dict) -> str:
    return " ".join(t for t in (ours.get("subject"), ours.get("text")) if t)


def _answers(ours: dict) -> int:
    answers = ours.get("answers") or 0
    return answers if isinstance(answers, int) else len(answers)


# ---------------------------------------------------------------- candidates and assignment

class _DateIndex:
    """The found toezeggingen by date, so each register entry is scored only against those inside its
    window (and the undated ones): ~1,000 × ~1,000 pairs would otherwise all be scored."""

    def __init__(self, found: list[dict]):
        dated = sorted((day.toordinal(), j) for j, f in enumerate(found) if (day := found_date(f)) is not None)
        self.days = [d for d, _ in dated]
        self.index = [j for _, j in dated]
        self.undated = [j for j, f in enumerate(found) if found_date(f) is None]
        self.everything = list(range(len(found)))

    def candidates(self, entry: TkToezegging) -> list[int]:
        debate, created = _day(entry.activiteit_datum), _day(entry.aanmaakdatum)
        if debate is None and created is None:
            return self.everything
        low, high = (debate.toordinal() - DATE_WINDOW, debate.toordinal() + DATE_WINDOW) if debate else \
            (created.toordinal() - CREATED_WINDOW, created.toordinal())
        return self.index[bisect_left(self.days, low):bisect_right(self.days, high)] + self.undated


def _assign(register: list[TkToezegging], found: list[dict], candidates: list[tuple]) -> list[RegisterMatch]:
    """Greedy one-to-one: best score first; ties go to the earlier register entry and found record."""
    used_register, used_found, pairs = set(), set(), []
    for score, i, j, reason in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_register or j in used_found:
            continue
        used_register.add(i)
        used_found.add(j)
        pairs.append(_row("both", register[i], found[j], score, reason))
    only_register = [_row("alleen-register", e, None, 0.0, "geen toezegging in de papieren past")
                     for i, e in enumerate(register) if i not in used_register]
    only_text = [_row("alleen-tekst", None, f, 0.0, "niet in het register")
                 for j, f in enumerate(found) if j not in used_found]
    return pairs + only_register + only_text


def _row(kind: str, entry: TkToezegging | None, ours: dict | None, score: float, reason: str) -> RegisterMatch:
    ours_ = ours or {}
    answers = _answers(ours_)
    status = entry.status if entry else None
    return RegisterMatch(
        kind=kind, register_id=entry.id if entry else None, nummer=entry.nummer if entry else None,
        commitment_id=ours_.get("id"), score=score, reason=reason,
        register_status=status, our_status=ours_.get("status"), answers=answers,
        conflict=conflict_of(status, ours_.get("status"), answers) if kind == "both" else None,
        register_tekst=entry.tekst if entry else None, subject=ours_.get("subject"), made_at=ours_.get("made_at"),
        naam=entry.naam if entry else None, made_by=ours_.get("made_by"))
