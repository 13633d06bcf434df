"""The registry of moties and toezeggingen over all stored papers, with ranked answers and status.

``build_registry`` is pure: documents, statements and Q/A answers in, ``Commitment`` records
out. Similarity search is passed in (``similar``) so this module needs no model or store.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from nlp.commitments import (
    VERZOEK, Commitment, Link, Mention, deadline_of, fulfilment, motie_mentions, motion_ids, new_promise,
    register_toezegging, resolve_actor,
)
from nlp.references import extract_references

Similar = Callable[[str, set[str]], list[tuple[str, float]]]  # (query, candidate ids) → ranked (id, cosine)
SIMILARITY_FLOOR = 0.9  # e5 cosines below this rarely mean "answers the same thing"
IMPLEMENTING = re.compile(r"\b(?:conform|ter uitvoering van|in uitvoering|wordt uitgevoerd)\b", re.I)
FULFILLING = re.compile(r"\b(?:naar aanleiding van|n\.a\.v\.|in reactie op|reactie op|zoals verzocht|uitvoering gegeven)\b", re.I)


def _norm_names(names: list[str]) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


def _key(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-zà-ÿ]{4,}", text.lower()))


def build_registry(documents: list[dict], statements: dict[str, list[dict]], answers_of: dict[str, list[dict]],
                   similar: Similar | None = None, motie_forms: dict[str, dict] | None = None) -> list[Commitment]:
    """documents: rows with id, date, doc_type, bewindspersoon; statements: per doc id, in order;
    answers_of: question_id → the answer statements of that question; motie_forms: per doc id."""
    ordered = sorted(documents, key=lambda d: (d["date"] is None, d["date"] or date.min, d["id"]))
    moties: list[Commitment] = []
    toezeggingen: list[Commitment] = []
    for doc in ordered:
        rows = statements.get(doc["id"], [])
        own = motie_document(doc, rows, (motie_forms or {}).get(doc["id"]))
        if own is not None:
            moties.append(own)
        for index, row in enumerate(rows):
            _collect_moties(doc, row, moties, answers_of)
            _collect_toezeggingen(doc, rows, index, row, toezeggingen, answers_of)
    moties = _merge_moties(moties)
    _share_fulfilments(moties)
    _chain_replacements(moties)
    for number, record in enumerate(moties, start=1):
        record.id = record.kamerstuk_id or f"motie-{number}"
    toezeggingen = _dedupe(toezeggingen)
    for number, record in enumerate(toezeggingen, start=1):
        record.id = f"toezegging-{number}"
    by_date = {d["id"]: d["date"] for d in documents}
    for record in moties + toezeggingen:
        _similar_answers(record, statements, by_date, similar)
        record.answers.sort(key=lambda link: -link.score)
        _decide_status(record)
    return moties + toezeggingen


# ---------------------------------------------------------------- moties

def _collect_moties(doc: dict, row: dict, moties: list[Commitment], answers_of: dict[str, list[dict]]) -> None:
    text = row["text"]
    found = motie_mentions(row)
    if not found:
        return
    starts = [m.start() for m in re.finditer(r"(?<![A-Za-zÀ-ÿ])[Mm]oties?\b", text)]
    verzoek = VERZOEK.search(text)
    for number, (names, _) in enumerate(found):
        begin = starts[number] if number < len(starts) else 0
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        ids = motion_ids(extract_references(text[begin:end]))
        if not ids and len(found) == 1:
            ids = motion_ids(list(row["refs"]))  # a footnote on the statement names it
        record = Commitment(id="", kind="motie", indieners=names, kamerstuk_id=ids[0] if ids else None,
                            verzoek=verzoek.group("verzoek").strip() if verzoek and len(found) == 1 else None)
        record.mentions.append(Mention(doc["id"], row["id"], row["page"], text, doc["date"]))
        if row.get("question_id"):
            record.question_ids.append(row["question_id"])
            _antwoord_links(record, answers_of.get(row["question_id"], []))
        if FULFILLING.search(text) and row["role"] != "question":
            record.answers.append(Link(doc["id"], row["id"], row["page"], text, 0.9, "vervulling"))
        if IMPLEMENTING.search(text):
            record.status_evidence = f"in uitvoering volgens {doc['id']}: {text[:120]}"
        moties.append(record)


def motie_document(doc: dict, rows: list[dict], form: dict | None) -> Commitment | None:
    """An ingested motie (its own Kamerstuk) is the authoritative record for its id: its form
    (``nlp.motie_form``, stored in ``motie_forms``) says who filed it, when, and what it asks."""
    if doc.get("doc_type") != "motie" or not doc.get("kamerstuk_id"):
        return None
    form = form or {}
    record = Commitment(id="", kind="motie", indieners=list(form.get("indieners") or []),
                        kamerstuk_id=doc["kamerstuk_id"].removeprefix("kst-"), made_at=doc["id"],
                        made_on=form.get("voorgesteld") or doc["date"], authoritative=True,
                        verzoek=" ".join(form.get("dictum") or []) or None, vervangt=form.get("vervangt"))
    title = form.get("title")
    anchor = next((row for row in rows if title and title[:40] in row["text"]), rows[0] if rows else None)
    if anchor is not None:
        record.mentions.append(Mention(doc["id"], anchor["id"], anchor["page"], anchor["text"], doc["date"]))
    return record


def _chain_replacements(moties: list[Commitment]) -> None:
    """A gewijzigde motie replaces the one it names: the older one points to its successor."""
    by_id = {m.kamerstuk_id: m for m in moties if m.kamerstuk_id}
    for motie in moties:
        replaced = by_id.get(motie.vervangt or "")
        if replaced is not None and replaced is not motie:
            replaced.vervangen_door = motie.kamerstuk_id


def _antwoord_links(record: Commitment, answer_rows: list[dict]) -> None:
    for position, answer in enumerate(answer_rows[:8]):
        score = 0.9 - 0.02 * position  # the answer's first sentence says most
        if FULFILLING.search(answer["text"]) or re.search(r"\b(?:motie|moties|toezegging)\b", answer["text"], re.I):
            score += 0.1  # "naar aanleiding van deze toezegging", "Reacties op beide moties"
        record.answers.append(Link(answer["doc_id"], answer["id"], answer["page"], answer["text"], round(score, 3), "antwoord"))


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
    for names, record in list(by_names.items()):
        owners = [r for r in by_id.values() if _norm_names(r.indieners) == names]
        if len(owners) == 1:  # "de motie Amhaouch en Bruins" is the 32637-392 named elsewhere
            _absorb(owners[0], record)
            del by_names[names]
    return list(by_id.values()) + list(by_names.values())


def _share_fulfilments(moties: list[Commitment]) -> None:
    """'Naar aanleiding van de motie Moorlag …' also answers 'de moties Bruins en Moorlag' named in that paper."""
    for source in moties:
        for link in [a for a in source.answers if a.evidence == "vervulling"]:
            for target in moties:
                if target is source or not _norm_names(source.indieners) < _norm_names(target.indieners):
                    continue
                if any(m.doc_id == link.doc_id for m in target.mentions) and \
                        all(a.statement_id != link.statement_id for a in target.answers):
                    target.answers.append(link)


def _absorb(target: Commitment, record: Commitment) -> None:
    if record.authoritative:  # the motie's own text says who filed it and what it asks
        target.indieners, target.verzoek, target.authoritative = record.indieners, record.verzoek, True
        target.made_at, target.made_on, target.vervangt = record.made_at, record.made_on, record.vervangt
    elif not target.authoritative:
        if len(record.indieners) > len(target.indieners):
            target.indieners = record.indieners
        target.verzoek = target.verzoek or record.verzoek
    target.mentions.extend(record.mentions)
    target.answers.extend(record.answers)
    target.question_ids.extend(record.question_ids)
    target.status_evidence = target.status_evidence or record.status_evidence


# ---------------------------------------------------------------- toezeggingen

def _collect_toezeggingen(doc: dict, rows: list[dict], index: int, row: dict, out: list[Commitment],
                          answers_of: dict[str, list[dict]]) -> None:
    text = row["text"]
    mention = Mention(doc["id"], row["id"], row["page"], text, doc["date"])
    register = register_toezegging(text)
    if register:
        record = Commitment(id="", kind="toezegging", by=doc.get("bewindspersoon") or "kabinet",
                            made_at=register["debate"], made_on=_iso(register["debate"]), subject=register["subject"])
        record.mentions.append(mention)
        if row.get("question_id"):
            record.question_ids.append(row["question_id"])
            _antwoord_links(record, answers_of.get(row["question_id"], []))
        out.append(record)
        return
    fulfilled = fulfilment(text)
    if fulfilled:
        record = Commitment(id="", kind="toezegging", by=fulfilled["by"], made_at=fulfilled["debate"],
                            made_on=_iso(fulfilled["debate"]), subject=fulfilled["subject"])
        record.mentions.append(mention)
        below = rows[index + 1:index + 6] if row["role"] == "heading" else [row]
        for position, answer in enumerate(r for r in below if r["role"] not in ("heading", "footnote")):
            record.answers.append(Link(doc["id"], answer["id"], answer["page"], answer["text"],
                                       round(0.95 - 0.02 * position, 3), "vervulling"))
        out.append(record)
        return
    promise = new_promise(row)
    if promise:
        record = Commitment(id="", kind="toezegging", by=resolve_actor(promise["actor"], row, doc.get("bewindspersoon")),
                            made_at=doc["id"], made_on=doc["date"], subject=promise["subject"],
                            deadline=deadline_of(text, doc["date"]))
        record.status = "onbekend" if promise.get("reported") else "open"
        record.mentions.append(mention)
        out.append(record)


def _iso(debate: str) -> date | None:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})$", debate or "")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _dedupe(records: list[Commitment]) -> list[Commitment]:
    """The same promise made twice in one paper (in answers to two questions) is one record."""
    out: list[Commitment] = []
    for record in records:
        twin = next((o for o in out if o.made_at == record.made_at and o.kind == record.kind
                     and _similar_text(o.subject or "", record.subject or "")), None)
        if twin:
            twin.mentions.extend(record.mentions)
            twin.answers.extend(record.answers)
        else:
            out.append(record)
    return out


def _similar_text(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and len(ka & kb) / min(len(ka), len(kb)) >= 0.6


# ---------------------------------------------------------------- answers and status

def _similar_answers(record: Commitment, statements: dict[str, list[dict]], by_date: dict[str, date | None],
                     similar: Similar | None) -> None:
    """Candidates by meaning, only in papers dated on or after the commitment."""
    query = record.verzoek or record.subject
    if similar is None or not query:
        return
    since = record.made_on or min((m.date for m in record.mentions if m.date), default=None)
    mentioned = {m.statement_id for m in record.mentions}
    origin = record.mentions[0].doc_id if record.mentions else None  # a paper does not answer its own promise
    candidates = {row["id"] for doc_id, rows in statements.items()
                  if doc_id != origin and (since is None or (by_date.get(doc_id) and by_date[doc_id] >= since))
                  for row in rows if row["role"] not in ("heading", "footnote", "question") and row["id"] not in mentioned}
    known = {link.statement_id for link in record.answers}
    rows = {row["id"]: row for rows in statements.values() for row in rows}
    for statement_id, cosine in similar(query, candidates)[:3]:
        if cosine >= SIMILARITY_FLOOR and statement_id not in known:
            row = rows[statement_id]
            record.answers.append(Link(row["doc_id"], statement_id, row["page"], row["text"],
                                       round(0.8 * cosine, 3), "gelijkenis"))


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
        record.status_evidence = "nieuwe toezegging; nog geen latere brief of antwoord gevonden"
    else:
        record.status_evidence = record.status_evidence or "gemeld, maar niet te volgen in de opgeslagen stukken"


def overdue(record: Commitment, as_of: date) -> bool:
    return is_overdue(record.status, record.deadline.end if record.deadline else None, as_of)


def is_overdue(status: str, deadline_end: date | None, as_of: date) -> bool:
    """Still open after the last day of its deadline."""
    return status == "open" and deadline_end is not None and deadline_end < as_of
