"""Regional pacts read as what they are: who signed, and what each party promised (issue 20).

A regional pact (a regional techniekpact, a Human Capital Agenda, a Regio Deal convenant, a provincial
programme paper) is a contract more than a letter. Its fixed parts:

    the parties    "De ondergetekenden: 1. Gedeputeerde Staten van de provincie Gelderland, hierna: de
                   provincie; 2. …", a "Partijen" list, or the signatures at the end
    the afspraken  a party + a binding act, often with an amount and a period:
                   "De provincie stelt in 2022–2025 € 2,5 miljoen beschikbaar", or a list under a lead-in
                   that names the party ("De werkgevers zeggen toe: – 200 extra stageplaatsen …"), or a
                   row of an actions table (actie | trekker | budget | periode)

An afspraak is found by its structure — who (a party of the pact, or a party-like body) + how it binds
itself (a present or future of a committing verb, not a past: "heeft bijgedragen" is history, "het is
wenselijk dat" binds nobody) — never by a pact's own sentences. The finder is a pure function of one
paper's statements; the registry (``nlp/registry.py``) turns each afspraak into a commitment of kind
``afspraak`` with the party as actor, so "what did the regions promise, and was it done?" has an answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nlp.deadlines import DateRange
from nlp.records import Statement

# ------------------------------------------------------------------ amounts and periods

MULTIPLIERS = {"miljard": 1e9, "mld": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6, "ton": 1e5, "duizend": 1e3, "k": 1e3}
AMOUNT = re.compile(
    r"(?:€|EUR|euro)\s*(?P<n1>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s*(?P<m1>miljard|mld|miljoen|mln|mio|duizend|k)\b\.?)?"
    r"|(?P<n2>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<m2>miljard|mld|miljoen|mln|mio|duizend)?\.?\s*(?:euro|EUR)\b",
    re.I)
YEAR = r"(?:19|20)\d{2}"
PERIOD = re.compile(
    rf"(?P<a>{YEAR})\s*(?:[-–—/]|tot en met|t/m|tot|en)\s*(?P<b>{YEAR})"   # 2021–2024, 2021 t/m 2024
    rf"|(?:vanaf|per|sinds)\s+(?:\d{{1,2}}\s+\w+\s+)?(?P<from>{YEAR})"        # vanaf 2023
    rf"|(?:uiterlijk\s+)?(?:in|voor|eind|begin|medio)\s+(?:\w+\s+)?(?P<one>{YEAR})\b"  # in 2025, eind 2024
    rf"|\b(?P<bare>{YEAR})\b")


WORD_NUMBERS = {"een": 1, "één": 1, "anderhalf": 1.5, "anderhalve": 1.5, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
                "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "half": 0.5, "halve": 0.5}
WORD_AMOUNT = re.compile(rf"\b(?P<n>{'|'.join(WORD_NUMBERS)})\s+(?P<m>ton|miljoen|miljard)\b(?:\s+euro)?", re.I)


def amount_in(text: str) -> float | None:
    """The first euro amount: "€ 2,5 miljoen" → 2 500 000, "€ 400.000" → 400 000, "1 mln euro" → 1 000 000,
    "twee ton" → 200 000."""
    match = AMOUNT.search(text)
    words = WORD_AMOUNT.search(text)
    if words and (not match or words.start() < match.start()):
        return WORD_NUMBERS[words.group("n").lower()] * MULTIPLIERS[words.group("m").lower()]
    if not match:
        return None
    number = (match.group("n1") or match.group("n2")).replace(".", "").replace(",", ".")
    scale = MULTIPLIERS.get((match.group("m1") or match.group("m2") or "").lower(), 1)
    return round(float(number) * scale, 2)


def period_in(text: str) -> tuple[int, int] | None:
    """The first period: (first year, last year)."""
    match = PERIOD.search(text)
    if not match:
        return None
    if match.group("a"):
        return int(match.group("a")), int(match.group("b"))
    year = int(match.group("from") or match.group("one") or match.group("bare"))
    return year, year


def period_text(period: tuple[int, int] | None) -> str | None:
    if period is None:
        return None
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


# ------------------------------------------------------------------ tables

@dataclass
class TableRow:
    cells: list[str]
    statement_id: str


def pact_tables(rows: list[Statement]) -> list[tuple[list[str], list[TableRow]]]:
    """The paper's tables as (header, rows): tab-separated lines of a PDF table (a wrapped cell's next line,
    with fewer cells, is joined to the row above, column by column) and Markdown pipe tables kept as one
    statement ("| a | b | |---|---| | c | d |")."""
    tables: list[tuple[list[str], list[TableRow]]] = []
    current: tuple[list[str], list[TableRow]] | None = None
    gap = 0  # statements since the table's last line: a page break puts a running head between two rows
    for row in rows:
        text = row.text.strip()
        if text.count("|") >= 4 and text.startswith("|"):
            tables.append(_pipe_table(row))
            current = None
        elif row.role == "table" and "\t" in text or (current and row.role == "table"):
            cells = [c.strip() for c in row.text.strip(" \n").split("\t")]  # an empty last cell keeps its column
            if current is not None and gap > 2:
                current = None
            gap = 0
            if current is None:
                current = (cells, [])
                tables.append(current)
            elif len(cells) >= len(current[0]) or not current[1]:
                current[1].append(TableRow(cells, row.id))
            else:  # a wrapped line: its cells continue the columns of the row above
                _continue_row(current[1][-1].cells, cells)
        else:
            gap += 1
    return tables


OPEN_END = re.compile(r"(?:\b(?:en|of|van|voor|de|het|een|naar|in|met|aan|te|op|bij|uit|om)|[-,])$", re.I)


def _continue_row(above: list[str], cells: list[str]) -> None:
    """Add a wrapped line's cells to the row above: to the columns whose text is plainly unfinished ("… en",
    "… voor", a hyphen), when there are as many of those as cells; else column by column from the left."""
    open_columns = [n for n, text in enumerate(above) if OPEN_END.search(text)]
    targets = open_columns if len(open_columns) == len(cells) else list(range(len(cells)))
    for n, cell in zip(targets, cells):
        if n < len(above):
            above[n] = f"{above[n]} {cell}".strip()


def _pipe_table(row: Statement) -> tuple[list[str], list[TableRow]]:
    cells = [c.strip() for c in row.text.strip().strip("|").split("|")]
    width = next((n for n, c in enumerate(cells) if c == ""), len(cells))
    body = [c for c in cells[width:] if c != "" and not re.fullmatch(r":?-{3,}:?", c)]
    return cells[:width], [TableRow(body[n:n + width], row.id) for n in range(0, len(body) - width + 1, width)]


# ------------------------------------------------------------------ parties

# A heading (or a line alone) over the party list, or the sentence that introduces it
PARTY_HEAD = re.compile(r"^(?:\d+[.)]?\s*|[A-Z][.)]\s*)?(?:de\s+)?(?:ondergetekenden|partijen|betrokken partijen|"
                        r"deelnemende partijen|ondertekenaars|ondertekening|handtekeningen|convenantpartners|pactpartners|"
                        r"partners|samenwerkingspartners|deelnemers|wie doen mee\??)\s*:?\s*$", re.I)
PARTY_INTRO = re.compile(r"\b(?:gesloten|ondertekend|uitgevoerd|gedragen|aangegaan|getekend|opgesteld)\s+door\b|"
                         r"\bvolgende\s+(?:partijen|partners|organisaties)\b|\bondergetekenden\b", re.I)
ALIAS = re.compile(r",?\s*(?:hierna(?:\s+(?:samen|gezamenlijk|tezamen))?(?:\s+te\s+noemen)?|verder te noemen|"
                   r"hierna genoemd)\s*:?\s*(?P<alias>[^;,.]+)", re.I)
GROUP = re.compile(r"\bhierna\s+(?:samen|gezamenlijk|tezamen)\s+(?:te\s+noemen\s*:?|aangeduid\s+als)\s*(?P<alias>[^;,.]+)|"
                   r"\bhierna\s+(?:samen|gezamenlijk|tezamen)\s+(?P<named>[^;,.:]{2,40}?)\s+genoemd\b", re.I)
# where a party's name ends in a list or signature: who represents it, or the alias
NAME_END = re.compile(r",\s*(?:in deze\b|rechtsgeldig\b|vertegenwoordigd\b|namens\b|mevrouw\b|de heer\b|dhr\.|mw\.|"
                      r"te dezen\b|gevestigd\b|hierna\b|verder\b)|\s\(|:|;", re.I)
SIGNATURE = re.compile(r"^(?:voor|namens)\s+(?P<party>[^:,]{3,90}?)\s*[,:]|"
                       r"^(?P<dashed>[A-Z][^–—:]{2,80}?)\s+[–—]\s+(?:(?:drs|dr|mr|ir|ing|prof)\.\s*)*(?:[A-Z]\.\s*)+[A-Z]|"
                       r"^(?P<issuer>(?:Gedeputeerde Staten|Burgemeester en wethouders|Het college van burgemeester en "
                       r"wethouders) van [A-Z][\w -]{2,40}),\s*$", re.I)
PARTY_COLUMN = re.compile(r"^(?:organisatie|partij|partner|ondertekenaar|instelling)$", re.I)
# generic words that never name one party by themselves
COLLECTIVE = {"partijen", "alle partijen", "de partners", "alle partners", "de pactpartners", "de convenantpartners"}
GENERIC = {"minister", "ministerie", "provincie", "gemeente", "gemeenten", "regio", "stichting", "vereniging", "college",
           "hogeschool", "universiteit", "staten", "gedeputeerde", "burgemeester", "wethouders", "bestuur", "algemeen",
           "het", "de", "van", "en", "voor", "techniek", "coöperatie", "netwerk", "platform", "werkgevers", "rijk"}


def party_name(text: str) -> str:
    """A party's name as the list writes it, without its number, representative or alias."""
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-zA-Z][.)]|[-–•*])\s+", "", text.strip())
    return NAME_END.split(text, maxsplit=1)[0].strip(" ;,.:\t")


