"""``kamerspoor tk sync``: mirror one dossier of the Tweede Kamer's open data into a folder.

The mirror is raw on purpose: every OData page is written byte for byte as the service sent it,
so ``tk load`` and anyone checking a figure can go back to exactly what the Kamer published, and
a loader bug never needs a new download. Layout of the folder (``tk load`` reads exactly this):

- ``zaak/page-NNNN.json``       — Zaak pages of the dossier, Document + Besluit/Stemming expanded
- ``toezegging/page-NNNN.json`` — Toezegging pages whose activiteit dealt with a zaak of the dossier
- ``publicaties/<id>.xml|.pdf`` — each zaak document's official XML, else its PDF
- ``sync-state.json``           — per entity set: watermark, pages, an unfinished run

Runs are incremental (a later run asks only for what changed since the highest ``ApiGewijzigdOp``
seen, and never overwrites older pages) and resumable (a page on disk is never asked for again).
Pages are keyset-paged on ``ApiGewijzigdOp``: a record that changes during a run moves to the end
of the order and is met again, where ``$skip`` alone would shift a neighbour out of sight. Every
file lands whole (temp file + rename), so a kill leaves nothing half written.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, get_args
from urllib.parse import urlsplit

import httpx
from tqdm import tqdm

from ingest.limits import TkSettings

MAX_PAGE_SIZE = 250  # the service's maximum $top
KOOP_ORIGIN = "https://repository.overheid.nl"  # the one origin publication Urls may have
ZAAK_EXPAND = ("Document($expand=HuidigeDocumentVersie($expand=DocumentPublicatie))",
               "Besluit($expand=Stemming($expand=Fractie))")
TOEZEGGING_EXPAND = ("Activiteit", "KamerbriefNakoming($expand=HuidigeDocumentVersie)")
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
STATE_FILE = "sync-state.json"
PAGE_NAME = re.compile(r"page-(\d{4,})\.json")
DOSSIER = re.compile(r"(\d+)(?:-([A-Za-z0-9]+))?")


class TkSyncError(Exception):
    """A sync that cannot go on; the message is the one line the user sees."""


class _TooLarge(Exception):
    """A publication file over the size limit: noted and skipped, not a reason to stop the sync."""


@dataclass
class SyncSummary:
    """What one run fetched (not what the mirror holds)."""

    dossier: str
    out: Path
    zaken: int = 0         # zaak records in new pages
    toezeggingen: int = 0  # toezegging records in new pages
    files: int = 0         # publication files written
    pages: int = 0         # new page files
    requests: int = 0      # HTTP requests sent, retries included
    skipped: list[str] = field(default_factory=list)  # documents without a publication file, and why
    refused: list[str] = field(default_factory=list)  # publication Urls off the repository's origin

    def line(self) -> str:
        skipped = f", {len(self.skipped)} documents without publication" if self.skipped else ""
        skipped += f", {len(self.refused)} Urls refused" if self.refused else ""
        return (f"tk sync {self.dossier}: {self.zaken} zaken, {self.toezeggingen} toezeggingen, "
                f"{self.files} files, {self.pages} pages new{skipped} ({self.requests} requests; mirror: {self.out})")


@dataclass(frozen=True)
class Feed:
    """One entity set of the dossier: its folder, query and the navigations its changes show in."""

    name: str                 # folder and state key
    entity_set: str           # OData entity set
    scope: str                # $filter that picks the dossier's records
    expand: tuple[str, ...]
    watched: tuple[str, ...]  # expanded collections whose own ApiGewijzigdOp counts as a change


# ---------------------------------------------------------------- the run

def sync(dossier: str, out: Path, settings: TkSettings, since: date | None = None, progress: bool = True,
         *, page_size: int | None = None, retry_delay: float = 0.5) -> SyncSummary:
    """Bring the mirror of ``dossier`` in ``out`` up to date; see the module docstring."""
    from tweedekamer import Client

    feeds = (_zaak_feed(dossier), _toezegging_feed(dossier))  # a bad --dossier fails before anything is written
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    size = max(1, min(page_size or settings.tk_page_size, MAX_PAGE_SIZE))
    transport = PoliteTransport(delay=retry_delay)
    summary = SyncSummary(dossier=dossier, out=out)
    with _folder_lock(out), _http(transport) as http:
        _remove_part_files(out)
        state = _load_state(out, dossier, settings.tk_base_url)
        client = Client(base_url=settings.tk_base_url, http_client=http, metadata_level="minimal")
        run = Run(client, http, out, state, summary, progress, settings)
        try:
            summary.zaken = run.entity(feeds[0], since, size)
            summary.toezeggingen = run.entity(feeds[1], since, size)
            run.publications()
        finally:
            summary.requests = transport.requests
    return summary


class Run:
    """One sync: the HTTP client, the folder and its state, and what was fetched so far."""

    def __init__(self, client, http: httpx.Client, out: Path, state: dict, summary: SyncSummary,
                 progress: bool, settings: TkSettings) -> None:
        self.client, self.http, self.out, self.state = client, http, out, state
        self.summary, self.progress, self.settings = summary, progress, settings

    def entity(self, feed: Feed, since: date | None, size: int) -> int:
        """Fetch the feed's pages of this run (resuming an unfinished one); returns records fetched."""
        entry = self.state["entities"].setdefault(feed.name, {"watermark": None, "pages": [], "run": None})
        lower = _lower_bound(entry["watermark"], since)
        if entry["run"] is None or entry["run"]["lower"] != lower:
            entry["run"] = {"lower": lower, "first_page": _next_page(self.out / feed.name), "page_size": size,
                            "newest": None}
            self._save()
        fetched = self._pages(feed, entry)
        entry["watermark"] = _latest(entry["watermark"], entry["run"]["newest"])  # only a whole run moves it
        entry["run"] = None
        self._save()
        return fetched

    def _pages(self, feed: Feed, entry: dict) -> int:
        """Walk the run's pages: read those already on disk, fetch the rest, until the last one."""
        run, fetched, cursor = entry["run"], 0, None
        number = run["first_page"]
        while True:
            path = self.out / feed.name / f"page-{number:04d}.json"
            if path.exists():
                values, more = _page_values(path.read_bytes(), path, run["page_size"])
            else:
                raw = self._get_page(_page_query(self.client, feed, run, cursor))
                values, more = _page_values(raw, path, run["page_size"])
                if not values:
                    return fetched  # nothing (more) changed: no empty page files
                write_atomic(path, raw)
                fetched += len(values)
                self._page_done(feed, path, len(values))
            run["newest"] = _latest(run["newest"], _newest(values, feed.watched))
            if path.name not in entry["pages"]:
                entry["pages"].append(path.name)
            self._save()
            if not more or not values:
                return fetched
            cursor = _advance(cursor, values)
            number += 1

    def _page_done(self, feed: Feed, path: Path, count: int) -> None:
        self.summary.pages += 1
        if self.progress:
            tqdm.write(f"tk sync: {feed.name}/{path.name}: {count} records", file=sys.stderr)

    def _get_page(self, query) -> bytes:
        # tweedekamer 0.1.1 has no public accessor for a query's parameters; _query_params is its
        # one source of truth (the version is pinned, and the replay tests check what it sends).
        url = query.build_url()
        try:
            response = self.http.get(url, params=query._query_params())
        except httpx.HTTPError as exc:
            raise TkSyncError(_unreachable(url, exc, "--base-url")) from None
        if response.status_code != 200:
            raise TkSyncError(_refusal(response))
        return response.content

    def publications(self) -> None:
        """Fetch the publication file of every zaak document that is new or has a new version."""
        done = self.state.setdefault("publicaties", {})
        folder = self.out / "publicaties"
        todo = [job for job in _documents(self.out / "zaak") if _stale(done.get(job.name), job, folder)]
        bar = not self.progress or not todo
        for job in tqdm(todo, desc="publicaties", unit="file", disable=bar, file=sys.stderr):
            written = self._publication(folder, job)
            done[job.name] = {"key": job.key, "file": written}  # a document without one is not asked again
            self.summary.files += bool(written)
            self._save()

    def _publication(self, folder: Path, job: "DocumentJob") -> str | None:
        """The official XML when the repository has it, else the PDF the OData service holds."""
        problems = []
        if job.xml_url:
            url = rewrite_publication_url(job.xml_url, self.settings.tk_publication_base)
            if url is None:
                self._note(self.summary.refused, job, f"refused XML Url off {KOOP_ORIGIN}: {job.xml_url}")
            problem = "XML Url refused" if url is None else self._download(url, folder / f"{job.name}.xml")
            if problem is None:
                (folder / f"{job.name}.pdf").unlink(missing_ok=True)
                return f"{job.name}.xml"
            problems.append(problem)
        if job.content_type not in (None, "application/pdf"):
            problems.append(f"no PDF: the document is {job.content_type}")
        else:
            url = self.client.documenten.build_url(entity_id=job.doc_id, resource=True)
            problem = self._download(url, folder / f"{job.name}.pdf")
            if problem is None:
                return f"{job.name}.pdf"
            problems.append(f"PDF {problem}")
        self._note(self.summary.skipped, job, "; ".join(problems))
        return None

    def _note(self, where: list[str], job: "DocumentJob", why: str) -> None:
        where.append(f"{job.name}: {why}")
        if self.progress:
            tqdm.write(f"tk sync: {job.name}: {why}", file=sys.stderr)

    def _download(self, url: str, path: Path) -> str | None:
        """Stream one file to disk; None when it is there, else why not (not found, too large).
        A file that cannot be had is noted and not asked for again until its document changes."""
        limit = self.settings.limits.max_bytes
        hint = "--base-url" if url.startswith(self.settings.tk_base_url) else "--publication-base"
        try:
            with self.http.stream("GET", url) as response:
                if response.status_code in (404, 410):
                    return f"not found (HTTP {response.status_code})"
                if response.status_code != 200:
                    response.read()
                    raise TkSyncError(_refusal(response))
                with atomic_file(path) as handle:
                    for chunk in response.iter_bytes():
                        handle.write(chunk)
                        if handle.tell() > limit:
                            raise _TooLarge
        except _TooLarge:
            return f"larger than {limit // 2**20} MB"
        except httpx.HTTPError as exc:
            raise TkSyncError(_unreachable(url, exc, hint)) from None
        return None

    def _save(self) -> None:
        write_atomic(self.out / STATE_FILE, json.dumps(self.state, indent=1, ensure_ascii=False).encode())


