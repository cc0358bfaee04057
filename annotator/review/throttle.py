"""Sign-in throttling that holds when many attempts arrive at once.

Why it is built this way: the first lock-out read the failure count, then checked the
password, then recorded the failure, so 24 parallel guesses all read "4 failures so far" and
all got checked. Now an attempt is *reserved* before any password is checked: inside one
serialised write transaction (SQLite BEGIN IMMEDIATE, the PostgreSQL advisory lock) the
counts are read and the attempt is recorded as spent ("checked", or "unknown_user"). A
success appends an "ok" row afterwards. So at most LOCK_FAILURES passwords are ever checked for
a username within the window, however many requests race, and at most CLIENT_FAILURES for
one client (the caller's session or client key; the CLI passes none) across all usernames,
which slows password spraying. login_attempts is append-only, so the record is the counter.

Counts, per username: attempts spent since the later of its last success, password reset or
reactivation, LOCK_FAILURES within LOCK_WINDOW lock it for LOCK_TIME. Per client: attempts spent
within LOCK_WINDOW less the successes among them; CLIENT_FAILURES lock the client for LOCK_TIME.
Attempts refused while locked are recorded as "locked" and do not count.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from annotator.review.db import account_events, login_attempts

LOCK_FAILURES, LOCK_WINDOW, LOCK_TIME = 5, timedelta(minutes=10), timedelta(minutes=10)
CLIENT_FAILURES = 20
SPENT = ("checked", "unknown_user")
la = login_attempts.c


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="microseconds")


def _time(value) -> datetime | None:
    """An attempt's time; a damaged one counts as no attempt rather than breaking sign-in."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def user_locked_until(conn, now: datetime, username: str) -> datetime | None:
    since = _iso(now - LOCK_WINDOW - LOCK_TIME)
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
                ev.username == username, ev.action.in_(("password_reset", "reactivated"))
            )
        ).scalar()
        or ""
    )
    spent = conn.execute(
        sa.select(la.at)
        .where(
            la.username == username,
            la.detail.in_(SPENT + ("bad_password",)),  # bad_password: rows before 0005
            la.at > max(since, last_ok, last_reset),
        )
        .order_by(la.at)
    ).scalars()
    times = [t for t in map(_time, spent) if t is not None]
    for i in range(LOCK_FAILURES - 1, len(times)):
        if times[i] - times[i - LOCK_FAILURES + 1] <= LOCK_WINDOW and now < times[i] + LOCK_TIME:
            return times[i] + LOCK_TIME
    return None


def client_locked_until(conn, now: datetime, client: str | None) -> datetime | None:
    if not client:
        return None
    since = _iso(now - LOCK_WINDOW)
    rows = conn.execute(
        sa.select(la.detail, la.at).where(la.client == client, la.at > since).order_by(la.at)
    ).all()
    spent = [t for t in (_time(r.at) for r in rows if r.detail in SPENT) if t is not None]
    failures = len(spent) - sum(r.detail == "ok" for r in rows)
    if failures >= CLIENT_FAILURES and now < spent[-1] + LOCK_TIME:
        return spent[-1] + LOCK_TIME
    return None


def locked_until(conn, now: datetime, username: str, client: str | None) -> datetime | None:
    """When the later of the username's and the client's lock-outs ends (None: not locked)."""
    found = [
        t
        for t in (user_locked_until(conn, now, username), client_locked_until(conn, now, client))
        if t
    ]
    return max(found) if found else None


def record(conn, now: datetime, username: str, client: str | None, ok: bool, detail: str):
    conn.execute(
        login_attempts.insert().values(
            username=username, ok=ok, detail=detail, at=_iso(now), client=client
        )
    )