@dataclass
class Party:
    name: str              # as written in the party list
    aliases: list[str]     # "hierna: de provincie"

    def keys(self, others: list["Party"]) -> list[tuple[str, bool]]:
        """(key, case-sensitive) by which a sentence names this party: its aliases and whole name (any case),
        its runs of capitalised words, and a proper noun that no other party's name has ("Aventus", "Apeldoorn")."""
        keys = [(a.lower().removeprefix("de ").removeprefix("het "), False) for a in self.aliases]
        keys.append((self.name.lower().removeprefix("de ").removeprefix("het "), False))
        bare = re.sub(r"^(?:de|het)\s+", "", self.name, flags=re.I)
        runs = re.findall(r"^[A-Z][\w-]+(?:\s+(?:van\s+|voor\s+|en\s+)?[A-Z][\w-]+)+", bare)  # "Regio Achterhoek", not a region inside
        keys += [(r, True) for r in runs]
        theirs = {w.lower() for o in others if o is not self for w in re.findall(r"[\w-]+", o.name)}
        if len(bare.split()) <= 2:  # "Aventus", "Gemeente Apeldoorn": not a region inside a longer name
            keys += [(w, True) for w in re.findall(r"[A-Z][\w-]{2,}", bare) if w.lower() not in GENERIC and w.lower() not in theirs]
        else:  # a longer name's own head noun, if no other party has it: "de Werkgeverskring" for "Werkgeverskring Techniek Flevoland"
            head = bare.split()[0]
            if re.fullmatch(r"[A-Z][\w-]{3,}", head) and head.lower() not in GENERIC and head.lower() not in theirs:
                keys.append((head, True))
        return [(k, sensitive) for k, sensitive in keys if len(k) > 1]


