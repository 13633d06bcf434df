"""The ``kamerspoor`` command line.

Every command takes ``--db PATH`` (default ``kamerspoor.duckdb`` or ``$KAMERSPOOR_DB``).
Commands are registered in ``COMMANDS``; each is a small function over the store.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path

from ingest.opendata import BESLUITEN
from kamerspoor.settings import Settings, default_settings
from kamerspoor.tk_load import load_dir
from nlp.motie_form import with_parties
from search import SearchError, SearchRequest, hits_as_rows, query_encoder, search, validate
from store.db import Store, StoreError, writer_lock
from store.records import MotieAudit, StatementLabel, StoredCommitment
from store.search_index import add_label, empty_labels

COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {}


def command(name: str):
    def register(func):
        COMMANDS[name] = func
        return func
    return register


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def print_jsonl(rows: list[dict]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")


def print_table(rows: list[dict], columns: list[str], widths: dict[str, int] | None = None) -> None:
    """A plain aligned text table; long values are cut with an ellipsis."""
    widths = widths or {}
    cells = [[_cell(row.get(c), widths.get(c, 40)) for c in columns] for row in rows]
    sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)))
    print("  ".join("-" * sizes[i] for i in range(len(columns))))
    for row in cells:
        print("  ".join(v.ljust(sizes[i]) for i, v in enumerate(row)))


def print_listing(rows: list[dict], columns: list[str], fmt: str, widths: dict[str, int]) -> None:
    """A listing as CSV or as an aligned table (JSON lines are written by the caller: its fields differ)."""
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    else:
        print_table(rows, columns, widths)


def _cell(value, width: int) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- commands

@command("ingest")
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from kamerspoor.pipeline import ingest_paths, ingest_swapped  # spaCy and the model: only for ingest (start-up)

    if args.swap:
        summary = ingest_swapped(args.paths, settings, progress=not args.quiet)
    else:
        with writer_lock(settings.db_path):
            summary = ingest_paths(args.paths, settings, progress=not args.quiet)
    for failed in summary.failed:
        print(f"FAILED {failed.path}: {failed.message}", file=sys.stderr)
    for outcome in summary.outcomes:
        if outcome.outcome != "failed" and outcome.message and not args.quiet:
            print(f"warning {outcome.path}: {outcome.message}", file=sys.stderr)
    print(f"ingest {summary.line()} (store: {settings.db_path})")
    return 1 if summary.failed else 0


@command("documents")
def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.db_path, read_only=True) as store:
        rows = store.documents()
    out = [{"id": r.id, "type": r.doc_type, "title": r.title, "date": r.date, "dossier": (r.dossiers or [None])[0],
            "dossiers": r.dossiers, "ondernummer": r.ondernummer, "vergaderjaar": r.vergaderjaar,
            "bewindspersoon": r.bewindspersoon, "pages": r.pages, "ocr_pages": r.ocr_pages, "sources": r.sources,
            "status": r.status} for r in rows]
    if args.format == "jsonl":
        print_jsonl(out)
    else:
        print_table(out, ["id", "type", "date", "pages", "title", "sources"], {"title": 50, "sources": 60})
    return 0


@command("show")
def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.db_path, read_only=True) as store:
        doc = store.document(args.doc_id)
        if doc is None:
            print(f"no document {args.doc_id!r}; `kamerspoor documents` lists them", file=sys.stderr)
            return 2
        blocks = store.blocks(args.doc_id)
        notes = store.footnotes(args.doc_id)
    print(f"# {doc.id} — {doc.title or '(no title)'}")
    print(f"# type {doc.doc_type}, date {doc.date or '?'}, {doc.pages} pages, from {doc.text_source}")
    page = None
    for block in blocks:
        if block.kind == "footnote":
            continue
        if block.page != page:
            page = block.page
            print(f"\n--- pagina {page} ---")
        prefix = {"heading": "## ", "list_item": "  – "}.get(block.kind, "")
        print(f"\n{prefix}{block.text}")
    if notes:
        print("\n--- voetnoten ---")
        for note in notes:
            print(f"[{note.number}] (p. {note.page}) {note.text}")
    return 0


STATEMENT_FIELDS = ["id", "doc_id", "page", "start", "end", "text", "role", "section_path", "speaker",
                    "question_id", "answer_to", "references", "lemmas", "labels"]


def labels_field(rows: list[StatementLabel]) -> dict:
    """``{"actielijn": [[id, score], …], "doel": …, "thema": …, "landsdeel": …, "knelpunt": score,
    "scope": [in|uit, score]}`` (store/search_index.py: ``empty_labels``)."""
    out = empty_labels()
    for row in rows:
        add_label(out, row.label_set, row.label_id, row.score)
    return out


@command("classify")
def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    """Label bare texts (one JSON object with "text" per line); no structure, no store. Each text is judged
    on its own (no paper lends it context); ``scope`` says whether it is about the frame's field, and the
    labels are given either way, so a caller can decide."""
    from nlp.classify import load_classifier  # spaCy and the model: only for this command (start-up)
    from nlp.embeddings import ModelNotAvailable

    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    items = []
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("needs a string field \"text\"")
        except ValueError as exc:
            print(f"kamerspoor classify: line {number}: {exc}", file=sys.stderr)
            return 2
        items.append(item)
    try:
        classifier = load_classifier(settings.model)
    except ModelNotAvailable as exc:
        print(f"kamerspoor classify: {exc}", file=sys.stderr)
        return 2
    results = classifier.classify([i["text"] for i in items])
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    with out:
        for item, labels in zip(items, results):
            row = {"text": item["text"], "labels": {s: labels.of(s) for s in ("actielijn", "doel", "thema", "landsdeel")},
                   "knelpunt": labels.knelpunt, "reasons": {f"{x.label_set}:{x.label_id}": f"{x.method}: {x.reason}"
                                                             for x in labels.scores},
                   "model": classifier.encoder.name,
                   "scope": {"in": labels.scope.in_scope, "score": labels.scope.score, "reason": labels.scope.reason}}
            row["labels"]["knelpunt"] = labels.knelpunt
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


KINDS = {"moties": "motie", "toezeggingen": "toezegging", "afspraken": "afspraak"}  # listing name → commitment kind


@command("export")
def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.db_path, read_only=True) as store:
        if args.doc and store.document(args.doc) is None:
            print(f"no document {args.doc!r}; `kamerspoor documents` lists them", file=sys.stderr)
            return 2
        if args.what in KINDS:
            kind = KINDS[args.what]
            print_jsonl([commitment_export(r, audit) for r, audit in _records(store, kind)])
            return 0
        rows = store.statements(args.doc)
        by_statement: dict[str, list] = {}
        for label in store.labels(args.doc):
            by_statement.setdefault(label.statement_id, []).append(label)
    print_jsonl([{**{k: getattr(r, k) for k in STATEMENT_FIELDS if k != "labels"},
                  "labels": labels_field(by_statement.get(r.id, []))} for r in rows])
    return 0


# The Kamer's record beside the papers' (store/opendata.py: motie_audit). ``status`` is the uitvoering
# the papers give; ``besluit`` what the Kamer decided, and ``besluit_bron`` which source said so.
MOTIE_AUDIT_FIELDS = ("besluit", "besluit_bron", "besluit_datum", "besluit_conflict", "zaak", "kabinetsappreciatie", "voor", "tegen",
                      "fracties_voor", "fracties_tegen", "uitvoering")


def commitment_export(record: StoredCommitment, audit: MotieAudit | None = None) -> dict:
    """The stable export fields of a motie (with the Kamer's record beside it: ``audit``) or toezegging."""
    out = {"id": record.id, "kind": record.kind, "kamerstuk_id": record.kamerstuk_id,
           "made_at": record.made_at, "made_on": record.made_on, "status": record.status,
           "status_evidence": record.status_evidence,
           "deadline": None if record.deadline_start is None else
           {"start": record.deadline_start, "end": record.deadline_end, "text": record.deadline_text},
           "mentions": [asdict(m) for m in record.mentions], "answers": [asdict(a) for a in record.answers],
           "found_as": record.found_as, "rule": record.rule, "confidence": record.confidence}
    if record.kind == "motie":
        out.update(indieners=list(record.indieners), verzoek=record.verzoek,
                   vervangt=record.vervangt, vervangen_door=record.vervangen_door, **_audit_fields(audit))
    else:
        out.update(by=record.made_by, subject=record.subject)
    if record.kind == "afspraak":
        out.update(amount_eur=record.amount_eur)
    return out


def _audit_fields(audit: MotieAudit | None) -> dict:
    """The ``MOTIE_AUDIT_FIELDS`` of a motie's audit (without one: all None)."""
    if audit is None:
        return dict.fromkeys(MOTIE_AUDIT_FIELDS)
    zaak = audit.zaak
    return {"besluit": audit.besluit, "besluit_bron": audit.besluit_bron, "besluit_datum": audit.besluit_datum,
            "besluit_conflict": audit.besluit_conflict, "zaak": zaak and zaak.nummer,
            "kabinetsappreciatie": zaak and zaak.kabinetsappreciatie, "voor": zaak and zaak.voor,
            "tegen": zaak and zaak.tegen, "fracties_voor": zaak and zaak.fracties_voor,
            "fracties_tegen": zaak and zaak.fracties_tegen, "uitvoering": audit.uitvoering}


def _records(store: Store, kind: str, status: str | None = None,
             besluit: str | None = None) -> list[tuple[StoredCommitment, MotieAudit | None]]:
    """Full records; moties through the audit, which adds the Kamer's besluit and votes (``Store.with_evidence``)."""
    if kind != "motie":
        return [(store.commitment(r.id), None) for r in store.commitments(kind, status)]
    audits = [store.with_evidence(a) for a in store.opendata.motie_audit(besluit=besluit, status=status)]
    return [(audit.commitment, audit) for audit in audits]


def _overdue(record: StoredCommitment, as_of: date) -> bool:
    from nlp.registry import is_overdue  # its patterns take 0.1 s to compile: only listings that show overdue

    return is_overdue(record.status, record.deadline_end, as_of)


def _list_commitments(kind: str, args: argparse.Namespace, settings: Settings) -> int:
    as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    with Store(settings.db_path, read_only=True) as store:
        records = _records(store, kind, args.status, getattr(args, "besluit", None))
    rows = [(r, audit, _overdue(r, as_of)) for r, audit in records if _sure_enough(r, args.min_confidence)]
    if args.format == "jsonl":
        print_jsonl([{**commitment_export(r, audit), "overdue": late} for r, audit, late in rows])
        return 0
    flat = [{"id": r.id, **({"besluit": audit.besluit} if kind == "motie" else {}),
             "status": r.status + (" (te laat)" if late else ""),
             "wie": ", ".join(r.indieners) if kind == "motie" else r.made_by,
             "gedaan": r.made_at, "deadline": r.deadline_text,
             **({"bedrag": r.amount_eur} if kind == "afspraak" else {}), "mentions": len(r.mentions),
             "answers": len(r.answers), "zekerheid": _confidence_text(r),
             "onderwerp": r.verzoek or r.subject} for r, audit, late in rows]
    print_listing(flat, list(flat[0]) if flat else ["id"], args.format, {"onderwerp": 60, "gedaan": 30})
    return 0


def _sure_enough(record: StoredCommitment, floor: float) -> bool:
    """Found with at least this confidence (a motie known only from the Kamer's open data always is)."""
    return record.confidence is None or record.confidence >= floor - 1e-9


def _fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1 (a clear message otherwise)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _confidence_text(record: StoredCommitment) -> str:
    return "" if record.confidence is None else f"{record.confidence:.2f}"


@command("moties")
def cmd_moties(args: argparse.Namespace, settings: Settings) -> int:
    return _list_commitments("motie", args, settings)


@command("toezeggingen")
def cmd_toezeggingen(args: argparse.Namespace, settings: Settings) -> int:
    if getattr(args, "register", False):
        return _list_register(args, settings)
    return _list_commitments("toezegging", args, settings)


# store/opendata.py: register_audit; nlp/register_match.py says how entries are matched.
REGISTER_FIELDS = ("nummer", "commitment_id", "kind", "register_status", "our_status", "conflict", "score",
                   "reason", "answers", "naam", "made_by", "made_at", "register_tekst", "subject", "register_id")


def _list_register(args: argparse.Namespace, settings: Settings) -> int:
    """The register entries beside the toezeggingen found in the papers (``--status`` filters ours)."""
    with Store(settings.db_path, read_only=True) as store:
        rows = [r for r in store.opendata.register_audit() if args.status is None or r.our_status == args.status]
    if args.format == "jsonl":
        print_jsonl([{k: getattr(r, k) for k in REGISTER_FIELDS} for r in rows])
        return 0
    flat = [{"register": r.nummer, "id": r.commitment_id, "kind": r.kind, "register_status": r.register_status,
             "status": r.our_status, "conflict": r.conflict, "tekst": r.register_tekst or r.subject}
            for r in rows]
    print_listing(flat, ["register", "id", "kind", "register_status", "status", "conflict", "tekst"], args.format,
                  {"tekst": 60})
    return 0


@command("afspraken")
def cmd_afspraken(args: argparse.Namespace, settings: Settings) -> int:
    """What the parties of regional pacts promised (``nlp/pact.py``), listed like toezeggingen."""
    return _list_commitments("afspraak", args, settings)


@command("trace")
def cmd_trace(args: argparse.Namespace, settings: Settings) -> int:
    with Store(settings.db_path, read_only=True) as store:
        record, audit = store.commitment(args.id), None
        if record is not None and record.kind == "motie":
            audit = next(iter(store.opendata.motie_audit(commitment_id=record.id)), None)
            if audit is not None:  # its status wins: n.v.t. when not adopted
                record = replace(record, status=audit.commitment.status, status_evidence=audit.commitment.status_evidence)
    if record is None:
        print(f"no motie, toezegging or afspraak {args.id!r}; `kamerspoor moties`, `toezeggingen` and `afspraken` list them",
              file=sys.stderr)
        return 2
    who = ", ".join(record.indieners) if record.kind == "motie" else record.made_by
    print(f"{record.kind.upper()} {record.id} — {who or '?'}")
    print(f"gedaan: {record.made_at or '?'}   deadline: {record.deadline_text or '-'}"
          + (f"   bedrag: € {record.amount_eur:,.0f}".replace(",", ".") if record.amount_eur else ""))
    print(f"{'verzoek' if record.kind == 'motie' else 'onderwerp'}: {record.verzoek or record.subject or '?'}")
    print(f"status: {record.status} — {record.status_evidence}")
    if record.rule:
        print(f"gevonden als: {record.found_as} — regel {record.rule}, zekerheid {record.confidence:.2f}")
    if record.kind == "motie":
        _print_besluit(audit)
    _print_form(record)
    print("\ngenoemd in:")
    for m in record.mentions:
        print(f"  {m.doc_id} p.{m.page} [{m.statement_id}] {m.text}")
    print("\nbeantwoord in (beste eerst):")
    for rank, a in enumerate(record.answers, start=1):
        print(f"  {rank}. {a.score:.2f} {a.evidence:10s} {a.doc_id} p.{a.page} [{a.statement_id}] {a.text}")
    if not record.answers:
        print("  (geen)")
    if record.besluiten:
        print("\nin commissie behandeld:")
        for b in record.besluiten:
            print(f"  {b.meeting_date or '?'} {b.commissie or b.doc_id}, agendapunt {b.agendapunt}: "
                  f"{b.besluit or '(geen besluit)'}")
    return 0


def _print_besluit(audit: MotieAudit | None) -> None:
    """What the Kamer decided, and how each fractie voted (open data)."""
    if audit is None:
        print("besluit: onbekend — geen stemming gevonden")
        return
    zaak = audit.zaak
    print(f"besluit: {audit.besluit}" + (f" op {audit.besluit_datum}" if audit.besluit_datum else "")
          + (f" — bron: {audit.besluit_bron}" if audit.besluit_bron else " — geen stemming gevonden"))
    if audit.besluit_conflict:
        print(f"LET OP, de papieren zeggen iets anders: {audit.besluit_conflict}")
    if zaak and zaak.kabinetsappreciatie:
        print(f"kabinetsappreciatie: {zaak.kabinetsappreciatie}")
    if zaak and zaak.voor is not None:
        print(f"stemmen: {zaak.voor} voor ({', '.join(zaak.fracties_voor or [])}), "
              f"{zaak.tegen} tegen ({', '.join(zaak.fracties_tegen or [])})")


def _print_form(record: StoredCommitment) -> None:
    """A motie's own text, when the motie document itself is in the store."""
    form = record.form
    if record.vervangt:
        print(f"vervangt: {record.vervangt}")
    if record.vervangen_door:
        print(f"vervangen door: {record.vervangen_door}")
    if not form:
        return
    people = with_parties([i.name for i in form.indieners], [i.party for i in form.indieners])
    print(f"motie: {form.title} — voorgesteld {form.voorgesteld or '?'} — indieners: {', '.join(people)}")
    for clause in form.considerations:
        print(f"  {clause}")
    for clause in form.dictum:
        print(f"  ▶ {clause}")


@command("search")
def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Hybrid keyword + semantic search over statements, with filters."""
    try:
        request = SearchRequest(
            query=args.query, limit=args.limit, mode=args.mode, doc_ids=args.doc or [], doc_types=args.doc_type or [],
            date_from=_date_arg(args.date_from, "--from"), date_to=_date_arg(args.date_to, "--to"),
            actielijn=args.actielijn or [], doel=args.doel or [], thema=args.thema or [],
            landsdeel=args.landsdeel or [], knelpunt=args.knelpunt, roles=args.role or [],
            speaker=args.speaker, reference=args.ref)
        with Store(settings.db_path, read_only=True) as store:
            validate(request, store.search_index())  # a typo is reported at once, not after loading the model
            encoder = query_encoder(store, settings.model) if args.mode != "keyword" else None
            result = search(store, request, settings.search, encoder)
    except SearchError as exc:
        print(f"kamerspoor search: {exc}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(f"let op: {note}", file=sys.stderr)
    if result.more:  # on stderr, so JSON lines stay clean
        print(f"{len(result.hits)} van {'ten minste ' if not result.relevant_exact else ''}{result.relevant} relevante "
              f"resultaten getoond: verhoog --limit voor meer", file=sys.stderr)
    if args.format == "jsonl":
        print_jsonl(hits_as_rows(result.hits))
        return 0
    rows = [{"#": n, "relevantie": f"{h.relevance:.2f}", "score": f"{h.score:.4f}", "document": h.doc_id, "p.": h.page,
             "sectie": " › ".join(h.section_path[-2:]), "tekst": h.marked("[", "]"),
             "labels": _label_chips(h.labels)} for n, h in enumerate(result.hits, start=1)]
    if rows:  # none: the notes above (on stderr) say why, and stdout stays empty
        print_table(rows, list(rows[0]), {"tekst": 90, "sectie": 30, "labels": 40})
    return 0


def _date_arg(value: str | None, flag: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SearchError(f"{flag} verwacht een datum als JJJJ-MM-DD, niet {value!r}") from None


def _label_chips(labels: dict) -> str:
    chips = [label_id for label_set in ("actielijn", "landsdeel", "doel", "thema")
             for label_id, score in labels[label_set] if score >= 0.5]
    return " ".join(chips + (["knelpunt"] if labels["knelpunt"] >= 0.5 else []))


SHARDS_HELP = ("folder for the per-file Parquet shards workers hand the writer "
               "(default: <db>.shards; on a cluster: shared storage) ($KAMERSPOOR_SHARDS)")


@command("prune")
def cmd_prune(args: argparse.Namespace, settings: Settings) -> int:
    """Forget files that were deleted from disk, documents left without any file, and shards
    a killed ingest left that no ingest will use."""
    from kamerspoor.shards import remove_if_empty, remove_shard, stale_shards  # pyarrow.parquet: only here

    with writer_lock(settings.db_path), Store(settings.db_path) as store:
        missing, gone = store.prune(dry_run=args.dry_run)
        if gone:
            from kamerspoor.registry_stage import rebuild_registry

            rebuild_registry(store, settings)
        stale = stale_shards(settings.shard_folder, store.has_source)
        if not args.dry_run:
            for folder in stale:
                remove_shard(folder)
            remove_if_empty(settings.shard_folder)
    verb = "would forget" if args.dry_run else "forgot"
    for doc_id, path in missing:
        print(f"{verb} {path} (document {doc_id})")
    print(f"prune: {len(missing)} missing files, {len(gone)} documents removed, {len(stale)} stale shards "
          + ("found" if args.dry_run else "removed") + (" (dry run: nothing changed)" if args.dry_run else ""))
    return 0


@command("index")
def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """(Re)build the IVF index over the statement vectors (done by ingest once a store is large)."""
    with writer_lock(settings.db_path), Store(settings.db_path) as store:
        if not store.embedding_model():
            print("kamerspoor index: this store has no vectors (ingested with --no-classify)", file=sys.stderr)
            return 2
        cells = store.build_vector_index()
    print(f"vector index: {cells} cells")
    return 0


@command("relabel")
def cmd_relabel(args: argparse.Namespace, settings: Settings) -> int:
    """Label every stored statement again from its stored vector (kamerspoor/relabel.py)."""
    from kamerspoor.relabel import relabel  # the label stage and its progress bar: only here (start-up)

    with writer_lock(settings.db_path), Store(settings.db_path) as store:
        try:
            done = relabel(store, settings, progress=not args.quiet)
        except ValueError as exc:
            print(f"kamerspoor relabel: {exc}", file=sys.stderr)
            return 2
    print(f"relabelled {done.papers} papers, {done.statements} statements; {done.in_scope} in the frame's field"
          + (f"; {len(done.skipped)} papers without vectors skipped" if done.skipped else ""))
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the web app on this store (replaces this process with the Streamlit server).

    127.0.0.1 unless ``--address`` says otherwise; another interface needs ``KAMERSPOOR_PASSWORD``
    (then every page is behind a login), and adding papers from the app needs ``--allow-upload``."""
    from ui import server  # the app's serving options: only for this command (start-up)

    problem = server.refusal(args.address)
    if problem:
        print(f"kamerspoor serve: {problem}", file=sys.stderr)
        return 2
    Store(settings.db_path, read_only=True).close()  # a missing or unreadable store: say so here, not in the browser
    allow_upload = args.allow_upload or server.uploads_allowed(argv=[])
    argv = server.command(settings.db_path, args.port, args.address, allow_upload=allow_upload)
    os.execv(argv[0], argv)
    return 0  # not reached


@command("tk")
def cmd_tk(args: argparse.Namespace, settings: Settings) -> int:
    """Tweede Kamer open data: ``tk sync`` mirrors a dossier, ``tk load`` stores a mirror."""
    if args.tk_command == "sync":
        return _tk_sync(args, settings)
    if args.tk_command == "load":
        return _tk_load(args, settings)
    raise AssertionError(args.tk_command)


def _tk_sync(args: argparse.Namespace, settings: Settings) -> int:
    """Mirror the dossier from the OData service (ingest/tk_sync.py), then load it unless --no-load."""
    from ingest.tk_sync import TkSyncError, sync  # httpx and the OData client: only for a sync (start-up)

    settings = settings.with_overrides(tk_base_url=args.base_url, tk_publication_base=args.publication_base)
    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(f"kamerspoor tk sync: --since expects a date as YYYY-MM-DD, not {args.since!r}", file=sys.stderr)
        return 2
    try:
        summary = sync(args.dossier, Path(args.out), settings, since=since, progress=not args.quiet)
    except TkSyncError as exc:
        print(f"kamerspoor tk sync: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kamerspoor tk sync: interrupted; run it again to go on where it stopped", file=sys.stderr)
        return 130
    print(summary.line())
    if args.no_load:
        return 0
    return _tk_load(argparse.Namespace(dir=Path(args.out), db=args.db, quiet=args.quiet, tk_command="load"), settings)


def _tk_load(args: argparse.Namespace, settings: Settings) -> int:
    """Open-data pages under DIR into the store (a transaction per page), then its publication files."""
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"kamerspoor tk load: no folder {folder}", file=sys.stderr)
        return 2
    with writer_lock(settings.db_path):
        summary = load_dir(folder, settings, progress=not args.quiet)
    for reason in summary.refused:
        print(f"refused {reason}", file=sys.stderr)
    if summary.papers is not None:
        for failed in summary.papers.failed:
            print(f"FAILED {failed.path}: {failed.message}", file=sys.stderr)
    print(f"tk load {summary.line()} (store: {settings.db_path})")
    return 1 if summary.refused or (summary.papers is not None and summary.papers.failed) else 0


