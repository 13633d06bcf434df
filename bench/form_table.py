"""The recall/precision table per form that the written-set benches print (``bench.motie_mentions``,
``bench.toezegging_forms``): one printer, so both read alike and a change of layout is made once.

Each bench keeps its own counting (``evaluate``) and figures (``figures``); this prints them. The columns are as
wide as their widest entry, so each bench's table keeps the layout it had before the two were joined.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

ALL = "all forms"


def print_form_table(forms: Sequence[str], per: Mapping[str, Counter], marks: Mapping[str, tuple[float, float]], *,
                     count: str, total: int | None = None, note: str = "") -> None:
    """One row per form: its ``count`` column (written, gold …), found, recall and precision from ``marks``;
    then the "all forms" row from ``marks["all"]``, with ``total`` in the count column (blank when None)
    and ``note`` after it."""
    form_width = max(len(form) for form in (*forms, ALL)) + 1
    count_width = len(count)
    print(f"  {'form':<{form_width}} {count:>{count_width}} {'found':>5} {'recall':>7} {'precision':>9}")
    for form in forms:
        c = per[form]
        recall, precision = marks[form]
        print(f"  {form:<{form_width}} {c[count]:>{count_width}} {c['found']:>5} {recall:>7.3f} {precision:>9.3f}")
    shown = "" if total is None else total
    recall, precision = marks["all"]
    print(f"  {ALL:<{form_width}} {shown:>{count_width}} {'':>5} {recall:>7.3f} {precision:>9.3f}{note}")


def print_false_finds(label: str, hits: Mapping[str, int], totals: Mapping[str, int]) -> None:
    """Per kind of negative sentence, how many gave a finding they should not have (``hits``/``totals``)."""
    print(f"  {label}: " + ", ".join(f"{kind} {hits[kind]}/{totals[kind]}" for kind in sorted(totals)))