@dataclass
class Parties:
    """A pact's parties and the collective names it gives groups of them ("het Rijk", "Partijen")."""
    listed: list[Party]
    groups: list[str]

    def named_in(self, text: str) -> str | None:
        """The party (or group) this text names; the longest key wins."""
        best, length = None, 0
        lower = text.lower()
        for party in self.listed:
            for key, sensitive in party.keys(self.listed):
                hay, needle = (text, key) if sensitive else (lower, key.lower())
                if len(needle) > length and any(not re.search(r"\S\s+[A-Z][\w-]*\s+$", text[:m.start()])
                                                for m in re.finditer(rf"(?<![\w-]){re.escape(needle)}(?![\w-])(?!\s+[A-Z])", hay)):
                    best, length = party.name, len(needle)
        for group in self.groups:
            if len(group) > length and re.search(rf"(?<![\w-]){re.escape(group)}(?![\w-])(?!\s+[A-Z])", text, re.I):
                best, length = group, len(group)
        return best


def pact_parties(rows: list[Statement]) -> Parties:
    """The parties as the pact lists them: items under "De ondergetekenden" / "Partijen" / "Partners" /
    "Ondertekening", "Voor/Namens X:" signature lines, the organisation column of a signatures table, and the
    headings of a "what each party does" section that name one."""
    found: list[Party] = []
    groups: list[str] = []
    listing = False
    punctuated: bool | None = None  # whether the list's items end in ";" or "," (a numbered heading does not)
    for row in rows:
        text = row.text.strip()
        for match in GROUP.finditer(text):
            groups.append((match.group("alias") or match.group("named")).strip(" ;,.:"))
        prose = PROSE_PARTIES.search(text)
        if prose:  # "Deze overeenkomst wordt aangegaan door A, hierna te noemen: X, door B en door C."
            found += [Party(party_name(chunk), [a.group("alias").strip(" ;,.:") for a in [ALIAS.search(chunk)] if a])
                      for chunk in _prose_chunks(prose.group("list"))]
            continue
        if row.role == "heading" or PARTY_HEAD.match(text) or (text.endswith(":") and PARTY_INTRO.search(text)):
            listing = bool(PARTY_HEAD.match(text) or (text.endswith(":") and PARTY_INTRO.search(text)))
            punctuated = None
            continue
        signature = SIGNATURE.match(text)
        if signature and len(text) <= 160 and not re.search(r"[\d€]", signature.group(0)):  # not "voor de bijdrage … € 1,2"
            name = signature.group("party") or signature.group("dashed") or signature.group("issuer")
            if not re.match(r"(?:de\s+)?partijen\b", name, re.I):
                found.append(Party(party_name(name), []))
        elif listing and (row.role == "list_item" or re.match(r"^(?:\d+|[a-z])[.)]\s", text)
                          or REPRESENTED.search(text)) and not GROUP.search(text):
            ends = text.endswith((";", ",", "."))
            if punctuated and not ends:  # "3. Wat wij afspreken" after "1. …;": a heading read as a list item
                listing = False
                continue
            punctuated = ends if punctuated is None else punctuated
            name = party_name(text)
            if 2 <= len(name) <= 160 and not name.lower().startswith(("partijen", "hierna")):
                alias = ALIAS.search(text)
                found.append(Party(name, [alias.group("alias").strip(" ;,.:")] if alias else []))
    for header, table in pact_tables(rows):
        column = next((n for n, c in enumerate(header) if PARTY_COLUMN.match(c)), None)
        if column is not None and not actions_table(header):
            found += [Party(party_name(r.cells[column]), []) for r in table if len(r.cells) > column and r.cells[column]]
    return Parties(_unique(found), sorted(set(groups) | COLLECTIVE, key=len))