# ---------------------------------------------------------------- wiring

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="DuckDB store file (default: $KAMERSPOOR_DB or kamerspoor.duckdb)")
    parser = argparse.ArgumentParser(prog="kamerspoor", description="Kamerstukken as a searchable, audited record.")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", parents=[common], help="parse and store PDFs and text forms")
    ingest.add_argument("paths", nargs="+", help="files or folders")
    ingest.add_argument("--workers", type=int, help="parser processes (default: all cores)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar or warnings")
    ingest.add_argument("--model", help="sentence-transformers model name or folder ($KAMERSPOOR_MODEL)")
    ingest.add_argument("--no-classify", dest="classify", action="store_false", default=None,
                        help="parse and split only: no vectors, no labels")
    ingest.add_argument("--executor", choices=["process", "ray"],
                        help="where files are parsed: a local process pool (default) or Ray ($KAMERSPOOR_EXECUTOR)")
    ingest.add_argument("--shards", dest="shard_dir", help=SHARDS_HELP)
    ingest.add_argument("--swap", action="store_true",
                        help="write into a copy and swap it in when done, so readers (the app) never wait")

    documents = sub.add_parser("documents", parents=[common], help="list stored documents")
    documents.add_argument("--format", choices=["table", "jsonl"], default="table")

    show = sub.add_parser("show", parents=[common], help="print a document's clean text with page markers")
    show.add_argument("doc_id")

    classify = sub.add_parser("classify", help="label bare texts: --in texts.jsonl --out labels.jsonl")
    classify.add_argument("--in", dest="input", default="-", help='JSON lines with a "text" field (default: stdin)')
    classify.add_argument("--out", dest="output", default="-", help="where to write (default: stdout)")
    classify.add_argument("--model", help="sentence-transformers model name or folder ($KAMERSPOOR_MODEL)")

    export = sub.add_parser("export", parents=[common], help="write stored records as JSON lines")
    export.add_argument("what", choices=["statements", "moties", "toezeggingen", "afspraken"])
    export.add_argument("--doc", help="only this document")
    export.add_argument("--format", choices=["jsonl"], default="jsonl")

    for name, text in (("moties", "the motion registry"), ("toezeggingen", "the commitment tracker"),
                       ("afspraken", "what the parties of regional pacts promised")):
        listing = sub.add_parser(name, parents=[common], help=text)
        listing.add_argument("--status", choices=["afgedaan", "deels", "in uitvoering", "open", "vervangen", "onbekend",
                                                  *(["n.v.t."] if name == "moties" else [])])
        if name == "moties":
            listing.add_argument("--besluit", choices=list(BESLUITEN),
                                 help="what the Kamer decided (open data, else the papers)")
        elif name == "toezeggingen":
            listing.add_argument("--register", action="store_true",
                                 help="the Kamer's toezeggingen register beside these, matched one to one, "
                                 "with both statuses and where they disagree")
        listing.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
        listing.add_argument("--min-confidence", type=_fraction, default=0.0, metavar="0-1",
                             help="hide findings whose rule is less sure than this (each record shows its rule "
                             "and confidence; bench/motie_mentions.py and bench/toezegging_forms.py measure them)")
        listing.add_argument("--as-of", help="date for the overdue flag (default: today), YYYY-MM-DD")

    trace = sub.add_parser("trace", parents=[common], help="a motie or toezegging with its mentions and answers")
    trace.add_argument("id")

    search = sub.add_parser("search", parents=[common], help="search statements (keyword + meaning) with filters")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--mode", choices=["hybrid", "keyword", "semantic"], default="hybrid")
    search.add_argument("--format", choices=["table", "jsonl"], default="table")
    for name in ("actielijn", "doel", "thema", "landsdeel"):
        search.add_argument(f"--{name}", action="append", help=f"only statements with this {name} (repeatable)")
    search.add_argument("--knelpunt", action="store_true", help="only knelpunten")
    search.add_argument("--doc", action="append", help="only this document id (repeatable)")
    search.add_argument("--doc-type", action="append", help="brief, motie, verslag_schriftelijk_overleg, rapport …")
    search.add_argument("--from", dest="date_from", help="documents dated on or after YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", help="documents dated on or before YYYY-MM-DD")
    search.add_argument("--role", action="append", help="question, answer, body, heading, list_item …")
    search.add_argument("--speaker", help="part of a speaker's name or fractie")
    search.add_argument("--ref", help='a Kamerstuk or motie the statement cites: "32637-391" or "32 637, nr. 391"')

    sub.add_parser("index", parents=[common], help="rebuild the vector index (large stores)")
    relabel = sub.add_parser("relabel", parents=[common], help="label the stored statements again from their vectors "
                             "(after the labelling changed: scope, trained heads)")
    relabel.add_argument("--quiet", action="store_true", help="no progress bar")

    serve = sub.add_parser("serve", parents=[common], help="serve the web app (Streamlit) on this store")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="127.0.0.1",
                       help="interface to listen on (default 127.0.0.1, this machine only); any other, "
                            "e.g. 0.0.0.0, needs KAMERSPOOR_PASSWORD")
    serve.add_argument("--allow-upload", action="store_true",
                       help="let the app add papers to the store (off by default; or KAMERSPOOR_ALLOW_UPLOAD=1)")

    prune = sub.add_parser("prune", parents=[common], help="forget deleted files, documents left without any, and stale shards")
    prune.add_argument("--dry-run", action="store_true", help="only list what would be forgotten")
    prune.add_argument("--shards", dest="shard_dir", help=SHARDS_HELP)

    tk = sub.add_parser("tk", help="Tweede Kamer open data: mirror a dossier (sync), store a mirror (load)")
    tk_sub = tk.add_subparsers(dest="tk_command", required=True)
    tk_sync = tk_sub.add_parser("sync", parents=[common], help="mirror a dossier's zaken, toezeggingen and "
                                "publication files from the Kamer's OData service into a folder, then load it")
    tk_sync.add_argument("--dossier", required=True, help="Kamerstukdossier number: 32637, or 21501-32")
    tk_sync.add_argument("--out", required=True, help="the mirror folder (a later run adds only what changed)")
    tk_sync.add_argument("--since", help="ask for records changed on or after this date (YYYY-MM-DD)")
    tk_sync.add_argument("--base-url", help="OData service ($KAMERSPOOR_TK_BASE_URL; default: the gegevensmagazijn)")
    tk_sync.add_argument("--publication-base", help="where repository.overheid.nl files are fetched "
                         "($KAMERSPOOR_TK_PUBLICATION_BASE; default https://repository.overheid.nl)")
    tk_sync.add_argument("--no-load", action="store_true", help="mirror only; do not load into the store")
    tk_sync.add_argument("--quiet", action="store_true", help="no progress lines")
    tk_load = tk_sub.add_parser("load", parents=[common], help="store a folder of open-data pages (as tk sync "
                                "writes them) and ingest the publication files in it")
    tk_load.add_argument("dir", help="the folder: zaak/ and toezegging/ pages (*.json), publication XML/PDF")
    tk_load.add_argument("--quiet", action="store_true", help="no progress bar")
    for tk_command in (tk_sync, tk_load):  # the publication files are ingested like any paper
        tk_command.add_argument("--workers", type=int, help="parser processes (default: all cores)")
        tk_command.add_argument("--no-classify", dest="classify", action="store_false", default=None,
                                help="store the papers without vectors and labels (much faster)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = default_settings().with_overrides(db_path=getattr(args, "db", None), workers=getattr(args, "workers", None),
                                                 model=getattr(args, "model", None),
                                                 classify=getattr(args, "classify", None),
                                                 executor=getattr(args, "executor", None),
                                                 shard_dir=getattr(args, "shard_dir", None))
    try:
        return COMMANDS[args.command](args, settings)
    except StoreError as exc:
        print(f"kamerspoor: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
