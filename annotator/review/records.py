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
CLAIM_DECISIONS = ("agree", "override", "needs_edit")
FINDING_DECISIONS = ("agree", "dismiss", "needs_edit")  # the defect is there / is not / fix it
DECISIONS = CLAIM_DECISIONS  # kept for callers of the first store
VERDICTS = tuple(v.value for v in Verdict)
FINDING = "finding"  # verdict_shown of a finding decision: findings have no verdict
FINDING_PREFIX = "F:"  # item keys of findings start with it; claim ids ("c001") never do
ORIGINS = ("folder", "upload", "paste", "api")  # how a stored document came in
FORMATS = ("txt", "md", "html")
OUTCOMES = {  # sign-off outcomes, as the signature form and the meaning name them
    "approved": "Approved",
    "approved_with_changes": "Approved with changes",
    "not_approved": "Not approved, returned to the author",
}


class ReviewError(AnnotatorError):
    """A refused review action (unknown user, missing role, incomplete sign-off ...)."""


class DecisionConflict(ReviewError):
    """Someone else decided the item after the reviewer's page showed it: nothing was
    recorded; the caller shows both decisions and lets the reviewer choose."""

    def __init__(self, message: str, theirs: DecisionRecord, mine: dict):
        super().__init__(message)
        self.theirs, self.mine = theirs, mine


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
    # since revision 0004 (None on older rows): the claim state a decision was made on
    seen: str | None = None  # id of the decision the reviewer saw on the item ("" = none)
    via: str | None = None  # decide | confirm | bulk:<id>
    confirms: str | None = None  # id of the decision a confirmation takes over
    mac: str | None = None  # since 0005: HMAC of row_hash with the server key (audit_keys.py)

    @property
    def final_verdict(self) -> str:
        return self.decided_verdict if self.decision == "override" else self.verdict_shown

    @property
    def is_finding(self) -> bool:
        return self.claim_id.startswith(FINDING_PREFIX)

    @property
    def confirmed(self) -> bool:
        return self.via == "confirm"


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
    # since revision 0004 (None on older rows)
    outcome: str | None = None  # one of OUTCOMES ("" for a reopen)
    auth_method: str | None = None  # password | oidc: how the signer re-authenticated
    version: str | None = None  # the document version number signed
    note: str | None = None  # the signer's note to the author
    # since revision 0005: the chain heads at signing (JSON), and the row's MAC
    heads: str | None = None
    mac: str | None = None

    @property
    def chain_heads(self) -> dict:
        """{table: [rows, last id, last row_hash, unkeyed rows]} as they stood when this was
        signed: the receipt a signer can keep to prove later what the store held then."""
        import json

        return json.loads(self.heads) if self.heads else {}

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome or "", "Signed off")


@dataclass(frozen=True)
class StoredDocument:
    """One stored version of a document's text (see save_document)."""

    id: int
    name: str
    content_hash: str  # Document.id: sha256 of the text as written, as decisions record it
    format: str
    text: str
    source_text: str | None  # original markup of an HTML document
    origin: str  # folder | upload | paste | api
    added_by: str
    added_at: str
    prev_hash: str
    row_hash: str
    mac: str | None = None

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
    mac: str | None = None


@dataclass(frozen=True)
class DocumentVersion:
    """One version of a document: its stable id, its number, its name and its text's hash.
    A document is found by content hash first; a new text under a known name is the next
    version of that document; anything else is a new document with a new id."""

    id: int
    doc_id: str
    version: int
    name: str
    content_hash: str
    origin: str
    added_by: str
    added_at: str
    prev_hash: str
    row_hash: str
    mac: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} (v{self.version})"


@dataclass(frozen=True)
class Assignment:
    """Who holds a document: the latest row wins; assignee "" = released."""

    id: int
    document: str
    assignee: str
    assigned_by: str
    note: str
    created_at: str
    prev_hash: str
    row_hash: str
    mac: str | None = None


@dataclass(frozen=True)
class DamagedRow:
    """A stored row that cannot be read as its record (garbage in a field, a NULL where a
    value belongs, a word outside its vocabulary): left out of listings and reported."""

    table: str
    id: object
    problem: str

    def __str__(self) -> str:
        return f"{self.table} id {self.id}: {self.problem}"


class ReviewItem(NamedTuple):
    """One thing a reviewer decides: a checkable claim or a finding, with the state a
    decision on it must still match (see items.py for how they are built)."""

    key: str  # claim id, or F:<kind>@<start>-<end>#<text hash>
    kind: str  # claim | finding
    label: str  # what messages call it: "c012", "omitted_safety_information (whole article)"
    text_hash: str
    fact_fingerprint: str
    verdict: str  # the claim's verdict, or FINDING
    critical: bool = False  # a finding resting on a critical fact


class Effective(NamedTuple):
    """The decision in force on an item: its record, "current" or "stale", and whether it
    was made on an earlier version of the document (carried over)."""

    record: DecisionRecord
    status: str
    carried: bool = False


class ClaimState(NamedTuple):
    """What a decision on a claim must still match to be current."""

    text_hash: str
    fact_fingerprint: str
    verdict: str = ""  # "" = do not compare verdicts