# The short names Dutch gives a public body's executive: Gedeputeerde Staten act as "de provincie", a college
# van B&W as "de gemeente X".
SHORT_NAMES = [(re.compile(r"^Gedeputeerde Staten van (?:de provincie )?(?P<x>[A-Z][\w-]+)"), ["de provincie", "provincie {x}"]),
               (re.compile(r"^(?:Het )?college van burgemeester en wethouders van (?:de gemeente )?(?P<x>[A-Z][\w -]+)", re.I),
                ["gemeente {x}"]),
               (re.compile(r"^(?:[Dd]e )?[Pp]rovincie (?P<x>[A-Z][\w-]+)$"),
                ["de provincie", "provinciale staten van {x}", "gedeputeerde staten van {x}"]),
               (re.compile(r"^(?:[Dd]e )?[Gg]emeente (?P<x>[A-Z][\w -]+)$"), [])]


REPRESENTED = re.compile(r",\s*(?:in deze\s+)?(?:rechtsgeldig\s+)?vertegenwoordigd\s+door\b", re.I)
PROSE_PARTIES = re.compile(r"\b(?:wordt|worden)\s+(?:aangegaan|gesloten|ondertekend|afgesloten)\s+door\s+(?P<list>[^.]{10,800})\.")


def _prose_chunks(listing: str) -> list[str]:
    """A party list written as a sentence, one party per chunk: split at "door", and at "en" between two
    names of bodies ("de gemeente Amersfoort en de gemeente Leusden")."""
    chunks = []
    for part in re.split(r",?\s+(?:en\s+)?door\s+", listing):
        chunks += re.split(r"\s+en\s+(?=(?:de|het)\s+[a-z]+\s+[A-Z])", part)
    return [c.strip(" ,") for c in chunks if len(c.strip(" ,")) > 2]


