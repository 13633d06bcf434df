"""Label statements with actielijn, doel, thema, landsdeel and knelpunt — each with a score and a reason.

Evidence, strongest first:
- ``section``: the statement stands under a heading that names the label (``2.2 Leren in de
  techniek``, ``Doel 9``, ``Oost``);
- ``place``: a place or province of the gazetteer (landsdeel only);
- ``section``/``document`` for landsdeel (issue 20): a statement that names no region of its own takes the
  region of the section it stands in (a heading naming one region) or of its paper (a paper about one
  region, ``nlp.gazetteer.paper_region``), when it is in scope; the reason starts with ``plaats``,
  ``sectie`` or ``document`` so the app can say which;
- ``cue``: Dutch cue words of ``corpus/labels.yaml`` in the text or its lemmas;
- ``embedding``: similarity of the statement to each label's description, turned into a
  share over the label set (softmax).
Scores combine as independent evidence (noisy-OR); each label keeps the methods and reasons.
A doel belongs to one actielijn, so the two must agree: the trained actielijn head is averaged
with the doel head's probabilities summed per actielijn, and a doel's score is discounted when
its actielijn scores below the best one (bench/classify.py, 5-fold over models/training.yaml:
actielijn macro-F1 0.89 → 0.91, doel accuracy@3 0.92 → 0.93).
"""
from __future__ import annotations

import gc
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from nlp.embeddings import Encoder, load_encoder
from nlp.gazetteer import PlaceHit, Region, find_landsdelen, head_headings, paper_region, section_region
from nlp.records import LabelScore  # here so the store reads labels without spaCy
from nlp.scope import Scope, ScopeJudge
from nlp.sections import heading_label
from nlp.taxonomy import Frame, load_frame, package_file

SECTION_SCORE = 0.9
INHERITED_SCORE = {"sectie": 0.8, "document": 0.7}  # below a named place (0.85) and a landsdeel heading (0.9)
EMBEDDING_WEIGHT = 0.5
HEAD_WEIGHT = 0.6
TEMPERATURE = 0.02  # softmax temperature over cosine similarities (e5 cosines are compressed)
KEEP = 0.3  # labels scoring below this are not stored, except the best few of a set (for ranking)
RANKED = 3
DOEL_IN_PATH = re.compile(r"^Doel\s+(\d{1,2})\b", re.I)


Head = tuple[list[str], np.ndarray, np.ndarray]  # a trained head: label ids, weights, bias


@dataclass
class Evidence:
    method: str
    score: float
    reason: str


@dataclass
class Labels:
    scores: list[LabelScore] = field(default_factory=list)
    knelpunt: float = 0.0
    knelpunt_reason: str = ""
    scope: Scope | None = None  # about the frame's field at all? (nlp/scope.py; None: not judged)

    @property
    def in_scope(self) -> bool:
        """Only statements in scope carry labels for filters, counts and exports (issue 18)."""
        return self.scope is None or self.scope.in_scope

    def of(self, label_set: str) -> list[tuple[str, float]]:
        return [(s.label_id, round(s.score, 3)) for s in sorted(self.scores, key=lambda s: -s.score)
                if s.label_set == label_set]


def _lemmas(text: str) -> str:
    from nlp.sentences import dutch_nlp

    return " ".join((t.lemma_ or t.text).lower() for t in dutch_nlp()(text) if not t.is_punct)


def calibration_sentences() -> list[str]:
    path = package_file("models", "calibration.txt")
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=2)
def load_classifier(model_name: str) -> "Classifier":
    """One classifier per model and process: loading and calibrating costs seconds."""
    return Classifier(load_encoder(model_name), load_frame())


