"""The review store: reviewers' decisions and sign-offs, append-only and tamper-evident.

ReviewStore, the class callers use, is assembled from parts: db.py (engine, tables,
transactions, upgrades), accounts.py (users, logins, account events, CLI functions),
documents.py (document texts), audit.py (hash chains, audit CSV), staleness.py (when
a decision stops being current) and records.py (the records they hand out). This
module adds decisions and sign-offs: rows are only ever appended and the latest per
(document, claim) wins, so the audit trail is the data itself. Callers import a
record, a table or an account function from the module that defines it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from annotator.review import audit
from annotator.review.accounts import Accounts
from annotator.review.audit import AuditTrail, append_row
from annotator.review.db import decisions, signoffs
from annotator.review.documents import StoredDocuments
from annotator.review.records import (
    DECISIONS,
    VERDICTS,
    DecisionRecord,
    ReviewError,
    SignOff,
)
from annotator.review.staleness import missing_or_stale

__all__ = ["ReviewStore"]


class ReviewStore(Accounts, StoredDocuments, AuditTrail):
    """Decisions, sign-offs and accounts in one SQLite file or PostgreSQL database."""

    # -- decisions and sign-offs -------------------------------------------------------------
    def decide(
        self,
        document: str,
        document_hash: str,
        claim_id: str,
        claim_hash: str,
        verdict_shown: str,
        decision: str,
        reviewer: str,
        *,
        decided_verdict: str | None = None,
        comment: str = "",
        reference_version: str = "",
        fact_fingerprint: str = "",
    ) -> DecisionRecord:
        """Append the reviewer's decision on one claim. An override names the reviewer's
        verdict; overrides and needs_edit need a comment saying why."""
        verdict_shown = str(verdict_shown)
        decided_verdict = str(decided_verdict) if decided_verdict else None
        problems = []
        if verdict_shown not in VERDICTS:
            problems.append(f"verdict_shown {verdict_shown!r} is not one of {', '.join(VERDICTS)}")
        if decision not in DECISIONS:
            problems.append(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
        if decision == "override" and decided_verdict not in VERDICTS:
            problems.append(f"an override needs decided_verdict, one of {', '.join(VERDICTS)}")
        if decision != "override" and decided_verdict:
            problems.append("decided_verdict is only for decision 'override'")
        if decision in ("override", "needs_edit") and not comment.strip():
            problems.append(f"decision {decision!r} needs a comment saying why")
        if problems:
            raise ReviewError(f"{document} {claim_id}: " + "; ".join(problems))
        with self._write() as conn:
            self._require(conn, reviewer, "reviewer", "record decisions")
            if _signed_off(conn, document):
                raise ReviewError(f"{document} is signed off; an editor must reopen it first")
            self._ensure_document(conn, document, document_hash)
            row = append_row(
                conn,
                decisions,
                dict(
                    document=document,
                    document_hash=document_hash,
                    claim_id=claim_id,
                    claim_hash=claim_hash,
                    verdict_shown=verdict_shown,
                    decision=decision,
                    decided_verdict=decided_verdict,
                    comment=comment,
                    reviewer=reviewer,
                    created_at=self._now(),
                    reference_version=reference_version,
                    fact_fingerprint=fact_fingerprint,
                ),
            )
        return DecisionRecord(**row)

    def decisions(self, document: str | None = None) -> list[DecisionRecord]:
        """Every decision (of one document), oldest first."""
        with self._reader.connect() as conn:
            return _decisions(conn, document)

    def latest_decisions(self, document: str) -> dict[str, DecisionRecord]:
        return {d.claim_id: d for d in self.decisions(document)}

    def signoffs(self, document: str | None = None) -> list[SignOff]:
        query = sa.select(signoffs).order_by(signoffs.c.id)
        if document is not None:
            query = query.where(signoffs.c.document == document)
        with self._reader.connect() as conn:
            return [SignOff(**r._mapping) for r in conn.execute(query)]

    def is_signed_off(self, document: str) -> bool:
        with self._reader.connect() as conn:
            return _signed_off(conn, document)

    def pending_claims(
        self, document: str, claims: Mapping[str, tuple], checkable_ids: Iterable[str] | None = None
    ) -> dict[str, str]:
        """{claim_id: "missing" | "stale"} for checkable claims without a current decision.
        `claims` maps claim_id to ClaimState (or a (text_hash, fact_fingerprint) tuple)."""
        with self._reader.connect() as conn:
            return missing_or_stale(_decisions(conn, document), claims, checkable_ids)

    def document_status(
        self, document: str, claims: Mapping[str, tuple], checkable_ids: Iterable[str] | None = None
    ) -> str:
        """For the queue: "new" (no decisions), "in_review", "signed_off", or "stale" (some
        decision no longer matches, or a signed-off document lost coverage)."""
        with self._reader.connect() as conn:
            made, signed = _decisions(conn, document), _signed_off(conn, document)
        pending = missing_or_stale(made, claims, checkable_ids)
        if "stale" in pending.values() or (signed and pending):
            return "stale"
        return "signed_off" if signed else "in_review" if made else "new"

    def sign_off(
        self,
        document: str,
        document_hash: str,
        reviewer: str,
        meaning: str,
        reference_version: str,
        claims: Mapping[str, tuple],
        checkable_ids: Iterable[str] | None = None,
    ) -> SignOff:
        """Sign the document off; refused unless every checkable claim has a current decision."""
        if not meaning.strip():
            raise ReviewError(
                f"{document}: a sign-off needs a meaning (what the signature attests)"
            )
        with self._write() as conn:
            self._require(conn, reviewer, "reviewer", "sign off")
            if _signed_off(conn, document):
                raise ReviewError(f"{document} is already signed off")
            pending = missing_or_stale(_decisions(conn, document), claims, checkable_ids)
            if pending:
                listed = ", ".join(f"{cid} ({why})" for cid, why in sorted(pending.items()))
                raise ReviewError(f"cannot sign off {document}: no current decision for {listed}")
            self._ensure_document(conn, document, document_hash)
            return self._append_signoff(
                conn, document, document_hash, reference_version, reviewer, meaning, "sign_off"
            )

    def reopen(self, document: str, reviewer: str, reason: str) -> SignOff:
        """Withdraw the sign-off so decisions can change again (editor or admin only)."""
        if not reason.strip():
            raise ReviewError(f"{document}: reopening needs a reason")
        with self._write() as conn:
            self._require(conn, reviewer, "editor", "reopen documents")
            last = _last_signoff(conn, document)
            if last is None or last.action != "sign_off":
                raise ReviewError(f"{document} is not signed off; nothing to reopen")
            return self._append_signoff(
                conn,
                document,
                last.document_hash,
                last.reference_version,
                reviewer,
                reason,
                "reopen",
            )

    def _append_signoff(
        self, conn, document, document_hash, reference_version, reviewer, meaning, action
    ) -> SignOff:
        """A sign-off or a reopen: the same row, `meaning` holding the attestation or reason."""
        values = dict(
            document=document,
            document_hash=document_hash,
            reference_version=reference_version,
            reviewer=reviewer,
            meaning=meaning,
            action=action,
            created_at=self._now(),
        )
        return SignOff(**append_row(conn, signoffs, values))

    # -- audit -------------------------------------------------------------------------------
    def audit_rows(self, document: str | None = None) -> list[dict]:
        """Every decision and sign-off as a dict with AUDIT_COLUMNS, in time order."""
        return audit.audit_rows(self.decisions(document), self.signoffs(document))

    def export_audit_csv(self, path_or_file, document: str | None = None) -> int:
        """Write audit_rows() as CSV with AUDIT_COLUMNS, formula-safe; returns the row count."""
        rows = self.audit_rows(document)
        audit.write_audit_csv(path_or_file, rows)
        return len(rows)


def _decisions(conn, document: str | None) -> list[DecisionRecord]:
    query = sa.select(decisions).order_by(decisions.c.id)
    if document is not None:
        query = query.where(decisions.c.document == document)
    return [DecisionRecord(**r._mapping) for r in conn.execute(query)]


def _last_signoff(conn, document: str) -> SignOff | None:
    row = conn.execute(
        sa.select(signoffs)
        .where(signoffs.c.document == document)
        .order_by(signoffs.c.id.desc())
        .limit(1)
    ).first()
    return SignOff(**row._mapping) if row else None


def _signed_off(conn, document: str) -> bool:
    last = _last_signoff(conn, document)
    return last is not None and last.action == "sign_off"
