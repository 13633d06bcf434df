"""The registry of moties and toezeggingen over all stored papers, with ranked answers and status.

``build_registry`` is pure: documents, statements and Q/A answers in, ``Commitment`` records
out. Similarity search is passed in (``similar``) so this module needs no model or store.

It runs in three steps, so that a store can redo only what a new paper changes
(``kamerspoor/registry_stage.py``):

1. ``collect`` — one paper's motie and toezegging mentions, as candidate records. Depends on
   that paper alone (its statements, form and metadata), so a store keeps it per paper.
2. ``assemble`` — merge, dedupe, number and chain the candidates of all papers, in date order.
   Reads no statements.
3. answers by meaning (each record's ``Search``: its hits, the best ``TOP`` statements at or above
   ``SIMILARITY_FLOOR``), then ``settle`` (rank the answers, decide the status).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from nlp.commitments import (
    VERZOEK, Commitment, Link, Mention, Promise, fulfilment, paper_toezeggingen, register_toezegging, resolve_actor,
)
from nlp.deadlines import DateRange
from nlp.motie_form import MotieForm
from nlp.motie_mentions import find_moties, motion_ids
from nlp.pact import find_afspraken
from nlp.records import RegistryPaper, Statement

Hit = tuple[str, str, int, str, float]  # a candidate answer: statement id, doc id, page, text, cosine
Similar = Callable[[str, set[str]], list[tuple[str, float]]]  # (query, candidate ids) → ranked (id, cosine)
SIMILARITY_FLOOR = 0.9  # e5 cosines below this rarely mean "answers the same thing"
TOP = 3  # answers by meaning: at most this many of the best candidates
NOT_ANSWERS = ("heading", "footnote", "question")  # roles that never answer by meaning
IMPLEMENTING = re.compile(r"\b(?:conform|ter uitvoering van|in uitvoering|wordt uitgevoerd)\b", re.I)
FULFILLING = re.compile(r"\b(?:naar aanleiding van|n\.a\.v\.|in reactie op|reactie op|zoals verzocht|uitvoering gegeven)\b", re.I)


def _norm_names(names: list[str]) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


def _key(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-zà-ÿ]{4,}", text.lower()))


def build_registry(documents: list[RegistryPaper], statements: dict[str, list[Statement]],
                   answers_of: dict[str, list[Statement]], similar: Similar | None = None,
                   motie_forms: dict[str, list[MotieForm]] | None = None) -> list[Commitment]:
    """documents: the papers; statements: per doc id, in order;
    answers_of: question_id → the answer statements of that question; motie_forms: per doc id, the
    moties it holds in full (a motie's own form; the moties a Handelingen reads out).

    The reference: everything from scratch. ``similar`` ranks candidates by cosine, best first
    (ties by statement id, for the same registry every time)."""
    forms = motie_forms or {}
    records = assemble([collect(doc, statements.get(doc.id, []), forms.get(doc.id), answers_of)
                        for doc in sorted(documents, key=order_key)])
    by_date = {d.id: d.date for d in documents}
    rows = {row.id: row for doc_rows in statements.values() for row in doc_rows}
    for record in records:
        search = search_of(record)
        if similar is not None and search is not None:
            candidates = {row.id for doc_id, doc_rows in statements.items() if search.admits(doc_id, by_date.get(doc_id))
                          for row in doc_rows if search.eligible(row.id, row.role)}
            add_similar(record, [(sid, rows[sid].doc_id, rows[sid].page, rows[sid].text, cosine)
                                 for sid, cosine in similar(search.query, candidates)[:TOP]])
        settle(record)
    return records


def order_key(doc: RegistryPaper) -> tuple:
    """Papers in date order (undated last), then by id: the order ``assemble`` wants."""
    return (doc.date is None, doc.date or date.min, doc.id)


# ---------------------------------------------------------------- step 1: one paper

@dataclass
class Collected:
    """One paper's candidate records, before they are merged with other papers'."""

    moties: list[Commitment] = field(default_factory=list)
    toezeggingen: list[Commitment] = field(default_factory=list)


def collect(doc: RegistryPaper, rows: list[Statement], forms: list[MotieForm] | None,
            answers_of: dict[str, list[Statement]]) -> Collected:
    """doc: the paper; rows: its statements in order; forms: the
    moties it holds in full; answers_of: question id → answer statements (only this paper's questions
    are looked up)."""
    out = Collected(moties=moties_in_full(doc, rows, forms or []))
    promises: dict[str, list[Promise]] = {}
    for row, promise in paper_toezeggingen(rows, doc.date):
        promises.setdefault(row.id, []).append(promise)
    for index, row in enumerate(rows):
        _collect_moties(doc, row, out.moties, answers_of)
        _collect_toezeggingen(doc, rows, index, row, promises.get(row.id, []), out.toezeggingen, answers_of)
    if doc.doc_type == "pact":
        out.toezeggingen += pact_afspraken(doc, rows)
    return out


def pact_afspraken(doc: RegistryPaper, rows: list[Statement]) -> list[Commitment]:
    """A regional pact's afspraken (``nlp/pact.py``) as commitments of kind ``afspraak``: the party is the
    actor, the period its deadline; open until a later paper answers it."""
    by_id = {row.id: row for row in rows}
    out = []
    for afspraak in find_afspraken(rows):
        row = by_id[afspraak.statement_id]
        record = Commitment(id="", kind="afspraak", by=afspraak.party, made_at=doc.id, made_on=doc.date,
                            subject=afspraak.text, deadline=afspraak.deadline(), found_as="pact", rule=afspraak.rule,
                            confidence=afspraak.confidence, amount_eur=afspraak.amount_eur)
        record.status = "open"
        record.mentions.append(Mention(doc.id, row.id, row.page, row.text, doc.date))
        out.append(record)
    return out


def answers_within(rows: list[Statement]) -> dict[str, list[Statement]]:
    """question id → its answer statements, among one paper's statements (question ids carry the paper's id)."""
    found: dict[str, list[Statement]] = {}
    for row in rows:
        if row.answer_to:
            found.setdefault(row.answer_to, []).append(row)
    return found


def collected_to_json(collected: Collected) -> str:
    return json.dumps([[_record_json(r) for r in collected.moties], [_record_json(r) for r in collected.toezeggingen]],
                      ensure_ascii=False, separators=(",", ":"))


def collected_from_json(text: str) -> Collected:
    moties, toezeggingen = json.loads(text)
    return Collected([_record_of(r) for r in moties], [_record_of(r) for r in toezeggingen])


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _undo_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _record_json(r: Commitment) -> list:
    return [r.id, r.kind, r.indieners, r.kamerstuk_id, r.by, r.made_at, _day(r.made_on), r.subject, r.verzoek,
            [_day(r.deadline.start), _day(r.deadline.end), r.deadline.text] if r.deadline else None,
            [[m.doc_id, m.statement_id, m.page, m.text, _day(m.date)] for m in r.mentions],
            [[a.doc_id, a.statement_id, a.page, a.text, a.score, a.evidence] for a in r.answers],
            r.status, r.status_evidence, r.authoritative, r.vervangt, r.vervangen_door, r.question_ids,
            r.found_as, r.rule, r.confidence, r.amount_eur]


def _record_of(v: list) -> Commitment:
    deadline = DateRange(_undo_day(v[9][0]), _undo_day(v[9][1]), v[9][2]) if v[9] else None
    return Commitment(id=v[0], kind=v[1], indieners=v[2], kamerstuk_id=v[3], by=v[4], made_at=v[5],
                      made_on=_undo_day(v[6]), subject=v[7], verzoek=v[8], deadline=deadline,
                      mentions=[Mention(m[0], m[1], m[2], m[3], _undo_day(m[4])) for m in v[10]],
                      answers=[Link(*a) for a in v[11]], status=v[12], status_evidence=v[13], authoritative=v[14],
                      vervangt=v[15], vervangen_door=v[16], question_ids=v[17], found_as=v[18], rule=v[19],
                      confidence=v[20], amount_eur=v[21])


# ---------------------------------------------------------------- step 2: all papers

def assemble(collected: list[Collected]) -> list[Commitment]:
    """All papers' candidates, in paper order (``order_key``) → one numbered record per motie and
    per toezegging (no answers by meaning yet, no status). Uses up (changes) its input."""
    moties = _merge_moties([m for c in collected for m in c.moties])
    _share_fulfilments(moties)
    _chain_replacements(moties)
    toezeggingen = _dedupe([t for c in collected for t in c.toezeggingen])
    _stable_ids(moties + toezeggingen)
    return moties + toezeggingen


def _stable_ids(records: list[Commitment]) -> None:
    """Ids derived from what a record is, so that a note or export citing one survives the next ingest: a
    motion's Kamerstuk id (``32637-391``); else the paper and statement it was first named in and a hash
    of what it is (``motie-kst-32637-448-57-1f3a9c`` from its indieners, ``toezegging-kst-32637-433-12-8b0e41``
    from its subject). Papers that do not name it never change it."""
    taken: set[str] = set()
    for record in records:
        if record.kind == "motie" and record.kamerstuk_id:
            record.id = record.kamerstuk_id
        else:
            what = "|".join(sorted(n.lower() for n in record.indieners)) if record.kind == "motie" else \
                " ".join((record.subject or "").lower().split())
            first = record.mentions[0].statement_id if record.mentions else "-"
            place = first.replace("#", "-")
            record.id = f"{record.kind}-{place}-{hashlib.sha1(what.encode()).hexdigest()[:6]}"
        base, suffix = record.id, 2
        while record.id in taken:  # the same words twice in one statement
            record.id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(record.id)


# ---------------------------------------------------------------- moties

def _collect_moties(doc: RegistryPaper, row: Statement, moties: list[Commitment],
                    answers_of: dict[str, list[Statement]]) -> None:
    """The motions a statement names (``nlp.motie_mentions``), each a candidate record."""
    text = row.text
    found = find_moties(text)
    if not found:
        return
    verzoek = VERZOEK.search(text)
    for mention in found:
        kamerstuk = mention.kamerstuk_id
        if kamerstuk is None and len(found) == 1:
            ids = motion_ids(list(row.references))  # a footnote on the statement names it
            kamerstuk = ids[0] if ids else None
        record = Commitment(id="", kind="motie", indieners=list(mention.indieners), kamerstuk_id=kamerstuk,
                            verzoek=verzoek.group("verzoek").strip() if verzoek and len(found) == 1 else None,
                            found_as=mention.form, rule=mention.rule, confidence=mention.confidence)
        record.mentions.append(Mention(doc.id, row.id, row.page, text, doc.date))
        if row.question_id:
            record.question_ids.append(row.question_id)
            _antwoord_links(record, answers_of.get(row.question_id, []))
        if FULFILLING.search(text) and row.role != "question":
            record.answers.append(Link(doc.id, row.id, row.page, text, 0.9, "vervulling"))
        if IMPLEMENTING.search(text):
            record.status_evidence = f"in uitvoering volgens {doc.id}: {text[:120]}"
        moties.append(record)


def moties_in_full(doc: RegistryPaper, rows: list[Statement], forms: list[MotieForm]) -> list[Commitment]:
    """The moties a paper holds in full are the authoritative records for their ids: a motie's own
    Kamerstuk (its form, ``nlp.motie_form``, in ``motie_forms``), and the moties the Handelingen read
    out and the chair numbered (``nlp.handelingen``, in ``handelingen_moties``). Their form says who
    filed them, when, and what they ask. A paper of another type that only discusses moties holds none."""
    if doc.doc_type == "motie":
        if not doc.kamerstuk_id:
            return []
        own = forms[0] if forms else MotieForm(kamerstuk_id=None, title="")
        return [_in_full(doc, rows, own, doc.kamerstuk_id.removeprefix("kst-"), "document")]
    return [_in_full(doc, rows, form, form.kamerstuk_id, "handelingen") for form in forms if form.kamerstuk_id]


def _in_full(doc: RegistryPaper, rows: list[Statement], form: MotieForm, kamerstuk_id: str, kind: str) -> Commitment:
    record = Commitment(id="", kind="motie", indieners=[i.name for i in form.indieners], kamerstuk_id=kamerstuk_id,
                        made_at=doc.id, made_on=form.voorgesteld or doc.date, authoritative=True,
                        verzoek=" ".join(form.dictum) or None, vervangt=form.vervangt,
                        found_as=kind, rule=f"motie:{kind}", confidence=1.0)
    anchor = _anchor(rows, form, kind)
    if anchor is not None:
        record.mentions.append(Mention(doc.id, anchor.id, anchor.page, anchor.text, doc.date))
    return record


def _anchor(rows: list[Statement], form: MotieForm, kind: str) -> Statement | None:
    """The statement a reader is shown: the motie's title; in the Handelingen its dictum or the chair's
    number (the text read out, not the debate around it)."""
    if kind == "document":
        title = form.title
        return next((row for row in rows if title and title[:40] in row.text), rows[0] if rows else None)
    number = (form.kamerstuk_id or "").rsplit("-", 1)[-1]
    dictum = (form.dictum or [""])[0][:40]
    return next((row for row in rows if dictum and dictum in row.text), None) or \
        next((row for row in rows if re.search(rf"\bkrijgt (?:nr\.|nummer)\s*{number}\b", row.text)), None)


def _chain_replacements(moties: list[Commitment]) -> None:
    """A gewijzigde motie replaces the one it names: the older one points to its successor."""
    by_id = {m.kamerstuk_id: m for m in moties if m.kamerstuk_id}
    for motie in moties:
        replaced = by_id.get(motie.vervangt or "")
        if replaced is not None and replaced is not motie:
            replaced.vervangen_door = motie.kamerstuk_id


def _antwoord_links(record: Commitment, answer_rows: list[Statement]) -> None:
    for position, answer in enumerate(answer_rows[:8]):
        score = 0.9 - 0.02 * position  # the answer's first sentence says most
        if FULFILLING.search(answer.text) or re.search(r"\b(?:motie|moties|toezegging)\b", answer.text, re.I):
            score += 0.1  # "naar aanleiding van deze toezegging", "Reacties op beide moties"
        record.answers.append(Link(answer.doc_id, answer.id, answer.page, answer.text, round(score, 3), "antwoord"))


def _merge_moties(found: list[Commitment]) -> list[Commitment]:
    """One record per motion: by Kamerstuk id, else by its indieners."""
    by_id: dict[str, Commitment] = {}
    by_names: dict[frozenset, Commitment] = {}
    for record in found:
        if record.kamerstuk_id:
            target = by_id.setdefault(record.kamerstuk_id, Commitment(id="", kind="motie", kamerstuk_id=record.kamerstuk_id))
        else:
            target = by_names.setdefault(_norm_names(record.indieners), Commitment(id="", kind="motie"))
        _absorb(target, record)
    owned: dict[frozenset, list[Commitment]] = {}  # absorbing below keeps an owner's names (same set)
    for record in by_id.values():
        owned.setdefault(_norm_names(record.indieners), []).append(record)
    for names, record in list(by_names.items()):
        owners = owned.get(names, [])
        if len(owners) == 1:  # "de motie Amhaouch en Bruins" is the 32637-392 named elsewhere
            _absorb(owners[0], record)
            del by_names[names]
    return list(by_id.values()) + list(by_names.values())


def _share_fulfilments(moties: list[Commitment]) -> None:
    """'Naar aanleiding van de motie Moorlag …' also answers 'de moties Bruins en Moorlag' named in that paper."""
    names = [_norm_names(m.indieners) for m in moties]
    holders: dict[str, list[int]] = {}  # indiener → the moties (by position) that name them
    for number, group in enumerate(names):
        for name in group:
            holders.setdefault(name, []).append(number)
    for number, source in enumerate(moties):
        links = [a for a in source.answers if a.evidence == "vervulling"]
        if not links:
            continue
        mine = names[number]
        if mine:  # the moties whose indieners are a strict superset of this one's, in order
            pools = sorted((holders[name] for name in mine), key=len)
            wider = [moties[i] for i in sorted(set(pools[0]).intersection(*pools[1:])) if len(names[i]) > len(mine)]
        else:
            wider = [target for other, target in zip(names, moties) if other]
        for link in links:
            for target in wider:
                if any(m.doc_id == link.doc_id for m in target.mentions) and \
                        all(a.statement_id != link.statement_id for a in target.answers):
                    target.answers.append(link)


def _absorb(target: Commitment, record: Commitment) -> None:
    if record.authoritative and not (target.authoritative and target.found_as == "document"):
        # the motie's own text says who filed it and what it asks (its own paper before the Handelingen)
        target.indieners, target.verzoek, target.authoritative = record.indieners, record.verzoek, True
        target.made_at, target.made_on, target.vervangt = record.made_at, record.made_on, record.vervangt
        target.found_as, target.rule, target.confidence = record.found_as, record.rule, record.confidence
    elif not target.authoritative:
        if len(record.indieners) > len(target.indieners):
            target.indieners = record.indieners
        target.verzoek = target.verzoek or record.verzoek
        if target.found_as is None or record.confidence > target.confidence:
            target.found_as, target.rule, target.confidence = record.found_as, record.rule, record.confidence
    target.mentions.extend(record.mentions)
    target.answers.extend(record.answers)
    target.question_ids.extend(record.question_ids)
    target.status_evidence = target.status_evidence or record.status_evidence


# ---------------------------------------------------------------- toezeggingen

def _collect_toezeggingen(doc: RegistryPaper, rows: list[Statement], index: int, row: Statement,
                          promises: list[Promise], out: list[Commitment], answers_of: dict[str, list[Statement]]) -> None:
    """A statement's toezeggingen: a register line ("De toezegging, gedaan tijdens …, om …"), a promise
    fulfilled here ("…, zoals toegezegd tijdens het AO … van …"), else the promises ``paper_toezeggingen``
    found in it (``promises``: new, reported, negative, passive, list items), one record each."""
    text = row.text
    mention = Mention(doc.id, row.id, row.page, text, doc.date)
    register = register_toezegging(text)
    if register:
        record = Commitment(id="", kind="toezegging", by=doc.bewindspersoon or "kabinet",
                            made_at=register["debate"], made_on=_iso(register["debate"]), subject=register["subject"],
                            found_as="register", rule="register:gedaan-tijdens", confidence=0.97)
        record.mentions.append(mention)
        if row.question_id:
            record.question_ids.append(row.question_id)
            _antwoord_links(record, answers_of.get(row.question_id, []))
        out.append(record)
        return
    fulfilled = fulfilment(text)
    if fulfilled:
        record = Commitment(id="", kind="toezegging", by=fulfilled["by"], made_at=fulfilled["debate"],
                            made_on=_iso(fulfilled["debate"]), subject=fulfilled["subject"],
                            found_as="fulfilled", rule="vervuld:zoals-toegezegd-tijdens", confidence=0.95)
        record.mentions.append(mention)
        below = rows[index + 1:index + 6] if row.role == "heading" else [row]
        for position, answer in enumerate(r for r in below if r.role not in ("heading", "footnote")):
            record.answers.append(Link(doc.id, answer.id, answer.page, answer.text,
                                       round(0.95 - 0.02 * position, 3), "vervulling"))
        out.append(record)
        return
    for promise in promises:
        out.append(_promise_record(doc, row, promise, mention, alone=len(promises) == 1))


def _promise_record(doc: RegistryPaper, row: Statement, promise: Promise, mention: Mention, alone: bool) -> Commitment:
    """A toezegging as ``find_toezeggingen`` read it. Made earlier and only reported or kept here, its
    status is not known from this paper ("onbekend"); made here, it is open until answered. Its subject
    is the statement, or the promised act when the statement holds more than one promise (a list)."""
    text = row.text.strip()
    reported = promise.form in ("reported", "fulfilled") and promise.rule != "toegezegd:herhaald"
    own = text[promise.start:promise.end].strip() if not alone and promise.end > promise.start else text
    subject = promise.act if reported and promise.form == "reported" and promise.act and len(promise.act) < len(own) - 8 \
        else own
    record = Commitment(id="", kind="toezegging", by=resolve_actor(promise.actor, row, doc.bewindspersoon),
                        made_at=doc.id, made_on=doc.date, subject=subject or text, deadline=promise.deadline,
                        found_as=promise.form, rule=promise.rule, confidence=promise.confidence)
    record.status = "onbekend" if reported else "open"
    record.mentions.append(mention)
    return record


def _iso(debate: str) -> date | None:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})$", debate or "")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _dedupe(records: list[Commitment]) -> list[Commitment]:
    """The same promise made twice in one paper (in answers to two questions) is one record."""
    out: list[Commitment] = []
    made: dict[tuple, list[tuple[Commitment, frozenset[str]]]] = {}  # (made_at, kind) → records kept, in order
    for record in records:
        key = _key(record.subject or "")
        group = made.setdefault((record.made_at, record.kind), [])
        if record.kind == "afspraak":  # a pact's afspraken are one each: only the very same words twice are one
            twin = next((o for o, _ in group if (o.by, o.subject) == (record.by, record.subject)), None)
        else:
            twin = next((o for o, o_key in group if _similar_keys(o_key, key)), None)
        if twin:
            twin.mentions.extend(record.mentions)
            twin.answers.extend(record.answers)
            if record.confidence > twin.confidence:
                twin.found_as, twin.rule, twin.confidence = record.found_as, record.rule, record.confidence
        else:
            out.append(record)
            group.append((record, key))
    return out


def _similar_text(a: str, b: str) -> bool:
    return _similar_keys(_key(a), _key(b))


def _similar_keys(ka: frozenset[str], kb: frozenset[str]) -> bool:
    return bool(ka and kb) and len(ka & kb) / min(len(ka), len(kb)) >= 0.6


# ---------------------------------------------------------------- answers and status

@dataclass(frozen=True)
class Search:
    """What a record asks of similarity search: statements like ``query`` in papers dated on or
    after ``since``, outside the paper it was first named in (a paper does not answer its own
    promise) and outside its own mentions; never headings, footnotes or questions."""

    query: str
    since: date | None
    origin: str | None
    mentioned: frozenset[str]
    key: str = field(init=False, repr=False, compare=False)  # same key, same candidates (but for ``mentioned``)

    def __post_init__(self) -> None:
        text = "\x00".join((self.query, _day(self.since) or "", self.origin or ""))
        object.__setattr__(self, "key", hashlib.sha1(text.encode()).hexdigest())

    def admits(self, doc_id: str, doc_date: date | None) -> bool:
        """May this paper hold an answer?"""
        return doc_id != self.origin and (self.since is None or (doc_date is not None and doc_date >= self.since))

    def eligible(self, statement_id: str, role: str) -> bool:
        """May this statement (of an admitted paper) be an answer?"""
        return role not in NOT_ANSWERS and statement_id not in self.mentioned


def search_of(record: Commitment) -> Search | None:
    """The search for answers by meaning a record needs (None: it has nothing to search with)."""
    query = record.verzoek or record.subject
    if not query:
        return None
    since = record.made_on or min((m.date for m in record.mentions if m.date), default=None)
    origin = record.mentions[0].doc_id if record.mentions else None
    return Search(query, since, origin, frozenset(m.statement_id for m in record.mentions))


def best(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The ``TOP`` hits (statement id, cosine) at or above the floor: highest cosine first, ties by id.
    (Below the floor a candidate is never an answer, and never displaces one that is.)"""
    return sorted((h for h in hits if h[1] >= SIMILARITY_FLOOR), key=lambda h: (-h[1], h[0]))[:TOP]


