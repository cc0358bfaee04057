"""The review store's records and vocabularies: what its rows look like once read back.

Why a module of their own: the table definitions (db.py) are built from these
dataclasses' fields, and every part of the store (accounts, audit, decisions, documents)
hands them out, so they sit below all of those and import none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from annotator.errors import AnnotatorError
from annotator.models import Document, Verdict

ROLES = ("reviewer", "editor", "admin")  # each role may do everything the roles before it may
DECISIONS = ("agree", "override", "needs_edit")
VERDICTS = tuple(v.value for v in Verdict)
ORIGINS = ("folder", "upload", "paste", "api")  # how a stored document came in
FORMATS = ("txt", "md", "html")


class ReviewError(AnnotatorError):
    """A refused review action (unknown user, missing role, incomplete sign-off ...)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    active: bool
    created_at: str


@dataclass(frozen=True)
class DecisionRecord:
    id: int
    document: str
    document_hash: str
    claim_id: str
    claim_hash: str
    verdict_shown: str
    decision: str  # agree | override | needs_edit
    decided_verdict: str | None  # the reviewer's verdict when decision == "override"
    comment: str
    reviewer: str
    created_at: str  # UTC ISO 8601
    reference_version: str
    fact_fingerprint: str
    prev_hash: str
    row_hash: str

    @property
    def final_verdict(self) -> str:
        return self.decided_verdict if self.decision == "override" else self.verdict_shown


@dataclass(frozen=True)
class SignOff:
    id: int
    document: str
    document_hash: str
    reference_version: str
    reviewer: str
    meaning: str  # what the signature means, or the reason for a reopen
    action: str  # sign_off | reopen
    created_at: str
    prev_hash: str
    row_hash: str


@dataclass(frozen=True)
class StoredDocument:
    """One stored version of a document's text (see save_document)."""

    id: int
    name: str
    content_hash: str  # Document.id: sha256 of the text, as decisions record it
    format: str
    text: str
    source_text: str | None  # original markup of an HTML document
    origin: str  # folder | upload | paste | api
    added_by: str
    added_at: str
    prev_hash: str
    row_hash: str

    @property
    def document(self) -> Document:
        return Document(self.name, self.text, self.format, self.source_text)


@dataclass(frozen=True)
class AccountEvent:
    """One change to an account: created, role_changed, (de|re)activated, password_*."""

    id: int
    username: str
    action: str
    detail: str
    actor: str  # the admin who did it, the user (rehash), or system:<os user> (CLI, set-up)
    created_at: str
    prev_hash: str
    row_hash: str


class ClaimState(NamedTuple):
    """What a decision on a claim must still match to be current."""

    text_hash: str
    fact_fingerprint: str
    verdict: str = ""  # "" = do not compare verdicts
