"""Refuse decompression bombs before pdfminer inflates them.

pdfminer inflates a whole Flate stream in memory when a page is read. A few hundred kilobytes
can inflate to gigabytes, so every compressed stream is first inflated here in 1 MB steps,
counting and discarding, and the file is refused once one stream passes the limit.
"""
from __future__ import annotations

import re
import zlib

from ingest.errors import IngestError

STREAM_START = re.compile(rb"stream\r?\n")
STEP = 1 << 20


def check_compressed_streams(data: bytes, limit_bytes: int) -> None:
    """Raise IngestError when any zlib stream in ``data`` inflates past ``limit_bytes``."""
    for match in STREAM_START.finditer(data):
        if _inflated_size(data, match.end(), limit_bytes) > limit_bytes:
            raise IngestError(f"a compressed stream inflates past the limit of {limit_bytes // 2**20} MB "
                              "(decompression bomb?)")


def _inflated_size(data: bytes, start: int, limit_bytes: int) -> int:
    """How far the zlib stream at ``start`` inflates, counted up to just past the limit."""
    inflater = zlib.decompressobj()
    total, offset = 0, start
    pending = data[offset:offset + STEP]
    offset += len(pending)
    try:
        while pending and total <= limit_bytes and not inflater.eof:
            out = inflater.decompress(pending, STEP)
            total += len(out)
            if inflater.unconsumed_tail:
                if not out and len(inflater.unconsumed_tail) == len(pending):
                    break  # no progress: a damaged stream, pdfminer will report it
                pending = inflater.unconsumed_tail
            else:
                pending = data[offset:offset + STEP]
                offset += len(pending)
    except zlib.error:
        return total  # not a zlib stream (or damaged): pdfminer decides
    return total
