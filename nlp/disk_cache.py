"""Results that cost seconds to compute and never change between processes, kept on disk.

A command-line search is a new process each time: folding the 400 000-entry lemma table and encoding the
null queries took seconds of every search. ``on_disk`` keeps such a result in ``$XDG_CACHE_HOME/kamerspoor``
(default ``~/.cache/kamerspoor``), keyed by the files it was computed from (path, size, modification time) and
a key of the caller's, and computes it again when one of those changes. Values are what ``marshal`` writes
(dicts, sets, strings, bytes, numbers). A cache that cannot be written costs time, never correctness.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kamerspoor"


def on_disk(name: str, sources: list[Path], build: Callable[[], Any], key: str = "") -> Any:
    """``build()``'s result, from disk when its sources and ``key`` are unchanged."""
    stamp = hashlib.sha1(repr(([(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources if p.exists()],
                               key)).encode()).hexdigest()[:16]
    path = cache_folder() / f"{name}-{stamp}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(marshal.dumps(value))
        os.replace(handle.name, path)
    except (OSError, ValueError):  # read-only home, or a value marshal cannot write: computed each time
        pass
    return value