# ---------------------------------------------------------------- queries

def _zaak_feed(dossier: str) -> Feed:
    """Zaken change by themselves, and when a besluit (vote) or document is added to them."""
    return Feed("zaak", "Zaak", _dossier_scope(dossier), ZAAK_EXPAND, ("Besluit", "Document"))


def _toezegging_feed(dossier: str) -> Feed:
    """Toezeggingen hang off activiteiten; an activiteit belongs to the dossier through its zaken."""
    from tweedekamer.models.zaak import Toezegging

    zaken = f"Zaak/any(z:z/{_dossier_scope(dossier)})"
    scope = f"Activiteit/any(a:a/{zaken})" if _is_collection(Toezegging, "activiteit") else f"Activiteit/{zaken}"
    return Feed("toezegging", "Toezegging", scope, TOEZEGGING_EXPAND, ())


def _dossier_scope(dossier: str) -> str:
    """``32637`` → Nummer 32637; ``21501-32`` → Nummer 21501 with Toevoeging '32'."""
    match = DOSSIER.fullmatch(dossier.strip())
    if not match:
        raise TkSyncError(f"--dossier expects a dossier number like 32637 or 21501-32, not {dossier!r}")
    test = f"d/Nummer eq {int(match.group(1))}"
    if match.group(2):
        test += f" and d/Toevoeging eq '{match.group(2)}'"
    return f"Kamerstukdossier/any(d:{test})"


