"""Moties named in running text: who filed them and, when given, their Kamerstuk number.

A mention has the structure Dutch parliamentary prose always gives it::

    [de] [gewijzigde|aangehouden|…] motie(s)  OWNER [(party)] [c.s.]  [NUMBER]  [over … (NUMBER)]

OWNER is one of

- ``van het lid NAME``, ``van lid NAME`` (papers drop the article), ``van Kamerlid NAME``    → form ``het-lid`` / ``lid``
- ``van de leden NAME, NAME en NAME``                                                       → form ``leden``
- ``-NAME`` (``de motie-Bikker``), ``van NAME``, ``van mevrouw NAME`` or the names themselves
  (``de motie Omtzigt/Dassen``)                                                             → form ``naam``
- nothing: the motion is named by its NUMBER alone (``motie 36 410 XVI, nr. 15``)            → form ``nummer``

and the Handelingen add the chair's formulas (``Deze motie is voorgesteld door de leden … Zij krijgt
nr. 23 (36 123).``, ``Op verzoek van mevrouw Podt stel ik voor haar motie (…) aan te houden``) → ``handelingen``.

NUMBER is a Kamerstuk reference in any of its written shapes (``Kamerstuk 32 637, nr. 392``,
``Kamerstukken II 2023/24, 36 410 VII, nr. 19``, ``nr. 88 (Kamerstuk 35 510)``, ``36410-XII-74``,
``nrs. 21 en 22``: one motion per number); a bare ``(nr. 33)`` takes its dossier from the next
``(Kamerstuk 33 118)`` of the sentence. Plural ``moties`` take several owners
(``de moties van de leden A (nr. 14) en B (nr. 16)``, ``de moties-Kwint en -Podt``); bare names
joined by *en* (``de moties Bruins en Moorlag``) are read as one group of indieners, as the gold list does.

A NAME is read by its shape, not from a list of members: capitalised words with the particles of
Dutch surnames between them (Romke de Jong, Van der Lee, Faber-van de Klashorst, El Abassi), never
across a line break. A party (ChristenUnie, VVD: a second capital inside a word), a body or a
sentence word is no name: "de motie van de VVD-fractie" and "een motie van wantrouwen" name no one.

``find_moties`` is pure: one text in, ``MotieMention`` records out, each with the rule that found it
and how sure that rule is (``confidence``; bench/motie_mentions.py measures each rule).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.motie_form import UPPER

PARTICLES = {"van", "de", "der", "den", "ter", "te", "ten", "het", "in", "op", "'t", "’t", "la", "le", "du", "da", "dos"}
_LETTERS = r"(?:[^\W\d_]|['’])"  # no digits: a footnote mark glued to a name ("Omtzigt9") is not part of it
_PARTICLE = r"(?:van|de|der|den|ter|te|ten|het|in|op|'t|’t|la|le|du|da|dos)"
NAME_WORD = rf"[{UPPER}]{_LETTERS}*(?:-(?:{_PARTICLE}\s+)*[{UPPER}]{_LETTERS}*)*"  # Faber-van de Klashorst
_GAP = r"[ \t\u00a0]+"  # within a name: never a line break (a heading runs into the next paragraph)
PERSON_RE = re.compile(rf"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Ii]n|'t|’t){_GAP})*{NAME_WORD}"
                       rf"(?:{_GAP}(?:{_PARTICLE}{_GAP})*{NAME_WORD}){{0,2}}")
MAX_CAPITALISED = 2  # "Romke de Jong", "El Abassi"; "Provinciale Staten van Fryslân" is a body
SEPARATOR = re.compile(r"\s*(?:,|/|\ben\b)\s*")
PARTY_NOTE = re.compile(r"\s*\((?P<party>[^()\d]{1,30})\)")
CUM_SUIS = re.compile(r"\s*c\.\s?s\.?", re.I)

HEAD = re.compile(r"(?<![\w-])(?P<head>[Mm]oties?|MOTIES?)(?=[\s\-–(,.;:]|$)")
OWNERS = [  # (form, rule, cue after the head word), tried in order
    ("het-lid", "van-het-lid", re.compile(r"\s*van\s+(?:het\s+(?:Kamer)?lid|Kamerlid)\s+(?=\S)")),
    ("lid", "van-lid", re.compile(r"\s*van\s+lid\s+(?=\S)")),
    ("leden", "van-de-leden", re.compile(r"\s*van\s+(?:de\s+)?(?:Kamer)?leden\s+(?=\S)")),
    ("naam", "van-mevrouw-de-heer", re.compile(r"\s+van\s+(?:mevrouw|de\s+heer|mevr\.|dhr\.)\s+(?=\S)")),
    ("handelingen", "voorgesteld-door", re.compile(r"\s+is\s+(?:voorgesteld|ingediend)\s+door\s+(?:de\s+leden|het\s+lid)\s+")),
    ("naam", "koppelteken", re.compile(rf"\s*[-–]\s*(?=[{UPPER}])")),  # de motie-Bikker
    ("naam", "van-naam", re.compile(rf"\s+van\s+(?=[{UPPER}])")),  # de motie van Van Baarle en Ceder
    ("naam", "naam", re.compile(rf"\s+(?=[{UPPER}]|(?:van|de|ter|den)\s+[{UPPER}])")),  # de motie Özütok, de motie van der Lee
]
# The next owner of a plural mention: "… (nr. 12) en van het lid C", "de moties-Kwint en -Podt".
NEXT_OWNER = re.compile(rf"\s*(?:,|\ben\b|;)\s*(?:(?P<die>die)\s+)?"
                        rf"(?=van\s+(?:het\s+|de\s+)?(?:Kamer)?(?:lid|leden)\b|[-–]\s*[{UPPER}]|\d{{2}}\s?\d{{3}}\b)")
# "Beide moties, die van het lid A (…) en die van het lid B (…)"
PLURAL_LEAD = re.compile(r"\s*,?\s*die(?=\s+van\b)")

# Kamerstuk numbers, in the shapes papers write them.
_DOSSIER = r"(?P<dossier>\d{2}\s?\d{3})(?:[\s-]+(?P<sub>[A-Z]{1,5}(?:-[A-Z0-9]{1,3})?|(?<=-)\d{2}(?!\d)))?"
_NRS = r"(?P<nrs>\d{1,4}(?:\s*(?:,|en|&)\s*\d{1,4}(?!\d|\s?\d{3}\b))*)\b"  # "40 en 41", not "40 en 36 200 XV"
DOSSIER_FIRST = re.compile(rf"(?:(?:Kamerstuk(?:ken|nummer)?|kamerstuk|nummer)(?:\s+I{{1,2}})?(?:\s+\d{{4}}\s*[/–-]\s*\d{{2,4}})?\s*,?\s*)?"
                           rf"{_DOSSIER}\s*,?\s*(?:nrs?\.?|nummers?)\s*{_NRS}")
NUMBER_FIRST = re.compile(rf"(?:op\s+stuk\s+|stuk\s+)?(?:nrs?\.|nummers?)\s*{_NRS}"
                          rf"(?:\s*\(\s*(?:Kamerstuk(?:ken)?\s+)?{_DOSSIER}\s*\))?")
NORMALISED = re.compile(r"(?:kst-)?(?P<dossier>\d{5,6})-(?:(?P<sub>[A-Z0-9]{1,5})-)?(?P<nrs>\d{1,4})\b")
DOSSIER_ONLY = re.compile(rf"\(\s*(?:Kamerstuk(?:ken)?\s+)?{_DOSSIER}\s*\)")
ADJACENT = re.compile(r"\s*(?P<open>\()?\s*(?:,\s*)?(?:(?:met|onder)\s+)?(?:het\s+)?(?=[\dKk]|nrs?\.|nummer|op\s+stuk|stuk)")
# A parenthesised number later in the same clause: "de motie van het lid X over … (Kamerstuk 30 169, nr. 82)".
LATER = re.compile(r"[^.;()]{0,140}?(?:\((?=[^)]*\d)|,\s*(?=Kamerstuk(?:ken)?\s+\d))")
OTHER_PAPER = re.compile(r"\b(?:amendement|brief|wetsvoorstel|nota|verslag|rapport|besluit|vragen|petitie|"
                         r"initiatief\w*|motie|moties)\b", re.I)
CHAIR_NUMBER = re.compile(r"\bZ(?:ij|e) krijgt (?:nr\.|nummer)\s*(?P<nrs>\d{1,4})(?:\s*,\s*was\s+(?:nr\.|nummer)\s*\d{1,4})?\s*"
                          r"\((?P<dossier>\d{2}\s?\d{3})"
                          r"(?:[\s-](?P<sub>[A-Z0-9]{1,5}))?\)")
REFERENCE_WINDOW = 90  # characters after the owner in which the chair's number stands
ON_BEHALF = re.compile(r"\b(?:[Oo]p\s+verzoek\s+van|[Nn]amens)\s+(?:mevrouw|de\s+heer|het\s+lid|de\s+leden)\s+")
POSSESSIVE = re.compile(r"\b(?:haar|zijn|hun)\s+$")

# Capitalised words that begin a sentence part or name a body, not a member ("de motie Kamerstuk …").
NOT_NAMES = {"Het", "Een", "Deze", "Die", "Dat", "Dit", "In", "Op", "Over", "Naar", "Tot", "Kamerstuk", "Kamerstukken",
             "Ook", "Voor", "Met", "Zie", "Nr", "Kamer", "Tweede", "Eerste", "Zij", "Hij", "Ik", "Wij", "U", "Uw", "Als", "En",
             "Vreemd", "Motie", "Moties", "Amendement", "Zoals", "Bij", "Aan", "Om", "Daarnaast", "Verder",
             "Regering", "Minister", "Staatssecretaris", "Kabinet", "Dossier", "Nummer", "Toezegging", "Toezeggingen",
             "Er", "Zo", "Dan", "Daarom", "Hiermee", "Hierbij", "Hierin", "Daarin", "Daarbij", "Tevens", "Wel", "Niet",
             "Reactie", "Brief", "Stand", "Uitvoering", "Bijlage", "Box", "Tabel", "Figuur", "Hoofdstuk",
             "Provinciale", "Staten", "Gemeenteraad", "Raad", "Europees", "Europese", "Senaat", "Fractie", "Commissie"}
# The words of ministries' names: "moties Onderwijs, Cultuur en Wetenschap" is a ministry's list, not three members.
# One such word alone may well be a member (the Kamer has a member Welzijn): only a list of two or more is refused.
MINISTRY_WORDS = {"Onderwijs", "Cultuur", "Wetenschap", "Economische", "Zaken", "Financiën", "Defensie", "Justitie",
                  "Veiligheid", "Infrastructuur", "Waterstaat", "Volksgezondheid", "Welzijn", "Sport", "Sociale",
                  "Werkgelegenheid", "Binnenlandse", "Koninkrijksrelaties", "Landbouw", "Natuur", "Voedselkwaliteit",
                  "Buitenlandse", "Handel", "Ontwikkelingssamenwerking", "Asiel", "Migratie", "Klimaat",
                  "Groene", "Groei", "Volkshuisvesting", "Ruimtelijke", "Ordening", "Visserij", "Medische", "Zorg",
                  "Algemene", "Wonen", "Energie", "Milieu", "Verkeer"}
PARTY_SPELLINGS = re.compile(r"^(?:GroenLinks(?:-PvdA)?|PvdA|PvdD|ChristenUnie|Volt|Denk|DENK|BBB|NSC|JA21|FvD|"
                             r"50PLUS|BIJ1|SP|SGP|CDA|VVD|PVV|D66|GL|CU|Groep)(?:-fractie)?$")

CONFIDENCE = {"het-lid": 0.95, "lid": 0.95, "leden": 0.95, "handelingen": 0.97, "nummer": 0.9, "naam": 0.85}
WITH_NUMBER = 0.03  # a Kamerstuk number given beside the names makes a mention surer


@dataclass(frozen=True)
class MotieMention:
    """One motion named in a text."""

    indieners: tuple[str, ...]
    kamerstuk_id: str | None
    form: str          # het-lid | lid | leden | naam | nummer | handelingen
    rule: str          # e.g. "motie:van-het-lid", "motie:koppelteken", "motie:kamerstuk"
    confidence: float  # how often this rule is right (bench/motie_mentions.py measures it per rule)
    cum_suis: bool     # "c.s.": more members signed than are named
    start: int
    end: int


@dataclass
class _Owner:
    """One owner read after a head word, before its number is known."""

    names: list[str]
    form: str
    rule: str
    cum_suis: bool
    end: int
    dossier: str | None = None
    numbers: list[str] = field(default_factory=list)


def find_moties(text: str) -> list[MotieMention]:
    """Every motion ``text`` names, in order."""
    found: list[tuple[int, _Owner]] = []
    position = 0
    for head in HEAD.finditer(text):
        if head.start() < position:
            continue  # inside a plural mention read already
        owners = _owners_at(text, head)
        found += [(head.start(), owner) for owner in owners]
        if owners:
            position = owners[-1].end
    _complete_dossiers(text, [owner for _, owner in found])
    return [mention for start, owner in found for mention in _mentions(start, owner)]


def _owners_at(text: str, head: re.Match) -> list[_Owner]:
    """The owners named after one head word: one for ``motie``, one or more for ``moties``."""
    plural = head.group("head").lower() == "moties"
    lead = PLURAL_LEAD.match(text, head.end()) if plural else None
    first = _owner(text, head.start(), lead.end() if lead else head.end(), plural)
    if first is None:
        return []
    owners = first
    while True:  # plural: "… en van het lid B", "-Kwint en -Podt"; singular: "de motie van A en die van B"
        more = NEXT_OWNER.match(text, owners[-1].end)
        if more is None or not (plural or more.group("die")):
            break
        following = _owner(text, head.start(), more.end(), plural or bool(more.group("die")))
        if not following:
            break
        owners += following
    if not plural or len(owners) == 1:
        _later_number(text, owners[-1])
    return owners


def _owner(text: str, start: int, after: int, plural: bool) -> list[_Owner] | None:
    """The owner(s) whose cue begins at ``after`` (just past the head word or the previous owner):
    several when a plural names each member's own number ("van de leden A (nr. 14) en B (nr. 16)")."""
    for form, rule, cue in OWNERS:
        found = cue.match(text, after)
        if found is None:
            continue
        owners = _name_groups(text, found.end(), form, "motie:" + rule, split=plural)
        if not owners:
            continue
        if form == "handelingen":
            _chair_number(text, owners[-1])
        elif not owners[-1].numbers:
            _adjacent_number(text, owners[-1])
        return owners
    owner = _Owner([], "nummer", "motie:kamerstuk", False, after)
    if not _adjacent_number(text, owner):
        if plural or not _later_number(text, owner):
            return None
        owner.rule = "motie:kamerstuk-verderop"  # "De motie die is ingediend bij … (Kamerstuk …)"
    names = _on_behalf(text, start)  # "Op verzoek van mevrouw Podt stel ik voor haar motie (…) aan te houden"
    if names:
        owner.names, owner.form, owner.rule = names, "handelingen", "motie:op-verzoek-van"
    return [owner]


