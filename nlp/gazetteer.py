"""Landsdelen from place names, with spaCy's PhraseMatcher over the frame's gazetteer, and the region a
paper or a section is about (issue 20).

Names: the provinces and places of ``corpus/taxonomy.yaml`` and the deelregio's, cities, programmes and
pact regions of ``corpus/regions.yaml``, each with its adjective and demonym forms. The forms are made by
rule where Dutch is regular (``place_forms``: Achterhoek → Achterhoeks, Achterhoekse, Achterhoekers;
Twente → Twents, Twentse; Noord-Holland → Noord-Hollandse; Groningen → Gronings, Groningse; Breda →
Bredase; Liemers → Liemerse); the irregular ones (Zeeuwse, Friese, Drentse, Gelderse, Haagse, Nijmeegse …)
are listed in regions.yaml. A name counts only where it is written with a capital, so common words
that happen to be names stay words.

Noord-Brabant is split between two landsdelen: West-Brabant (and Breda) is Zuidwest, the rest
Zuidoost. A bare ``Noord-Brabant`` or ``Brabant`` (and Brabantse, Brabanders) therefore counts for
Zuidoost with less weight than an unambiguous place (``AMBIGUOUS``), and never stops a paper's own
region from being inherited.

A paper about one region (``paper_region``) lends that landsdeel to its statements that name none; so does
a section whose heading names one region (``section_region``). See ``paper_region`` for the rule.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from nlp.sections import heading_label
from nlp.sentences import dutch_nlp
from nlp.taxonomy import Frame

AMBIGUOUS = {"noord-brabant": ("zuidoost", 0.6), "brabant": ("zuidoost", 0.5)}  # when the frame lists none
LANDSDEEL_PHRASE = re.compile(r"\b(?:[Ll]andsdeel|[Rr]egio|REGIO|LANDSDEEL)\s+([A-Z][a-zA-Z]+)\b")
NEDERLAND_PART = re.compile(r"\b([A-Z][a-z]+)-Nederland(?:se|s)?\b")  # "Oost-Nederland", "Noord-Nederlandse"
ONE_WORD = re.compile(r"^[A-Z][a-zâêëïöü]+(?:-[A-Z][a-zâêëïöü]+)*$")  # names that take -s/-se/-ers
VOWELS = "aeiouy"

# The rule for "about one region" (paper_region); measured by bench/regions.py.
HEAD_HEADINGS = 2      # the title and the heading after it (a subtitle) are the paper's head
HEAD_WINDOW = 12       # … looked for among the paper's first statements
TITLE_HOLDS = 0.5      # a title's region stands unless other landsdelen have more statements than it
DOMINANT_SHARE = 0.8   # without a title region: one landsdeel named by ≥ 80 % of the statements naming one …
DOMINANT_MIN = 3       # … and by at least 3 statements …
DOMINANT_DENSITY = 0.1  # … and by at least a tenth of the paper's statements (a region named now and then is an example)


@dataclass
class PlaceHit:
    landsdeel: str
    score: float
    reason: str
    name: str = ""
    ambiguous: bool = False


@dataclass
class Region:
    """What a paper or a section is about: one landsdeel, the name that says so and how it was found."""

    landsdeel: str
    name: str   # "Achterhoek", "Noord-Nederland"
    kind: str   # "document" or "sectie"
    basis: str  # "titel '…'", "onder kop '…'", "12 van 13 zinnen met een plaatsnaam"

    @property
    def reason(self) -> str:
        return f"{self.kind}: over {self.name} ({self.basis})"


def adjective_forms(name: str) -> list[str]:
    """The regular adjective and demonym forms of a one-word (or hyphenated) place name.

    consonant: +s, +se, +ers (Achterhoeks, Achterhoekse, Achterhoekers; Utrechtse, Limburgers);
    -s: +e (Liemerse); -ingen: -ings, -ingse, -ingers (Groningse, Wageningse); a final -e after a
    consonant drops (Twents, Twentse); another vowel: +se (Bredase, Goudse). Irregular forms come
    from corpus/regions.yaml."""
    if not ONE_WORD.match(name):
        return []
    if name.endswith("ingen"):
        stem = name[:-2]
        return [stem + "s", stem + "se", stem + "ers"]
    if name.endswith("s"):
        return [name + "e"]
    if name.endswith("e") and len(name) > 2 and name[-2] not in VOWELS:
        stem = name[:-1]
        return [stem + "s", stem + "se"]
    if name[-1] in VOWELS:
        return [name + "se"]
    return [name + "s", name + "se", name + "ers"]


def place_forms(frame: Frame) -> dict[str, tuple[str, str, float, bool]]:
    """Every written form the gazetteer reads, lower case → (name, landsdeel, score, ambiguous)."""
    ambiguous = {k.lower(): v for k, v in (frame.ambiguous.items() if frame.ambiguous else AMBIGUOUS.items())}
    names = {name: (landsdeel, 0.85, False) for name, landsdeel in frame.places.items()}
    names.update({name if name[0].isupper() else name.title(): (landsdeel, score, True)
                  for name, (landsdeel, score) in ambiguous.items()})
    forms: dict[str, tuple[str, str, float, bool]] = {}
    for name, (landsdeel, score, vague) in names.items():
        for form in [name, *adjective_forms(name), *frame.irregular_forms.get(name, ())]:
            forms.setdefault(form.lower(), (name, landsdeel, score, vague))
    for name, extra in frame.irregular_forms.items():  # irregular forms of a name only ambiguous lists
        if name not in names and name.lower() in ambiguous:
            landsdeel, score = ambiguous[name.lower()]
            for form in extra:
                forms.setdefault(form.lower(), (name, landsdeel, score, True))
    return forms


@lru_cache(maxsize=4)
def _matcher(frame_key: int, forms: tuple[str, ...]) -> PhraseMatcher:
    nlp = dutch_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("place", [nlp.make_doc(form) for form in forms])
    return matcher


_FORMS: dict[int, tuple[Frame, dict[str, tuple[str, str, float, bool]]]] = {}


def _forms(frame: Frame) -> dict[str, tuple[str, str, float, bool]]:
    """The frame's forms, made once per frame (kept with the frame, so an id is never reused wrongly)."""
    kept = _FORMS.get(id(frame))
    if kept is None or kept[0] is not frame:
        if len(_FORMS) > 8:
            _FORMS.clear()
        kept = _FORMS[id(frame)] = (frame, place_forms(frame))
    return kept[1]


