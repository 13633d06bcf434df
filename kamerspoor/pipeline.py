"""Run the pipeline over files: parse in worker processes, write in this one.

Parsing is a pure function of a file (``process_file``) and runs on an executor (a local
process pool or Ray); each worker leaves its result as a Parquet shard (``kamerspoor.shards``)
and the single writer here stores each shard in its own transaction, then deletes it. A file
that fails is logged with its reason and the run goes on.
"""
from __future__ import annotations

import os
import shutil
import signal
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest import IngestError, parse_file
from ingest.records import Document
from kamerspoor.settings import Settings
from kamerspoor.shards import file_sha256, read_shard, remove_if_empty, remove_shard, shard_path, write_shard
from nlp.embeddings import text_key
from nlp.forms import Form, read_form
from nlp.records import StatementSet
from nlp.statements import build_statements
from store.db import Enrichment, Store, new_run_id, writer_lock

INGESTIBLE = (".pdf", ".xml", ".md", ".markdown", ".txt", ".text")
SKIPPED_NAMES = {"sources.md", "readme.md", "license", "license.md", "changelog.md"}


@dataclass
class FileOutcome:
    path: str
    outcome: str  # new | replaced | merged | unchanged | failed
    doc_id: str | None = None
    message: str | None = None


@dataclass
class IngestSummary:
    run_id: str
    outcomes: list[FileOutcome] = field(default_factory=list)
    statements_embedded: int = 0  # statements the model read (and labelled) in this run
    vectors_computed: int = 0  # of those, the ones whose text was new: the rest came from the vector cache

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome == "failed"]

    def line(self) -> str:
        return (f"{len(self.outcomes)} files: {self.count('new')} new documents, "
                f"{self.count('replaced') + self.count('merged')} merged into a document already stored, "
                f"{self.count('unchanged')} unchanged, {len(self.failed)} failed"
                + (f"; {self.statements_embedded} statements embedded, {self.vectors_computed} of them new to the "
                   "model" if self.statements_embedded else ""))


