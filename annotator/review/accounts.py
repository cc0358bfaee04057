"""Accounts of the review store: users, roles, passwords, sign-in throttling, account events.

Why it is built this way:
- Passwords are stored as argon2 hashes only; a sign-in with an unknown name spends the same
  time on a dummy hash, so timing does not reveal which names exist.
- Sign-in attempts are throttled per username and per client, counted and reserved inside
  one serialised transaction before any password is checked (throttle.py), so parallel
  guesses get no more checks than the limit.
- Usernames are normalised (NFKC + casefold) and look-alikes refused; passwords have rules
  (credentials.py). Sign-in is by the normalised name.
- An account's state (role, active, password hash) is an appended, chained, MAC'd
  account_states row, never an update: users rows only reserve a name, and the database
  refuses UPDATE and DELETE on both. Every change is also a readable account event, with who
  made it.
- Accounts is a complete store for account work, so the CLI functions at the bottom open
  just that; ReviewStore (store.py) adds documents, decisions and sign-offs on top.
"""

from __future__ import annotations

import getpass
import logging
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from annotator.review import damage, throttle
from annotator.review.credentials import (
    confusable_with,
    normalise_username,
    password_problem,
    username_problem,
)
from annotator.review.db import StoreBase, account_events, account_states, users
from annotator.review.records import ROLES, AccountEvent, ReviewError, User
from annotator.review.throttle import LOCK_FAILURES, LOCK_TIME, LOCK_WINDOW  # noqa: F401 (callers)

log = logging.getLogger("annotator.review")  # the name operators already filter refusals on