def load_heads(model_name: str) -> dict[str, Head]:
    """The trained heads of models/heads.npz, if they were trained for this embedding model."""
    path = package_file("models", "heads.npz")
    if not path.exists():
        return {}
    data = np.load(path)
    if str(data["model"]) != model_name:
        return {}
    return {s: (list(map(str, data[f"{s}_ids"])), data[f"{s}_w"], data[f"{s}_b"]) for s in ("doel", "actielijn")}


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@contextmanager
def _collector_paused():
    """Labelling makes a few dozen small objects per statement (evidence, reasons), none of them in a cycle, so
    reference counting frees them all; but in a process holding a model and a spaCy pipeline, each of the
    collector's passes this triggers walks all of those objects too. Paused, the label step costs less than
    half (evidence and decision: 0.26 → 0.10 ms a statement on the sample corpus)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _entries(matrix: np.ndarray, least: float = 0.02):
    """(row, column, value) of every entry ≥ ``least``, row by row, as plain Python numbers."""
    rows, cols = np.nonzero(matrix >= least)
    return zip(rows.tolist(), cols.tolist(), matrix[rows, cols].tolist())


def _combine(evidence: list[Evidence]) -> float:
    remaining = 1.0
    for item in evidence:
        remaining *= 1.0 - max(0.0, min(1.0, item.score))
    return 1.0 - remaining


def _cue_pattern(cue: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(cue) + r"(?!\w)")  # "mbo" in "mbo-studenten", not in "vmbo"


class Classifier:
    def __init__(self, encoder: Encoder | None, frame: Frame, heads: dict[str, Head] | None = None,
                 consistent: bool = True):
        """``heads`` default to the trained ones in models/ for the encoder's model;
        ``consistent=False`` leaves out the doel/actielijn agreement (for measuring it)."""
        self.encoder = encoder
        self.frame = frame
        self.consistent = consistent
        self.cues = {(lab.set, lab.id): [(c, _cue_pattern(c)) for c in lab.cues]
                     for labels in frame.labels.values() for lab in labels}
        self.knelpunt_cues = [(c, _cue_pattern(c)) for c in frame.knelpunt_cues]
        self.knelpunt_cues += [(c, re.compile(re.escape(c))) for c in frame.knelpunt_compound_cues]
        self.knelpunt_forms = [(name, re.compile(pattern)) for name, pattern in frame.knelpunt_forms]
        self.remedies = [_cue_pattern(c) for c in frame.remedies]
        self.landelijk = [(c, _cue_pattern(c)) for c in frame.landelijk_cues]
        self.descriptions: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        if encoder is not None:
            neutral = encoder.encode(calibration_sentences(), kind="passage")
            for label_set in ("actielijn", "doel", "thema"):
                texts = [lab.description for lab in frame.labels[label_set]]
                self.descriptions[label_set] = encoder.encode(texts, kind="query")
                # A description close to every sentence would win everywhere: centre it.
                self.offsets[label_set] = (neutral @ self.descriptions[label_set].T).mean(axis=0)
        if heads is None:
            heads = load_heads(encoder.name) if encoder is not None else {}
        self.heads = heads
        self.scope = ScopeJudge(encoder, frame)

    # ------------------------------------------------------------ entry point
    def classify(self, texts: list[str], section_paths: list[list[str]] | None = None,
                 lemmas: list[str] | None = None, vectors: np.ndarray | None = None,
                 one_paper: bool = False, embed: Callable[[list[str]], np.ndarray] | None = None) -> list[Labels]:
        """Labels per text, and whether it is in scope. ``one_paper``: the texts are the statements of
        one paper, whose subject lends each its context; otherwise each text stands alone. ``embed``: how the
        vectors are got when not given (default: the encoder; the pipeline's also reads its cache).

        What the words alone say (headings, cue words, places, knelpunt cues) is read on a second thread while
        the model computes the vectors: the model waits on its own threads most of that time, and the text
        side then costs next to nothing (bench/model_stage.py: the stage against the encoder alone)."""
        with _collector_paused():
            return self._classify(texts, section_paths or [[] for _ in texts], lemmas, vectors, one_paper, embed)

    def _classify(self, texts: list[str], paths: list[list[str]], lemmas: list[str] | None,
                  vectors: np.ndarray | None, one_paper: bool,
                  embed: Callable[[list[str]], np.ndarray] | None) -> list[Labels]:
        with ThreadPoolExecutor(max_workers=1) as side:
            reading = side.submit(self._text_side, texts, paths, lemmas)
            if vectors is None and embed is not None:
                vectors = embed(texts)
            elif vectors is None and self.encoder is not None:
                vectors = self.encoder.encode(texts, kind="passage")
            lemma_texts, hits, text_evidence, knelpunten = reading.result()
        scopes = self.scope.judge(texts, lemma_texts, vectors, one_paper) if texts else []
        shares = ({s: self._shares(vectors, m, self.offsets[s]) for s, m in self.descriptions.items()}
                  if vectors is not None else {})
        head_probs = self._head_probs(vectors) if vectors is not None else {}
        if one_paper and texts:
            region = paper_region(texts, paths, hits, self.frame)
            skip = frozenset(heading_label(texts[i]) for i in head_headings(texts, paths))
            for path, places, scope, evidence in zip(paths, hits, scopes, text_evidence):
                if scope.in_scope:
                    self._inherited_evidence(path, places, region, skip, evidence)
        self._model_evidence(head_probs, shares, text_evidence)
        out = []
        for evidence, knelpunt, scope in zip(text_evidence, knelpunten, scopes):
            labels = self._decide(evidence)
            labels.knelpunt, labels.knelpunt_reason = knelpunt
            labels.scope = scope
            out.append(labels)
        return out

    def _text_side(self, texts: list[str], paths: list[list[str]], lemmas: list[str] | None):
        """What needs no vectors, per text: its lemmas, the places it names, the evidence of its section, cue
        words and places, and its knelpunt score."""
        lemma_texts = lemmas or [_lemmas(t) for t in texts]
        hits = [find_landsdelen(t, self.frame) for t in texts]
        evidence: list[dict[tuple[str, str], list[Evidence]]] = []
        knelpunten = []
        for text, path, lemma_text, places in zip(texts, paths, lemma_texts, hits):
            haystack = f"{text.lower()} {lemma_text}"
            found: dict[tuple[str, str], list[Evidence]] = {}
            self._section_evidence(path, found)
            self._cue_evidence(haystack, found)
            self._place_evidence(text, places, found)
            evidence.append(found)
            knelpunten.append(self._knelpunt(haystack))
        return lemma_texts, hits, evidence, knelpunten

    # ------------------------------------------------------------ evidence
    def _head_probs(self, vectors: np.ndarray) -> dict[str, tuple[list[str], np.ndarray]]:
        """Each head's probabilities; the actielijn head averaged with the doel head summed
        per actielijn, so both heads vote on the actielijn."""
        probs = {s: (ids, _softmax(vectors @ w + b)) for s, (ids, w, b) in self.heads.items()}
        if self.consistent and "doel" in probs and "actielijn" in probs:
            doel_ids, doel_p = probs["doel"]
            actielijn_ids, actielijn_p = probs["actielijn"]
            parents = np.array([self.frame.label("doel", d).actielijn for d in doel_ids])
            via_doel = np.stack([doel_p[:, parents == a].sum(axis=1) for a in actielijn_ids], axis=1)
            probs["actielijn"] = (actielijn_ids, (actielijn_p + via_doel) / 2)
        return probs

    def _model_evidence(self, head_probs: dict[str, tuple[list[str], np.ndarray]], shares: dict[str, np.ndarray],
                        evidence: list[dict]) -> None:
        """The heads' and the descriptions' evidence, added to each statement's: only where a label gets at least
        0.02 (the rest is no evidence, and most labels are). Each matrix is read whole, in one numpy call, not one
        call per statement."""
        for label_set, (ids, probs) in head_probs.items():
            for i, j, p in _entries(probs):
                evidence[i].setdefault((label_set, ids[j]), []).append(
                    Evidence("head", p * HEAD_WEIGHT, f"getraind model: {p:.2f}"))
        for label_set, matrix in shares.items():
            labels = self.frame.labels[label_set]
            for i, j, share in _entries(matrix):
                evidence[i].setdefault((label_set, labels[j].id), []).append(Evidence(
                    "embedding", share * EMBEDDING_WEIGHT, f"lijkt op '{labels[j].name}' ({share:.2f})"))

    @staticmethod
    def _shares(vectors: np.ndarray, descriptions: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        sims = vectors @ descriptions.T - offsets
        sims = (sims - sims.max(axis=1, keepdims=True)) / TEMPERATURE
        exp = np.exp(sims)
        return exp / exp.sum(axis=1, keepdims=True)

    def _section_evidence(self, path: list[str], evidence: dict) -> None:
        for heading in path:
            lowered = heading.lower()
            doel = DOEL_IN_PATH.match(heading)
            if doel:
                label_id = f"d{int(doel.group(1))}"
                if any(lab.id == label_id for lab in self.frame.labels["doel"]):
                    evidence.setdefault(("doel", label_id), []).append(
                        Evidence("section", SECTION_SCORE, f"onder kop '{heading}'"))
                    parent = self.frame.label("doel", label_id).actielijn
                    evidence.setdefault(("actielijn", parent), []).append(
                        Evidence("section", SECTION_SCORE, f"onder kop '{heading}' (doel van {parent})"))
            named = [lab for lab in self.frame.labels["actielijn"] if lab.id in lowered]
            if len(named) == 1 and re.search(rf"\b{named[0].id}\b.{{0,12}}\btechniek", lowered):
                evidence.setdefault(("actielijn", named[0].id), []).append(
                    Evidence("section", SECTION_SCORE, f"onder kop '{heading}'"))
            if self._landsdeel_heading(heading):
                evidence.setdefault(("landsdeel", self._landsdeel_heading(heading)), []).append(
                    Evidence("section", SECTION_SCORE, f"sectie: onder kop '{heading}'"))

    def _cue_evidence(self, haystack: str, evidence: dict) -> None:
        for (label_set, label_id), cues in self.cues.items():
            found = [cue for cue, pattern in cues if cue in haystack and pattern.search(haystack)]  # `in` first: 4× faster
            if found:
                score = min(0.75, 0.3 + 0.15 * (len(found) - 1))
                evidence.setdefault((label_set, label_id), []).append(
                    Evidence("cue", score, "trefwoord " + ", ".join(f"'{c}'" for c in found[:4])))

    def _landsdeel_heading(self, heading: str) -> str | None:
        """The landsdeel a heading is the name of (``Oost``, ``Regio Zuidwest``), if any."""
        name = re.sub(r"^(?:regio|landsdeel)\s+", "", heading.lower()).strip()
        return self.frame.landsdeel_names.get(name)

    def _inherited_evidence(self, path: list[str], hits: list[PlaceHit], region: Region | None,
                            skip: frozenset[str], evidence: dict) -> None:
        """A statement naming no region of its own takes its section's region, else its paper's. Its own
        region is a named place (Brabant alone does not count: it may be West-Brabant) or a heading that is a
        landsdeel's name; a statement naming another region keeps that one."""
        if any(not h.ambiguous for h in hits) or any(self._landsdeel_heading(h) for h in path):
            return
        inherited = section_region(path, self.frame, skip) or region
        if inherited is None:
            return
        method = "section" if inherited.kind == "sectie" else "document"
        evidence.setdefault(("landsdeel", inherited.landsdeel), []).append(
            Evidence(method, INHERITED_SCORE[inherited.kind], inherited.reason))

    def _place_evidence(self, text: str, hits: list[PlaceHit], evidence: dict) -> None:
        for hit in hits:
            evidence.setdefault(("landsdeel", hit.landsdeel), []).append(Evidence("place", hit.score, hit.reason))
        found = [cue for cue, pattern in self.landelijk if pattern.search(text.lower())]
        if found:
            evidence.setdefault(("landsdeel", "landelijk"), []).append(
                Evidence("cue", 0.6, "trefwoord " + ", ".join(f"'{c}'" for c in found[:3])))

    def _decide(self, evidence: dict[tuple[str, str], list[Evidence]]) -> Labels:
        labels = Labels()
        scored = {key: _combine(items) for key, items in evidence.items()}
        if self.consistent:
            self._match_doel_to_actielijn(scored, evidence)
        ranked: dict[str, list[float]] = {}
        for (label_set, _), score in scored.items():
            ranked.setdefault(label_set, []).append(score)
        floors = {s: sorted(v, reverse=True)[:RANKED][-1] for s, v in ranked.items()}
        for (label_set, label_id), items in evidence.items():
            score = scored[(label_set, label_id)]
            if score < KEEP and score < floors[label_set]:
                continue
            items = sorted(items, key=lambda e: -e.score)
            methods = "+".join(dict.fromkeys(e.method for e in items))
            labels.scores.append(LabelScore(label_set, label_id, round(score, 4), methods,
                                            "; ".join(e.reason for e in items)))
        labels.scores.sort(key=lambda s: (s.label_set, -s.score))
        return labels

    def _match_doel_to_actielijn(self, scored: dict, evidence: dict) -> None:
        """Discount each doel by how its actielijn compares with the best actielijn (up to
        half): a doel of an unlikely actielijn is itself unlikely."""
        actielijn = {label_id: score for (label_set, label_id), score in scored.items() if label_set == "actielijn"}
        best = max(actielijn.values(), default=0.0)
        if best <= 0:
            return
        for (label_set, label_id), score in scored.items():
            if label_set != "doel":
                continue
            parent = self.frame.label("doel", label_id).actielijn
            factor = 0.5 + 0.5 * actielijn.get(parent, 0.0) / best
            if factor < 0.99:
                scored[(label_set, label_id)] = score * factor
                evidence[(label_set, label_id)].append(
                    Evidence("consistency", 0.0, f"actielijn {parent} minder waarschijnlijk (×{factor:.2f})"))

    def _knelpunt(self, haystack: str) -> tuple[float, str]:
        """Cue words of a bottleneck; weaker when the statement is about removing it or says it is small."""
        words: dict[tuple[int, int], str] = {}
        for cue, pattern in self.knelpunt_cues:
            if cue not in haystack:  # a cue's pattern is the cue itself with word edges: cheap test first
                continue
            for match in pattern.finditer(haystack):
                before = haystack[max(0, match.start() - 12):match.start()]
                if re.search(r"\b(?:geen|niet|zonder)\s+$", before) and not cue.startswith(("zonder", "niet")):
                    continue  # "geen tekort", "niet onvoldoende"
                start = haystack.rfind(" ", 0, match.start()) + 1
                end = haystack.find(" ", match.end())
                words.setdefault((start, end if end >= 0 else len(haystack)), cue)
        for name, pattern in self.knelpunt_forms:  # negation is part of a form, so no "geen …" check
            match = pattern.search(haystack)
            if match and not any(s < match.end() and match.start() < e for s, e in words):
                words[(match.start(), match.end())] = name  # a cue inside the form already counts it
        if not words:
            return 0.0, ""
        cues = list(dict.fromkeys(words.values()))
        # "knelpunt"/"knelpunten" and text/lemma hits count once; so does a cue a form also reads
        # ("moeilijk vervulbaar" in the lemmas, "moeilijk vervulbare" in the text)
        distinct = {next((name for name, p in self.knelpunt_forms if p.search(c)), c[:6]) for c in cues}
        score = min(0.9, 0.6 + 0.15 * (len(distinct) - 1))
        reason = "trefwoord " + ", ".join(f"'{c}'" for c in cues[:4])
        if any(p.search(haystack) for p in self.remedies):
            score -= 0.3
            reason += " (maar het gaat om wegnemen of het valt mee)"
        return round(max(score, 0.05), 3), reason
