"""The regional pact test set (``tests/data/pacts``: five pacts written for issue 20, as Markdown and typeset
PDF, with ``gold.json``), and how the pact reader is scored against it — shared by ``bench/pacts.py`` and
``tests/test_pact.py``.

An afspraak found counts as right when its statement holds the gold quote (or the quote holds it: a table row,
a list item) and its party is the gold party, one of the gold party's aliases, or the group the gold names.
Texts are compared without spaces and hyphens, so a PDF's line-end hyphens do not matter.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACTS = ROOT / "tests" / "data" / "pacts"
# dev: the reader was written with these; holdout: written later, blind to the reader, then used to fix it;
# holdout2: written last, blind, measured once before any change (the READMEs say how each was made)
SETS = {"dev": PACTS, "holdout": PACTS / "holdout", "holdout2": PACTS / "holdout2"}


def gold(folder: Path = PACTS) -> dict[str, dict]:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Text compared across PDF and Markdown: lower case, no spaces, hyphens, quotes or list marks."""
    return re.sub(r"[\s\-–­'’\"*|;:.,]", "", text.lower())


def same_party(found: str, want: str, doc: dict) -> bool:
    """Whether ``found`` names the gold party ``want`` (by name, alias or group)."""
    names = {squash(want)}
    names |= {squash(alias) for alias, full in doc.get("party_aliases", {}).items() if full == want}
    if want in doc.get("party_groups", {}):
        names |= {squash(member) for member in doc["party_groups"][want]}
    return squash(found) in names or any(squash(found).endswith(n) or n.endswith(squash(found)) for n in names if n)


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0          # the statement holds a gold afspraak
    party_right: int = 0      # … and names its party
    amount_right: int = 0
    amounts: int = 0          # gold afspraken with an amount that were matched
    parties_gold: int = 0
    parties_found: int = 0
    parties_matched: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("gold", "found", "matched", "party_right", "amount_right", "amounts", "parties_gold",
                     "parties_found", "parties_matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.wrong += other.wrong

    @property
    def recall(self) -> float:
        return self.party_right / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.party_right / self.found if self.found else 0.0

    @property
    def party_recall(self) -> float:
        return self.parties_matched / self.parties_gold if self.parties_gold else 0.0

    @property
    def party_precision(self) -> float:
        return self.parties_matched / self.parties_found if self.parties_found else 0.0


def score(doc: dict, parties: list[str], afspraken: list[dict]) -> Score:
    """``afspraken``: dicts with ``party``, ``text``, ``amount_eur`` (what the reader found in one pact)."""
    out = Score(gold=len(doc["afspraken"]), found=len(afspraken), parties_gold=len(doc["parties"]),
                parties_found=len(parties))
    out.parties_matched = sum(any(squash(p) == squash(g) for p in parties) for g in doc["parties"])
    used: set[int] = set()
    for want in doc["afspraken"]:
        quote = squash(want.get("row") or want["quote"])
        hit = next((n for n, a in enumerate(afspraken) if n not in used and quote and
                    (quote in squash(a["text"]) or squash(a["text"]) in quote) and same_party(a["party"], want["party"], doc)),
                   None)
        if hit is None:
            hit = next((n for n, a in enumerate(afspraken) if n not in used and quote and
                        (quote in squash(a["text"]) or squash(a["text"]) in quote)), None)
            out.misses.append(f"{want['party']}: {want['quote'][:90]}" + ("" if hit is None else
                              f"  [found as {afspraken[hit]['party']!r}]"))
            if hit is not None:
                used.add(hit)
                out.matched += 1
            continue
        used.add(hit)
        out.matched += 1
        out.party_right += 1
        if want.get("amount_eur") is not None:
            out.amounts += 1
            out.amount_right += afspraken[hit]["amount_eur"] == want["amount_eur"]
    out.wrong = [f"{afspraken[n]['party']}: {afspraken[n]['text'][:90]}" for n in range(len(afspraken)) if n not in used]
    return out
