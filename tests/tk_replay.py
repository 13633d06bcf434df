"""A local stand-in for the Tweede Kamer's OData service and the publication repository.

A real HTTP server (127.0.0.1, a free port, a thread) serving recorded records the way the
gegevensmagazijn does, so ``tk sync`` is tested over the wire and offline:

- ``/OData/v4/2.0/<EntitySet>?$filter=…&$orderby=…&$skip=…&$top=…`` answers an OData page
  ``{"@odata.context", "value", "@odata.nextLink"?}``. ``$filter`` is evaluated by a small OData
  expression evaluator (or/and/not, eq ne gt ge lt le, ``nav/any(x:…)``, DateTimeOffset exact to
  100 ns); ``$expand`` is ignored (records are stored expanded); at most 250 records a page.
- ``/OData/v4/2.0/Document(<id>)/resource`` answers the bytes given for that document.
- ``/repository/<path>`` answers a publication file, by the path of its repository.overheid.nl Url.

It logs every request with the bytes it answered (tests compare files with them), can be made slow
(``delay``) or fail the next requests (``fail_next``), and records can be changed between runs
(``modify``), which gives them a new ``ApiGewijzigdOp`` like the real service.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

DATA = Path(__file__).resolve().parent / "data" / "tk"
ODATA_PATH = "/OData/v4/2.0"
REPOSITORY_PATH = "/repository"
MAX_TOP = 250


@dataclass
class Logged:
    path: str          # path and query as requested
    kind: str          # entity set name, "resource", "publication" or "other"
    status: int
    body: bytes
    params: dict = field(default_factory=dict)
    user_agent: str = ""


class TkReplay:
    """The fake service; use as a context manager, or start()/stop()."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.sets: dict[str, list[dict]] = {}          # entity set → records as served
        self.nav: dict[str, dict] = {}                 # record Id → extra navigation data, for $filter only
        self.resources: dict[str, bytes] = {}          # Document Id → /resource bytes
        self.publications: dict[str, bytes] = {}       # repository path → file bytes
        self.log: list[Logged] = []
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -------------------------------------------------------------- set-up

    @classmethod
    def recorded(cls, delay: float = 0.0) -> "TkReplay":
        """Dossier 32637: the recorded zaken, their publication XML, the hand-written toezeggingen."""
        replay = cls(delay)
        zaken = json.loads((DATA / "recorded-zaak-32637.json").read_text(encoding="utf-8"))
        for zaak in zaken["value"]:
            replay.add("Zaak", zaak, {"Kamerstukdossier": zaken["_kamerstukdossier"][zaak["Id"]]})
            for doc in zaak["Document"]:
                for pub in doc["HuidigeDocumentVersie"]["DocumentPublicatie"]:
                    local = DATA / "publicaties" / f"{doc['HuidigeDocumentVersie']['ExterneIdentifier']}.xml"
                    if pub["DocumentType"] == "Xml" and local.exists():
                        replay.publications[urlsplit(pub["Url"]).path] = local.read_bytes()
        toezeggingen = json.loads((DATA / "recorded-toezegging.json").read_text(encoding="utf-8"))
        for item in toezeggingen["value"]:
            activiteiten = [{**a, "Zaak": toezeggingen["_activiteit_zaken"][a["Id"]]} for a in item["Activiteit"]]
            replay.add("Toezegging", item, {"Activiteit": activiteiten})
        return replay

    def add(self, entity_set: str, record: dict, nav: dict | None = None) -> None:
        with self._lock:
            self.sets.setdefault(entity_set, []).append(record)
            if nav:
                self.nav[record["Id"]] = nav

    def record(self, entity_set: str, record_id: str) -> dict:
        return next(r for r in self.sets[entity_set] if r["Id"] == record_id)

    def modify(self, entity_set: str, record_id: str, **changes) -> dict:
        """Change a record as the Kamer would: new values and a new ApiGewijzigdOp (now)."""
        with self._lock:
            record = self.record(entity_set, record_id)
            record.update(changes)
            record["ApiGewijzigdOp"] = now_stamp()
            return record

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    # -------------------------------------------------------------- serving

    def start(self) -> "TkReplay":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "TkReplay":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.origin + ODATA_PATH

    @property
    def publication_base(self) -> str:
        return self.origin + REPOSITORY_PATH

    def requests(self, kind: str | None = None) -> list[Logged]:
        with self._lock:
            return [entry for entry in self.log if kind is None or entry.kind == kind]

    def answer(self, raw_path: str) -> tuple[int, str, bytes, str]:
        """(status, content type, body, kind) for one GET."""
        if self.delay:
            time.sleep(self.delay)
        parts = urlsplit(raw_path)
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure:
            return failure, "text/plain", b"try again later", "failure"
        if parts.path.startswith(REPOSITORY_PATH + "/"):
            body = self.publications.get(parts.path[len(REPOSITORY_PATH):])
            return (200, "application/xml", body, "publication") if body else (404, "text/plain", b"", "publication")
        resource = re.fullmatch(re.escape(ODATA_PATH) + r"/Document\(([0-9a-f-]{36})\)/resource", parts.path)
        if resource:
            body = self.resources.get(resource.group(1))
            return (200, "application/pdf", body, "resource") if body else (404, "text/plain", b"", "resource")
        entity_set = parts.path[len(ODATA_PATH) + 1:] if parts.path.startswith(ODATA_PATH + "/") else None
        if entity_set not in self.sets:
            return 404, "text/plain", b"no such entity set", "other"
        try:
            body = self._page(entity_set, dict(parse_qsl(parts.query, keep_blank_values=True)))
        except ODataError as exc:
            body = json.dumps({"error": {"code": "", "message": str(exc)}}).encode()
            return 400, "application/json", body, entity_set
        return 200, "application/json; odata.metadata=minimal; charset=utf-8", body, entity_set

    def _page(self, entity_set: str, params: dict) -> bytes:
        with self._lock:
            records = list(self.sets[entity_set])
        test = parse_filter(params["$filter"]) if params.get("$filter") else None
        chosen = [r for r in records if test is None or test({"$it": {**r, **self.nav.get(r["Id"], {})}})]
        for name in reversed([f.strip() for f in params.get("$orderby", "").split(",") if f.strip()]):
            field_name, _, direction = name.partition(" ")
            chosen.sort(key=lambda r: sort_key(r.get(field_name)), reverse=direction == "desc")
        skip = int(params.get("$skip", 0))
        top = min(int(params.get("$top", MAX_TOP)), MAX_TOP)
        page = {"@odata.context": f"{self.base_url}/$metadata#{entity_set}", "value": chosen[skip:skip + top]}
        if skip + top < len(chosen):
            following = {**params, "$skip": str(skip + top)}
            page["@odata.nextLink"] = (f"{self.base_url}/{entity_set}?"
                                       + "&".join(f"{k}={quote(v, safe='')}" for k, v in following.items()))
        return json.dumps(page, ensure_ascii=False).encode("utf-8")


