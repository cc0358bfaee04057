"""The review store: reviewers' decisions and sign-offs, append-only and tamper-evident.

Why it is built this way:
- Decisions and sign-offs are rows that are only ever appended; the latest row per
  (document, claim) wins, so the audit trail is the data itself. Triggers (migration 0001)
  make the database refuse UPDATE/DELETE on those tables as well.
- Each appended row carries row_hash = sha256(prev_hash + canonical row content), one chain
  per table, so an edit or deletion made behind the store's back shows up in verify_chain().
- SQLite by default (one file, WAL). Writers start with BEGIN IMMEDIATE: SQLite's default
  deferred BEGIN lets two processes read the same chain head and then collide, losing one
  write. PostgreSQL (a database URL) takes one advisory lock per write transaction instead.
- A decision is stale when the claim text, the facts it rested on, or (when given) the
  verdict the pipeline now shows changed since it was made.
- The text of every document version reviewed is kept (document_texts, once per name and
  content hash), so a later session can reopen an upload; users rows change in place, so
  every account change is also appended to account_events (hash-chained like decisions).
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple, Self

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from annotator.csvsafe import safe_row
from annotator.models import Check, Document, Fact, Verdict

log = logging.getLogger(__name__)

ROLES = ("reviewer", "editor", "admin")  # each role may do everything the roles before it may
DECISIONS = ("agree", "override", "needs_edit")
VERDICTS = tuple(v.value for v in Verdict)
GENESIS = "0" * 64
LOCK_FAILURES, LOCK_WINDOW, LOCK_TIME = 5, timedelta(minutes=10), timedelta(minutes=10)
PG_WRITE_LOCK = 0x616E6E6F  # advisory lock key ("anno"): one writer at a time, like SQLite
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
ORIGINS = ("folder", "upload", "paste", "api")  # how a stored document came in
FORMATS = ("txt", "md", "html")
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
    "action",
    "meaning",
    "row_hash",
)


class ReviewError(Exception):
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


_meta = sa.MetaData()
_T = sa.Text
documents = sa.Table(
    "documents",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(c, _T) for c in ("name", "content_hash", "first_seen")),
)
users = sa.Table(
    "users",
    _meta,
    sa.Column("username", _T, primary_key=True),
    *(sa.Column(c, _T) for c in ("password_hash", "role", "created_at")),
    sa.Column("active", sa.Boolean),
)
decisions = sa.Table(
    "decisions",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(DecisionRecord)[1:]),
)
signoffs = sa.Table(
    "signoffs",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(SignOff)[1:]),
)
document_texts = sa.Table(
    "document_texts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(StoredDocument)[1:]),
)
account_events = sa.Table(
    "account_events",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(AccountEvent)[1:]),
)
CHAINED = (decisions, signoffs, document_texts, account_events)
login_attempts = sa.Table(
    "login_attempts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", _T),
    sa.Column("ok", sa.Boolean),
    sa.Column("detail", _T),
    sa.Column("at", _T),
)


def fact_fingerprint(facts: Iterable[Fact]) -> str:
    """Hash of the content of the facts a verdict rested on (order-free; file/line excluded,
    so moving a row in reference_notes/ does not make decisions stale, editing it does)."""
    rows = sorted(
        json.dumps(
            {k: v for k, v in asdict(f).items() if k not in ("file", "line")},
            sort_keys=True,
            ensure_ascii=False,
        )
        for f in facts
    )
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def claim_states(checks: Iterable[Check], facts_by_id: Mapping[str, Fact]) -> dict[str, ClaimState]:
    """ClaimState for each checked claim, for document_status() / sign_off()."""
    return {
        c.claim.id: ClaimState(
            c.claim.text_hash,
            fact_fingerprint(facts_by_id[i] for i in c.fact_ids if i in facts_by_id),
            str(c.verdict),
        )
        for c in checks
    }


def decision_status(
    record: DecisionRecord, claim_text_hash: str, fact_fingerprint: str, verdict: str = ""
) -> str:
    """ "current" while the claim text and the facts (and the verdict, when given) are unchanged."""
    same = record.claim_hash == claim_text_hash and record.fact_fingerprint == fact_fingerprint
    if verdict and verdict != record.verdict_shown:
        same = False
    return "current" if same else "stale"


def default_location() -> str:
    return os.environ.get("ANNOTATOR_DB") or "annotator-review.db"


def _row_hash(table: str, prev_hash: str, values: Mapping[str, object]) -> str:
    content = {k: v for k, v in values.items() if k not in ("id", "prev_hash", "row_hash")}
    canonical = json.dumps([table, content], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _engine(url_or_path: str | os.PathLike | None, busy_timeout_ms: int) -> sa.Engine:
    target = str(url_or_path or default_location())
    if "://" not in target:
        target = "sqlite:///" + str(Path(target).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we ship with
        if target.startswith(plain):
            target = "postgresql+psycopg://" + target[len(plain) :]
    engine = sa.create_engine(target)
    if engine.dialect.name != "sqlite":
        return engine

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # the SQLAlchemy docs' recipe, plus our pragmas
        dbapi_conn.isolation_level = None  # sqlite3 must not emit its own (deferred) BEGIN
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={int(busy_timeout_ms)}",
            "foreign_keys=ON",
        ):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("annotator_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class ReviewStore:
    """Decisions, sign-offs and accounts in one SQLite file or PostgreSQL database."""

    def __init__(
        self,
        url_or_path: str | os.PathLike | None = None,
        *,
        upgrade: bool = True,
        busy_timeout_ms: int = 30_000,
        clock: Callable[[], datetime] | None = None,
        hasher: PasswordHasher | None = None,
    ):
        self._engine = _engine(url_or_path, busy_timeout_ms)
        self._reader = self._engine.execution_options(annotator_write=False)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None
        if upgrade:
            self.upgrade()

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------
    def _alembic(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", "annotator:migrations")
        return cfg

    def revision(self) -> str | None:
        with self._reader.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` in place (a no-op when it is there already)."""
        cfg = self._alembic()
        head = ScriptDirectory.from_config(cfg).get_current_head()
        if revision in ("head", head) and self.revision() == head:
            return
        with self._write() as conn:  # holds the write lock: concurrent openers wait, then skip
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    @contextmanager
    def _write(self):
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            yield conn

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="microseconds")

    def _append(self, conn, table: sa.Table, values: dict) -> dict:
        last = conn.execute(sa.select(table.c.row_hash).order_by(table.c.id.desc()).limit(1))
        prev = last.scalar() or GENESIS
        values = {**values, "prev_hash": prev, "row_hash": _row_hash(table.name, prev, values)}
        result = conn.execute(table.insert().values(**values))
        return {"id": result.inserted_primary_key[0], **values}

    def _ensure_document(self, conn, name: str, content_hash: str) -> None:
        found = conn.execute(
            sa.select(documents.c.id).where(
                documents.c.name == name, documents.c.content_hash == content_hash
            )
        ).first()
        if not found:  # we hold the write lock, so no one else can insert it meanwhile
            conn.execute(
                documents.insert().values(
                    name=name, content_hash=content_hash, first_seen=self._now()
                )
            )

    # -- accounts ----------------------------------------------------------------------------
    def add_user(
        self, username: str, password: str, role: str = "reviewer", by: str | None = None
    ) -> User:
        """Add an account. `by`: the admin adding it; None = the CLI or first-run set-up."""
        if not USERNAME.fullmatch(username or ""):
            raise ReviewError(f"invalid username {username!r}: use 1-64 of A-Z a-z 0-9 . _ @ -")
        _check_role(role)
        _check_password(username, password)
        row = dict(
            username=username,
            password_hash=self._hasher.hash(password),
            role=role,
            created_at=self._now(),
            active=True,
        )
        with self._write() as conn:
            actor = self._actor(conn, by, "add users")
            first = conn.execute(sa.select(users.c.username).limit(1)).first() is None
            if conn.execute(
                sa.select(users.c.username).where(users.c.username == username)
            ).first():
                raise ReviewError(f"user {username!r} already exists")
            conn.execute(users.insert().values(**row))
            detail = f"role {role}" + (", the first account" if first else "")
            self._event(conn, username, "created", detail, actor)
        return User(username, role, True, row["created_at"])

    def get_user(self, username: str) -> User | None:
        with self._reader.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        return _user(row) if row else None

    def list_users(self) -> list[User]:
        with self._reader.connect() as conn:
            return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]

    def set_role(self, username: str, role: str, by: str | None = None) -> User:
        """`by`: the admin making the change (None = the CLI); admins cannot demote themselves."""
        _check_role(role)
        if by == username:
            raise ReviewError(f"{username!r} cannot change their own role; ask another admin")
        return self._change_user(username, by, "role_changed", role=role)

    def deactivate_user(self, username: str, by: str | None = None) -> User:
        """Stop the account from signing in; its decisions stay. A no-op when inactive."""
        if by == username:
            raise ReviewError(f"{username!r} cannot deactivate their own account")
        return self._change_user(username, by, "deactivated", active=False)

    def reactivate_user(self, username: str, by: str | None = None) -> User:
        """Let a deactivated account sign in again (admin only); also lifts a lock-out."""
        return self._change_user(username, by, "reactivated", active=True)

    def reset_password(self, username: str, new_password: str, by: str | None = None) -> User:
        """Set a new password (admin only); also lifts a lock-out. Does not reactivate."""
        _check_password(username, new_password)
        return self._change_user(
            username, by, "password_reset", password_hash=self._hasher.hash(new_password)
        )

    def account_events(self, username: str | None = None) -> list[AccountEvent]:
        """Every account change (of one user), oldest first."""
        query = sa.select(account_events).order_by(account_events.c.id)
        if username is not None:
            query = query.where(account_events.c.username == username)
        with self._reader.connect() as conn:
            return [AccountEvent(**r._mapping) for r in conn.execute(query)]

    def _actor(self, conn, by: str | None, doing: str) -> str:
        """Who is recorded for an account change. None: someone with direct access to the
        store (the CLI, first-run set-up), named by the operating-system account."""
        if by is None:
            try:
                return "system:" + getpass.getuser()
            except (OSError, KeyError):  # no login name (containers without a passwd entry)
                return "system"
        self._require(conn, by, "admin", doing)
        return by

    def _change_user(self, username: str, by: str | None, action: str, **values) -> User:
        """Update the users row and append an account event, unless nothing changes."""
        with self._write() as conn:
            actor = self._actor(conn, by, "manage accounts")
            row = conn.execute(sa.select(users).where(users.c.username == username)).first()
            if row is None:
                raise ReviewError(f"unknown user {username!r}")
            if all(getattr(row, k) == v for k, v in values.items()):
                return _user(row)  # already so: no change, no event
            conn.execute(users.update().where(users.c.username == username).values(**values))
            detail = "; ".join(
                f"{k}: {getattr(row, k)} -> {v}" for k, v in values.items() if k != "password_hash"
            )
            self._event(conn, username, action, detail, actor)
        return self.get_user(username)

    def _event(self, conn, username: str, action: str, detail: str, actor: str) -> None:
        self._append(
            conn,
            account_events,
            dict(
                username=username,
                action=action,
                detail=detail,
                actor=actor,
                created_at=self._now(),
            ),
        )

    def locked_until(self, username: str) -> datetime | None:
        """When the lock-out of `username` ends: 5 failed logins within 10 minutes lock it
        for 10 minutes; a success, a password reset or a reactivation resets the count;
        attempts made while locked do not count."""
        now = self._clock()
        since = (now - LOCK_WINDOW - LOCK_TIME).astimezone(UTC).isoformat(timespec="microseconds")
        la = login_attempts.c
        with self._reader.connect() as conn:
            last_ok = (
                conn.execute(
                    sa.select(sa.func.max(la.at)).where(la.username == username, la.ok.is_(True))
                ).scalar()
                or ""
            )
            ev = account_events.c
            last_reset = (
                conn.execute(
                    sa.select(sa.func.max(ev.created_at)).where(
                        ev.username == username,
                        ev.action.in_(("password_reset", "reactivated")),
                    )
                ).scalar()
                or ""
            )
            fails = (
                conn.execute(
                    sa.select(la.at)
                    .where(
                        la.username == username,
                        la.ok.is_(False),
                        la.detail != "locked",
                        la.at > max(since, last_ok, last_reset),
                    )
                    .order_by(la.at)
                )
                .scalars()
                .all()
            )
        times = [datetime.fromisoformat(t) for t in fails]
        for i in range(LOCK_FAILURES - 1, len(times)):
            if (
                times[i] - times[i - LOCK_FAILURES + 1] <= LOCK_WINDOW
                and now < times[i] + LOCK_TIME
            ):
                return times[i] + LOCK_TIME
        return None

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this password, else None; every attempt is recorded."""
        if self.locked_until(username):
            return self._attempt(username, None, "locked")
        with self._reader.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:  # spend the same time as a real check: no user enumeration by timing
            self._dummy_hash = self._dummy_hash or self._hasher.hash("not-a-password")
            _verify(self._hasher, self._dummy_hash, password)
            return self._attempt(username, None, "unknown_user")
        if not _verify(self._hasher, row.password_hash, password):
            return self._attempt(username, None, "bad_password")
        if not row.active:
            return self._attempt(username, None, "inactive")
        if self._hasher.check_needs_rehash(row.password_hash):
            with self._write() as conn:  # the user's own login: no admin is involved
                conn.execute(
                    users.update()
                    .where(users.c.username == username)
                    .values(password_hash=self._hasher.hash(password))
                )
                self._event(conn, username, "password_rehashed", "new hash parameters", username)
        return self._attempt(username, _user(row), "ok")

    def _attempt(self, username: str, user: User | None, detail: str) -> User | None:
        if user is None:
            log.warning("login refused for %r: %s", username, detail)
        with self._write() as conn:
            conn.execute(
                login_attempts.insert().values(
                    username=username, ok=user is not None, detail=detail, at=self._now()
                )
            )
        return user

    def _require(self, conn, username: str, role: str, doing: str) -> None:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            raise ReviewError(f"unknown user {username!r} cannot {doing}")
        if not row.active:
            raise ReviewError(f"user {username!r} is deactivated and cannot {doing}")
        if ROLES.index(row.role) < ROLES.index(role):
            needed = " or ".join(ROLES[ROLES.index(role) :])
            raise ReviewError(f"user {username!r} has role {row.role}; to {doing} needs {needed}")

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
            row = self._append(
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
            return _pending(_decisions(conn, document), claims, checkable_ids)

    def document_status(
        self, document: str, claims: Mapping[str, tuple], checkable_ids: Iterable[str] | None = None
    ) -> str:
        """For the queue: "new" (no decisions), "in_review", "signed_off", or "stale" (some
        decision no longer matches, or a signed-off document lost coverage)."""
        with self._reader.connect() as conn:
            made, signed = _decisions(conn, document), _signed_off(conn, document)
        pending = _pending(made, claims, checkable_ids)
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
            pending = _pending(_decisions(conn, document), claims, checkable_ids)
            if pending:
                listed = ", ".join(f"{cid} ({why})" for cid, why in sorted(pending.items()))
                raise ReviewError(f"cannot sign off {document}: no current decision for {listed}")
            self._ensure_document(conn, document, document_hash)
            return SignOff(
                **self._append(
                    conn,
                    signoffs,
                    dict(
                        document=document,
                        document_hash=document_hash,
                        reference_version=reference_version,
                        reviewer=reviewer,
                        meaning=meaning,
                        action="sign_off",
                        created_at=self._now(),
                    ),
                )
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
            return SignOff(
                **self._append(
                    conn,
                    signoffs,
                    dict(
                        document=document,
                        document_hash=last.document_hash,
                        reference_version=last.reference_version,
                        reviewer=reviewer,
                        meaning=reason,
                        action="reopen",
                        created_at=self._now(),
                    ),
                )
            )

    def documents(self) -> list[dict]:
        """Every document version seen: name, content_hash, first_seen."""
        with self._reader.connect() as conn:
            rows = conn.execute(sa.select(documents).order_by(documents.c.id))
            return [dict(r._mapping) for r in rows]

    def save_document(self, document: Document, by: str, origin: str = "upload") -> StoredDocument:
        """Keep this version's text (and HTML markup) so any later session can reopen it.
        Idempotent per (name, content hash): a version seen before returns its first row."""
        name, content_hash = document.name, document.id
        problems = []
        if origin not in ORIGINS:
            problems.append(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
        if document.format not in FORMATS:
            problems.append(f"format {document.format!r} is not one of {', '.join(FORMATS)}")
        if "\x00" in document.text or "\x00" in (document.source_text or ""):
            problems.append("the text contains NUL characters, which the store cannot keep")
        if problems:
            raise ReviewError(f"{name}: " + "; ".join(problems))
        with self._reader.connect() as conn:  # the common case (seen before) takes no lock
            found = _stored(conn, name, content_hash)
        if found:
            return found
        with self._write() as conn:
            self._require(conn, by, "reviewer", "add documents")
            found = _stored(conn, name, content_hash)  # added meanwhile by another writer?
            if found:
                return found
            self._ensure_document(conn, name, content_hash)
            row = self._append(
                conn,
                document_texts,
                dict(
                    name=name,
                    content_hash=content_hash,
                    format=document.format,
                    text=document.text,
                    source_text=document.source_text,
                    origin=origin,
                    added_by=by,
                    added_at=self._now(),
                ),
            )
        return StoredDocument(**row)

    def load_documents(self) -> list[StoredDocument]:
        """The latest stored version of each document, by name."""
        dt = document_texts.c
        latest = sa.select(sa.func.max(dt.id)).group_by(dt.name).scalar_subquery()
        query = sa.select(document_texts).where(dt.id.in_(latest)).order_by(dt.name)
        with self._reader.connect() as conn:
            return [StoredDocument(**r._mapping) for r in conn.execute(query)]

    # -- audit -------------------------------------------------------------------------------
    def verify_chain(self) -> list[str]:
        """Problems in the hash chains (decisions, sign-offs, document texts, account events);
        empty when intact."""
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
                    if _row_hash(table.name, values["prev_hash"], values) != values["row_hash"]:
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

    def audit_rows(self, document: str | None = None) -> list[dict]:
        """Every decision and sign-off as a dict with AUDIT_COLUMNS, in time order."""
        rows = [{"kind": "decision", **vars(d)} for d in self.decisions(document)]
        rows += [{"kind": s.action, **vars(s)} for s in self.signoffs(document)]
        rows.sort(key=lambda r: (r["created_at"], r["kind"] != "decision", r["id"]))
        return [{c: r.get(c) for c in AUDIT_COLUMNS} for r in rows]

    def export_audit_csv(self, path_or_file, document: str | None = None) -> int:
        """Write audit_rows() as CSV with AUDIT_COLUMNS, formula-safe; returns the row count."""
        rows = self.audit_rows(document)
        if hasattr(path_or_file, "write"):
            _write_csv(path_or_file, rows)
        else:
            with open(path_or_file, "w", newline="", encoding="utf-8") as out:
                _write_csv(out, rows)
        return len(rows)


def _write_csv(out, rows: list[dict]) -> None:
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    writer.writerows(safe_row(r[c] for c in AUDIT_COLUMNS) for r in rows)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ReviewError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def _check_password(username: str, password: str) -> None:
    if len(password or "") < 8:
        raise ReviewError(f"password for {username!r} is too short: at least 8 characters")


def _stored(conn, name: str, content_hash: str) -> StoredDocument | None:
    row = conn.execute(
        sa.select(document_texts).where(
            document_texts.c.name == name, document_texts.c.content_hash == content_hash
        )
    ).first()
    return StoredDocument(**row._mapping) if row else None


def _user(row) -> User:
    return User(row.username, row.role, bool(row.active), row.created_at)


def _verify(hasher: PasswordHasher, hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


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


def _pending(
    made: list[DecisionRecord], claims: Mapping[str, tuple], checkable_ids: Iterable[str] | None
) -> dict[str, str]:
    latest = {d.claim_id: d for d in made}
    out = {}
    for cid in claims if checkable_ids is None else checkable_ids:
        if cid not in latest:
            out[cid] = "missing"
        elif cid not in claims:
            raise ReviewError(f"claim {cid!r} is checkable but has no (text_hash, fingerprint)")
        elif decision_status(latest[cid], *claims[cid]) == "stale":
            out[cid] = "stale"
    return out


# Plain functions for the CLI (`annotator users ...`): open the store, do one thing. `by` is
# left None there: the change is recorded as made by system:<os user>, without a role check
# (whoever runs the CLI can open the database anyway).
def add_user(
    username: str, password: str, role: str = "reviewer", db=None, by: str | None = None
) -> User:
    with ReviewStore(db) as store:
        return store.add_user(username, password, role, by=by)


def list_users(db=None) -> list[User]:
    with ReviewStore(db) as store:
        return store.list_users()


def set_role(username: str, role: str, db=None, by: str | None = None) -> User:
    with ReviewStore(db) as store:
        return store.set_role(username, role, by=by)


def deactivate_user(username: str, db=None, by: str | None = None) -> User:
    with ReviewStore(db) as store:
        return store.deactivate_user(username, by=by)


def reactivate_user(username: str, db=None, by: str | None = None) -> User:
    with ReviewStore(db) as store:
        return store.reactivate_user(username, by=by)


def reset_password(username: str, new_password: str, db=None, by: str | None = None) -> User:
    with ReviewStore(db) as store:
        return store.reset_password(username, new_password, by=by)


def account_history(username: str | None = None, db=None) -> list[AccountEvent]:
    with ReviewStore(db) as store:
        return store.account_events(username)