def add_similar(record: Commitment, hits: list[Hit]) -> None:
    """Answers by meaning: the best candidates (best first) that the record does not already have."""
    known = {link.statement_id for link in record.answers}
    for statement_id, doc_id, page, text, cosine in hits[:TOP]:
        if cosine >= SIMILARITY_FLOOR and statement_id not in known:
            record.answers.append(Link(doc_id, statement_id, page, text, round(0.8 * cosine, 3), "gelijkenis"))


def settle(record: Commitment) -> None:
    """Rank the answers (stable: equal scores keep their order) and decide the status."""
    record.answers.sort(key=lambda link: -link.score)
    _decide_status(record)


def _decide_status(record: Commitment) -> None:
    strong = [a for a in record.answers if a.evidence in ("antwoord", "vervulling")]
    if record.vervangen_door:
        record.status = "vervangen"
        record.status_evidence = f"vervangen door de gewijzigde motie {record.vervangen_door}"
    elif strong:
        record.status = "afgedaan"
        record.status_evidence = f"{strong[0].evidence} in {strong[0].doc_id}: {strong[0].text[:120]}"
    elif record.status_evidence.startswith("in uitvoering"):
        record.status = "in uitvoering"
    elif record.answers:
        record.status = "deels"
        best = record.answers[0]
        record.status_evidence = f"lijkt beantwoord in {best.doc_id} ({best.score:.2f}): {best.text[:120]}"
    elif record.kind == "motie":
        record.status = "open" if record.mentions else "onbekend"
        record.status_evidence = record.status_evidence or "geen antwoord gevonden in de opgeslagen stukken"
    elif record.status == "open":
        record.status_evidence = f"nieuwe {record.kind}; nog geen latere brief of antwoord gevonden"
    else:
        record.status_evidence = record.status_evidence or "gemeld, maar niet te volgen in de opgeslagen stukken"


def overdue(record: Commitment, as_of: date) -> bool:
    return is_overdue(record.status, record.deadline.end if record.deadline else None, as_of)


def is_overdue(status: str, deadline_end: date | None, as_of: date) -> bool:
    """Still open after the last day of its deadline."""
    return status == "open" and deadline_end is not None and deadline_end < as_of
