"""Is a statement about the frame's field at all? (issue 18)

A parliament debates everything: loaded with the papers staff really work with, a Techniekpact frame
labelled asylum notes as knelpunten of ``werken``. Only statements in scope get actielijn, doel, thema,
landsdeel and knelpunt labels (``Store`` writes just the scope label for the others, so filters, counts,
the heat map and exports never see them); every statement stays searchable as text.

Evidence, as features of one small logistic model (``models/scope.json``, trained on hand-labelled
statements by ``models/train_scope.py``):

- ``topic``: how much nearer the statement is to the field (``corpus/labels.yaml`` ``scope.field`` and
  the frame's label descriptions) than to the other fields of policy (``scope.elsewhere``), by cosine;
- ``cues``: words that belong to the field on their own (techniek, technici, mbo, …);
- ``paper``: the same two for the paper as a whole — a paper about technical education lends its
  statements context, a paper about asylum does not (the pipeline judges one paper at a time: a pure
  function of the file);
- page furniture (running heads, "Vergaderjaar …", "Nr. 448", bare numbers, formulas such as "en gaat
  over tot de orde van de dag") is out of scope whatever it says, and says why.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.taxonomy import Frame, package_file

WEIGHTS = package_file("models", "scope.json")
FEATURES = ("topic", "cues", "paper_topic", "paper_cues", "short")
# Used when no weights were trained for the model in use (another, user-configured model): the topic
# margins of e5-like models are a few hundredths wide, so they are scaled up; a field cue is strong.
DEFAULT_WEIGHTS = {"weights": [40.0, 1.5, 30.0, 2.0, -1.0], "bias": -0.5, "threshold": 0.5}

FURNITURE = [
    (re.compile(r"^\W*\d{1,4}\W*$"), "een los getal"),
    (re.compile(r"^(?:Tweede|Eerste) Kamer(?: der Staten-Generaal)?\b[^.]{0,60}$", re.I), "kop van de Kamer"),
    (re.compile(r"\b(?:vergaderjaar|zitting)\s+\d{4}\s*[–-]\s*\d{4}\b", re.I), "kop met vergaderjaar"),
    (re.compile(r"^(?:Nr\.|Nummer)\s*\d{1,4}\b\.?\s*\S{0,40}$", re.I), "stuknummer"),
    (re.compile(r"^(?:Voorgesteld|Datum|Kenmerk|Ons kenmerk|Uw kenmerk|Betreft|Bijlage\(n\)?|Bijlagen?|Pagina)\b"
                r"[^.]{0,80}$", re.I), "briefhoofd of kenmerk"),
    (re.compile(r"^(?:De Kamer,\s*)?gehoord de beraadslaging,?$", re.I), "vaste formule"),
    (re.compile(r"^en gaat over tot de orde van de dag\.?$", re.I), "vaste formule"),
    (re.compile(r"^(?:Hoogachtend|Met vriendelijke groet|Geachte (?:voorzitter|heer|mevrouw))\b", re.I), "aanhef of groet"),
    (re.compile(r"^Ministerie van [A-Z][\w,]*(?: (?:en )?[A-Z][\w,]*)*$"), "briefhoofd"),
    (re.compile(r"^\d{2}\s?\d{3}(?:[\s-][A-Z0-9]{1,5})?\s+[A-Z][^.;]{0,160}$"), "dossierkop"),
    (re.compile(r"^(?:GEWIJZIGDE |NADER GEWIJZIGDE )?(?:MOTIE|AMENDEMENT|VERSLAG|BRIEF|NOTA|HANDELINGEN|TWEEDE KAMER|"
                r"EERSTE KAMER|VERGADERJAAR|KAMERSTUK)\b[^a-z]{0,160}$"), "kop in hoofdletters"),  # MOTIE VAN DE LEDEN …

    (re.compile(r"^(?:Vraag|Antwoord|Vragen|Antwoorden)\s*\d{0,3}[a-z]?\s*[:.]?$", re.I), "kop van vraag of antwoord"),
    (re.compile(r"^kst-\d|^ah-tk-|^h-tk-|^\d{4}[DZ]\d{5}$", re.I), "kenmerk"),
]


@dataclass
class Scope:
    """Whether a statement is about the field: the model's probability, and why."""

    score: float      # probability that the statement is in scope
    in_scope: bool
    method: str       # model | furniture
    reason: str


URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
REFERENCE = re.compile(r"\b(?:Kamerstuk(?:ken)?|TK|Handelingen)\b[^.;]*?\bnr\.?\s*\d+|\b\d{4}[DZ]\d{5}\b")


CITED_YEAR = re.compile(r"\((?:19|20)\d{2}[a-z]?\)")