def _handler(replay: TkReplay):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, content_type, body, kind = replay.answer(self.path)
            with replay._lock:
                replay.log.append(Logged(self.path, kind, status, body, dict(parse_qsl(urlsplit(self.path).query)),
                                         self.headers.get("User-Agent", "")))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client was killed mid-answer: that is what some tests do

        def log_message(self, *args) -> None:
            pass

    return Handler


def now_stamp() -> str:
    """An ApiGewijzigdOp like the service's: UTC, 7 fractional digits."""
    moment = datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


# ---------------------------------------------------------------- $filter

class ODataError(ValueError):
    pass


STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)"
TOKEN = re.compile(rf"\s*(?:(?P<stamp>{STAMP})|(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)"
                   r"|(?P<name>[A-Za-z_$][A-Za-z0-9_]*)|(?P<punct>[()/:,]))")
COMPARE = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
           "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b}


def parse_filter(text: str):
    """A predicate over ``{"$it": record}`` for an OData ``$filter`` (the subset the sync uses)."""
    tokens = _tokens(text)
    test, rest = _or(tokens)
    if rest:
        raise ODataError(f"unexpected {rest[0][1]!r} in $filter")
    return test


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ODataError(f"cannot read $filter at {text[pos:pos + 20]!r}")
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _or(tokens):
    left, tokens = _and(tokens)
    while tokens and tokens[0] == ("name", "or"):
        right, tokens = _and(tokens[1:])
        left = (lambda a, b: lambda env: a(env) or b(env))(left, right)
    return left, tokens