def _written_as_name(text: str) -> bool:
    return text[:1].isupper() or text.startswith("'")


INSTITUTION = {"universiteit", "hogeschool", "gemeente", "provincie", "regio", "haven", "port", "college", "stad"}


def _surname(doc, start: int) -> bool:
    """A place name as a surname: after "van", "van den/der" that follow a capitalised first name."""
    i = start - 1
    if i >= 0 and doc[i].lower_ in ("den", "der"):
        i -= 1
    if i < 1 or doc[i].lower_ != "van":
        return False
    before = doc[i - 1].text
    return before[:1].isupper() and before.isalpha() and before.lower() not in INSTITUTION


def find_landsdelen(text: str, frame: Frame) -> list[PlaceHit]:
    nlp = dutch_nlp()
    doc = nlp.make_doc(text)
    forms = _forms(frame)
    matcher = _matcher(id(frame), tuple(sorted(forms)))
    hits: list[PlaceHit] = []
    spans = sorted(((s, e) for _, s, e in matcher(doc)), key=lambda x: (x[0], -(x[1] - x[0])))
    taken = -1
    for start, end in spans:
        if start < taken:
            continue  # "West-Brabant" wins over the "Brabant" inside it
        written = doc[start:end].text
        if not _written_as_name(written):
            continue  # "kampen met", "de fries"
        if _surname(doc, start):
            continue  # "Rien van Tilburg"
        taken = end
        name, landsdeel, score, vague = forms[written.lower()]
        reason = f"plaats '{written}'" + ("" if written.lower() == name.lower() else f" ({name})")
        if vague:
            hits.append(PlaceHit(landsdeel, score, reason + " (grotendeels Zuidoost; West-Brabant is Zuidwest)", name, True))
        else:
            hits.append(PlaceHit(landsdeel, score, reason, name))
    for match in [*LANDSDEEL_PHRASE.finditer(text), *NEDERLAND_PART.finditer(text)]:
        landsdeel = frame.landsdeel_names.get(match.group(1).lower())
        if landsdeel:
            hits.append(PlaceHit(landsdeel, 0.9, f"plaats '{match.group(0)}'", match.group(0)))
    return hits


