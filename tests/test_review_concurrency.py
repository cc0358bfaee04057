"""Several processes writing one review store at once, and a writer killed mid-write.

Real processes and a real SQLite file (PostgreSQL too when ANNOTATOR_TEST_PG_URL is set):
a plain deferred BEGIN lets two writers read the same chain head, so one append would fail
or be lost; BEGIN IMMEDIATE (or the PostgreSQL advisory lock) serialises them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from annotator.review.store import ReviewStore

WRITERS, PER_WRITER = 4, 200
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
FORK = multiprocessing.get_context("fork")  # children open their own store; none is inherited
PATIENCE = 120  # seconds a child may take before the test gives up waiting (not a speed check)


def _decide(store: ReviewStore, writer: int, i: int) -> None:
    store.decide(
        "doc.txt",
        "dochash",
        f"w{writer}-c{i:04d}",
        "texthash",
        "consistent",
        "agree",
        "rita",
        fact_fingerprint="facts",
    )


def _writer(url: str, writer: int, barrier) -> None:
    store = ReviewStore(url, hasher=FAST_HASHER)
    barrier.wait()
    for i in range(PER_WRITER):
        _decide(store, writer, i)
    store.close()


def _open_fresh(url: str, barrier, revisions) -> None:
    barrier.wait()
    revisions.put(ReviewStore(url, hasher=FAST_HASHER).revision())


def _write_forever(url: str) -> None:
    store = ReviewStore(url, hasher=FAST_HASHER)
    for i in itertools.count():
        _decide(store, 0, i)


def _hold_write_lock(url: str, ready) -> None:
    """Write 10 decisions, then stall inside the 11th write transaction until killed."""
    calls = itertools.count()

    def clock():  # the store reads the clock inside its write transaction
        if next(calls) > 10:
            ready.set()
            time.sleep(PATIENCE)
        return datetime.now(UTC)

    store = ReviewStore(url, hasher=FAST_HASHER, clock=clock)
    for i in itertools.count():
        _decide(store, 0, i)


def _run(target, *args):
    child = FORK.Process(target=target, args=args)
    child.start()
    return child


def _new_store(url) -> ReviewStore:
    store = ReviewStore(url, hasher=FAST_HASHER)
    store.add_user("rita", "correct horse", "reviewer")
    return store


def test_concurrent_writers_lose_and_duplicate_nothing(store_url):
    _new_store(store_url).close()
    barrier = FORK.Barrier(WRITERS)
    children = [_run(_writer, store_url, n, barrier) for n in range(WRITERS)]
    for child in children:
        child.join(PATIENCE)
    assert [c.exitcode for c in children] == [0] * WRITERS

    store = ReviewStore(store_url)
    made = store.decisions()
    claim_ids = [d.claim_id for d in made]
    assert len(made) == WRITERS * PER_WRITER  # 800: none lost
    assert len(set(claim_ids)) == len(claim_ids)  # none duplicated
    assert {c.split("-")[0] for c in claim_ids} == {f"w{n}" for n in range(WRITERS)}
    assert [d.id for d in made] == list(range(1, len(made) + 1))
    assert store.verify_chain() == []


def test_processes_opening_a_new_store_at_once_all_migrate_it(store_url):
    barrier, revisions = FORK.Barrier(WRITERS), FORK.Queue()
    children = [_run(_open_fresh, store_url, barrier, revisions) for _ in range(WRITERS)]
    for child in children:
        child.join(PATIENCE)
    assert [c.exitcode for c in children] == [0] * WRITERS
    assert sorted(revisions.get(timeout=PATIENCE) for _ in children) == ["0005"] * WRITERS


def _wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def _count(path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        try:
            return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
        except sqlite3.OperationalError:  # table not created yet
            return 0


@pytest.mark.parametrize("moment", ["while_writing", "holding_the_write_lock"])
def test_writer_killed_mid_write_leaves_store_consistent(tmp_path, moment):
    path = str(tmp_path / "review.db")
    _new_store(path).close()
    if moment == "while_writing":
        child = _run(_write_forever, path)
        _wait_for(lambda: _count(path) >= 50, "50 decisions")
    else:
        ready = FORK.Event()
        child = _run(_hold_write_lock, path, ready)
        assert ready.wait(PATIENCE)
        impatient = ReviewStore(path, busy_timeout_ms=50)
        with pytest.raises(sa.exc.OperationalError, match="database is locked"):
            _decide(impatient, 1, 0)  # proves the child is inside a write transaction
        impatient.close()
    os.kill(child.pid, signal.SIGKILL)
    child.join(PATIENCE)
    assert child.exitcode == -signal.SIGKILL

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store = ReviewStore(path)
    before = len(store.decisions())
    _decide(store, 9, 0)  # the lock died with the writer
    assert len(store.decisions()) == before + 1
    assert store.verify_chain() == []
    assert [d.id for d in store.decisions()] == list(range(1, before + 2))
