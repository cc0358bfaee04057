"""A consistent copy of the review store, taken while the app keeps writing.

Why: copying review.db with cp while the app runs loses the commits still in its WAL file
(review.db-wal) and can catch a page half written. SQLite's online backup API copies a
consistent snapshot, WAL included, page by page; pg_dump does the same for PostgreSQL in one
repeatable-read transaction. The key and anchor files are not copied (the key must stay apart
from the data it protects): back them up on their own.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa

from annotator.review import audit_keys
from annotator.review.db import CHAINED, default_location, shown_location
from annotator.review.records import ReviewError
from annotator.review.verify import ChainProblem, check_table


class Backup(NamedTuple):
    path: Path
    method: str  # sqlite-backup-api | pg_dump
    rows: int | None = None  # chained rows in the copy (SQLite)
    problems: tuple[ChainProblem, ...] = ()  # the copy's chains checked with the store's key


def backup(db: str | os.PathLike | None, out: str | os.PathLike) -> Backup:
    """Write a consistent copy of the store `db` to `out` (SQLite: a database file;
    PostgreSQL: a pg_dump custom-format archive), through a temporary file renamed into place,
    so a failed backup never leaves a half-written `out`."""
    location, out = str(db or default_location()), Path(out)
    tmp = out.with_name(out.name + ".partial")
    if "://" not in location:
        source = Path(location).expanduser()
        if not source.is_file():
            raise ReviewError(f"{location}: no review store here to back up")
        try:
            tmp.unlink(missing_ok=True)
            with closing(sqlite3.connect(source)) as src:  # the backup API only reads it
                src.execute("PRAGMA busy_timeout = 30000")
                with closing(sqlite3.connect(tmp)) as dst:
                    src.backup(dst)
            os.replace(tmp, out)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise ReviewError(f"{location}: backup to {out} failed: {exc}") from None
        key_file = audit_keys.key_path(str(source.resolve()))
        key = audit_keys.load_key(key_file, create=False) if key_file.exists() else None
        rows, problems = verify_copy(out, key)
        return Backup(out, "sqlite-backup-api", rows, tuple(problems))
    return _pg_dump(location, out, tmp)


def verify_copy(path: str | os.PathLike, key: bytes | None) -> tuple[int, list[ChainProblem]]:
    """(chained rows, problems) of a SQLite copy: every chain and MAC checked with the store's
    key. The anchor is not held against a copy: it is a snapshot, and the live store's anchor
    has moved on since (once restored in place, 'annotator audit verify' does hold it)."""
    engine = sa.create_engine(f"sqlite:///{Path(path).resolve()}")
    rows, problems = 0, []
    try:
        with engine.connect() as conn:
            for table in CHAINED:
                found = [
                    dict(r._mapping) for r in conn.execute(sa.select(table).order_by(table.c.id))
                ]
                rows += len(found)
                if key is not None:
                    problems += check_table(table.name, found, key, None)[0]
    finally:
        engine.dispose()
    return rows, problems


def _pg_dump(location: str, out: Path, tmp: Path) -> Backup:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise ReviewError(
            f"{shown_location(location)}: cannot back up a PostgreSQL store without pg_dump; "
            "install the PostgreSQL client tools (e.g. apt-get install postgresql-client) so "
            "that pg_dump is on PATH"
        )
    url = sa.make_url(location).set(drivername="postgresql")
    options = url.query.get("options")
    env = dict(os.environ)
    if options:  # e.g. -csearch_path=...: libpq takes it from the environment
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
        url = url.difference_update_query(["options"])
    dsn = url.render_as_string(hide_password=False)
    result = subprocess.run(
        [tool, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={dsn}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        tmp.unlink(missing_ok=True)
        detail = (result.stderr.strip().splitlines() or ["pg_dump failed"])[0]
        raise ReviewError(f"{shown_location(location)}: backup failed: {detail}")
    os.replace(tmp, out)
    return Backup(out, "pg_dump")