def _name_groups(text: str, at: int, form: str, rule: str, split: bool) -> list[_Owner]:
    """The members named from ``at``: one owner, or with ``split`` (plural moties) one per member who
    carries an own "(nr. N)". After the head word itself (rule ``motie:naam``), where a capitalised
    sentence word is likelier than a name, a list with commas must end in "en NAME"."""
    owners: list[_Owner] = []
    names: list[str] = []
    end = at
    while True:
        person = _person_at(text, end)
        if person is None:
            break
        names.append(_as_name(person[0]))
        end = person[1]
        party = PARTY_NOTE.match(text, end)
        if party and not re.search(r"\d|nr\.", party.group("party")):
            end = party.end()
        own = NUMBER_FIRST.match(text, end + 2) if split and text.startswith(" (", end) else None
        if own is not None and text.startswith(")", own.end()):  # "A (nr. 14) en B (nr. 16)": two moties
            owners.append(_Owner(names, form, rule, False, own.end() + 1, numbers=re.findall(r"\d+", own.group("nrs")),
                                 dossier=_dossier(own.group("dossier"), own.group("sub")) if own.group("dossier") else None))
            names, end = [], own.end() + 1
        separator = SEPARATOR.match(text, end)
        if separator is None or separator.end() == end or _person_at(text, separator.end()) is None:
            break
        if rule == "motie:naam" and "," in separator.group(0) and \
                not re.search(r"\ben\b", text[separator.end():separator.end() + 60]):
            break  # "de motie Kwint, Dassen zei …": one name
        end = separator.end()
    if sum(name in MINISTRY_WORDS for name in names) >= 2:
        return []
    if names:
        cum_suis = CUM_SUIS.match(text, end)
        owners.append(_Owner(names, form, rule, bool(cum_suis), cum_suis.end() if cum_suis else end))
    return owners


