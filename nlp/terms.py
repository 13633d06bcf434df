"""Search terms of a statement or a query: the one analyser both sides of keyword search share.

A term is a lemma, lower case, with diacritics folded (``bèta`` → ``beta``), stop words
dropped. Compounds also yield their parts, so ``techniekdocenten`` (lemma
``techniekdocent``) indexes ``techniekdocent``, ``techniek`` and ``docent`` and meets a
query ``docenten techniek``. Parts are found against a Dutch word list: Debian's
``wdutch`` (/usr/share/dict/dutch) when present, else spaCy's lookup lexicon.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from nlp.disk_cache import on_disk


WORDLISTS = (Path("/usr/share/dict/dutch"), Path("/usr/share/dict/nederlands"))
MIN_PART = 4  # shorter compound parts ("vak", "man") split too many ordinary words
MIN_COMPOUND = 8
LINKING = ("s", "en", "e")  # beroep|s|onderwijs, leraar|en|tekort
# Tails that are suffixes far more often than words: "over|heid", "begrijp|elijk".
NOT_A_HEAD = frozenset("heid baar lijk loos ling schap isch ing tjes elijk erij".split())
TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
MAX_QUERY_TERMS = 64


def fold(word: str) -> str:
    """Lower case without diacritics: ``Bèta`` → ``beta``, ``financiële`` → ``financiele``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spacy_stop_words() -> frozenset[str]:
    """spaCy's Dutch stop words, read from their module file without importing spaCy (whose import pulls in
    torch: seconds on every command-line search)."""
    spec = importlib.util.find_spec("spacy")
    path = Path(spec.origin).parent / "lang" / "nl" / "stop_words.py"
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("kamerspoor_nl_stop_words", path))
    module.__spec__.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


STOP_WORDS = _spacy_stop_words()
FOLDED_STOP_WORDS = frozenset(fold(w) for w in STOP_WORDS)


def _lexicon_sources() -> list[Path]:
    spec = importlib.util.find_spec("spacy_lookups_data")
    table = Path(spec.origin).parent / "data" / "nl_lemma_lookup.json.gz" if spec and spec.origin else Path("-")
    return [*WORDLISTS, table, Path(__file__)]


@lru_cache(maxsize=1)
def wordlist() -> frozenset[str]:
    """Folded Dutch word forms used to recognise compound parts."""
    return on_disk("wordlist", _lexicon_sources(), _build_wordlist)


def _build_wordlist() -> frozenset[str]:
    for path in WORDLISTS:
        if path.exists():
            words = path.read_text(encoding="utf-8", errors="ignore").split()
            return frozenset(fold(w) for w in words if w.isalpha())
    from ingest.hyphenation import dutch_lexicon

    return frozenset(fold(w) for w in dutch_lexicon())  # fewer base words: fewer compounds split


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a folded compound, modifier(s) first: ``techniekdocent`` → (techniek, docent).

    Picks the split with the longest head word (the last part), so ``beroepsonderwijs``
    is ``beroep`` + ``onderwijs``; a part that is itself a compound is split again.
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    words = wordlist()
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if head not in words or head in NOT_A_HEAD or head in FOLDED_STOP_WORDS:
            continue
        if len(head) == MIN_PART and cut < 6:
            continue  # docu|ment: two short parts are more often a chance hit than a compound
        if head.startswith("s") and head[1:] in words and len(head) > MIN_PART:
            continue  # bedrijf|s|leven, not bedrijf|sleven: the next cut takes the linking s
        modifier = _modifier(word[:cut], words)
        if modifier:
            return (*_split_part(modifier, words), *_split_part(head, words))
    return ()


def _split_part(part: str, words: frozenset[str]) -> tuple[str, ...]:
    """A part that is a word of its own stays whole (``arbeidsmarkt``, ``orientatie``)."""
    return (part,) if part in words else (compound_parts(part) or (part,))


def _modifier(left: str, words: frozenset[str]) -> str | None:
    """The modifier without its linking sound when that leaves a word: beroeps → beroep."""
    for link in LINKING:
        stem = left[: -len(link)]
        if left.endswith(link) and len(stem) >= MIN_PART and stem in words and stem not in FOLDED_STOP_WORDS:
            return stem
    return left if left in words and left not in FOLDED_STOP_WORDS else None


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    return on_disk("lemmas", _lexicon_sources(), _build_lemma_table)


def _build_lemma_table() -> dict[str, str]:
    from ingest.hyphenation import dutch_lemma_lookup

    return {fold(k): fold(v) for k, v in dutch_lemma_lookup().items()}


def _lemma(word: str) -> str:
    return _lemma_table().get(word, word)


def _head_lemma(head: str) -> str:
    """A compound head's lemma, when it is an inflection of it (docenten → docent), not a
    homograph of another word (ment → mennen)."""
    lemma = _lemma(head)
    keep = max(3, len(lemma) - 2)
    return lemma if len(lemma) <= len(head) and head[:keep] == lemma[:keep] else head


def token_terms(token: str) -> list[str]:
    """A token's terms: itself, its hyphen pieces, its compound parts (the head lemmatised)."""
    word = _lemma(fold(token))
    if word in FOLDED_STOP_WORDS or (len(word) < 2 and not word.isdigit()):
        return []
    pieces = [p for p in re.split(r"[-'’]", word) if p]
    terms = [word]
    if len(pieces) > 1:
        terms += [_lemma(p) for p in pieces if p not in FOLDED_STOP_WORDS and len(p) >= 2]
    for piece in pieces:
        parts = compound_parts(piece)
        if parts:  # techniekdocenten: the lookup table lacks it, its head "docenten" has a lemma
            head = _head_lemma(parts[-1])
            if len(pieces) == 1:
                terms[0] = piece[: len(piece) - len(parts[-1])] + head
            terms += [*parts[:-1], head]
    return list(dict.fromkeys(terms))


def statement_terms(lemmas: str) -> Counter[str]:
    """Term frequencies of a statement, from its lemmas (``Statement.lemmas``)."""
    counts: Counter[str] = Counter()
    for token in TOKEN.findall(lemmas):
        counts.update(token_terms(token))
    return counts


def query_terms(query: str) -> list[str]:
    """The distinct terms of a user's query, lemmatised like statements are: through the same lookup table
    spaCy's lemmatizer reads (``token_terms``), without loading spaCy (on 340 queries and statement texts the
    terms equal those of the spaCy pipeline but for one curly-apostrophe plural)."""
    terms: list[str] = []
    for found in TOKEN.findall(query[:5000].lower()):
        terms += [t for t in token_terms(found) if t not in terms]
    return terms[:MAX_QUERY_TERMS]


def term_hash(term: str) -> int:
    """A stable signed 64-bit id for a term: postings are filtered on integers, not strings."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "big", signed=True)
