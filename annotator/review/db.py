"""The review store's database: tables, engine, transactions and schema upgrades.

Why it is built this way:
- SQLite by default (one file, WAL). Writers start with BEGIN IMMEDIATE: SQLite's default
  deferred BEGIN lets two processes read the same chain head and then collide, losing one
  write. PostgreSQL (a database URL) takes one advisory lock per write transaction instead.
- The schema belongs to the Alembic migrations (annotator/review/migrations/); the tables below
  only describe it for SQLAlchemy Core queries, so they carry no constraints of their own.
- StoreBase is what every part of ReviewStore (accounts, documents, decisions, audit)
  builds on: one engine, one reader, the write transaction and the role check.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from argon2 import PasswordHasher

from annotator import settings
from annotator.review.records import (
    ROLES,
    AccountEvent,
    Assignment,
    DecisionRecord,
    ReviewError,
    SignOff,
    StoredDocument,
)

PG_WRITE_LOCK = 0x616E6E6F  # advisory lock key ("anno"): one writer at a time, like SQLite

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
decisions = sa.Table(  # decisions on claims
    "decisions",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(DecisionRecord)[1:]),
)
finding_decisions = sa.Table(  # decisions on findings: the same columns, another vocabulary
    "finding_decisions",
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
document_versions = sa.Table(
    "document_versions",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("doc_id", _T),
    sa.Column("version", sa.Integer),
    *(sa.Column(c, _T) for c in ("name", "content_hash", "origin", "added_by", "added_at")),
    *(sa.Column(c, _T) for c in ("prev_hash", "row_hash")),
)
assignments = sa.Table(
    "assignments",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(f.name, _T) for f in fields(Assignment)[1:]),
)
CHAINED = (
    decisions,
    finding_decisions,
    signoffs,
    document_texts,
    account_events,
    document_versions,
    assignments,
)
login_attempts = sa.Table(
    "login_attempts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", _T),
    sa.Column("ok", sa.Boolean),
    sa.Column("detail", _T),
    sa.Column("at", _T),
)


def default_location() -> str:
    return settings.db_location()


def shown_location(db: str | os.PathLike | None) -> str:
    """The store's name for messages, never with its database password."""
    db = str(db or default_location())
    if "://" not in db:
        return db
    try:
        return sa.make_url(db).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "the database URL"


def require_existing(db: str | os.PathLike | None) -> None:
    """Refuse a SQLite path with no store there: reading commands must not create one."""
    location = str(db or default_location())
    if "://" not in location and not Path(location).expanduser().is_file():
        raise ReviewError(
            f"{location}: no review store here (the app creates it on first run, as does "
            "'annotator users add')"
        )


@contextmanager
def store_errors(db: str | os.PathLike | None):
    """Turn a store that cannot be opened or used (bad path, unreachable server, missing
    driver) into a one-line ReviewError naming the store (a PostgreSQL connection error is
    several lines: keep the first)."""
    try:
        yield
    except (sa.exc.SQLAlchemyError, ImportError, OSError) as exc:  # ImportError: no driver
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ReviewError(f"{shown_location(db)}: cannot use the review store: {detail}") from None


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


class StoreBase:
    """One SQLite file or PostgreSQL database, opened and brought to the current schema."""

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
        cfg.set_main_option("script_location", "annotator.review:migrations")
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

    # -- what every writer uses --------------------------------------------------------------
    @contextmanager
    def _write(self):
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            yield conn

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="microseconds")

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

    def _require(self, conn, username: str, role: str, doing: str) -> None:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            raise ReviewError(f"unknown user {username!r} cannot {doing}")
        if not row.active:
            raise ReviewError(f"user {username!r} is deactivated and cannot {doing}")
        if ROLES.index(row.role) < ROLES.index(role):
            needed = " or ".join(ROLES[ROLES.index(role) :])
            raise ReviewError(f"user {username!r} has role {row.role}; to {doing} needs {needed}")