def _person_at(text: str, at: int) -> tuple[str, int] | None:
    """One member's name starting at ``at`` and where it ends; its words stop at the first that is
    no name ("de motie Kwint Het kabinet …" → Kwint)."""
    match = PERSON_RE.match(text, at)
    if match is None:
        return None
    kept: list[re.Match] = []
    for word in re.finditer(r"\S+", match.group(0)):
        if word.group(0).lower() not in PARTICLES and not _name_word(word.group(0)):
            break
        kept.append(word)
    while kept and kept[-1].group(0).lower() in PARTICLES:
        kept.pop()  # "Kwint de …": a particle must lead to a name
    capitalised = [w.group(0) for w in kept if w.group(0).lower() not in PARTICLES]
    if not capitalised or kept[0].group(0) in NOT_NAMES or len(capitalised) > MAX_CAPITALISED:
        return None
    return match.group(0)[:kept[-1].end()], at + kept[-1].end()


def _name_word(word: str) -> bool:
    """A capitalised word that can be part of a member's name: not a sentence word, not a party or acronym."""
    if len(word) < 2 or word in NOT_NAMES or PARTY_SPELLINGS.match(word) or word.endswith("-fractie"):
        return False
    # a second capital inside one part is an acronym or a party (VVD, PDFs, ChristenUnie), not a surname
    return not any(sum(c.isupper() for c in part) > 1 for part in word.split("-"))