def _unique(parties: list[Party]) -> list[Party]:
    """One party per organisation. A later mention of a party already found ("Voor de gemeente Heerlen:" after
    "Het college van burgemeester en wethouders van de gemeente Heerlen", the signature "Provincie Utrecht" after
    the prose "de provincie Utrecht") adds its name as an alias; the party keeps its proper name (see
    ``_better_name``)."""
    kept: list[Party] = []
    for party in parties:
        for pattern, short in SHORT_NAMES:
            match = pattern.match(party.name)
            if match:
                party.aliases += [s.format(x=match.group("x").strip()) for s in short]
        same = next((k for k in kept if _same_party(k, party)), None)
        if same is None:
            kept.append(party)
            continue
        first, second = (party, same) if _better_name(party, same) else (same, party)
        names = [first.name, *first.aliases, second.name, *second.aliases]
        same.name = first.name
        same.aliases = [a for n, a in enumerate(names) if n and _key(a) != _key(first.name)
                        and _key(a) not in {_key(b) for b in names[1:n]}]
    return kept


def _key(name: str) -> str:
    """A name compared without case, article or punctuation: "de provincie Utrecht" is "Provincie Utrecht"."""
    return re.sub(r"\W", "", re.sub(r"^(?:de|het)\s+", "", name.strip(), flags=re.I).lower())


def _same_party(kept: Party, new: Party) -> bool:
    """Whether ``new`` names ``kept``: the same name, or one is the other's alias, or (with no alias of its own)
    its name is inside the other's ("de gemeente Heerlen" in "Het college … van de gemeente Heerlen")."""
    if _key(kept.name) == _key(new.name):
        return True
    if _key(new.name) in {_key(a) for a in kept.aliases} or _key(kept.name) in {_key(a) for a in new.aliases}:
        return True
    bare = re.sub(r"^(?:de|het)\s+", "", new.name, flags=re.I).lower()
    return not new.aliases and (bare in kept.name.lower() or bare in [a.lower() for a in kept.aliases])


def _better_name(new: Party, kept: Party) -> bool:
    """Whether the new mention's name should be the party's name: a proper name (capitalised, as signatures and
    tables write it) over a prose form with an article, and the body over its executive ("Provincie Flevoland"
    over "Gedeputeerde Staten van Flevoland", whose short names include it)."""
    proper = new.name[:1].isupper() and not re.match(r"^(?:de|het)\s", new.name, re.I)
    if not proper:
        return False
    return _key(new.name) in {_key(a) for a in kept.aliases} or not (kept.name[:1].isupper()
                                                                     and not re.match(r"^(?:de|het)\s", kept.name, re.I))


# ------------------------------------------------------------------ afspraken