def _and(tokens):
    left, tokens = _unary(tokens)
    while tokens and tokens[0] == ("name", "and"):
        right, tokens = _unary(tokens[1:])
        left = (lambda a, b: lambda env: a(env) and b(env))(left, right)
    return left, tokens


def _unary(tokens):
    if tokens and tokens[0] == ("name", "not"):
        inner, tokens = _unary(tokens[1:])
        return (lambda env: not inner(env)), tokens
    if tokens and tokens[0] == ("punct", "("):
        inner, tokens = _or(tokens[1:])
        return inner, _expect(tokens, ")")
    path, tokens = _path(tokens)
    if path[-1] == "any":
        return _any(path[:-1], tokens)
    if not tokens or tokens[0][1] not in COMPARE:
        raise ODataError(f"expected a comparison after {'/'.join(path)}")
    op, (kind, literal), tokens = COMPARE[tokens[0][1]], tokens[1], tokens[2:]
    value = _literal(kind, literal)
    return (lambda env: _compare(op, _resolve(env, path), value)), tokens


def _any(path, tokens):
    tokens = _expect(tokens, "(")
    (kind, var), tokens = tokens[0], _expect(tokens[1:], ":")
    if kind != "name":
        raise ODataError("any() needs a variable")
    inner, tokens = _or(tokens)
    tokens = _expect(tokens, ")")

    def test(env):
        items = _resolve(env, path) or []
        return any(inner({**env, var: item}) for item in items)
    return test, tokens


def _path(tokens):
    if not tokens or tokens[0][0] != "name":
        raise ODataError(f"expected a property, got {tokens[0][1] if tokens else 'the end'!r}")
    path = [tokens[0][1]]
    tokens = tokens[1:]
    while tokens and tokens[0] == ("punct", "/"):
        path.append(tokens[1][1])
        tokens = tokens[2:]
    return path, tokens


def _expect(tokens, punct):
    if not tokens or tokens[0] != ("punct", punct):
        raise ODataError(f"expected {punct!r}")
    return tokens[1:]


def _resolve(env, path):
    """A property path from the current item ($it) or a lambda variable."""
    value = env[path[0]] if path[0] in env else env["$it"].get(path[0])
    for name in path[1:]:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _literal(kind, text):
    if kind == "stamp":
        return ("stamp", stamp_key(text))
    if kind == "string":
        return text[1:-1].replace("''", "'")
    if kind == "number":
        return float(text) if "." in text else int(text)
    return {"true": True, "false": False, "null": None}.get(text, text)


def _compare(op, actual, expected):
    if isinstance(expected, tuple) and expected[0] == "stamp":
        return actual is not None and op(stamp_key(actual), expected[1])
    if op in (COMPARE["eq"], COMPARE["ne"]) or (actual is not None and expected is not None):
        return op(actual, expected)
    return False


def stamp_key(text: str) -> tuple:
    """DateTimeOffset → (UTC seconds, 100-ns ticks), so 7-digit stamps compare exactly."""
    match = re.fullmatch(r"(.+?T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text)
    if not match:
        raise ODataError(f"not a DateTimeOffset: {text!r}")
    whole = datetime.fromisoformat(match.group(1) + match.group(3).replace("Z", "+00:00"))
    return whole.timestamp(), int((match.group(2) or "0")[:7].ljust(7, "0"))


def sort_key(value):
    if isinstance(value, str) and re.fullmatch(STAMP, value):
        return (1, stamp_key(value))
    return (0 if value is None else 2, value if value is not None else 0)