def _as_name(words: str) -> str:
    """``van der Lee`` (mid-sentence) → ``Van der Lee``; ``Romke de Jong`` stays as written."""
    words = " ".join(words.split())
    return words[0].upper() + words[1:]


# ---------------------------------------------------------------- numbers

def _adjacent_number(text: str, owner: _Owner) -> bool:
    """The Kamerstuk number given right after the owner ("(Kamerstuk 32 637, nr. 392)", ", 36 410 XVI, nr. 15")."""
    cue = ADJACENT.match(text, owner.end)
    if cue is None:
        return False
    reference = _reference_at(text, cue.end())
    if reference is None:
        return False
    owner.dossier, owner.numbers, end = reference
    if cue.group("open"):
        closing = text.find(")", end)
        end = closing + 1 if 0 <= closing - end <= 40 else end
    owner.end = end
    return True


def _later_number(text: str, owner: _Owner) -> bool:
    """A number in parentheses later in the owner's clause ("de motie van het lid X over … (Kamerstuk …)"),
    when no other paper is named in between."""
    if owner.numbers:
        return False
    later = LATER.match(text, owner.end)
    if later is None or OTHER_PAPER.search(later.group(0)):
        return False
    reference = _reference_at(text, later.end())
    if reference is None:
        return False
    owner.dossier, owner.numbers, end = reference
    closing = text.find(")", end)
    owner.end = closing + 1 if 0 <= closing - end <= 40 else end
    return True


