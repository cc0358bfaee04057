"""The review store: decisions, e-signatures and accounts, append-only and tamper-evident.

ReviewStore, the class callers use, is assembled from parts: db.py (engine, tables,
transactions, upgrades), accounts.py (users, logins, account events), documents.py (stable
ids, versions, texts), assignments.py (who holds a document), decisions.py (decisions,
confirmations, bulk actions, conflicts), audit.py (hash chains, audit CSV), items.py and
signing.py (pure rules). This module adds the sign-off: an electronic signature that
re-authenticates the signer, records an outcome and its meaning in words, and is refused
unless the rules of signing.py hold on the decisions in force at that moment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from annotator.review import audit, damage
from annotator.review.accounts import Accounts
from annotator.review.audit import AuditTrail
from annotator.review.db import chain_heads, document_versions, signoffs
from annotator.review.decisions import Decisions
from annotator.review.documents import StoredDocuments
from annotator.review.items import effective_decisions, pending
from annotator.review.queries import decisions_of, signed_version, version_chain
from annotator.review.records import (
    FINDING_PREFIX,
    OUTCOMES,
    DamagedRow,
    DocumentVersion,
    Effective,
    ReviewError,
    ReviewItem,
    SignOff,
)
from annotator.review.signing import meaning_text, signature_problems, summarize

__all__ = ["ReviewState", "ReviewStore"]
FRESH_LOGIN = timedelta(minutes=5)  # an OIDC sign-in older than this cannot sign


class ReviewState(NamedTuple):
    """One document version as the review page needs it, read in one transaction."""

    effective: dict[str, Effective]
    pending: dict[str, str]  # key -> missing | stale
    signed: SignOff | None  # the sign-off in force on this version
    holder: str | None
    versions: list[DocumentVersion]
    # rows of this document that could not be read (left out above; show them)
    problems: tuple[DamagedRow, ...] = ()
    # the sign-off in force on an earlier version: it does not cover this text
    earlier_signoff: SignOff | None = None

    @property
    def status(self) -> str:
        """new | in_review | stale | approved | approved_with_changes | not_approved |
        signed_off (a sign-off made before outcomes existed)."""
        if self.signed is not None:  # stale when what it covered changed; an undecided
            lost = any(  # finding it left aside (allowed when signed) does not count
                why == "stale" or not key.startswith(FINDING_PREFIX)
                for key, why in self.pending.items()
            )
            return "stale" if lost else self.signed.outcome or "signed_off"
        if "stale" in self.pending.values():
            return "stale"
        return "in_review" if self.effective else "new"


class ReviewStore(Accounts, StoredDocuments, Decisions, AuditTrail):
    """Decisions, sign-offs and accounts in one SQLite file or PostgreSQL database."""

    def review_state(
        self, document: str, document_hash: str, items: Sequence[ReviewItem]
    ) -> ReviewState:
        """Decisions in force, what is left, the sign-off in force on exactly this text (a
        sign-off covers one content hash: a new version is unsigned), who holds it, and the
        rows that could not be read (skipped, listed in `problems`)."""
        damaged: list[DamagedRow] = []
        with self._reader.connect() as conn:
            effective = effective_decisions(
                decisions_of(conn, document, damaged=damaged),
                version_chain(conn, document, document_hash),
                items,
            )
            signed = signed_version(conn, document, document_hash, damaged)
            dv = document_versions.c
            query = sa.select(document_versions).where(dv.doc_id == document).order_by(dv.version)
            versions = damage.read(conn, query, DocumentVersion, "document_versions", damaged)
            earlier = None
            if signed is None:
                last = signed_version(conn, document)
                if last is not None and last.document_hash != document_hash:
                    earlier = last
        return ReviewState(
            effective,
            pending(items, effective),
            signed,
            self.holder(document),
            versions,
            tuple(damaged),
            earlier,
        )

    def sign_off(
        self,
        document: str,
        document_hash: str,
        reviewer: str,
        outcome: str,
        reference_version: str,
        items: Sequence[ReviewItem],
        *,
        password: str | None = None,
        oidc_auth_time: datetime | None = None,
        note: str = "",
    ) -> SignOff:
        """Sign one version off with `outcome`, after re-authenticating the signer: their
        password, or (the app, with OIDC) the time of a sign-in made in the last 5 minutes."""
        if outcome not in OUTCOMES:
            raise ReviewError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
        method = self._reauthenticate(reviewer, password, oidc_auth_time)
        with self._write() as conn:
            self._require(conn, reviewer, "reviewer", "sign off")
            self._require_holder(conn, document, reviewer, "sign off")
            if signed_version(conn, document, document_hash):
                raise ReviewError(f"{document} is already signed off")
            effective = effective_decisions(
                decisions_of(conn, document), version_chain(conn, document, document_hash), items
            )
            problems = signature_problems(outcome, reviewer, items, effective, note)
            version = _version(conn, document, document_hash)
            name = version.name if version else document
            if problems:
                raise ReviewError(
                    f"cannot sign {name} off as {OUTCOMES[outcome]}: " + "; ".join(problems)
                )
            number = str(version.version) if version else ""
            meaning = meaning_text(
                outcome,
                reviewer,
                name,
                number,
                document_hash,
                reference_version,
                summarize(items, effective, reviewer),
            )
            self._ensure_document(conn, document, document_hash)
            values = dict(
                document=document,
                document_hash=document_hash,
                reference_version=reference_version,
                reviewer=reviewer,
                meaning=meaning,
                action="sign_off",
                created_at=self._now(),
                outcome=outcome,
                auth_method=method,
                version=number,
                note=note.strip(),
                heads=json.dumps(chain_heads(conn), sort_keys=True),  # the receipt
            )
            return SignOff(**self._chain(conn, signoffs, values))

    def _reauthenticate(self, reviewer, password, oidc_auth_time) -> str:
        if password is not None:
            if self.authenticate(reviewer, password) is None:
                raise ReviewError(
                    f"signature refused: wrong password for {reviewer!r} (failed attempts "
                    "count towards the lock-out)"
                )
            return "password"
        if oidc_auth_time is not None:
            age = self._clock() - oidc_auth_time
            if not -timedelta(minutes=1) <= age <= FRESH_LOGIN:  # a minute of clock skew
                raise ReviewError(
                    "signature refused: your sign-in is older than 5 minutes; sign in again to sign"
                )
            return "oidc"
        raise ReviewError("a signature needs your password (or a fresh organisation sign-in)")

    def reopen(self, document: str, reviewer: str, reason: str) -> SignOff:
        """Withdraw the sign-off in force so decisions can change again (editor or admin)."""
        if not reason.strip():
            raise ReviewError(f"{document}: reopening needs a reason")
        with self._write() as conn:
            self._require(conn, reviewer, "editor", "reopen documents")
            last = signed_version(conn, document)
            if last is None:
                raise ReviewError(f"{document} is not signed off; nothing to reopen")
            values = dict(
                document=document,
                document_hash=last.document_hash,
                reference_version=last.reference_version,
                reviewer=reviewer,
                meaning=reason,
                action="reopen",
                created_at=self._now(),
                outcome="",
                auth_method="",
                version=last.version or "",
                note="",
                heads=json.dumps(chain_heads(conn), sort_keys=True),
            )
            return SignOff(**self._chain(conn, signoffs, values))

    def signoffs(self, document: str | None = None) -> list[SignOff]:
        query = sa.select(signoffs).order_by(signoffs.c.id)
        if document is not None:
            query = query.where(signoffs.c.document == document)
        with self._reader.connect() as conn:
            return damage.read(conn, query, SignOff, "signoffs")

    def is_signed_off(self, document: str, document_hash: str | None = None) -> bool:
        """Whether this text (`document_hash`; default: the document's latest version) is
        signed off. A sign-off of another version does not count."""
        with self._reader.connect() as conn:
            if document_hash is None:
                dv = document_versions.c
                document_hash = conn.execute(
                    sa.select(dv.content_hash).where(dv.doc_id == document).order_by(dv.id.desc())
                ).scalar()
            return signed_version(conn, document, document_hash) is not None

    # -- audit -------------------------------------------------------------------------------
    def audit_rows(self, document: str | None = None) -> list[dict]:
        """Every decision and sign-off as a dict with AUDIT_COLUMNS, in time order."""
        return audit.audit_rows(self.decisions(document), self.signoffs(document))

    def export_audit_csv(self, path_or_file, document: str | None = None) -> int:
        """Write audit_rows() as CSV with AUDIT_COLUMNS, formula-safe, then the chain heads
        (kind chain_head); returns the number of audit rows."""
        rows = self.audit_rows(document)
        heads = audit.head_rows(self.chain_heads(), self._now())
        audit.write_audit_csv(path_or_file, rows + heads)
        return len(rows)


def _version(conn, document: str, document_hash: str) -> DocumentVersion | None:
    dv = document_versions.c
    query = sa.select(document_versions).where(
        dv.doc_id == document, dv.content_hash == document_hash
    )
    return damage.read_one(conn, query, DocumentVersion, "document_versions")