def _literature(text: str) -> bool:
    """"Raaijman, J., van Druten, L. (2016).", "ROA (2019) De arbeidsmarkt …": authors (names, initials, no
    ordinary words), then a year in brackets, then nothing or a capitalised title."""
    year = CITED_YEAR.search(text)
    if year is None or year.start() == 0 or len(text) > 300:
        return False
    authors, after = text[:year.start()], text[year.end():]
    if not re.match(r"\s*[.,:]?\s*(?:$|[A-Z\"“'«])", after):
        return False  # "De Graaf et al. (2020) concluderen dat …" is a sentence that cites, not a reference
    return not [w for w in re.findall(r"\b[a-zà-ÿ]{4,}\b", authors)]


def furniture(text: str) -> str | None:
    """Why ``text`` is page furniture, a bare formality or a bare reference, or None."""
    stripped = " ".join(text.split())
    found = next((why for pattern, why in FURNITURE if pattern.search(stripped)), None)
    if found is None and _literature(stripped):
        found = "literatuurverwijzing"
    if found is None and (URL.search(stripped) or REFERENCE.search(stripped)):
        rest = REFERENCE.sub(" ", URL.sub(" ", stripped))
        if len(re.findall(r"[a-zà-ÿ]{3,}", rest)) < 3:  # "Kamerstuk 32 637, nr. 433.", a footnote's bare URL
            found = "alleen een verwijzing"
    return found


class ScopeJudge:
    """Judges the statements of one paper (or bare texts, each its own paper)."""

    def __init__(self, encoder, frame: Frame, weights: dict | None = None):
        self.encoder = encoder
        field = list(frame.scope_field) + [lab.description for s in ("actielijn", "doel", "thema")
                                            for lab in frame.labels[s]]
        self.field = encoder.encode(field, kind="query") if encoder is not None and field else None
        self.elsewhere = encoder.encode(list(frame.scope_elsewhere), kind="query") \
            if encoder is not None and frame.scope_elsewhere else None
        self.cues = [(c, re.compile(r"(?<![\w-])" + re.escape(c) + r"(?!\w)")) for c in frame.scope_cues]
        self.model = weights or load_weights(encoder.name if encoder is not None else None)

    def features(self, texts: list[str], lemmas: list[str], vectors: np.ndarray | None,
                 one_paper: bool) -> np.ndarray:
        """One row of ``FEATURES`` per text (furniture included; the caller sets those aside)."""
        topic = self._topic(vectors, len(texts))
        cues = np.array([self._cue_count(f"{t.lower()} {lemma}") for t, lemma in zip(texts, lemmas)], dtype=float)
        cues = np.log1p(cues)
        short = np.array([len(t.split()) < 5 for t in texts], dtype=float)
        content = np.array([furniture(t) is None for t in texts])
        if one_paper and content.any():
            paper_topic = np.full(len(texts), topic[content].mean())
            paper_cues = np.full(len(texts), cues[content].mean())
        else:
            paper_topic, paper_cues = topic.copy(), cues.copy()
        return np.stack([topic, cues, paper_topic, paper_cues, short], axis=1)

    def judge(self, texts: list[str], lemmas: list[str], vectors: np.ndarray | None, one_paper: bool = True) -> list[Scope]:
        """``one_paper``: the texts are the statements of one paper (its context counts); else bare texts."""
        rows = self.features(texts, lemmas, vectors, one_paper)
        weights = np.array(self.model["weights"], dtype=float)
        out = []
        for text, row in zip(texts, rows):
            why = furniture(text)
            if why is not None:
                out.append(Scope(0.0, False, "furniture", f"paginakop of vaste formule: {why}"))
                continue
            score = 1.0 / (1.0 + math.exp(-(float(row @ weights) + self.model["bias"])))
            out.append(Scope(round(score, 4), score >= self.model["threshold"], "model", _reason(row)))
        return out

    def _topic(self, vectors: np.ndarray | None, n: int) -> np.ndarray:
        if vectors is None or self.field is None or self.elsewhere is None:
            return np.zeros(n)
        return (vectors @ self.field.T).max(axis=1) - (vectors @ self.elsewhere.T).max(axis=1)

    def _cue_count(self, haystack: str) -> int:
        return sum(1 for cue, pattern in self.cues if cue in haystack and pattern.search(haystack))  # `in` is cheap


def _reason(row: np.ndarray) -> str:
    topic, cues, paper_topic, _, _ = row
    parts = [f"{'dichter bij' if topic > 0 else 'verder van'} het veld dan bij andere beleidsterreinen ({topic:+.3f})",
             f"{math.expm1(cues):.0f} veldwoord(en)", f"het stuk als geheel {paper_topic:+.3f}"]
    return "; ".join(parts)


def load_weights(model_name: str | None) -> dict:
    """The weights trained for this embedding model (``models/train_scope.py``), else the defaults."""
    if WEIGHTS.exists():
        trained = json.loads(Path(WEIGHTS).read_text(encoding="utf-8"))
        if trained.get("model") == model_name and trained.get("features") == list(FEATURES):
            return trained
    return DEFAULT_WEIGHTS