def _reference_at(text: str, at: int) -> tuple[str | None, list[str], int] | None:
    """(dossier or None, numbers, end) of the Kamerstuk reference starting at ``at``."""
    for pattern in (DOSSIER_FIRST, NORMALISED, NUMBER_FIRST):
        match = pattern.match(text, at)
        if match is None:
            continue
        dossier = _dossier(match.group("dossier"), match.group("sub")) if match.group("dossier") else None
        return dossier, re.findall(r"\d+", match.group("nrs")), match.end()
    return None


def _chair_number(text: str, owner: _Owner) -> None:
    """"Deze motie is voorgesteld door … Zij krijgt nr. 23 (36 123).": the chair's number."""
    numbered = CHAIR_NUMBER.search(text, owner.end, owner.end + REFERENCE_WINDOW)
    if numbered:
        owner.dossier = _dossier(numbered.group("dossier"), numbered.group("sub"))
        owner.numbers, owner.end = [numbered.group("nrs")], numbered.end()


def _complete_dossiers(text: str, owners: list[_Owner]) -> None:
    """"de motie van het lid A (nr. 33) en de motie van het lid B (nr. 35), beide bij … (Kamerstuk 33 118)":
    a bare number takes the dossier given next in its sentence."""
    for owner in owners:
        if owner.numbers and owner.dossier is None:
            sentence_end = re.compile(r"\.\s+[A-Z]|;").search(text, owner.end)
            found = DOSSIER_ONLY.search(text, owner.end, sentence_end.start() if sentence_end else len(text))
            if found:
                owner.dossier = _dossier(found.group("dossier"), found.group("sub"))


