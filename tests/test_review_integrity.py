"""Tamper evidence against whoever can write the database (issue 14): MACs keyed outside it,
the anchored chain heads, and `annotator audit verify`.

Each attack is one the attack round made: rows removed at the tail, a table emptied, the
newest re-open deleted, rows rewritten, back-dated or forged in another user's name. Real
SQLite file, and PostgreSQL when ANNOTATOR_TEST_PG_URL is set.
"""

# ruff: noqa: F811 (the store and clock fixtures come from tests/review_fixtures.py)

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from annotator.cli.main import main
from annotator.review import db
from annotator.review.chain import append_row, row_hash
from annotator.review.records import ReviewError
from annotator.review.store import ReviewStore
from tests.review_fixtures import (  # noqa: F401 (fixtures)
    DOC,
    FAST_HASHER,
    PASSWORD,
    TEXT,
    clock,
    decide,
    decide_all,
    sign_off,
    store,
)


def raw(store, sql: str, **params) -> None:
    with store._engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def unguard(store, table):
    """What the database's owner can do: take the append-only triggers away."""
    if store._engine.dialect.name == "postgresql":
        raw(store, f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        for event in ("update", "delete"):
            raw(store, f"DROP TRIGGER IF EXISTS {table}_no_{event}")


def kinds(problems):
    return [(p.table, p.kind, p.first, p.last) for p in problems]


def three_decisions(store):
    return [decide(store, "c001"), decide(store, "c002"), decide(store, "c001", "needs_edit")]


# -- removed rows: the anchor ------------------------------------------------------------------
def test_deleting_the_newest_rows_is_reported_as_removed(store):
    three_decisions(store)
    assert store.verify_chain() == []
    unguard(store, "decisions")
    raw(store, "DELETE FROM decisions WHERE id >= 2")
    (problem,) = store.verify_chain()
    assert kinds([problem]) == [("decisions", "removed", 2, 3)]
    assert problem.startswith("decisions ids 2-3: removed: the anchor of ")


@pytest.mark.parametrize("how", ["DELETE FROM decisions", "TRUNCATE decisions"])
def test_emptying_a_table_is_reported(store, how):
    three_decisions(store)
    unguard(store, "decisions")
    if how.startswith("TRUNCATE") and store._engine.dialect.name == "sqlite":
        how = "DELETE FROM decisions"  # SQLite has no TRUNCATE
    raw(store, how)
    (problem,) = store.verify_chain()
    assert kinds([problem]) == [("decisions", "removed", 1, 3)]
    assert "the table is now empty" in problem


def test_deleting_the_newest_reopen_is_detected(store):
    decide_all(store)
    sign_off(store)
    store.reopen(DOC, "ed", "dose changed")
    assert not store.is_signed_off(DOC, TEXT)
    unguard(store, "signoffs")
    raw(store, "DELETE FROM signoffs WHERE action = 'reopen'")
    assert store.is_signed_off(DOC, TEXT)  # the database now says signed ...
    assert kinds(store.verify_chain()) == [("signoffs", "removed", 2, 2)]  # ... and is caught


# -- changed and forged rows: the MAC ----------------------------------------------------------
def test_a_row_forged_in_another_users_name_without_the_key_is_reported(store):
    three_decisions(store)
    values = dict(
        document=DOC,
        document_hash=TEXT,
        claim_id="c002",
        claim_hash="t2",
        verdict_shown="consistent",
        decision="agree",
        decided_verdict=None,
        comment="",
        reviewer="bob",
        created_at=store._now(),
        reference_version="v1",
        fact_fingerprint="f2",
        seen="",
        via="decide",
        confirms="",
    )
    with store._engine.begin() as conn:  # an INSERT: the triggers allow it
        append_row(conn, db.decisions, values)  # chained right, but no key: no MAC
        append_row(conn, db.decisions, values, key=b"k" * 32)  # the attacker's own key
    assert kinds(store.verify_chain()) == [
        ("decisions", "unkeyed", 4, 4),
        ("decisions", "forged", 5, 5),
    ]


def rewrite_chain(store, table, change):
    """Recompute the whole chain after changing rows: consistent hashes, no key."""
    unguard(store, table)
    t = db.CHAINED[[c.name for c in db.CHAINED].index(table)]
    with store._engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(t.c.id))]
        prev = "0" * 64
        for row in rows:
            row = change(row)
            row["prev_hash"], row["row_hash"] = prev, row_hash(table, prev, row)
            conn.execute(t.update().where(t.c.id == row["id"]).values(**row))
            prev = row["row_hash"]


@pytest.mark.parametrize(
    "change",
    [
        lambda r: {**r, "reviewer": "bob"} if r["id"] == 2 else r,  # in another's name
        lambda r: {**r, "created_at": "2020-01-01T00:00:00+00:00"} if r["id"] == 2 else r,
    ],
    ids=["another_reviewer", "back_dated"],
)
def test_a_rewritten_and_rehashed_chain_is_reported_as_forged(store, change):
    three_decisions(store)
    rewrite_chain(store, "decisions", change)
    assert kinds(store.verify_chain()) == [
        ("decisions", "forged", 2, 3),  # no MAC matches the recomputed hashes
        ("decisions", "rewritten", 3, 3),  # and the anchored head is not there any more
    ]


def test_content_edited_without_rehashing_is_changed_not_forged(store):
    three_decisions(store)
    unguard(store, "decisions")
    raw(store, "UPDATE decisions SET comment = 'fine' WHERE id = 2")
    assert kinds(store.verify_chain()) == [("decisions", "changed", 2, 2)]