def _is_collection(model, name: str) -> bool:
    """Whether the client's model has ``name`` as a collection navigation (it follows $metadata)."""
    return any(getattr(arg, "__origin__", None) is list for arg in get_args(model.model_fields[name].annotation))


def _lower_bound(watermark: str | None, since: date | None) -> dict | None:
    """Where a run starts: --since (inclusive) wins, else after the watermark, else everything."""
    if since is not None:
        return {"op": "ge", "value": f"{since.isoformat()}T00:00:00Z"}
    return {"op": "gt", "value": watermark} if watermark else None


def _page_query(client, feed: Feed, run: dict, cursor: "Cursor | None"):
    """The query of one page: the feed's scope, the run's lower bound, and the keyset cursor."""
    query = client.entity(feed.entity_set).filter(feed.scope)
    if run["lower"]:
        op, value = run["lower"]["op"], run["lower"]["value"]
        changes = [f"ApiGewijzigdOp {op} {value}"] + [f"{nav}/any(x:x/ApiGewijzigdOp {op} {value})"
                                                       for nav in feed.watched]
        query = query.filter(" or ".join(changes))
    if cursor:
        query = query.filter(f"ApiGewijzigdOp ge {cursor.last}").skip(cursor.ties)
    return query.expand(*feed.expand).order_by("ApiGewijzigdOp").order_by("Id").top(run["page_size"])


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the last ApiGewijzigdOp seen and how many records with it came already."""

    last: str
    ties: int


def _advance(cursor: Cursor | None, values: list[dict]) -> Cursor:
    last = _stamp(values[-1])
    ties = sum(1 for v in values if instant(_stamp(v)) == instant(last))
    if cursor and instant(cursor.last) == instant(last):
        ties += cursor.ties  # a whole page of one instant: skip past all of it
    return Cursor(last, ties)


def _page_values(raw: bytes, path: Path, size: int) -> tuple[list[dict], bool]:
    """The records of a page and whether more may follow (a next link, or a full page)."""
    try:
        data = json.loads(raw)
        values = data["value"] if isinstance(data, dict) else None
    except (ValueError, KeyError):
        values = None
    if not isinstance(values, list):
        raise TkSyncError(f"the service sent something other than an OData page for {path.parent.name}")
    more = bool(data.get("@odata.nextLink")) or len(values) >= size
    return values, more


# ---------------------------------------------------------------- watermarks

def instant(stamp: str) -> tuple:
    """A sortable key for an OData DateTimeOffset, exact to the service's 100 ns (7 digits)."""
    match = re.fullmatch(r"(.+?T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", stamp)
    if not match:
        raise TkSyncError(f"unexpected ApiGewijzigdOp {stamp!r}")
    whole = datetime.fromisoformat(match.group(1) + match.group(3).replace("Z", "+00:00"))
    return whole.astimezone(timezone.utc).replace(tzinfo=None), int((match.group(2) or "0")[:7].ljust(7, "0"))