def _one_landsdeel(hits: list[PlaceHit]) -> tuple[str, str] | None:
    """(landsdeel, name) when the hits name one landsdeel; unambiguous names decide over Brabant."""
    sure = [h for h in hits if not h.ambiguous] or hits
    if len({h.landsdeel for h in sure}) != 1:
        return None
    return sure[0].landsdeel, Counter(h.name for h in sure).most_common(1)[0][0]


def head_headings(texts: list[str], section_paths: list[list[str]]) -> list[int]:
    """Indexes of the paper's head: its first ``HEAD_HEADINGS`` headings among the first statements. A
    statement is a heading when some later statement stands under it (its label is in a section path)."""
    labels = {label for path in section_paths for label in path}
    out = []
    for i, text in enumerate(texts[:HEAD_WINDOW]):
        if heading_label(text) in labels:
            out.append(i)
            if len(out) == HEAD_HEADINGS:
                break
    return out


def paper_region(texts: list[str], section_paths: list[list[str]], hits: list[list[PlaceHit]],
                 frame: Frame) -> Region | None:
    """The one region a paper is about, or None (a pure function of the paper's statements).

    Rule: (1) the head (title and subtitle) names places of one landsdeel only, and the body does not
    contradict it — statements naming other landsdelen are not more than those naming it; or (2) the head
    names none, and one landsdeel is named by ≥ 80 % of the statements that name any, by at least 3 of
    them and by at least a tenth of all statements. A national paper names several landsdelen (or one
    only in passing) and gets none. Brabant alone counts half (it may be West-Brabant)."""
    head = head_headings(texts, section_paths)
    head_hits = [h for i in head for h in hits[i]]
    votes: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    for i, statement_hits in enumerate(hits):
        if i in head:
            continue
        for landsdeel in {h.landsdeel for h in statement_hits}:
            sure = any(not h.ambiguous for h in statement_hits if h.landsdeel == landsdeel)
            votes[landsdeel] += 1.0 if sure else 0.5
        for h in statement_hits:
            names.setdefault(h.landsdeel, Counter())[h.name] += 0 if h.ambiguous else 1
    total = sum(votes.values())
    title = _one_landsdeel(head_hits)
    if title:
        landsdeel, name = title
        if total and votes[landsdeel] < TITLE_HOLDS * total:
            return None
        shown = texts[head[0]] if head else ""
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        return Region(landsdeel, name, "document", f"titel '{shown}'")
    if head_hits or not votes:
        return None  # the title names several landsdelen: a national paper (or one of several regions)
    landsdeel, top = votes.most_common(1)[0]
    if top < DOMINANT_MIN or top < DOMINANT_SHARE * total or top < DOMINANT_DENSITY * len(texts):
        return None
    name = names[landsdeel].most_common(1)[0][0] if names.get(landsdeel) else landsdeel.title()
    return Region(landsdeel, name, "document", f"{top:g} van {total:g} zinnen met een plaatsnaam")


def section_region(path: list[str], frame: Frame, skip: frozenset[str] = frozenset()) -> Region | None:
    """The region of the deepest heading above a statement that names places of one landsdeel only
    (``### Provincie Groningen``, ``Regio Twente``); headings in ``skip`` (the paper's head, headings that
    are a landsdeel's own name) do not count."""
    for heading in reversed(path):
        if heading in skip:
            continue
        one = _one_landsdeel(find_landsdelen(heading, frame))
        if one:
            shown = heading if len(heading) <= 60 else heading[:59] + "…"
            return Region(one[0], one[1], "sectie", f"onder kop '{shown}'")
    return None
