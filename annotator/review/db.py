"""The review store's database: tables, engine, transactions and schema upgrades.

Why it is built this way:
- SQLite by default (one file, WAL). Writers start with BEGIN IMMEDIATE: SQLite's default
  deferred BEGIN lets two processes read the same chain head and then collide, losing one
  write. PostgreSQL (a database URL) takes one advisory lock per write transaction instead.
- The schema belongs to the Alembic migrations (annotator/review/migrations/); the tables below
  only describe it for SQLAlchemy Core queries, so they carry no constraints of their own.
- StoreBase is what every part of ReviewStore (accounts, documents, decisions, audit)
  builds on: one engine, one reader, the write transaction and the role check.
- Every write transaction that may append to a chain ends by appending the chain heads to the
  anchor file (audit_keys.py), after the commit: an anchor never names a row that was not
  committed, so a crash leaves it behind the database, never ahead of it.
- Who may do what is read from account_states (append-only, chained, MAC'd), checked as it
  is read: a users row or a state row planted in the database without the key grants nothing.
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
from annotator.review import audit_keys
from annotator.review.chain import GENESIS, append_row, row_hash
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
    *(sa.Column(c, _T) for c in ("prev_hash", "row_hash", "mac")),
)
account_states = sa.Table(  # since 0005: an account's role, activity and password, appended
    "account_states",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    *(sa.Column(c, _T) for c in ("username", "role")),
    sa.Column("active", sa.Boolean),
    *(sa.Column(c, _T) for c in ("password_hash", "reason", "actor", "created_at")),
    *(sa.Column(c, _T) for c in ("prev_hash", "row_hash", "mac")),
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
    account_states,
)
login_attempts = sa.Table(
    "login_attempts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", _T),
    sa.Column("ok", sa.Boolean),
    sa.Column("detail", _T),
    sa.Column("at", _T),
    sa.Column("client", _T),  # since 0005: who tried (a session key from the app), or NULL
)


def chain_heads(conn) -> dict[str, list]:
    """{table: [rows, last id, last row_hash, rows without a MAC]} for every chained table."""
    heads = {}
    for t in CHAINED:
        rows, keyed, last = conn.execute(
            sa.select(sa.func.count(), sa.func.count(t.c.mac), sa.func.max(t.c.id))
        ).one()
        last_hash = (
            conn.execute(sa.select(t.c.row_hash).where(t.c.id == last)).scalar() if last else None
        )
        heads[t.name] = [rows, last or 0, last_hash or GENESIS, rows - keyed]
    return heads


def _identity(url: sa.URL) -> str:
    """How the key path and the anchor name this store: the SQLite file, or the database URL
    without its user and password (the owner role that migrates and the app role that writes
    are one store, with one key)."""
    if url.get_backend_name() == "sqlite":
        database = str(url.database)
        if database.startswith("file:"):  # a URI filename (?mode=ro&uri=true): the file itself
            database = database[len("file:") :].split("?", 1)[0]
        return database
    bare = sa.URL.create(url.drivername, host=url.host, port=url.port, database=url.database)
    return bare.update_query_dict(dict(url.query)).render_as_string()


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
        self._location = _identity(self._engine.url)
        self.key_file = audit_keys.key_path(self._location)
        self._key = audit_keys.load_key(self.key_file, create=not self._has_macs())
        self._anchor = audit_keys.Anchor(audit_keys.anchor_path(self.key_file), self._location)
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
        with self._write(anchor=False) as conn:  # the write lock: concurrent openers wait
            cfg.attributes["connection"] = conn
            cfg.attributes["audit_key"] = self._key  # 0005 MACs the account states it writes
            command.upgrade(cfg, revision)
            at_head = MigrationContext.configure(conn).get_current_revision() == head
            heads = chain_heads(conn) if at_head else None
        if heads is not None:  # the first anchor: how many unkeyed (legacy) rows there are
            self._anchor.append(self._now(), heads)

    def _has_macs(self) -> bool:
        """Whether any chained row is MAC'd (then a missing key file is an error)."""
        if (self.revision() or "") < "0005":
            return False
        with self._reader.connect() as conn:
            return any(
                conn.execute(sa.select(t.c.id).where(t.c.mac.is_not(None)).limit(1)).first()
                for t in CHAINED
            )

    # -- what every writer uses --------------------------------------------------------------
    @contextmanager
    def _write(self, anchor: bool = True):
        """One serialised write transaction; then (`anchor`) the chain heads to the anchor."""
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            yield conn
            heads = chain_heads(conn) if anchor else None
        if heads is not None:
            self._anchor.append(self._now(), heads)

    def _chain(self, conn, table: sa.Table, values: dict) -> dict:
        """append_row() with this store's key: the one way the store appends to a chain."""
        return append_row(conn, table, values, self._key)

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

    def _state(self, conn, username: str):
        """The account state in force (latest account_states row), checked against its hash
        and MAC; None for an unknown user. A state that fails the check is refused."""
        row = conn.execute(
            sa.select(account_states)
            .where(account_states.c.username == username)
            .order_by(account_states.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        values = dict(row._mapping)
        if row_hash("account_states", values["prev_hash"], values) != values[
            "row_hash"
        ] or not audit_keys.mac_ok(self._key, "account_states", values["row_hash"], values["mac"]):
            raise ReviewError(
                f"the account of {username!r} fails its integrity check (account_states id "
                f"{row.id}); it was changed outside the store: run 'annotator audit verify'"
            )
        return row

    def _require(self, conn, username: str, role: str, doing: str) -> None:
        row = self._state(conn, username)
        if row is None:
            raise ReviewError(f"unknown user {username!r} cannot {doing}")
        if not row.active:
            raise ReviewError(f"user {username!r} is deactivated and cannot {doing}")
        if ROLES.index(row.role) < ROLES.index(role):
            needed = " or ".join(ROLES[ROLES.index(role) :])
            raise ReviewError(f"user {username!r} has role {row.role}; to {doing} needs {needed}")