def _stamp(record: dict) -> str:
    stamp = record.get("ApiGewijzigdOp")
    if not isinstance(stamp, str):
        raise TkSyncError(f"a record without ApiGewijzigdOp: {record.get('Id')}")
    return stamp


def _newest(values: list[dict], watched: tuple[str, ...]) -> str | None:
    """The newest change in a page: the records' own and those of the watched collections."""
    stamps = [_stamp(v) for v in values]
    stamps += [item["ApiGewijzigdOp"] for v in values for nav in watched for item in v.get(nav) or []
               if isinstance(item.get("ApiGewijzigdOp"), str)]
    return max(stamps, key=instant, default=None)


def _latest(a: str | None, b: str | None) -> str | None:
    return max((s for s in (a, b) if s), key=instant, default=None)


# ---------------------------------------------------------------- publication files

@dataclass(frozen=True)
class DocumentJob:
    name: str                # file stem: the Kamerstuk id (kst-32637-601), else the DocumentNummer
    doc_id: str
    xml_url: str | None
    content_type: str | None
    key: str                 # changes when there is a new version or the XML appears


def _documents(folder: Path) -> list[DocumentJob]:
    """Every live document of every zaak in the mirror, the newest page's version winning."""
    jobs: dict[str, DocumentJob] = {}
    for path in sorted(folder.glob("page-*.json"), key=_page_number):
        for zaak in json.loads(path.read_bytes()).get("value", []):
            for doc in zaak.get("Document") or []:
                job = None if zaak.get("Verwijderd") or doc.get("Verwijderd") else _document_job(doc)
                if job:
                    jobs[job.name] = job
    return list(jobs.values())


def _document_job(doc: dict) -> DocumentJob | None:
    versie = doc.get("HuidigeDocumentVersie") or {}
    stem = versie.get("ExterneIdentifier") or doc.get("DocumentNummer") or doc.get("Id")
    if not stem or not doc.get("Id"):
        return None
    xml = next((p.get("Url") for p in versie.get("DocumentPublicatie") or []
                if p.get("DocumentType") == "Xml" and p.get("Url") and not p.get("Verwijderd")), None)
    return DocumentJob(name=safe_name(stem), doc_id=doc["Id"], xml_url=xml, content_type=doc.get("ContentType"),
                       key=f"{versie.get('Id') or doc.get('ApiGewijzigdOp')}:{'xml' if xml else 'pdf'}")


