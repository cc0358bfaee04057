"""The review store's audit trail: hash-chained rows, the chain check, and the CSV export.

Why it is built this way:
- Decisions, sign-offs, document texts and account events are rows that are only ever
  appended (migration triggers refuse UPDATE/DELETE on them), so the trail is the data itself.
- Each appended row carries row_hash = sha256(prev_hash + canonical row content), one chain
  per table, so an edit or deletion made behind the store's back shows up in verify_chain().
  append_row() is the one way rows enter a chain, so the hash is computed in one place.
- A chain cannot reveal its own truncation; chain_heads() gives the figures to keep elsewhere.
- Columns added by a later revision (LATER_COLUMNS) are NULL on the rows written before it;
  the hash leaves a NULL one out, so those rows still verify exactly as they were written.
- The export goes through csvsafe: reviewers' comments must not run as spreadsheet formulas.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from annotator.outputs.csvsafe import safe_row
from annotator.review.db import CHAINED, StoreBase
from annotator.review.records import DecisionRecord, SignOff

GENESIS = "0" * 64
LATER_COLUMNS = frozenset(  # added by revision 0004 to existing chained tables
    {"seen", "via", "confirms", "outcome", "auth_method", "version", "note"}
)
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
)


def row_hash(table: str, prev_hash: str, values: Mapping[str, object]) -> str:
    content = {
        k: v
        for k, v in values.items()
        if k not in ("id", "prev_hash", "row_hash") and not (k in LATER_COLUMNS and v is None)
    }
    canonical = json.dumps([table, content], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append_row(conn, table: sa.Table, values: dict) -> dict:
    """Insert `values` as the next link of `table`'s chain; call it inside a write
    transaction, so no other writer can append after the same chain head."""
    last = conn.execute(sa.select(table.c.row_hash).order_by(table.c.id.desc()).limit(1))
    prev = last.scalar() or GENESIS
    values = {**values, "prev_hash": prev, "row_hash": row_hash(table.name, prev, values)}
    result = conn.execute(table.insert().values(**values))
    return {"id": result.inserted_primary_key[0], **values}


class AuditTrail(StoreBase):
    """The checks over every chained table, as ReviewStore methods."""

    def verify_chain(self) -> list[str]:
        """Problems in the hash chains (decisions, sign-offs, document texts, account
        events); empty when intact."""
        problems = []
        with self._reader.connect() as conn:
            for table in CHAINED:
                expected = GENESIS
                for row in conn.execute(sa.select(table).order_by(table.c.id)):
                    values = dict(row._mapping)
                    if values["prev_hash"] != expected:
                        problems.append(
                            f"{table.name} id {row.id}: prev_hash does not match the "
                            "previous row (a row was deleted, inserted or reordered)"
                        )
                    if row_hash(table.name, values["prev_hash"], values) != values["row_hash"]:
                        problems.append(
                            f"{table.name} id {row.id}: content does not match "
                            "row_hash (the row was edited)"
                        )
                    expected = values["row_hash"]
        return problems

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        """(row count, last row_hash) per audit table: record them elsewhere to detect a
        truncated or rewritten chain, which the chain alone cannot reveal."""
        with self._reader.connect() as conn:
            return {
                t.name: (
                    conn.execute(sa.select(sa.func.count()).select_from(t)).scalar(),
                    conn.execute(sa.select(t.c.row_hash).order_by(t.c.id.desc()).limit(1)).scalar()
                    or GENESIS,
                )
                for t in CHAINED
            }


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
