"""Repair words split across a line end (``samen-\\nbrengen``) without eating real hyphens.

A typesetter's break hyphen and a spelling hyphen look the same at a line end, so
the decision takes evidence in order of strength: the document's own spelling of
the word elsewhere, Dutch spelling rules for hyphens, then a Dutch lexicon.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

WORD = re.compile(r"[\wÀ-ÿ]+(?:-[\wÀ-ÿ]+)*", re.UNICODE)
VOWELS = set("aeiouyáéíóúàèìòùäëïöüâêîôû")

# Short forms Dutch writes with a hyphen in compounds (mkb-bedrijven, vmbo-mbo) and
# prefixes that keep theirs (ex-minister, oud-docent, niet-financiële, bèta-technisch).
HYPHEN_KEEPING_PARTS = frozenset(
    """po vo vmbo havo vwo mbo hbo wo ho mkb ict pps lob cao zzp rijks eu ov
    ex oud niet bèta alfa gamma vice""".split()
)


@lru_cache(maxsize=1)
def dutch_lemma_lookup() -> dict[str, str]:
    """spaCy's Dutch lookup table (spacy-lookups-data): word form → lemma; empty when missing."""
    try:
        data = resources.files("spacy_lookups_data").joinpath("data/nl_lemma_lookup.json.gz")
        with gzip.open(data.open("rb"), "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except (ModuleNotFoundError, FileNotFoundError):  # lexicon is an aid, not a must
        return {}


@lru_cache(maxsize=1)
def dutch_lexicon() -> frozenset[str]:
    """Word forms from spaCy's Dutch lookup tables, lower case."""
    table = dutch_lemma_lookup()
    return frozenset(word.lower() for word in table) | frozenset(v.lower() for v in table.values())


def vocabulary(text: str) -> frozenset[str]:
    """The document's own word forms, lower case, hyphenated compounds included."""
    return frozenset(match.group(0).lower() for match in WORD.finditer(text))


COORDINATORS = frozenset({"en", "of", "tot", "noch", "dan"})


def line_end_hyphen(left: str, right: str, vocab: frozenset[str]) -> str:
    """Decide for ``left-`` at a line end followed by ``right`` on the next line.

    Returns ``"join"`` (a break hyphen: drop it), ``"keep"`` (a spelling hyphen:
    ``mkb-bedrijven``) or ``"space"`` (a dropped word part: ``werk- en denkniveau``).
    ``left`` is the word before the hyphen (may itself hold hyphens), ``right``
    the first word of the next line.
    """
    if right.lower() in COORDINATORS:
        return "space"
    if not right or not right[0].isalpha():
        return "keep"  # CO2-\n2030
    last = left.rsplit("-", 1)[-1]
    joined = f"{left}{right}".lower()
    hyphened = f"{left}-{right}".lower()
    if joined in vocab and hyphened not in vocab:
        return "join"
    if hyphened in vocab and joined not in vocab:
        return "keep"
    if right[0].isupper() and not (last.isupper() and right.isupper()):
        return "keep"  # Noord-\nHolland; but BEDRIJFSLE-\nVEN is one word in capitals
    if last.lower() in HYPHEN_KEEPING_PARTS or any(ch.isdigit() for ch in last):
        return "keep"
    if last.isupper() and len(last) <= 5 and not right.isupper():
        return "keep"  # ICT-\ner, PPS-\nregeling
    if last and last[-1].lower() in VOWELS and right[0].lower() in VOWELS:
        # Dutch writes a hyphen where two vowels would merge: zee-egel, auto-industrie.
        return "join" if _is_one_syllable_boundary(last, right) else "keep"
    return "join"


def _is_one_syllable_boundary(last: str, right: str) -> bool:
    """True when the vowels are a diphthong split by the typesetter (``ui``, ``ou``, ``ie``...)."""
    pair = (last[-1] + right[0]).lower()
    return pair in {"ie", "ei", "ij", "ui", "ou", "au", "oe", "eu", "ee", "oo", "aa", "uu"} and (
        f"{last}{right}".lower() in dutch_lexicon()
    )


def join_lines(lines: list[str], vocab: frozenset[str]) -> str:
    """Join the lines of one paragraph into running text, repairing break hyphens."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        match = re.search(r"([\wÀ-ÿ]+(?:-[\wÀ-ÿ]+)*)-$", out)
        token = out.rsplit(None, 1)[-1]
        if match and ("/" in token or "www." in token or "@" in token):
            out += line  # a web address broken at its own hyphen
        elif match and not out.endswith("--"):
            first = re.match(r"[\wÀ-ÿ]+", line.replace("\x00", ""))
            decision = line_end_hyphen(match.group(1), first.group(0) if first else "", vocab)
            out = {"join": out[:-1] + line, "keep": out + line, "space": out + " " + line}[decision]
        elif re.search(r"(?:https?://|www\.)\S*/$", out):
            out += line  # a web address broken after a slash
        elif re.search(r"\S-$", out) and not out.endswith("--"):
            out += line  # "(mbo)-" + "opleidingen"
        else:
            out += " " + line
    return out