# How a party binds itself: the present (or future) of a committing verb.
BINDS = re.compile(
    r"\b(?:zal|zullen|gaat|gaan|zeg(?:t|gen)\s+toe|verplicht(?:en)?\s+zich|verbind(?:t|en)\s+zich|span(?:t|nen)\s+zich\s+in|"
    r"neemt|nemen|stelt|stellen|draagt|dragen|investeert|investeren|zorgt|zorgen|realiseert|realiseren|biedt|bieden|"
    r"levert|leveren|financiert|financieren|zet(?:ten)?|richt(?:en)?|ontwikkelt|ontwikkelen|organiseert|organiseren|"
    r"faciliteert|faciliteren|reserveert|reserveren|trekt|trekken|ondersteunt|ondersteunen|wijst|wijzen|brengt|brengen|"
    r"start|starten|verhoogt|verhogen|verdubbelt|verdubbelen|cofinanciert|begeleidt|begeleiden|legt|leggen|"
    r"verstrekt|verstrekken|subsidieert|treedt|treden|rapporteert|rapporteren|besluit|besluiten|beheert|beheren|"
    r"opent|openen|stel(?:t|len)\s+aan|voert|voeren|houdt|houden|maakt|maken|breidt|breiden|zeg(?:t|gen)|"
    r"onderzoekt|onderzoeken)\b", re.I)
PAST = re.compile(r"\b(?:heeft|hebben|had|hadden|is|zijn|was|waren|werd|werden)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,90}?\b(?:ge[\w-]+(?:d|t|en)|"
                  r"bijgedragen|geïnvesteerd|opgericht)\b", re.I)
UNBOUND = re.compile(r"\b(?:het is wenselijk|zou(?:den)?|kunnen|kan|wellicht|mogelijk(?:erwijs)?|idealiter|overweegt|"
                     r"overwegen|het verdient aanbeveling|wij willen|willen|streeft|streven|hopen|heeft tot doel|"
                     r"het doel|ambitie)\b", re.I)
LEAD_IN = re.compile(r"^(?P<party>.{2,120}?)\s+(?:zeg(?:t|gen)\s+toe|verplicht(?:en)?\s+zich|verbind(?:t|en)\s+zich|"
                     r"(?:neemt|nemen)\b[^:]*\bop zich|spreken\s+af|levert|leveren|draagt|dragen|doet|doen|zet(?:ten)?\s+in|"
                     r"zorg(?:t|en)\s+voor|brengt|brengen|stelt|stellen|besluit|besluiten)\b[^:]{0,60}:\s*$", re.I)
# A subject that points back to the party of the afspraak before it: a pronoun, or the kind of body it is
# ("Het ROC" after Aventus, "De hogeschool" after Saxion) — not a name ("Het UWV").
ANAPHOR = re.compile(r"^\s*(?:zij|hij|deze|die|(?:de|het|dit|deze)\s+(?:roc|mbo-instelling|school|hogeschool|universiteit|"
                     r"instelling|gemeente|provincie|stichting|vereniging|coöperatie|werkgeversvereniging|organisatie|"
                     r"partij|partner|bedrijven|werkgevers|netwerk|platform))\s+(?=\S)", re.I)
TABLE_ACTOR = re.compile(r"^(?:trekker|partij|wie|verantwoordelijke?|eigenaar|uitvoerder|door)$", re.I)
PASSIVE_AGENT = re.compile(r"^Door\s+(?P<agent>[^,]{3,80}?)\s+(?:wordt|worden)\b|"
                           r"\b(?:wordt|worden)\b[^.;]{0,80}?\bdoor\s+(?P<agent2>(?:de|het)\s+\w+(?:\s+[A-Z][\w-]+)*)\s*\.?$")
TE_INFINITIVE = re.compile(r"\bte\s+\w+en\b")
COLON_PARTY = re.compile(r"^(?P<party>[^:]{2,80}):\s+(?P<act>\S.*)$")
WIJ = re.compile(r"^\s*Wij,\s+(?P<party>[^,]{2,100}),")


@dataclass
class Afspraak:
    party: str                       # the party as the pact lists it (or a group, or as the sentence names it)
    text: str                        # the statement, list item or table row it is in
    statement_id: str
    amount_eur: float | None
    period: tuple[int, int] | None
    rule: str
    confidence: float

    def deadline(self) -> DateRange | None:
        if self.period is None:
            return None
        return DateRange(date(self.period[0], 1, 1), date(self.period[1], 12, 31), period_text(self.period) or "")


