"""Per-document results as Parquet shards: what a worker, on this machine or another, hands the writer.

A worker runs the pure per-file pipeline and writes the result to a shard: a folder named by
the file's SHA-256 with one Parquet file per record type (``document``, ``blocks``,
``footnotes``, ``statements``, ``qa_pairs``); a paper's fixed form (issue 9) travels as JSON in
the document row. The folder appears by one atomic rename, so a shard is whole or absent. The
single writer reads shards into the store and removes each once its transaction committed; a
shard left by a killed run is picked up by the next run instead of parsing the file again.
Shards are plain Parquet, so DuckDB (``read_parquet('…/statements.parquet')``), Spark or pandas
can read them too.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import typing
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.records import Block, Document, Footnote, Metadata, SourceFile
from nlp.besluitenlijst import Agendapunt, Besluitenlijst, Zaak
from nlp.forms import Form
from nlp.kamervragen import Asker, Kamervragen
from nlp.handelingen import Handelingen
from nlp.motie_form import Indiener, MotieForm
from nlp.records import QAPair, Statement, StatementSet

FORM_TYPES = {cls.__name__: cls for cls in (MotieForm, Kamervragen, Besluitenlijst, Handelingen)}
NESTED = {cls.__name__: cls for cls in (Indiener, Asker, Agendapunt, Zaak, MotieForm)}


def shard_path(shard_dir: Path, sha256: str) -> Path:
    return Path(shard_dir) / sha256


def write_shard(document: Document, statements: StatementSet, form: Form | None, shard_dir: Path) -> Path:
    """Write one processed file as a shard and return its folder."""
    folder = shard_path(shard_dir, document.source.sha256)
    work = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pq.write_table(_document_table(document, statements, form), work / "document.parquet")
    for name, rows in (("blocks", document.blocks), ("footnotes", document.footnotes),
                       ("qa_pairs", statements.qa_pairs)):
        pq.write_table(_rows_table([dataclasses.asdict(r) for r in rows]), work / f"{name}.parquet")
    statement_rows = [{**dataclasses.asdict(s), "terms": [{"term": t, "count": n} for t, n in s.terms.items()]}
                      for s in statements.statements]
    pq.write_table(pa.Table.from_pylist(statement_rows, schema=STATEMENT_SCHEMA), work / "statements.parquet")
    shutil.rmtree(folder, ignore_errors=True)  # a shard of the same bytes from an earlier run
    os.replace(work, folder)
    return folder


def read_shard(folder: Path) -> tuple[Document, StatementSet, Form | None]:
    """The records a shard holds, as the writer stores them."""
    row = pq.read_table(folder / "document.parquet").to_pylist()[0]
    document = Document(
        id=row["id"], meta=Metadata(**row["meta"]), text=row["text"],
        blocks=[Block(**r) for r in _read(folder, "blocks")], footnotes=[Footnote(**r) for r in _read(folder, "footnotes")],
        pages=row["pages"], source=SourceFile(**row["source"]), ocr_pages=row["ocr_pages"],
        warnings=row["warnings"], fingerprint=row["fingerprint"])
    statements = []
    for r in _read(folder, "statements"):
        r["terms"] = {t["term"]: t["count"] for t in r["terms"]}
        statements.append(Statement(**r))
    result = StatementSet(statements, [QAPair(**r) for r in _read(folder, "qa_pairs")], row["statement_warnings"])
    return document, result, _form_from_json(row["form"])


def remove_shard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_if_empty(shard_dir: Path) -> None:
    """Drop the shard folder once nothing waits in it, so a finished run leaves no trace."""
    try:
        Path(shard_dir).rmdir()
    except OSError:
        pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stale_shards(shard_dir: Path, is_stored: typing.Callable[[str, str], bool]) -> list[Path]:
    """Shards no ingest will use, left by killed runs: a worker's half-written folder, a damaged
    shard, the shard of a file since deleted or changed, or of one already stored (killed after
    its commit; an ingest skips stored files, and only picks up the shard of a file it is given
    with the same bytes). ``is_stored(path, sha256)`` asks the store. Call with the writer lock
    held, so no worker is writing meanwhile."""
    if not Path(shard_dir).is_dir():
        return []
    stale = []
    for folder in sorted(Path(shard_dir).iterdir()):
        if ".tmp-" in folder.name:
            stale.append(folder)
            continue
        try:
            source = pq.read_table(folder / "document.parquet", columns=["source"]).to_pylist()[0]["source"]
            path = Path(source["path"])
            current = path.is_file() and file_sha256(path) == folder.name and not is_stored(str(path), folder.name)
        except Exception:  # noqa: BLE001 — unreadable: no ingest can use it either
            current = False
        if not current:
            stale.append(folder)
    return stale


# ---------------------------------------------------------------- tables

STATEMENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("doc_id", pa.string()), ("seq", pa.int32()), ("block_seq", pa.int32()), ("page", pa.int32()),
    ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("role", pa.string()),
    ("section_path", pa.list_(pa.string())), ("speaker", pa.string()), ("question_id", pa.string()),
    ("answer_to", pa.string()), ("references", pa.list_(pa.string())), ("lemmas", pa.string()),
    ("terms", pa.list_(pa.struct([("term", pa.string()), ("count", pa.int32())]))),
])


def _document_table(document: Document, statements: StatementSet, form: Form | None) -> pa.Table:
    row = {"id": document.id, "meta": dataclasses.asdict(document.meta), "text": document.text,
           "pages": document.pages, "source": dataclasses.asdict(document.source),
           "ocr_pages": document.ocr_pages, "warnings": document.warnings,
           "statement_warnings": statements.warnings, "form": _form_to_json(form)}
    table = pa.Table.from_pylist([row])
    # MinHash values use all 64 bits: keep them unsigned.
    return table.append_column("fingerprint", pa.array([document.fingerprint], pa.list_(pa.uint64())))


def _rows_table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows) if rows else pa.table({})


def _read(folder: Path, name: str) -> list[dict]:
    return pq.read_table(folder / f"{name}.parquet").to_pylist()


# ---------------------------------------------------------------- forms as JSON

def _form_to_json(form: Form | None) -> str | None:
    if form is None:
        return None
    return json.dumps({"type": type(form).__name__, "fields": dataclasses.asdict(form)}, default=str, ensure_ascii=False)


def _form_from_json(text: str | None) -> Form | None:
    if not text:
        return None
    data = json.loads(text)
    return _build(FORM_TYPES[data["type"]], data["fields"])


def _build(cls: type, values: dict):
    """A dataclass back from its asdict() form: nested records and ISO dates restored."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for field in dataclasses.fields(cls):
        value, hint = values.get(field.name), str(hints[field.name])
        nested = next((t for name, t in NESTED.items() if name in hint), None)
        if nested is not None and isinstance(value, list):
            value = [_build(nested, v) for v in value]
        elif "date" in hint and isinstance(value, str):
            value = date.fromisoformat(value)
        kwargs[field.name] = value
    return cls(**kwargs)
