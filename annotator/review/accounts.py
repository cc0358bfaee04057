"""Accounts of the review store: users, roles, passwords, login limits, account events.

Why it is built this way:
- Passwords are stored as argon2 hashes only; a login with an unknown name spends the same
  time on a dummy hash, so timing does not reveal which names exist.
- 5 failed logins within 10 minutes lock an account for 10 minutes (login_attempts keeps
  every attempt), which slows password guessing without an administrator's help.
- users rows change in place, so every account change is also appended to account_events,
  hash-chained like decisions (audit.py), with who made it.
- Accounts is a complete store for account work, so the CLI functions at the bottom open
  just that; ReviewStore (store.py) adds documents, decisions and sign-offs on top.
"""

from __future__ import annotations

import getpass
import logging
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from annotator.review.audit import append_row
from annotator.review.db import StoreBase, account_events, login_attempts, users
from annotator.review.records import ROLES, AccountEvent, ReviewError, User

log = logging.getLogger("annotator.review")  # the name operators already filter refusals on
LOCK_FAILURES, LOCK_WINDOW, LOCK_TIME = 5, timedelta(minutes=10), timedelta(minutes=10)
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")


class Accounts(StoreBase):
    """Users and their roles, sign-in with lock-out, and the log of account changes."""

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
        append_row(
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


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ReviewError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def _check_password(username: str, password: str) -> None:
    if len(password or "") < 8:
        raise ReviewError(f"password for {username!r} is too short: at least 8 characters")


def _user(row) -> User:
    return User(row.username, row.role, bool(row.active), row.created_at)


def _verify(hasher: PasswordHasher, hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


# Plain functions for the CLI (`annotator users ...`): open the store, do one thing. `by` is
# left None there: the change is recorded as made by system:<os user>, without a role check
# (whoever runs the CLI can open the database anyway).
def add_user(
    username: str, password: str, role: str = "reviewer", db=None, by: str | None = None
) -> User:
    with Accounts(db) as store:
        return store.add_user(username, password, role, by=by)


def list_users(db=None) -> list[User]:
    with Accounts(db) as store:
        return store.list_users()


def set_role(username: str, role: str, db=None, by: str | None = None) -> User:
    with Accounts(db) as store:
        return store.set_role(username, role, by=by)


def deactivate_user(username: str, db=None, by: str | None = None) -> User:
    with Accounts(db) as store:
        return store.deactivate_user(username, by=by)


def reactivate_user(username: str, db=None, by: str | None = None) -> User:
    with Accounts(db) as store:
        return store.reactivate_user(username, by=by)


def reset_password(username: str, new_password: str, db=None, by: str | None = None) -> User:
    with Accounts(db) as store:
        return store.reset_password(username, new_password, by=by)


def account_history(username: str | None = None, db=None) -> list[AccountEvent]:
    with Accounts(db) as store:
        return store.account_events(username)