def test_a_state_row_planted_without_the_key_grants_nothing(store):
    with store._engine.begin() as conn:
        state = dict(
            username="bob",
            role="admin",
            active=True,
            password_hash="x",
            reason="created",
            actor="bob",
            created_at=store._now(),
        )
        append_row(conn, db.account_states, state)
    with pytest.raises(ReviewError, match="fails its integrity check"):
        store.add_user("mallory", PASSWORD, by="bob")
    assert "bob" not in [u.username for u in store.list_users()]
    assert [p.kind for p in store.verify_chain()] == ["unkeyed"]


# -- legacy rows, the key and the anchor files -------------------------------------------------
def test_rows_from_before_0005_are_unkeyed_legacy_rows_not_forgeries(store_url, clock):
    from tests.test_review_store import old_rows, old_user

    old = ReviewStore(store_url, upgrade=False, clock=clock, hasher=FAST_HASHER)
    old.upgrade("0004")
    old_user(old, "rita", "reviewer")
    old_user(old, "ed", "editor")
    old_rows(old)
    old.close()
    new = ReviewStore(store_url, clock=clock, hasher=FAST_HASHER)
    report = new.audit_report()
    assert report.problems == []
    assert report.legacy == {"decisions": (1, 2), "signoffs": (1, 1)}
    new.reopen(DOC, "ed", "recheck")  # keyed rows join the legacy chain
    assert new.verify_chain() == []
    result = CliRunner().invoke(main, ["audit", "verify", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "decisions ids 1-2: unkeyed legacy rows (written before revision 0005)" in result.output
    with new._engine.begin() as conn:  # an unkeyed row now is not legacy
        append_row(
            conn,
            db.assignments,
            dict(document=DOC, assignee="rita", assigned_by="ed", note="", created_at=new._now()),
        )
    assert kinds(new.verify_chain()) == [("assignments", "unkeyed", 1, 1)]


def test_key_file_is_private_outside_the_database_and_never_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_AUDIT_KEY_FILE", raising=False)
    monkeypatch.delenv("ANNOTATOR_ANCHOR_FILE", raising=False)
    path = tmp_path / "review.db"
    with ReviewStore(path, hasher=FAST_HASHER) as store:
        store.add_user("rita", PASSWORD)
        key = store.key_file
    assert key == tmp_path / "review.db.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    secret = key.read_text().strip()
    assert secret.encode() not in path.read_bytes()
    assert (tmp_path / "review.db.anchor.jsonl").is_file()
    key.rename(tmp_path / "elsewhere.key")
    with pytest.raises(ReviewError, match="audit key file is missing"):
        ReviewStore(path)
    monkeypatch.setenv("ANNOTATOR_AUDIT_KEY_FILE", str(tmp_path / "elsewhere.key"))
    monkeypatch.setenv("ANNOTATOR_ANCHOR_FILE", str(tmp_path / "review.db.anchor.jsonl"))
    with ReviewStore(path) as store:
        assert store.verify_chain() == []
    os.chmod(tmp_path / "elsewhere.key", 0o644)
    with pytest.raises(ReviewError, match="readable or writable by others"):
        ReviewStore(path)


def test_every_write_anchors_the_heads_and_a_sign_off_carries_them(store):
    three_decisions(store)
    lines = store._anchor.path.read_text().splitlines()
    last = json.loads(lines[-1])
    assert last["store"] == store._location
    assert last["heads"]["decisions"] == list(store.chain_heads()["decisions"])
    decide(store, "F:spin_artifact@5-9#aaaa")
    decide(store, "c002", reviewer="rita")
    receipt = sign_off(store, outcome="approved_with_changes").chain_heads  # signed on these
    assert receipt["finding_decisions"][0] == 1 and receipt["decisions"][0] == 4


def test_the_audit_export_ends_with_the_chain_heads(store):
    three_decisions(store)
    out = io.StringIO()
    assert store.export_audit_csv(out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    heads = {r["document"]: r for r in rows if r["kind"] == "chain_head"}
    assert (heads["decisions"]["id"], heads["decisions"]["version"]) == ("3", "3")
    assert heads["decisions"]["row_hash"] == store.chain_heads()["decisions"].last_hash


def test_a_lost_anchor_is_a_problem(store):
    three_decisions(store)
    store._anchor.path.unlink()
    assert [p.kind for p in store.verify_chain()] == ["anchor"]


# -- the command -------------------------------------------------------------------------------
def test_audit_verify_command_names_each_problem_and_fails(store, store_url):
    three_decisions(store)
    result = CliRunner().invoke(main, ["audit", "verify", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("intact")
    unguard(store, "decisions")
    raw(store, "UPDATE decisions SET comment = 'fine' WHERE id = 1")
    raw(store, "DELETE FROM decisions WHERE id = 3")
    result = CliRunner().invoke(main, ["audit", "verify", "--db", store_url])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("decisions id 1: content does not match row_hash")
    assert lines[1].startswith("decisions id 3: removed: the anchor of")
    assert lines[2].startswith("Error: ") and lines[2].endswith("2 problems")
    assert "Traceback" not in result.output


def test_processes_creating_the_key_at_once_all_read_one_whole_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from annotator.review.audit_keys import load_key

    path = tmp_path / "k" / "audit.key"
    with ThreadPoolExecutor(16) as pool:
        keys = set(pool.map(lambda _: load_key(path, create=True), range(64)))
    assert len(keys) == 1 and len(keys.pop()) == 32
    assert [p.name for p in path.parent.iterdir()] == ["audit.key"]  # no temporary left