class Accounts(StoreBase):
    """Users and their roles, throttled sign-in, and the log of account changes."""

    def add_user(
        self, username: str, password: str, role: str = "reviewer", by: str | None = None
    ) -> User:
        """Add an account under the normalised `username`. `by`: the admin adding it; None =
        the CLI or first-run set-up."""
        name = normalise_username(username)
        problem = username_problem(name)
        if problem:
            raise ReviewError(f"invalid username {username!r}: {problem}")
        _check_role(role)
        _check_password(name, password)
        password_hash = self._hasher.hash(password)
        with self._write() as conn:
            actor = self._actor(conn, by, "add users")
            existing = conn.execute(sa.select(users.c.username)).scalars().all()
            if any(normalise_username(e) == name for e in existing):
                raise ReviewError(f"user {name!r} already exists")
            look = confusable_with(name, existing)
            if look:
                raise ReviewError(
                    f"invalid username {username!r}: it looks like the existing account "
                    f"{look!r}; choose a name that cannot be mistaken for it"
                )
            now = self._now()
            conn.execute(
                users.insert().values(
                    username=name,
                    password_hash=password_hash,
                    role=role,
                    created_at=now,
                    active=True,
                )
            )
            state = dict(role=role, active=True, password_hash=password_hash)
            self._set_state(conn, name, state, "created", actor)
            detail = f"role {role}" + ("" if existing else ", the first account")
            self._event(conn, name, "created", detail, actor)
        return User(name, role, True, now)

    def get_user(self, username: str) -> User | None:
        """The account (by normalised name); None when unknown or its state fails its check."""
        with self._reader.connect() as conn:
            try:
                found = self._find(conn, username)
            except ReviewError as exc:
                log.warning("%s", exc)
                return None
            return self._user(conn, found) if found else None

    def list_users(self) -> list[User]:
        """Every account whose state passes its check, by name (damaged_rows() names the
        others)."""
        out = []
        with self._reader.connect() as conn:
            for name in conn.execute(sa.select(users.c.username).order_by(users.c.username)):
                try:
                    state = self._state(conn, name[0])
                except ReviewError as exc:
                    log.warning("%s", exc)
                    continue
                if state is not None:
                    out.append(self._user(conn, state))
        return out

    def set_role(self, username: str, role: str, by: str | None = None) -> User:
        """`by`: the admin making the change (None = the CLI); admins cannot demote themselves."""
        _check_role(role)
        if by is not None and normalise_username(by) == normalise_username(username):
            raise ReviewError(f"{username!r} cannot change their own role; ask another admin")
        return self._change_user(username, by, "role_changed", role=role)

    def deactivate_user(self, username: str, by: str | None = None) -> User:
        """Stop the account from signing in; its decisions stay. A no-op when inactive."""
        if by is not None and normalise_username(by) == normalise_username(username):
            raise ReviewError(f"{username!r} cannot deactivate their own account")
        return self._change_user(username, by, "deactivated", active=False)

    def reactivate_user(self, username: str, by: str | None = None) -> User:
        """Let a deactivated account sign in again (admin only); also lifts a lock-out."""
        return self._change_user(username, by, "reactivated", active=True)

    def reset_password(self, username: str, new_password: str, by: str | None = None) -> User:
        """Set a new password (admin only); also lifts a lock-out. Does not reactivate."""
        _check_password(normalise_username(username), new_password)
        return self._change_user(
            username, by, "password_reset", password_hash=self._hasher.hash(new_password)
        )

    def account_events(self, username: str | None = None) -> list[AccountEvent]:
        """Every account change (of one user), oldest first."""
        query = sa.select(account_events).order_by(account_events.c.id)
        if username is not None:
            query = query.where(account_events.c.username == normalise_username(username))
        with self._reader.connect() as conn:
            return damage.read(conn, query, AccountEvent, "account_events")

    def _find(self, conn, username: str):
        """The state of the account `username` names: exactly, else by normalised name (an
        account made before names were normalised keeps its spelling)."""
        state = self._state(conn, username)
        if state is not None:
            return state
        name = normalise_username(username)
        for (stored,) in conn.execute(sa.select(users.c.username)):
            if normalise_username(stored) == name:
                return self._state(conn, stored)
        return None

    def _user(self, conn, state) -> User:
        created = conn.execute(
            sa.select(users.c.created_at).where(users.c.username == state.username)
        ).scalar()
        return User(state.username, state.role, bool(state.active), created or state.created_at)

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
        """Append the account's new state and an account event, unless nothing changes."""
        with self._write() as conn:
            actor = self._actor(conn, by, "manage accounts")
            row = self._find(conn, username)
            if row is None:
                raise ReviewError(f"unknown user {username!r}")
            if all(getattr(row, k) == v for k, v in values.items()):
                return self._user(conn, row)  # already so: no change, no event
            state = dict(role=row.role, active=bool(row.active), password_hash=row.password_hash)
            self._set_state(conn, row.username, {**state, **values}, action, actor)
            detail = "; ".join(
                f"{k}: {getattr(row, k)} -> {v}" for k, v in values.items() if k != "password_hash"
            )
            self._event(conn, row.username, action, detail, actor)
            return self._user(conn, self._state(conn, row.username))

    def _set_state(self, conn, username: str, state: dict, reason: str, actor: str) -> None:
        values = dict(username=username, **state, reason=reason, actor=actor)
        self._chain(conn, account_states, {**values, "created_at": self._now()})

    def _event(self, conn, username: str, action: str, detail: str, actor: str) -> None:
        self._chain(
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

    def locked_until(self, username: str, client: str | None = None) -> datetime | None:
        """When the lock-out of `username` (normalised), or of `client`, ends; None: not
        locked. See throttle.py for the limits."""
        with self._reader.connect() as conn:
            return throttle.locked_until(conn, self._clock(), normalise_username(username), client)

    def authenticate(self, username: str, password: str, client: str | None = None) -> User | None:
        """The active user with this password, else None. `client`: who is signing in (the
        app passes its session's client key; the CLI none), throttled like the username.
        The attempt is reserved before the password is checked (throttle.py)."""
        name = normalise_username(username)
        state = None
        with self._write(anchor=False) as conn:
            locked = throttle.locked_until(conn, self._clock(), name, client) is not None
            if locked:
                throttle.record(conn, self._clock(), name, client, False, "locked")
            else:
                state = self._find(conn, name)
                spent = "checked" if state is not None else "unknown_user"
                throttle.record(conn, self._clock(), name, client, False, spent)
        if locked:
            log.warning("login refused for %r: locked", name)
            return None
        if state is None:  # spend the same time as a real check: no user enumeration by timing
            self._dummy_hash = self._dummy_hash or self._hasher.hash("not-a-password")
            _verify(self._hasher, self._dummy_hash, password)
            log.warning("login refused for %r: unknown_user", name)
            return None
        if not _verify(self._hasher, state.password_hash, password):
            log.warning("login refused for %r: bad_password", name)
            return None
        with self._write() as conn:
            if not state.active:
                throttle.record(conn, self._clock(), name, client, False, "inactive")
            else:
                if self._hasher.check_needs_rehash(state.password_hash):
                    new = dict(
                        role=state.role, active=True, password_hash=self._hasher.hash(password)
                    )
                    self._set_state(conn, state.username, new, "password_rehashed", state.username)
                    self._event(
                        conn,
                        state.username,
                        "password_rehashed",
                        "new hash parameters",
                        state.username,
                    )
                throttle.record(conn, self._clock(), name, client, True, "ok")
            user = self._user(conn, state)
        if not user.active:
            log.warning("login refused for %r: inactive", name)
            return None
        return user


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ReviewError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def _check_password(username: str, password: str) -> None:
    problem = password_problem(username, password)
    if problem:
        raise ReviewError(f"password for {username!r} is refused: {problem}")


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
