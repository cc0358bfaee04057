"""Who holds a document: assignment, taking, releasing; the store refuses others' writes.

Why: two reviewers working the same article at once either duplicate work or overwrite each
other. A document can be held by one reviewer at a time (Label Studio's lock): a reviewer
takes an unheld document or releases their own; an editor or admin assigns anyone or releases
anyone. While a document is held, decisions and sign-offs by anyone else are refused with the
holder's name. Assignments are appended and hash-chained like decisions; the latest wins.
"""

from __future__ import annotations

import sqlalchemy as sa

from annotator.review import damage
from annotator.review.db import StoreBase, assignments
from annotator.review.records import ROLES, Assignment, ReviewError


class Assignments(StoreBase):
    """assign(), holder(), holders(): the queue's "held by" column and the write guard."""

    def assign(self, document: str, assignee: str | None, by: str, note: str = "") -> Assignment:
        """Give `document` to `assignee` (None: release it). A reviewer may only take an
        unheld document for themself or release their own; editors and admins may do any."""
        with self._write() as conn:
            self._require(conn, by, "reviewer", "take or release documents")
            role = self._state(conn, by).role
            held = _holder(conn, document)
            if assignee:
                self._require(conn, assignee, "reviewer", "hold documents")
            if ROLES.index(role) < ROLES.index("editor"):
                if assignee and assignee != by:
                    raise ReviewError(
                        f"{by!r} cannot assign {document} to {assignee!r}; an editor can"
                    )
                if held and held != by:
                    raise ReviewError(
                        f"{document} is held by {held}; ask them or an editor to release it"
                    )
            if (assignee or "") == (held or ""):
                raise ReviewError(
                    f"{document} is already {'held by ' + held if held else 'unassigned'}"
                )
            values = dict(
                document=document,
                assignee=assignee or "",
                assigned_by=by,
                note=note,
                created_at=self._now(),
            )
            return Assignment(**self._chain(conn, assignments, values))

    def holder(self, document: str) -> str | None:
        with self._reader.connect() as conn:
            return _holder(conn, document)

    def holders(self) -> dict[str, str]:
        """{document: holder} for every document held now."""
        a = assignments.c
        latest = sa.select(sa.func.max(a.id)).group_by(a.document).scalar_subquery()
        with self._reader.connect() as conn:
            rows = conn.execute(sa.select(a.document, a.assignee).where(a.id.in_(latest)))
            return {r.document: r.assignee for r in rows if r.assignee}

    def assignment_history(self, document: str | None = None) -> list[Assignment]:
        query = sa.select(assignments).order_by(assignments.c.id)
        if document is not None:
            query = query.where(assignments.c.document == document)
        with self._reader.connect() as conn:
            return damage.read(conn, query, Assignment, "assignments")

    def _require_holder(self, conn, document: str, username: str, doing: str) -> None:
        """Inside a write: refuse when someone else holds the document."""
        held = _holder(conn, document)
        if held and held != username:
            raise ReviewError(
                f"{document} is held by {held}; {username} cannot {doing} until it is released"
            )


def _holder(conn, document: str) -> str | None:
    row = conn.execute(
        sa.select(assignments.c.assignee)
        .where(assignments.c.document == document)
        .order_by(assignments.c.id.desc())
        .limit(1)
    ).first()
    return row.assignee if row and row.assignee else None
