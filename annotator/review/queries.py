"""Reads every part of the review store shares: decisions of a document (both tables),
the chain of its versions, the sign-off in force.

Why a module of their own: decisions, sign-offs and the review state all compute what is in
force from the same rows, inside their own transactions; one copy of each query keeps them
in agreement.
"""

from __future__ import annotations

import sqlalchemy as sa

from annotator.review import damage
from annotator.review.db import decisions, document_versions, finding_decisions, signoffs
from annotator.review.records import DecisionRecord, SignOff


def order(d: DecisionRecord):
    return (d.created_at, d.is_finding, d.id)


def decisions_of(
    conn, document: str | None, finding: bool | None = None, damaged: list | None = None
) -> list[DecisionRecord]:
    tables = [decisions, finding_decisions]
    if finding is not None:
        tables = [finding_decisions if finding else decisions]
    out = []
    for table in tables:
        query = sa.select(table).order_by(table.c.id)
        if document is not None:
            query = query.where(table.c.document == document)
        out += damage.read(conn, query, DecisionRecord, table.name, damaged)
    return sorted(out, key=order) if finding is None else out


def version_chain(conn, document: str, document_hash: str) -> list[str]:
    """Content hashes of the document's versions up to `document_hash`, oldest first."""
    dv = document_versions.c
    hashes = (
        conn.execute(sa.select(dv.content_hash).where(dv.doc_id == document).order_by(dv.version))
        .scalars()
        .all()
    )
    if document_hash not in hashes:
        return [document_hash]
    return list(hashes[: hashes.index(document_hash) + 1])


def signed_version(
    conn, document: str, document_hash: str | None = None, damaged: list | None = None
) -> SignOff | None:
    """The sign-off in force on the document (on that version when given), else None. A
    sign-off belongs to one text: another version (another hash) is not signed by it. A
    damaged latest row signs nothing (it is reported instead)."""
    query = sa.select(signoffs).where(signoffs.c.document == document)
    if document_hash is not None:
        query = query.where(signoffs.c.document_hash == document_hash)
    last = damage.read_one(conn, query.order_by(signoffs.c.id.desc()), SignOff, "signoffs", damaged)
    return last if last is not None and last.action == "sign_off" else None
