"""The review store's audit trail: the checks over every chain, and the audit export.

Why it is built this way:
- Decisions, sign-offs, versions, texts, assignments and account events and states are rows
  that are only ever appended (migration triggers refuse UPDATE, DELETE and REPLACE), so the
  trail is the data itself.
- Each row is chained (row_hash over the previous one) and MAC'd with a key kept outside the
  database (chain.py, audit_keys.py), and every write anchors the chain heads outside it too,
  so verify (verify.py) tells edits, removals (also of the newest rows) and forgeries apart.
- The export goes through csvsafe: reviewers' comments must not run as spreadsheet formulas;
  it ends with the chain heads (kind chain_head), so a copy of it can later be held against
  the store.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

import sqlalchemy as sa

from annotator.outputs.csvsafe import safe_row
from annotator.review import damage, verify
from annotator.review.chain import GENESIS, LATER_COLUMNS, append_row, row_hash
from annotator.review.db import (
    CHAINED,
    StoreBase,
    account_events,
    assignments,
    decisions,
    document_texts,
    document_versions,
    finding_decisions,
    signoffs,
)
from annotator.review.db import chain_heads as _heads
from annotator.review.records import (
    AccountEvent,
    Assignment,
    DamagedRow,
    DecisionRecord,
    DocumentVersion,
    SignOff,
    StoredDocument,
)
from annotator.review.verify import AuditReport, ChainProblem, Head

__all__ = ["GENESIS", "LATER_COLUMNS", "AuditTrail", "ChainProblem", "append_row", "row_hash"]
AUDIT_COLUMNS = (
    "kind",
    "id",
    "created_at",
    "document",
    "document_hash",
    "reference_version",
    "reviewer",
    "claim_id",
    "claim_hash",
    "verdict_shown",
    "decision",
    "decided_verdict",
    "comment",
    "fact_fingerprint",
    "seen",
    "via",
    "confirms",
    "action",
    "outcome",
    "auth_method",
    "version",
    "meaning",
    "note",
    "row_hash",
    "mac",
)
RECORDS = {  # the record each chained table is read as (account_states: read by accounts.py)
    decisions: DecisionRecord,
    finding_decisions: DecisionRecord,
    signoffs: SignOff,
    document_texts: StoredDocument,
    account_events: AccountEvent,
    document_versions: DocumentVersion,
    assignments: Assignment,
}


class AuditTrail(StoreBase):
    """The checks over every chained table, as ReviewStore methods."""

    def audit_report(self) -> AuditReport:
        """Every chain checked: content against row_hash, links, MACs with the server key,
        and the heads anchored outside the database."""
        entries, anchor_problems = self._anchor.entries()
        limits = verify.legacy_limits(entries)
        problems = [ChainProblem("anchor", "anchor", None, None, p) for p in anchor_problems]
        legacy = {}
        with self._reader.connect() as conn:
            for table in CHAINED:
                rows = (
                    dict(r._mapping) for r in conn.execute(sa.select(table).order_by(table.c.id))
                )
                found, unkeyed, by_id = verify.check_table(
                    table.name, rows, self._key, limits.get(table.name)
                )
                problems += found + verify.check_anchor(table.name, by_id, entries)
                if unkeyed:
                    legacy[table.name] = (unkeyed[0], unkeyed[-1])
            heads = {t: Head(*h) for t, h in _heads(conn).items()}
        if not entries and any(h.rows > h.unkeyed for h in heads.values()):
            problems.append(
                ChainProblem(
                    "anchor",
                    "anchor",
                    None,
                    None,
                    f"{self._anchor.path}: no anchor "
                    "for this store, so removed rows cannot be detected (the anchor "
                    "file was lost or moved)",
                )
            )
        return AuditReport(problems, legacy, heads, len(entries))

    def verify_chain(self) -> list[ChainProblem]:
        """The problems of audit_report(): empty when intact. Each is a line naming the table
        and rows (a str), with .table, .kind and .first/.last ids for grouping."""
        return self.audit_report().problems

    def chain_heads(self) -> dict[str, Head]:
        """Head(rows, last_id, last_hash, unkeyed) per chained table, as anchored after each
        write: keep them elsewhere to hold the store to them later."""
        with self._reader.connect() as conn:
            return {t: Head(*h) for t, h in _heads(conn).items()}

    def damaged_rows(self) -> list[DamagedRow]:
        """Every chained row that cannot be read as its record (listings leave them out)."""
        damaged: list[DamagedRow] = []
        with self._reader.connect() as conn:
            for table, record in RECORDS.items():
                damage.read(
                    conn, sa.select(table).order_by(table.c.id), record, table.name, damaged
                )
        return damaged


def audit_rows(decisions: Iterable[DecisionRecord], signoffs: Iterable[SignOff]) -> list[dict]:
    """Decisions (on claims and on findings) and sign-offs as dicts with AUDIT_COLUMNS, in
    time order."""
    rows = [
        {"kind": "finding_decision" if d.is_finding else "decision", **vars(d)} for d in decisions
    ]
    rows += [{"kind": s.action, **vars(s)} for s in signoffs]
    rank = {"decision": 0, "finding_decision": 1}  # then sign-offs and reopens
    rows.sort(key=lambda r: (r["created_at"], rank.get(r["kind"], 2), r["id"]))
    return [{c: r.get(c) for c in AUDIT_COLUMNS} for r in rows]


def head_rows(heads: dict[str, Head], at: str) -> list[dict]:
    """The chain heads as audit rows: kind chain_head, the table in `document`, its row count
    in `id`, the last row id in `version`, the last hash in `row_hash`."""
    return [
        {c: None for c in AUDIT_COLUMNS}
        | dict(
            kind="chain_head",
            document=t,
            id=h.rows,
            version=str(h.last_id),
            row_hash=h.last_hash,
            created_at=at,
        )
        for t, h in heads.items()
    ]


def write_audit_csv(path_or_file, rows: list[dict]) -> None:
    """Write audit rows as CSV with AUDIT_COLUMNS, formula-safe, to a path or an open file."""
    if hasattr(path_or_file, "write"):
        _write_csv(path_or_file, rows)
    else:
        with open(path_or_file, "w", newline="", encoding="utf-8") as out:
            _write_csv(out, rows)


def _write_csv(out, rows: list[dict]) -> None:
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    writer.writerows(safe_row(r[c] for c in AUDIT_COLUMNS) for r in rows)
