"""Statements written by hand, for tests and benches that feed the nlp stages lines of their own."""
from __future__ import annotations

from nlp.records import Statement


def statement(text: str, role: str = "body", seq: int = 0, doc_id: str = "p", speaker: str | None = None,
              page: int = 1) -> Statement:
    """One line as the statement stage would store it: the id is ``<doc_id>#<seq>``, offsets span the text."""
    return Statement(id=f"{doc_id}#{seq}", doc_id=doc_id, seq=seq, block_seq=seq, page=page, start=0, end=len(text),
                     text=text, role=role, speaker=speaker)


def statements(*lines: tuple[str, str], doc_id: str = "p") -> list[Statement]:
    """A paper of (role, text) lines, in order."""
    return [statement(text, role, seq=n, doc_id=doc_id) for n, (role, text) in enumerate(lines)]
