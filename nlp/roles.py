"""Who speaks in each block, and which blocks ask and which answer.

In a verslag schriftelijk overleg the fracties' questions are set in italics, each
followed by the government's answer in roman type. In letters that answer moties
and toezeggingen, each is stated in a paragraph and answered under an ``Antwoord``
heading. Both give question → answer pairs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import Block
from nlp.kamervragen import askers_in, segments_of

FRACTIE = re.compile(
    r"\b(?:leden|lid) van de (?:fractie van (?:de |het )?)?([A-Z][\w\-]*?(?:\s?[A-Z][\w]*)?)(?:-fractie|fractie)?\b"
)
ANTWOORD = re.compile(r"^Antwoord(?:\s+\d+)?\s*:?$", re.I)


@dataclass
class BlockRole:
    role: str
    speaker: str | None = None
    question_id: str | None = None
    answer_to: str | None = None


def base_role(block: Block) -> str:
    return {"heading": "heading", "list_item": "list_item", "footnote": "footnote", "table": "table"}.get(block.kind, "body")


def fractie_in(text: str) -> str | None:
    match = re.search(r"\bleden van de ([A-Z][\w]*(?:[- ][A-Z][\w]*)?)-fractie", text) or re.search(
        r"\bleden van de fractie van (?:de |het )?([A-Z][\w]*(?:[- ][A-Z][\w]*)?)", text)
    return match.group(1) if match else None


def assign_roles(doc_id: str, blocks: list[Block], doc_type: str, bewindspersoon: str | None) -> list[BlockRole]:
    roles = [BlockRole(base_role(b)) for b in blocks]
    answerer = bewindspersoon or "kabinet"
    if doc_type == "verslag_schriftelijk_overleg" or sum(b.italic for b in blocks) >= 3 and _has_fractie_questions(blocks):
        _verslag_roles(doc_id, blocks, roles, answerer)
    if doc_type == "kamervragen":
        _kamervragen_roles(doc_id, blocks, roles, answerer)
    elif any(b.kind == "heading" and ANTWOORD.match(b.text.strip()) for b in blocks):
        _antwoord_roles(doc_id, blocks, roles, answerer)
    return roles


def _has_fractie_questions(blocks: list[Block]) -> bool:
    return any(b.italic and fractie_in(b.text) for b in blocks)


def _verslag_roles(doc_id: str, blocks: list[Block], roles: list[BlockRole], answerer: str) -> None:
    fractie: str | None = None
    question: str | None = None
    count = 0
    previous_was_question = False
    for index, block in enumerate(blocks):
        if block.kind == "footnote":
            continue
        if block.kind == "heading":
            fractie = fractie_in(block.text) or fractie
            previous_was_question = False
            continue
        if block.italic:
            fractie = fractie_in(block.text) or fractie
            if not previous_was_question:
                count += 1
                question = f"{doc_id}#q{count}"
            roles[index] = BlockRole("question" if block.kind == "paragraph" else roles[index].role, fractie, question)
            previous_was_question = True
        elif question is not None:
            role = "answer" if block.kind == "paragraph" else roles[index].role
            roles[index] = BlockRole(role, answerer, None, question)
            previous_was_question = False


def _antwoord_roles(doc_id: str, blocks: list[Block], roles: list[BlockRole], answerer: str) -> None:
    """``<stated motie or toezegging>`` / ``Antwoord`` / answer paragraphs, repeated."""
    body = [i for i, b in enumerate(blocks) if b.kind != "footnote"]
    heads = [i for i in body if blocks[i].kind == "heading" and ANTWOORD.match(blocks[i].text.strip())]
    questions: list[int] = []
    for head in heads:
        before = [i for i in body if i < head and blocks[i].kind != "heading"]
        questions.append(before[-1] if before else -1)
    for n, (head, asked) in enumerate(zip(heads, questions), start=1):
        qid = f"{doc_id}#t{n}"
        if asked >= 0:
            roles[asked] = BlockRole("question", None, qid)
        following = questions[n] if n < len(questions) else len(blocks)
        for i in body:
            if head < i < following and blocks[i].kind not in ("heading",):
                role = "answer" if blocks[i].kind == "paragraph" else roles[i].role
                roles[i] = BlockRole(role, answerer, None, qid)


def _kamervragen_roles(doc_id: str, blocks: list[Block], roles: list[BlockRole], answerer: str) -> None:
    """``Vraag n`` runs are questions by the askers; ``Antwoord n`` runs answer the same pair."""
    askers = ", ".join(a.name for a in askers_in("\n".join(b.text for b in blocks[:12])))
    for segment in segments_of(doc_id, blocks):
        for i in segment.blocks:
            paragraph = blocks[i].kind == "paragraph"
            if segment.kind == "vraag":
                roles[i] = BlockRole("question" if paragraph else roles[i].role, askers or None, segment.pair_id)
            elif segment.kind == "antwoord":
                roles[i] = BlockRole("answer" if paragraph else roles[i].role, answerer, None, segment.pair_id)
            else:
                roles[i] = BlockRole(roles[i].role, answerer)
