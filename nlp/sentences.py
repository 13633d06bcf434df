"""A Dutch spaCy pipeline: the blank tokenizer, rule-based sentence boundaries, lookup lemmas.

No trained Dutch model can be installed here, so sentence boundaries are rules on
tokens. spaCy's Dutch tokenizer already keeps abbreviations (``o.a.``, ``t.a.v.``,
``nr.``), numbers (``3.131``, ``10,9%``) and web addresses whole; the component
below only decides which sentence-final tokens end a sentence.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = {".", "..", "...", "!", "?", "…", "?!"}
CLOSERS = {")", "»", "”", "’", "'", '"', "]"}
# Abbreviations that may close a sentence; others (nr., o.a., mln., t.a.v.) never do.
MAY_END_SENTENCE = {"etc.", "e.d.", "e.a.", "c.s.", "enz.", "jl.", "e.v.", "mln.", "mld.", "mrd."}
OPENERS = {"(", "«", "“", "‘", '"', "'", "["}


def _starts_sentence(token) -> bool:
    text = token.text
    if text in OPENERS:
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is None or _starts_sentence(nxt)
    return text[:1].isupper() or text[:1].isdigit() or text in {"–", "-", "•"}


@Language.component("kamerspoor_sentences")
def sentence_boundaries(doc: Doc) -> Doc:
    """Mark sentence starts: after . ! ? (and closing brackets/quotes), before a capital or a digit."""
    for token in doc:
        token.is_sent_start = token.i == 0
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if nxt.text in CLOSERS or nxt.is_space:
            continue
        prev = token
        while prev.text in CLOSERS and prev.i > 0:
            prev = doc[prev.i - 1]
        if prev.text in SENTENCE_END:
            ends = _starts_sentence(nxt)
        else:  # an abbreviation keeps its period: only a few may close a sentence, before a capital
            ends = prev.text.lower() in MAY_END_SENTENCE and nxt.text[:1].isupper()
        if ends:
            nxt.is_sent_start = True
        if "\n" in token.whitespace_ or token.text == "\n":
            nxt.is_sent_start = True  # table rows and hard line breaks
    return doc


@lru_cache(maxsize=1)
def dutch_nlp() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("kamerspoor_sentences")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError, ImportError):  # spacy-lookups-data missing: lemmas = lower case
        nlp.remove_pipe("lemmatizer")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, lemmas)`` of the sentences of ``text``."""
    doc = dutch_nlp()(text)
    spans = []
    for sent in doc.sents:
        start = sent.start_char
        end = sent.end_char
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end > start:
            lemmas = " ".join((t.lemma_ or t.text).lower() for t in sent if not t.is_punct and not t.is_space)
            spans.append((start, end, lemmas))
    return spans
