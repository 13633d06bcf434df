"""What the papers themselves say the Kamer decided on a motion.

Where no open data is loaded, the besluit can still be read from the papers: the Handelingen
record the vote ("In stemming komt de motie-Kwint c.s. (32 637, nr. 613). … Ik constateer dat
deze motie is verworpen."), a besluitenlijst lists it, a letter speaks of "de door uw Kamer
aangenomen motie … (Kamerstuk 32 637, nr. 391)". Pure: statements in, ``Uitslag`` records out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OUTCOME = re.compile(
    r"\b(?P<word>aangenomen(?!\s+dat\b)|verworpen|aangehouden|aan te houden|ingetrokken|in te trekken|"
    r"staken de stemmen|de stemmen staken|stemmen hebben gestaakt|gestaakt)\b", re.I)
WORDS = {"aangenomen": "aangenomen", "verworpen": "verworpen", "aangehouden": "aangehouden",
         "aan te houden": "aangehouden", "ingetrokken": "ingetrokken", "in te trekken": "ingetrokken",
         "staken de stemmen": "gestaakt", "de stemmen staken": "gestaakt",
         "stemmen hebben gestaakt": "gestaakt", "gestaakt": "gestaakt"}
MOTION = re.compile(r"\bmoties?\b|\bmotie-", re.I)
# "deze motie", "de motie", "haar motie": the motion named a sentence or two before.
BACK_REFERENCE = re.compile(r"\b(?:deze|die|de|haar|zijn|hun)\s+moties?\b", re.I)
KAMERSTUK_REF = re.compile(r"^\d{5,6}(?:-[A-Z0-9]{1,5})*-\d{1,4}$")
LOOK_BACK = 2  # statements: the chair names the motion, then states the outcome


@dataclass(frozen=True)
class Uitslag:
    kamerstuk: str     # 32637-613
    besluit: str       # aangenomen | verworpen | aangehouden | ingetrokken | gestaakt
    statement_id: str
    doc_id: str
    text: str


def read_uitslagen(statements: list[dict]) -> list[Uitslag]:
    """Outcomes stated in one document's statements (``id``, ``doc_id``, ``text``, ``refs``, in order)."""
    found: list[Uitslag] = []
    for index, row in enumerate(statements):
        text = row["text"]
        outcomes = outcomes_in(text)
        if len(outcomes) != 1 or not MOTION.search(text):
            continue  # no outcome, or two ("de aangenomen motie … en de verworpen motie …"): which is whose?
        refs = _motion_refs(row)
        if not refs and BACK_REFERENCE.search(text):
            refs = next((r for r in (_motion_refs(statements[i]) for i in range(index - 1, max(-1, index - 1 - LOOK_BACK), -1))
                         if r), [])
        besluit = outcomes.pop()
        found += [Uitslag(ref, besluit, row["id"], row["doc_id"], text) for ref in refs]
    return found


def outcomes_in(text: str) -> set[str]:
    """The besluiten a text states: ``{"verworpen"}``; two different ones make it ambiguous."""
    return {WORDS[" ".join(m.group("word").lower().split())] for m in OUTCOME.finditer(text)}


def _motion_refs(row: dict) -> list[str]:
    return [ref for ref in row.get("refs") or [] if KAMERSTUK_REF.match(ref)]

