"""The store keeps telling the truth when its text or its rows are not what they were (issue
14): a new version of a signed article is unsigned, a damaged row is reported instead of
crashing the Queue and Audit pages, and a backup taken while someone writes is complete.

Real SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import glob
import os
import shutil
import threading

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from annotator.cli.main import main
from annotator.models import Document
from annotator.review.backup import backup, verify_copy
from annotator.review.records import ReviewError
from annotator.review.store import ReviewStore
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    DOC,
    FAST_HASHER,
    ITEMS,
    PASSWORD,
    TEXT,
    clock,
    decide,
    decide_all,
    sign_off,
    store,
)

ARTICLE = "Baclofen is a muscle relaxant. It acts on the spinal cord."
HARMFUL = " Baclofen can be stopped abruptly at any dose."


# -- a signature covers one text ---------------------------------------------------------------
def test_a_new_version_of_a_signed_article_is_not_signed_off(store):
    v1 = store.register(Document("baclofen.txt", ARTICLE), "rita")
    for item in ITEMS:
        store.decide_item(v1.doc_id, v1.content_hash, item, "agree", "rita")
    store.sign_off(v1.doc_id, v1.content_hash, "rita", "approved", "v1", ITEMS, password=PASSWORD)
    assert store.review_state(v1.doc_id, v1.content_hash, ITEMS).status == "approved"

    v2 = store.register(Document("baclofen.txt", ARTICLE + HARMFUL), "bob")
    assert (v2.doc_id, v2.version) == (v1.doc_id, 2)
    state = store.review_state(v2.doc_id, v2.content_hash, ITEMS)
    assert state.signed is None and state.status not in ("approved", "signed_off")
    assert state.earlier_signoff.document_hash == v1.content_hash  # what was signed, and when
    assert not store.is_signed_off(v2.doc_id)  # the latest version decides
    assert store.is_signed_off(v2.doc_id, v1.content_hash)  # v1 itself stays signed
    store.decide_item(v2.doc_id, v2.content_hash, ITEMS[0], "needs_edit", "bob", comment="no")


# -- damaged rows ------------------------------------------------------------------------------
def plant(store, sql: str, **params) -> None:
    """A row written by a faulty tool: checks and NOT NULL lifted where the database has them."""
    with store._engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        else:
            conn.execute(sa.text("ALTER TABLE decisions DROP CONSTRAINT ck_decisions_decision"))
            conn.execute(sa.text("ALTER TABLE decisions ALTER COLUMN comment DROP NOT NULL"))
        conn.execute(sa.text(sql), params)


DECISION = (
    "INSERT INTO decisions (document, document_hash, claim_id, claim_hash, verdict_shown, "
    "decision, comment, reviewer, created_at, reference_version, fact_fingerprint, prev_hash, "
    "row_hash) VALUES ('{doc}', '{text}', 'c002', 't2', 'consistent', {decision}, {comment}, "
    "'rita', {at}, 'v1', 'f2', :prev, 'x')"
)


@pytest.mark.parametrize(
    "decision, comment, at, problem",
    [
        ("'maybe'", "''", "'2025-03-01T09:00:00+00:00'", "decision 'maybe' is not one of"),
        ("'agree'", "NULL", "'2025-03-01T09:00:00+00:00'", "comment is empty (NULL)"),
        ("'agree'", "''", "'yesterday'", "created_at 'yesterday' is not a time"),
    ],
)
def test_a_damaged_decision_is_reported_not_raised(store, decision, comment, at, problem):
    if comment == "NULL" and store._engine.dialect.name == "sqlite":
        pytest.skip("SQLite enforces NOT NULL whatever the pragmas")
    decide(store, "c001")
    sql = DECISION.format(doc=DOC, text=TEXT, decision=decision, comment=comment, at=at)
    plant(store, sql, prev="p" * 64)
    assert [d.claim_id for d in store.decisions(DOC)] == ["c001"]
    assert [r["claim_id"] for r in store.audit_rows()] == ["c001"]
    state = store.review_state(DOC, TEXT, ITEMS)
    (damaged,) = state.problems
    assert (damaged.table, damaged.id) == ("decisions", 2) and problem in damaged.problem
    assert str(damaged).startswith("decisions id 2: ")
    assert store.damaged_rows() == [damaged]
    assert [p.kind for p in store.verify_chain()] == ["relinked", "changed", "unkeyed"]


def test_bytes_and_bad_json_are_reported_on_sqlite(tmp_path, clock):
    store = ReviewStore(tmp_path / "r.db", clock=clock, hasher=FAST_HASHER)
    store.add_user("rita", PASSWORD)
    decide(store, "c001")
    decide(store, "c002")
    sql = DECISION.format(doc=DOC, text=TEXT, decision="'agree'", comment="''", at=":at")
    plant(store, sql, prev="q" * 64, at=b"\x00\xff")
    with store._engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO signoffs (document, document_hash, reference_version, reviewer, "
                "meaning, action, created_at, prev_hash, row_hash, heads) VALUES (:d, :t, 'v1', "
                "'rita', 'm', 'sign_off', '2025-03-01T09:00:00+00:00', 'r', 'x', '{not json')"
            ),
            {"d": DOC, "t": TEXT},
        )
        conn.execute(
            sa.text(
                "INSERT INTO documents (name, content_hash, first_seen) VALUES ('d', 'h', 'now')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO document_versions (doc_id, version, name, content_hash, origin, "
                "added_by, added_at, prev_hash, row_hash) VALUES ('d', 'two', 'n', 'h', 'api', "
                "'rita', '2025-03-01T09:00:00+00:00', 's', 'x')"
            )
        )
    assert [p.problem for p in store.damaged_rows()] == [
        "created_at is not text (bytes)",
        "heads is not valid JSON",
        "version is not a number ('two')",
    ]
    assert store.signoffs() == [] and store.versions("d") == []
    assert not store.is_signed_off(DOC, TEXT)
    assert len(store.review_state(DOC, TEXT, ITEMS).problems) == 2  # its decision and sign-off
    assert all(p.kind in ("relinked", "changed", "unkeyed") for p in store.verify_chain())


# -- backups -----------------------------------------------------------------------------------
def test_backup_while_another_thread_writes_keeps_every_committed_row(tmp_path, clock):
    path = tmp_path / "review.db"
    store = ReviewStore(path, hasher=FAST_HASHER)
    store.add_user("rita", PASSWORD)
    committed, stop = [], threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            record = store.decide(DOC, TEXT, f"c{i:05d}", "t", "consistent", "agree", "rita")
            committed.append(record.id)
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 30:
            stop.wait(0.01)
        before = list(committed)
        made = backup(path, tmp_path / "copy.db")
    finally:
        stop.set()
        thread.join()
    assert made.method == "sqlite-backup-api" and made.problems == ()
    with sa.create_engine(f"sqlite:///{tmp_path / 'copy.db'}").connect() as conn:
        ids = set(conn.execute(sa.text("SELECT id FROM decisions")).scalars())
    assert set(before) <= ids
    key = store._key
    assert verify_copy(tmp_path / "copy.db", key)[1] == []
    store.close()


def test_backup_command_and_its_errors(tmp_path, monkeypatch):
    path = tmp_path / "review.db"
    with ReviewStore(path, hasher=FAST_HASHER) as store:
        store.add_user("rita", PASSWORD)
    result = CliRunner().invoke(main, ["backup", "--db", str(path), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0 and "sqlite-backup-api" in result.output
    result = CliRunner().invoke(main, ["backup", "--db", str(tmp_path / "none.db"), "--out", "x"])
    assert result.exit_code == 1 and "no review store here" in result.output
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump
    with pytest.raises(ReviewError, match="without pg_dump"):
        backup("postgresql://app@localhost/review", tmp_path / "pg.dump")


def test_pg_backup_with_pg_dump(store, store_url, tmp_path, monkeypatch):
    if "://" not in store_url:
        pytest.skip("PostgreSQL only")
    tools = ":".join(sorted(glob.glob("/usr/lib/postgresql/*/bin")))  # tests/pg_server.sh's
    found = shutil.which("pg_dump") or shutil.which("pg_dump", path=tools)
    if not found:
        pytest.skip("no pg_dump here")
    monkeypatch.setenv("PATH", os.path.dirname(found) + os.pathsep + os.environ["PATH"])
    decide(store, "c001")
    made = backup(store_url, tmp_path / "store.dump")
    assert made.method == "pg_dump" and (tmp_path / "store.dump").stat().st_size > 0
