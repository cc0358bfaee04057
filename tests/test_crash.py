"""kill -9 in the middle of a batch or a sign-off leaves every file and the database consistent.

Batch: whenever the process dies, `report.csv` / `findings.csv` are either absent or the
complete file of an earlier run, byte for byte; work in progress lives only under other names
(`*.partial`, `*.progress`, `*.tmp`). (Resuming from those is tests/test_batch.py's subject.)
Sign-off: a reviewer process killed inside the sign-off transaction, before or after its
INSERT, leaves the document not signed off, the hash chains intact and the store writable;
tests/test_review_concurrency.py covers kills during decisions.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from annotator.outputs.batch import run_batch
from annotator.review.records import ReviewItem
from annotator.review.store import ReviewStore
from tests.conftest import ROOT

COPIES = 20  # x the claims/ samples: about a second of documents to kill in
PATIENCE = 120  # seconds to wait for a child before giving up (not a speed check)
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
FORK = multiprocessing.get_context("fork")
FINAL_NAMES = ("report.csv", "findings.csv")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crash-in")
    for i in range(COPIES):
        for sample in sorted((ROOT / "claims").iterdir()):
            (root / f"{i:02d}_{sample.name}").write_bytes(sample.read_bytes())
    return root


@pytest.fixture(scope="module")
def earlier(inputs, tmp_path_factory) -> dict[str, bytes]:
    """report.csv and findings.csv of an earlier, complete (smaller) run."""
    out = tmp_path_factory.mktemp("crash-earlier")
    run_batch(sorted(inputs.iterdir())[:2], out / FINAL_NAMES[0], out / FINAL_NAMES[1])
    return {name: (out / name).read_bytes() for name in FINAL_NAMES}


def _kill_batch_when(inputs: Path, out: Path, ready) -> int:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "batch",
            str(inputs),
            "--out",
            str(out / FINAL_NAMES[0]),
            "--findings",
            str(out / FINAL_NAMES[1]),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + PATIENCE
        while proc.poll() is None and not ready(out) and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    return proc.returncode


def _partial_size(out: Path) -> int:
    try:
        return (out / f"{FINAL_NAMES[0]}.partial").stat().st_size
    except FileNotFoundError:
        return 0


def _documents_done(share: float):
    """A kill moment: the partial report holds about `share` of all documents' rows."""

    def ready(out: Path, per_document: int) -> bool:
        return _partial_size(out) >= share * 3 * COPIES * per_document

    return ready


MOMENTS = {  # when to kill: before any output, a few documents in, at the very end
    "starting": lambda out, per_document: True,
    "some_documents_done": _documents_done(0.1),
    "nearly_done": _documents_done(0.95),
}


@pytest.mark.parametrize(
    "moment, had_earlier_run",
    [("starting", True), ("some_documents_done", False), ("nearly_done", True)],
)
def test_killed_batch_leaves_no_partial_report_under_the_final_name(
    inputs, earlier, tmp_path, moment, had_earlier_run
):
    if had_earlier_run:
        for name, data in earlier.items():
            (tmp_path / name).write_bytes(data)
    per_document = len(earlier[FINAL_NAMES[0]]) // 2  # the earlier run read two documents
    code = _kill_batch_when(inputs, tmp_path, lambda out: MOMENTS[moment](out, per_document))
    if code != -signal.SIGKILL:  # finished first (a very fast machine): outputs must be whole
        assert code == 0
        pytest.skip("the batch finished before it could be killed")
    for name in FINAL_NAMES:
        final = tmp_path / name
        if had_earlier_run:
            assert final.read_bytes() == earlier[name], f"{name} changed by a killed run"
        else:
            assert not final.exists(), f"a killed run left {name}"
    leftovers = {p.name for p in tmp_path.iterdir()} - set(FINAL_NAMES)
    assert all(n.endswith((".partial", ".progress", ".tmp")) for n in leftovers), leftovers
    if moment != "starting":
        assert _partial_size(tmp_path) > 0  # it was killed mid-run, not before writing


# -- sign-off ----------------------------------------------------------------------------------
ITEMS = [
    ReviewItem(cid, "claim", cid, f"h{i}", "facts", "consistent")
    for i, cid in enumerate(("c001", "c002"), 1)
]


def _prepare(url: str) -> None:
    store = ReviewStore(url, hasher=FAST_HASHER)
    store.add_user("rita", "correct horse", "reviewer")
    for item in ITEMS:
        store.decide_item("doc.txt", "dochash", item, "agree", "rita")
    store.close()


def _sign(store: ReviewStore):
    return store.sign_off(
        "doc.txt", "dochash", "rita", "approved", "v1", ITEMS, password="correct horse"
    )


def _sign_off_and_stall(url: str, where: str, ready) -> None:
    """Sign off, but stall inside the sign-off's write transaction (before its INSERT, or
    after it and before COMMIT) until killed. The signer's re-authentication writes its
    login attempt first, in a transaction of its own: the second write is the sign-off."""
    stalling = {"on": False}
    writes = itertools.count(1)

    def stall(*_args):
        if stalling["on"]:
            ready.set()
            time.sleep(PATIENCE)

    def clock():  # read for created_at, inside the transaction, before the INSERT
        if where == "before_insert":
            stall()
        return datetime.now(UTC)

    def begin(conn):
        if conn.get_execution_options().get("annotator_write", True) and next(writes) == 2:
            stalling["on"] = True

    store = ReviewStore(url, hasher=FAST_HASHER, clock=clock)
    sa.event.listen(store._engine, "begin", begin)
    if where == "before_commit":
        sa.event.listen(store._engine, "commit", stall)
    _sign(store)


@pytest.mark.parametrize("where", ["before_insert", "before_commit"])
def test_sign_off_killed_mid_transaction_leaves_store_consistent(store_url, where):
    _prepare(store_url)
    ready = FORK.Event()
    child = FORK.Process(target=_sign_off_and_stall, args=(store_url, where, ready))
    child.start()
    assert ready.wait(PATIENCE), "the child never reached the sign-off transaction"
    os.kill(child.pid, signal.SIGKILL)
    child.join(PATIENCE)
    assert child.exitcode == -signal.SIGKILL

    if not store_url.startswith("postgresql"):
        with closing(sqlite3.connect(store_url)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store = ReviewStore(store_url, busy_timeout_ms=PATIENCE * 1000)
    assert not store.is_signed_off("doc.txt") and store.signoffs() == []
    assert len(store.decisions()) == len(ITEMS)
    assert store.verify_chain() == []
    # the lock died with the child: the sign-off can be made now, exactly once
    _sign(store)
    assert store.is_signed_off("doc.txt") and len(store.signoffs()) == 1
    assert store.verify_chain() == []
    store.close()