def rewrite_publication_url(url: str, publication_base: str) -> str | None:
    """The Url on the configured publication base, or None when it is not on the repository's origin."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != KOOP_ORIGIN or parts.username or parts.password:
        return None
    return publication_base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def safe_name(stem: str) -> str:
    """A file name that stays in its folder whatever the service sends."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem).lstrip(".") or "document"


def _stale(done: dict | None, job: DocumentJob, folder: Path) -> bool:
    """New, of a new version (or the XML appeared), or its file went missing."""
    return not done or done.get("key") != job.key or bool(done.get("file") and not (folder / done["file"]).exists())


# ---------------------------------------------------------------- HTTP

class PoliteTransport(httpx.BaseTransport):
    """Retries what is worth retrying (429, 5xx, timeouts, dropped connections) a few times, waiting
    longer each time (as long as Retry-After asks, within reason), and counts what it sends."""

    def __init__(self, attempts: int = 4, delay: float = 0.5, inner: httpx.BaseTransport | None = None) -> None:
        self.attempts, self.delay = attempts, delay
        self.inner = inner or httpx.HTTPTransport()
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(1, self.attempts + 1):
            self.requests += 1
            wait = self.delay * 2 ** (attempt - 1)
            try:
                response = self.inner.handle_request(request)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
                if attempt == self.attempts:
                    raise
            else:
                if response.status_code not in RETRY_STATUS or attempt == self.attempts:
                    return response
                wait = max(wait, _retry_after(response))
                response.close()
            time.sleep(min(wait, 30.0))
        raise AssertionError("not reached")

    def close(self) -> None:
        self.inner.close()


def _retry_after(response: httpx.Response) -> float:
    try:
        return float(response.headers.get("Retry-After", 0))
    except ValueError:
        return 0.0  # an HTTP date: the back-off is enough


@contextmanager
def _http(transport: PoliteTransport) -> Iterator[httpx.Client]:
    headers = {"User-Agent": user_agent(), "Accept": "application/json"}
    with httpx.Client(transport=transport, headers=headers, timeout=httpx.Timeout(60.0, connect=10.0),
                      follow_redirects=True) as client:
        yield client


def user_agent() -> str:
    try:
        own = version("kamerspoor")
    except PackageNotFoundError:
        own = "dev"
    return f"kamerspoor/{own} (tk sync; tweedekamer-opendata/{version('tweedekamer-opendata')})"


def _unreachable(url: str, exc: Exception, hint: str) -> str:
    parts = urlsplit(url)
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())
    return f"cannot reach {parts.scheme}://{parts.netloc} ({reason}): check the network or {hint}"


def _refusal(response: httpx.Response) -> str:
    parts = urlsplit(str(response.url))
    body = " ".join(response.text.split())[:200] if response.is_stream_consumed else ""
    return (f"{parts.scheme}://{parts.netloc} answered HTTP {response.status_code} for {parts.path}"
            + (f": {body}" if body else ""))


# ---------------------------------------------------------------- files and state

def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file that appears whole under its name or not at all (temp file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(temp, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _remove_part_files(out: Path) -> None:
    """Temp files a killed run left (its pages are fetched again; whole files are kept)."""
    for temp in [*out.glob(".*.part"), *out.glob("*/.*.part")]:
        temp.unlink(missing_ok=True)


@contextmanager
def _folder_lock(out: Path) -> Iterator[None]:
    """Two syncs into one folder would number their pages over each other; the second is refused."""
    with open(out / ".tk-sync.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TkSyncError(f"another tk sync is writing {out}") from None
        yield


def _load_state(out: Path, dossier: str, base_url: str) -> dict:
    path = out / STATE_FILE
    if not path.exists():
        return {"version": 1, "dossier": dossier, "base_url": base_url, "entities": {}, "publicaties": {}}
    state = json.loads(path.read_bytes())
    if state.get("dossier") != dossier:
        raise TkSyncError(f"{out} mirrors dossier {state.get('dossier')}, not {dossier}: use another --out")
    return state


def _next_page(folder: Path) -> int:
    return max((_page_number(p) for p in folder.glob("page-*.json")), default=0) + 1


def _page_number(path: Path) -> int:
    match = PAGE_NAME.fullmatch(path.name)
    return int(match.group(1)) if match else 0