def find_afspraken(rows: list[Statement], parties: Parties | None = None) -> list[Afspraak]:
    """Every afspraak in a pact's statements, in order: a party as subject of a binding verb ("De provincie
    stelt …", "Daarnaast neemt Apeldoorn …", "Wij, Curio, bieden …", "Gemeente Heerlen: stelt …"); list items
    under a heading or lead-in that names the party; a sentence whose subject points back ("Zij", "Het ROC") to
    the party of the afspraak before it; rows of an actions table with a party column."""
    parties = pact_parties(rows) if parties is None else parties
    found: list[Afspraak] = []
    heading_party: str | None = None   # "### Provincie Groningen" / "## Wat de provincie doet"
    lead_party: str | None = None      # "De werkgevers zeggen toe:": the list that follows is theirs
    last: Afspraak | None = None
    for row in rows:
        text = row.text.strip()
        if row.role == "heading":
            heading_party = parties.named_in(text) if len(text) < 80 else None
            lead_party = last = None
            continue
        if row.role == "table" or (text.startswith("|") and text.count("|") >= 4):
            continue  # tables are read whole, below
        lead_in = LEAD_IN.match(re.sub(r"^\s*\d+(?:\.\d+)*[.)]?\s+", "", text))
        if lead_in:
            lead_party = parties.named_in(lead_in.group("party")) or party_name(lead_in.group("party"))
            continue
        if row.role != "list_item" and not re.match(r"^(?:\d+(?:\.\d+)*|[a-z])[.)]?\s", text):
            lead_party = None
        listed = row.role == "list_item" or bool(re.match(r"^[a-z][.)]\s", text))
        afspraak = _afspraak(row, text, parties, (lead_party or heading_party) if listed else None, last,
                             explicit=listed and lead_party is not None)
        if afspraak:
            found.append(afspraak)
        last = afspraak or (last if row.role == "list_item" else None)
    return found + _table_afspraken(rows, parties)


def _afspraak(row: Statement, text: str, parties: Parties, lead: str | None, last: Afspraak | None,
              explicit: bool = False) -> Afspraak | None:
    """One statement's afspraak, if it is one. ``lead``: the party a lead-in or heading gives a list item;
    ``explicit``: that lead-in bound the party itself ("X verplicht zich om:"), so its items need no verb of
    their own up front ("a. een bijdrage van € 50.000 per jaar te leveren …")."""
    body = re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-zA-Z][.)]|[-–•*])\s+", "", text)
    verb = BINDS.search(body) or (TE_INFINITIVE.search(body) if explicit and lead else None)
    if PAST.search(body) or len(body) < 15 or body.endswith("?"):
        return None
    passive = PASSIVE_AGENT.search(body)
    agent = parties.named_in(passive.group("agent") or passive.group("agent2")) if passive else None
    if agent and not UNBOUND.search(body):  # "Door ROC Flevoland wordt … gestart", "… wordt beheerd door de provincie."
        return _make(agent, text, row, "pact:lijdend-door-partij", 0.85)
    if verb is None:  # a verb of its own: "De partijen evalueren …", "Zij leiden … op"
        found = _finite_after_party(body, parties) or (_finite_after_anaphor(body, last) if last else None)
        if found and not UNBOUND.search(body[:found[1].end()]):
            return _make(found[0], text, row, "pact:partij+werkwoord", 0.8)
        return None
    if UNBOUND.search(body[:verb.end()]):  # "Het is wenselijk dat …", "Partijen streven ernaar dat …"
        return None
    colon, wij = COLON_PARTY.match(body), WIJ.match(body)
    if colon and parties.named_in(colon.group("party")):
        return _make(parties.named_in(colon.group("party")), text, row, "pact:partij-dubbele-punt", 0.9)
    if wij:
        return _make(parties.named_in(wij.group("party")) or wij.group("party"), text, row, "pact:wij-partij", 0.9)
    subject = parties.named_in(body[:verb.start()]) if verb.start() < 90 else None
    if subject is None and verb.start() < 40:  # "Daarnaast neemt Apeldoorn …": the subject after the verb
        subject = parties.named_in(body[verb.end():verb.end() + 45])
    if subject:
        return _make(subject, text, row, "pact:partij+verbintenis", 0.9)
    if lead and (verb.start() < 30 or explicit):  # a list item under the party's lead-in or heading
        return _make(lead, text, row, "pact:lijst-onder-partij", 0.85)
    if last and ANAPHOR.match(body) and verb.start() < 30:  # "Het ROC zet bovendien …" after Aventus
        return _make(last.party, text, row, "pact:verwijzing-naar-vorige", 0.75)
    return None


