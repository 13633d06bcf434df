"""Labels per statement (actielijn, doel, thema, landsdeel, knelpunt, scope) and what is counted from them:
knelpunten per region, pacts.

Part of ``store.db.Store`` (a mixin): every query of this concept is here, on the store's one connection."""
from __future__ import annotations

import duckdb
import pyarrow as pa

from store.records import Knelpunt, Pact, StatementLabel


class Labels:
    """Labels per statement, and the knelpunten and pacts counted from them."""

    con: duckdb.DuckDBPyConnection

    def replace_labels(self, doc_id: str, statement_ids: list[str], labels: list) -> None:
        """A paper's labels anew (``kamerspoor relabel``: the labelling changed, the statements did not)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM statement_labels WHERE doc_id = ?", [doc_id])
            self._insert_labels(doc_id, statement_ids, labels)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _insert_labels(self, doc_id: str, ids: list[str], all_labels: list) -> None:
        rows = {"statement_id": [], "label_set": [], "label_id": [], "score": [], "method": [], "reason": []}
        for statement_id, labels in zip(ids, all_labels):
            entries = []
            if labels.in_scope:  # out of scope: only the scope label, so no filter, count or export sees it
                entries = [(x.label_set, x.label_id, x.score, x.method, x.reason) for x in labels.scores]
                if labels.knelpunt > 0:
                    entries.append(("knelpunt", "knelpunt", labels.knelpunt, "cue", labels.knelpunt_reason))
            if labels.scope is not None:
                scope = labels.scope
                entries.append(("scope", "in" if scope.in_scope else "uit", scope.score, scope.method, scope.reason))
            for label_set, label_id, score, method, reason in entries:
                for key, value in zip(rows, (statement_id, label_set, label_id, score, method, reason)):
                    rows[key].append(value)
        table = pa.table({"statement_id": rows["statement_id"], "doc_id": [doc_id] * len(rows["statement_id"]),
                          "label_set": rows["label_set"], "label_id": rows["label_id"],
                          "score": pa.array(rows["score"], pa.float32()), "method": rows["method"], "reason": rows["reason"]})
        self._append("statement_labels", table)

    def labels(self, doc_id: str | None = None) -> list[StatementLabel]:
        """The labels of one paper's statements (None: of all), per statement and label set, best first."""
        where, params = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return [StatementLabel(**row) for row in self._rows(
            f"SELECT * FROM statement_labels {where} ORDER BY statement_id, label_set, score DESC", params)]

    def knelpunten(self, threshold: float) -> list[Knelpunt]:
        """Every knelpunt statement (knelpunt score at or above ``threshold``; in scope, since statements out
        of scope carry no knelpunt label), once, in the cell of its strongest landsdeel and actielijn at or
        above the threshold (None where it has none). The heat map, the map and the list are all counted
        from these rows, so they add up: a statement is never counted in two cells."""
        return [Knelpunt(**row) for row in self._rows(
            """WITH k AS (SELECT statement_id, score, reason FROM statement_labels
                          WHERE label_set = 'knelpunt' AND score >= ?),
                    best AS (SELECT statement_id, label_set, arg_max(label_id, score) AS label_id
                             FROM statement_labels
                             WHERE label_set IN ('landsdeel', 'actielijn') AND score >= ?
                               AND statement_id IN (SELECT statement_id FROM k)
                             GROUP BY statement_id, label_set)
               SELECT s.id AS statement_id, s.doc_id, d.title, d.date, s.page, s.section_path, s.text,
                      round(k.score, 3) AS knelpunt, k.reason,
                      l.label_id AS landsdeel, a.label_id AS actielijn
               FROM k JOIN statements s ON s.id = k.statement_id JOIN documents d ON d.id = s.doc_id
               LEFT JOIN best l ON l.statement_id = k.statement_id AND l.label_set = 'landsdeel'
               LEFT JOIN best a ON a.statement_id = k.statement_id AND a.label_set = 'actielijn'
               ORDER BY k.score DESC, s.id""", [threshold, threshold])]

    def pacts(self, threshold: float) -> list[Pact]:
        """Every regional pact (doc type ``pact``) with its region: the landsdeel most of its statements carry
        at or above ``threshold`` (None when none does), the share of its labelled statements that carry it,
        and its afspraken counted by status with their money."""
        return [Pact(**row) for row in self._rows(
            """WITH regions AS (SELECT l.doc_id, l.label_id, count(DISTINCT l.statement_id) AS n
                                FROM statement_labels l JOIN documents d ON d.id = l.doc_id
                                WHERE d.doc_type = 'pact' AND l.label_set = 'landsdeel' AND l.score >= ?
                                GROUP BY ALL),
                    region AS (SELECT doc_id, arg_max(label_id, n) AS landsdeel, max(n) / sum(n) AS share
                               FROM regions GROUP BY doc_id),
                    deals AS (SELECT made_at AS doc_id, count(*) AS afspraken,
                                     count(*) FILTER (WHERE status IN ('open', 'onbekend')) AS open,
                                     count(*) FILTER (WHERE status IN ('afgedaan', 'deels', 'in uitvoering')) AS beantwoord,
                                     sum(amount_eur) AS bedrag
                              FROM commitments WHERE kind = 'afspraak' GROUP BY made_at)
               SELECT d.id AS doc_id, d.title, d.date, r.landsdeel, round(r.share, 2) AS share,
                      coalesce(a.afspraken, 0) AS afspraken, coalesce(a.open, 0) AS open,
                      coalesce(a.beantwoord, 0) AS beantwoord, a.bedrag
               FROM documents d LEFT JOIN region r ON r.doc_id = d.id LEFT JOIN deals a ON a.doc_id = d.id
               WHERE d.doc_type = 'pact' ORDER BY r.landsdeel NULLS LAST, d.date NULLS LAST, d.id""", [threshold])]
