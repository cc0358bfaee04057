"""How a row joins its table's hash chain: row_hash, MAC, and the one append function.

Why a module of its own: db.py (which checks account states as it reads them), the migrations'
copies, audit.py (which verifies whole chains) and every writer need the same hash; keeping it
below all of them means it is computed in exactly one place.
- row_hash = sha256(prev_hash + canonical JSON of [table, content]): an edit shows.
- mac = HMAC(server key, table + row_hash) (audit_keys.py): a recomputed chain shows too.
- Columns added by a later revision (LATER_COLUMNS) are NULL on rows written before it; the
  hash leaves a NULL one out, so those rows still verify exactly as they were written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import sqlalchemy as sa

from annotator.review.audit_keys import row_mac

GENESIS = "0" * 64
NOT_HASHED = ("id", "prev_hash", "row_hash", "mac")
LATER_COLUMNS = frozenset(  # added by revisions 0004 and 0005 to existing chained tables
    {"seen", "via", "confirms", "outcome", "auth_method", "version", "note", "heads"}
)


def row_hash(table: str, prev_hash: str, values: Mapping[str, object]) -> str:
    content = {
        k: v
        for k, v in values.items()
        if k not in NOT_HASHED and not (k in LATER_COLUMNS and v is None)
    }
    canonical = json.dumps([table, content], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append_row(conn, table: sa.Table, values: dict, key: bytes | None = None) -> dict:
    """Insert `values` as the next link of `table`'s chain (MAC'd when `key` is given); call it
    inside a write transaction, so no other writer can append after the same chain head."""
    last = conn.execute(sa.select(table.c.row_hash).order_by(table.c.id.desc()).limit(1))
    prev = last.scalar() or GENESIS
    values = {**values, "prev_hash": prev, "row_hash": row_hash(table.name, prev, values)}
    if key is not None:
        values["mac"] = row_mac(key, table.name, values["row_hash"])
    result = conn.execute(table.insert().values(**values))
    return {"id": result.inserted_primary_key[0], **values}