def collect_files(paths: list[str | Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files named directly are taken as they are; folders are searched for paper files."""
    files: list[Path] = []
    missing: list[FileOutcome] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and _looks_ingestible(found, path):
                    files.append(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(FileOutcome(str(path), "failed", message="no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, missing


def _looks_ingestible(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return False
    name = path.name.lower()
    return name not in SKIPPED_NAMES and name.endswith(INGESTIBLE)


@dataclass
class ProcessedFile:
    """Everything the per-file stages made of one file; the writer stores it as one unit."""

    document: Document
    statements: StatementSet
    form: Form | None = None


def process_file(path: str | Path, settings: Settings) -> ProcessedFile:
    """The pure per-file pipeline: parse (ingest), split into statements and read the paper's form (nlp)."""
    document = parse_file(path, settings)
    statements = build_statements(document.id, document.text, document.blocks, document.footnotes,
                                  document.meta.doc_type, document.meta.bewindspersoon)
    document.warnings.extend(statements.warnings)
    form = read_form(document)
    if getattr(form, "title", None) and document.source.format != "xml":  # markup titles are the paper's own
        document.meta.title = form.title
    return ProcessedFile(document, statements, form)


@dataclass
class Shard:
    """A processed file, waiting as a Parquet shard for the writer."""

    path: str
    folder: Path


def _parse_safely(path: str, settings: Settings) -> Shard | FileOutcome:
    """Worker entry: the file processed into a shard, or a failure with a one-line reason (never an exception)."""
    try:
        with time_limit(settings.limits.max_seconds):
            done = process_file(path, settings)
        return Shard(path, write_shard(done.document, done.statements, done.form, settings.shard_folder))
    except OverTime:
        return FileOutcome(path, "failed", message=f"over the time limit of {settings.limits.max_seconds} s "
                                                    "for one document")
    except IngestError as exc:
        return FileOutcome(path, "failed", message=exc.reason)
    except MemoryError:
        return FileOutcome(path, "failed", message="out of memory while parsing")
    except Exception as exc:  # a parser bug must not end the run; keep the trace in the log
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return FileOutcome(path, "failed", message=f"internal error {type(exc).__name__}: {str(exc)[:160]} "
                                                    f"(at {Path(where.filename).name}:{where.lineno})")


class OverTime(BaseException):
    """Raised by the alarm. A BaseException, so the parsers' `except Exception` cannot swallow it."""


@contextmanager
def time_limit(seconds: int):
    """Raise OverTime in this process when the block runs longer than ``seconds``.

    Uses SIGALRM, so it works where parsing runs: in a worker process's main thread, or in
    the CLI's. Elsewhere (a thread) there is no limit rather than a crash."""
    def expire(signum, frame):
        raise OverTime()

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread
        yield
        return
    # Fire at the limit, then every second: an OverTime raised inside a garbage-collector
    # callback or a __del__ is swallowed by Python, so one alarm alone could be lost.
    signal.setitimer(signal.ITIMER_REAL, max(1, seconds), 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Enricher:
    """The model stage: vectors (cached by text hash in the store) and labels for statements."""

    def __init__(self, settings: Settings, store: Store):
        from nlp.classify import load_classifier

        self.classifier = load_classifier(settings.model)
        self.encoder = self.classifier.encoder
        store.use_embedding_model(self.encoder.name, self.encoder.dim)

    def enrich(self, statements: StatementSet, store: Store) -> Enrichment:
        encoded, vectors = 0, np.zeros((0, self.encoder.dim), dtype=np.float32)

        def vectors_of(texts: list[str]) -> np.ndarray:
            """From the store's cache, the rest from the model (and into the cache): only changed text is embedded.
            ``classify`` calls it while it reads the text side on its own thread."""
            nonlocal encoded, vectors
            keys = [text_key(t, "passage") for t in texts]
            cached = store.cached_vectors(self.encoder.name, keys)
            missing = sorted({k: t for k, t in zip(keys, texts) if k not in cached}.items())
            if missing:
                fresh = self.encoder.encode([t for _, t in missing], kind="passage")
                store.cache_vectors(self.encoder.name, [k for k, _ in missing], fresh)
                cached.update({k: v for (k, _), v in zip(missing, fresh)})
            encoded = len(missing)
            vectors = np.array([cached[k] for k in keys], dtype=np.float32).reshape(len(keys), self.encoder.dim)
            return vectors

        labels = self.classifier.classify([s.text for s in statements.statements],
                                          [s.section_path for s in statements.statements],
                                          [s.lemmas for s in statements.statements], one_paper=True, embed=vectors_of)
        return Enrichment(vectors, labels, encoded=encoded)


def ingest_paths(paths: list[str | Path], settings: Settings, progress: bool = True) -> IngestSummary:
    files, missing = collect_files(paths)
    summary = IngestSummary(new_run_id(), list(missing))
    with Store(settings.db_path) as store:
        enricher = Enricher(settings, store) if settings.classify else None
        for outcome in missing:
            store.log(summary.run_id, outcome.path, "failed", message=outcome.message)
        todo, copies = _skip_unchanged(files, store, summary)
        shards = {path: shard_path(settings.shard_folder, digest) for path, digest in todo.items()}
        ready = [Shard(path, folder) for path, folder in shards.items() if folder.is_dir()]  # left by a killed run
        waiting = {shard.path for shard in ready}
        parse = [path for path in todo if path not in waiting]
        bar = tqdm(total=len(todo), unit="file", desc="ingest", disable=not progress, file=sys.stderr)
        for result in chain(ready, _parse_all(parse, settings)):
            _record(result, store, summary, settings, enricher)
            bar.update(1)
        bar.close()
        _record_copies(copies, store, summary)
        remove_if_empty(settings.shard_folder)
        if any(o.outcome in ("new", "replaced", "merged") for o in summary.outcomes):
            from kamerspoor.registry_stage import rebuild_registry

            rebuild_registry(store, settings)
            _refresh_vector_index(store, settings)
    return summary


def ingest_swapped(paths: list[str | Path], settings: Settings, progress: bool = True) -> IngestSummary:
    """Ingest into a copy of the store, then put the copy in its place with one atomic rename.

    DuckDB lets one process write a file and no other process read it meanwhile. Readers (the
    app) therefore never open the file being written: they keep reading the old store until the
    rename, then see the new one whole. ``writer_lock`` keeps every other writer out meanwhile.
    """
    db = Path(settings.db_path)
    with writer_lock(db):
        for stale in db.parent.glob(f"{db.name}.ingest-*"):  # left by a killed run: we hold the lock
            stale.unlink(missing_ok=True)
        work = db.with_name(f"{db.name}.ingest-{os.getpid()}")
        try:
            for suffix in ("", ".wal"):
                source = Path(str(db) + suffix)
                if source.exists():
                    shutil.copyfile(source, Path(str(work) + suffix))
            # Shards stay beside the real store, so a killed swap's parsing work is not lost.
            summary = ingest_paths(paths, settings.with_overrides(db_path=work, shard_dir=settings.shard_folder), progress)
            os.replace(work, db)
            Path(str(db) + ".wal").unlink(missing_ok=True)  # the copy was closed cleanly: nothing left to replay
        finally:
            for suffix in ("", ".wal"):
                Path(str(work) + suffix).unlink(missing_ok=True)
    return summary


def _refresh_vector_index(store: Store, settings: Settings) -> None:
    """Build the IVF index once the store is large, and rebuild it when it has doubled since."""
    vectors = store.vector_count()
    built = store.vector_index_size()
    if vectors >= settings.search.ann_min_vectors and (built == 0 or vectors >= 2 * built):
        store.build_vector_index()


def _skip_unchanged(files: list[Path], store: Store, summary: IngestSummary) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Files to process (path → SHA-256), and files with the same bytes as one of those (stored as its copies)."""
    todo: dict[str, str] = {}
    copies: list[tuple[str, str]] = []
    for path in files:
        try:
            digest = file_sha256(path)
        except OSError as exc:
            summary.outcomes.append(FileOutcome(str(path), "failed", message=f"cannot read file: {exc.strerror}"))
            store.log(summary.run_id, str(path), "failed", message=f"cannot read file: {exc.strerror}")
            continue
        known = store.has_content(digest)
        if store.has_source(str(path), digest):
            summary.outcomes.append(FileOutcome(str(path), "unchanged", known))
            store.log(summary.run_id, str(path), "unchanged", digest, known)
        elif known:  # the same bytes under another name: one more source of a stored paper
            store.add_source_copy(str(path), digest, known)
            summary.outcomes.append(FileOutcome(str(path), "merged", known, "same content as a stored file"))
            store.log(summary.run_id, str(path), "merged", digest, known, "same content as a stored file")
        elif digest in todo.values():  # twice in this run: parse once, record the other as a copy
            copies.append((str(path), digest))
        else:
            todo[str(path)] = digest
    return todo, copies


def _record_copies(copies: list[tuple[str, str]], store: Store, summary: IngestSummary) -> None:
    for path, digest in copies:
        known = store.has_content(digest)
        if known:
            store.add_source_copy(path, digest, known)
            summary.outcomes.append(FileOutcome(path, "merged", known, "same content as another file of this run"))
            store.log(summary.run_id, path, "merged", digest, known, "same content as another file of this run")
        else:  # the first copy failed: this one fails with it
            summary.outcomes.append(FileOutcome(path, "failed", message="same content as a file that failed"))
            store.log(summary.run_id, path, "failed", digest, message="same content as a file that failed")


def _parse_all(paths: list[str], settings: Settings):
    """Yield parse results as they finish, from the configured executor."""
    if not paths:
        return
    yield from EXECUTORS[settings.executor](paths, settings)


def _parse_in_processes(paths: list[str], settings: Settings):
    """The default: a local process pool (in this process when one worker is asked for)."""
    if settings.workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield _parse_safely(path, settings)
        return
    with ProcessPoolExecutor(max_workers=min(settings.workers, len(paths))) as pool:
        futures = {pool.submit(_parse_safely, path, settings): path for path in paths}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield FileOutcome(futures[future], "failed", message="parser process died (crash or out of memory)")


def _parse_with_ray(paths: list[str], settings: Settings):
    """Ray tasks, on a running cluster (``ray start`` / RAY_ADDRESS) or a local one started here.
    The same pure function runs per file; this process still writes the store."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    started = not ray.is_initialized()
    if started:
        ray.init(address=os.environ.get("RAY_ADDRESS"), num_cpus=None if os.environ.get("RAY_ADDRESS") else settings.workers,
                 include_dashboard=False, log_to_driver=False)
    try:
        task = ray.remote(_parse_safely)
        pending = {task.remote(path, settings): path for path in paths}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            path = pending.pop(done[0])
            try:
                yield ray.get(done[0])
            except ray.exceptions.RayError as exc:  # a worker died: this file fails, the run goes on
                yield FileOutcome(path, "failed", message=f"ray worker failed: {type(exc).__name__}")
    finally:
        if started:
            ray.shutdown()


EXECUTORS = {"process": _parse_in_processes, "ray": _parse_with_ray}


def _record(result: Shard | FileOutcome, store: Store, summary: IngestSummary, settings: Settings,
            enricher: Enricher | None) -> None:
    if isinstance(result, Shard):
        try:
            doc, statements, form = read_shard(result.folder)
        except Exception as exc:  # a damaged shard: drop it, the next run parses the file again
            remove_shard(result.folder)
            result = FileOutcome(result.path, "failed", message=f"unreadable shard ({type(exc).__name__}); run again")
    if isinstance(result, FileOutcome):
        summary.outcomes.append(result)
        store.log(summary.run_id, result.path, "failed", message=result.message)
        return
    wins = enricher is not None and store.would_store_text(doc, settings.duplicate_containment)
    enrichment = enricher.enrich(statements, store) if wins else None
    if enrichment is not None:
        summary.statements_embedded += len(enrichment.labels)
        summary.vectors_computed += enrichment.encoded
    written = store.write_document(doc, statements, summary.run_id, settings.duplicate_containment, enrichment, form)
    remove_shard(result.folder)  # only now: a kill before the commit leaves the shard for the next run
    summary.outcomes.append(FileOutcome(doc.source.path, written.outcome, written.doc_id,
                                        "; ".join(doc.warnings) or None))