STATE_VERBS = {"groeit", "groeien", "stijgt", "stijgen", "daalt", "dalen", "blijft", "blijven", "bestaat", "bestaan",
               "staat", "staan", "ligt", "liggen", "telt", "tellen", "kent", "kennen", "heet", "heten", "valt", "vallen",
               "bedraagt", "bedragen", "betekent", "omvat", "omvatten", "afspreken", "ontbreekt", "ontbreken"}
PARTICIPLE = re.compile(r"^(?:aan|op|in|uit|bij|mee|samen|toe|af|om|over|vast|voor)?ge\w{3,}(?:d|t|en)$")
NOT_VERBS = {"het", "ten", "dat", "niet", "met", "tot", "een", "den", "ten", "zeven", "tien", "negen", "elf", "twaalf",
             "boven", "beneden", "binnen", "buiten", "tussen", "achter", "volgen", "heden", "samen", "even", "eigen",
             "open", "meest", "sterkst", "regionaal", "wordt", "worden", "heeft", "hebben", "geeft", "is", "zijn"}


def _finite_after_party(body: str, parties: Parties) -> tuple[str, re.Match] | None:
    """"De werkgevers die zijn aangesloten bij X leiden …": the party named in the words before the first
    present-tense verb (a lower-case word in -t or -en that is no participle), when that comes early."""
    for match in re.finditer(r"\b[a-z][\w-]*\b", body[:160]):
        word = match.group(0)
        if re.search(r"\b(?:de|het|een|alle|deze|onze|hun|haar|elke|ieder|beide|twee|drie|vier|vijf|zes)\s+$",
                     body[:match.start()], re.I):
            continue  # "De partijen …": a noun, not the verb
        if len(word) < 4 or word in NOT_VERBS or not re.search(r"(?:t|en)$", word) or PARTICIPLE.match(word) and word not in ("geven", "geeft"):
            continue
        head = body[:match.start()]
        if re.search(r"[,:;–—()]|\bdoor\b", head) or len(head.split()) > 12 or word in STATE_VERBS:
            return None  # a party list, a signature, a description: not a party acting
        party = parties.named_in(head)
        return (party, match) if party else None
    return None


def _finite_after_anaphor(body: str, last: Afspraak) -> tuple[str, re.Match] | None:
    anaphor = ANAPHOR.match(body)
    verb = re.match(r"[a-z][\w-]*(?:t|en)\b", body[anaphor.end():]) if anaphor else None
    return (last.party, verb) if verb and verb.group(0) not in NOT_VERBS else None


def _make(party: str, text: str, row: Statement, rule: str, confidence: float) -> Afspraak:
    return Afspraak(party, text, row.id, amount_in(text), period_in(text), rule, confidence)


ACT_COLUMN = re.compile(r"^(?:acties?|inzet|bijdrage|budget|maatregel|activiteit|taak|afspraak|bedrag|wat)$", re.I)


def actions_table(header: list[str]) -> bool:
    """A table of who does what (an act or money column), not one of who signed (organisatie | naam | functie)."""
    return any(ACT_COLUMN.match(c) for c in header)


def _table_afspraken(rows: list[Statement], parties: Parties) -> list[Afspraak]:
    """Each row of an actions table (a column of acts or money) is an afspraak of the party in its party column
    (actie | trekker | budget | periode; partij | bijdrage | jaar)."""
    out = []
    for header, table in pact_tables(rows):
        who = next((n for n, c in enumerate(header) if TABLE_ACTOR.match(c)), None)
        if who is None or not actions_table(header):
            continue
        for line in table:
            if not line.cells or len(line.cells) <= who or not line.cells[who] or \
                    re.match(r"^(?:totaal|subtotaal|som|totaal generaal)\b", line.cells[0], re.I):
                continue
            party = parties.named_in(line.cells[who]) or line.cells[who]
            text = " | ".join(line.cells)
            out.append(Afspraak(party, text, line.statement_id, amount_in(text), period_in(text), "pact:actietabel", 0.85))
    return out