def _dossier(dossier: str, sub: str | None) -> str:
    return dossier.replace(" ", "") + (f"-{sub}" if sub else "")


def _mentions(start: int, owner: _Owner) -> list[MotieMention]:
    """One motion per number (an owner without a usable number: one motion without an id)."""
    ids = [f"{owner.dossier}-{number}" for number in owner.numbers] if owner.dossier else []
    sure = round(min(CONFIDENCE[owner.form] + (WITH_NUMBER if ids and owner.names else 0.0), 0.99), 2)
    return [MotieMention(tuple(owner.names), kamerstuk, owner.form, owner.rule, sure, owner.cum_suis, start, owner.end)
            for kamerstuk in ids or [None]]


def _on_behalf(text: str, head_start: int) -> list[str]:
    """``Op verzoek van mevrouw Podt stel ik voor haar motie (…) aan te houden``: whose motion it is."""
    if not POSSESSIVE.search(text[max(0, head_start - 6):head_start]):
        return []
    cue = None
    for cue in ON_BEHALF.finditer(text, 0, head_start):
        pass
    if cue is None:
        return []
    owners = _name_groups(text, cue.end(), "handelingen", "motie:op-verzoek-van", split=False)
    return owners[0].names if owners else []


def motion_ids(refs: list[str]) -> list[str]:
    """The references that are Kamerstukken (dossier[-sub]-number): a motion's possible ids."""
    return [r for r in refs if re.fullmatch(r"\d{5,6}(?:-[A-Z0-9]+)?-\d{1,4}", r)]
